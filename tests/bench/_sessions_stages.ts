/** The stages of a (vote, listener) sample of the live Q&A bench, in order; their sum is its latency. */
export const stageNames = [
  "answer (verdicts sent → the voter's 200), subtracted",
  "verdicts sent → total's publish begun",
  "publish begun → stored in SESSION_LIVE",
  "stored → received by the instance's feed",
  "received → tick flushed",
  "tick flushed → received by the client",
] as const;
