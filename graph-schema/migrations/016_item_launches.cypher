// Polls, quizzes and surveys in live sessions (issue 15, the live side): launches of items, one
// answer per person per item (the receipt's composite key, enforced here), answers by item, session
// and launch, and the pseudonymous respondents who answer.

CREATE CONSTRAINT item_launch_id IF NOT EXISTS
FOR (l:ItemLaunch) REQUIRE l.id IS UNIQUE;

CREATE CONSTRAINT answer_receipt_once IF NOT EXISTS
FOR (r:AnswerReceipt) REQUIRE (r.launchId, r.itemId, r.respondentId) IS UNIQUE;

CREATE CONSTRAINT answer_id IF NOT EXISTS
FOR (a:Answer) REQUIRE a.id IS UNIQUE;

CREATE CONSTRAINT respondent_id IF NOT EXISTS
FOR (r:Respondent) REQUIRE r.id IS UNIQUE;

CREATE INDEX answer_item IF NOT EXISTS
FOR (a:Answer) ON (a.itemId);

CREATE INDEX answer_session IF NOT EXISTS
FOR (a:Answer) ON (a.sessionId);

CREATE INDEX answer_launch IF NOT EXISTS
FOR (a:Answer) ON (a.launchId);

CREATE INDEX item_launch_session IF NOT EXISTS
FOR (l:ItemLaunch) ON (l.sessionId);

CREATE INDEX item_launch_status IF NOT EXISTS
FOR (l:ItemLaunch) ON (l.status, l.opensAt);
