import { z } from "zod";

/** The sessions service's own variables. */
export const sessionsEnvSchema = z.object({
  /** Minutes kept free before and after a session for the same host or channel. */
  SESSION_BUFFER_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  /** When reminders go out, in minutes before each occurrence (comma-separated). */
  SESSION_REMINDER_OFFSETS_MINUTES: z.string().regex(/^\d{1,5}(,\d{1,5})*$/).default("1440,60")
    .transform((s) => [...new Set(s.split(",").map(Number))].sort((a, b) => b - a)),
  SESSION_REMINDER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Questions one asker may ask per minute in one session. */
  QUESTION_RATE_PER_ASKER: z.coerce.number().int().min(1).max(1000).default(5),
  /** Questions one session accepts per minute. */
  QUESTION_RATE_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(600),
  /** Recent live events each instance keeps per session for resuming listeners (older ones are read from JetStream). */
  LIVE_BUFFER_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** A listener's events are written at most this often (ms): a burst goes out in one write, vote totals coalesced. */
  LIVE_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(100),
  /**
   * Diagnostics (the benchmark's `BENCH_STAGES=1`): vote totals on the live stream carry `_t`, the instants
   * (ms since the epoch) of each stage from the applier's verdicts to the tick that wrote them, and each
   * instance logs how long listeners' chunks wait to be written. Off in production.
   */
  LIVE_STAGE_STAMPS: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
  /** Longest question, in characters. */
  QUESTION_MAX_LENGTH: z.coerce.number().int().min(20).max(2000).default(300),
  /** Lifetime of an issued audience token, in hours. */
  AUDIENCE_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24),
  /** Audience tokens one client address may obtain per minute. */
  AUDIENCE_TOKENS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Questions one client address may ask per minute in one session (whatever its tokens). */
  QUESTION_RATE_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Votes (and retractions) one audience token may send per minute. */
  VOTE_RATE_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Votes one client address may give one question, whatever the number of its tokens. */
  VOTES_PER_ADDRESS_PER_QUESTION: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** How long a vote's answer waits for the applier's verdict before it says 202 received (ms). */
  VOTE_VERDICT_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3_000),
  /** The vote applier's lease (ms): another instance takes over this long after the applier died. */
  VOTE_APPLIER_LEASE_MS: z.coerce.number().int().min(300).max(60_000).default(3_000),
  /**
   * Partitions of the vote stream (by question): each has one applier at a time, writing in parallel with
   * the others. Same on every instance; change it only while no votes wait. One by default: on the
   * benchmark a batch's transaction costs about the same whatever its size, so one writer's larger batches
   * beat four writers' smaller ones (158 against 99 votes/s).
   */
  VOTE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Where this instance's vote appliers run: `worker`, a thread of their own (their batches do not wait
   * behind the live stream and the HTTP work of the main loop), or `inline`, on the main loop.
   */
  VOTE_APPLIER_THREAD: z.enum(["worker", "inline"]).default("worker"),
  /** Live results of a poll or quiz are re-counted and published at most this often per launch (ms). */
  POLL_RESULTS_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Addresses of reverse proxies (and the console) whose `X-Forwarded-For` is believed (comma-separated). */
  SESSIONS_TRUSTED_PROXIES: z.string().regex(/^[0-9a-fA-F.:,\s]*$/, "comma-separated IP addresses").default(
    "",
  )
    .transform((s) => s.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean)),
});
