// One vote applier at a time (issue 13): the applier's lease and the ledger of the vote stream's
// sequence applied to the graph, each one node per key.
CREATE CONSTRAINT vote_applier_lease_key IF NOT EXISTS FOR (l:VoteApplierLease) REQUIRE l.key IS UNIQUE;
CREATE CONSTRAINT vote_ledger_key IF NOT EXISTS FOR (l:VoteLedger) REQUIRE l.key IS UNIQUE;
