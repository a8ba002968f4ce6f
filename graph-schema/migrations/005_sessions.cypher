// Live Q&A sessions: sessions, their hosts and streaming channels (lock nodes that serialise
// conflicting schedules), questions, votes, reminders sent, and events already handled.

CREATE CONSTRAINT live_session_id IF NOT EXISTS
FOR (s:LiveSession) REQUIRE s.id IS UNIQUE;

CREATE INDEX live_session_starts IF NOT EXISTS
FOR (s:LiveSession) ON (s.startsAt);

CREATE INDEX live_session_status_last_end IF NOT EXISTS
FOR (s:LiveSession) ON (s.status, s.lastEndsAt);

CREATE CONSTRAINT session_host_id IF NOT EXISTS
FOR (h:SessionHost) REQUIRE h.id IS UNIQUE;

CREATE CONSTRAINT stream_channel_key IF NOT EXISTS
FOR (c:StreamChannel) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT question_id IF NOT EXISTS
FOR (q:Question) REQUIRE q.id IS UNIQUE;

CREATE INDEX question_session IF NOT EXISTS
FOR (q:Question) ON (q.sessionId, q.createdAt);

CREATE CONSTRAINT vote_key IF NOT EXISTS
FOR (v:Vote) REQUIRE v.key IS UNIQUE;

CREATE CONSTRAINT session_reminder_key IF NOT EXISTS
FOR (r:SessionReminder) REQUIRE r.key IS UNIQUE;

CREATE CONSTRAINT rate_window_key IF NOT EXISTS
FOR (w:RateWindow) REQUIRE w.key IS UNIQUE;

CREATE CONSTRAINT handled_event_key IF NOT EXISTS
FOR (h:HandledEvent) REQUIRE h.key IS UNIQUE;

CREATE INDEX vote_question IF NOT EXISTS
FOR (v:Vote) ON (v.questionId);

CREATE INDEX rate_window_expires IF NOT EXISTS
FOR (w:RateWindow) ON (w.expiresAt);
