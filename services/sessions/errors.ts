/** The sessions service's domain errors; `problems.ts` maps them to problem+json. */
import type { FieldError } from "@yibao/kit";
import type { Clash } from "./conflicts.ts";

/** A session or question that does not exist. */
export class NotFound extends Error {
  override name = "NotFound";
  constructor(readonly thing: "session" | "question", readonly id: string) {
    super(`${thing === "session" ? "Session" : "Question"} "${id}" was not found`);
  }
}
/** The schedule overlaps other sessions of the same host or channel. */
export class ScheduleConflict extends Error {
  override name = "ScheduleConflict";
  /** `timeZone` is the zone of the session being scheduled, in which the clashes are also shown. */
  constructor(readonly clashes: Clash[], readonly timeZone: string) {
    super(`The schedule overlaps ${clashes.length} other session(s)`);
  }
}
/** Input that is well-formed but cannot be accepted (a start in the past, unknown references…). */
export class Unacceptable extends Error {
  override name = "Unacceptable";
  constructor(readonly problems: FieldError[], readonly zh: string) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
}
/** Input that is malformed (a bad RRULE…): 400. */
export class Malformed extends Error {
  override name = "Malformed";
  constructor(readonly problems: FieldError[], readonly zh: string) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
}
/** The request conflicts with the state (a closed session, a question already merged…). */
export class StateConflict extends Error {
  override name = "StateConflict";
  constructor(message: string, readonly zh: string) {
    super(message);
  }
}
/** The caller may not act on this session (another host's). */
export class NotYours extends Error {
  override name = "NotYours";
}
/** The caller's If-Match names an older sequence. */
export class StaleSequence extends Error {
  override name = "StaleSequence";
  constructor(readonly current: number) {
    super(`The session changed since it was read (sequence ${current} now)`);
  }
}
/** Too many requests in the window; retry after `retryAfterSeconds`. */
export class RateLimited extends Error {
  override name = "RateLimited";
  constructor(
    readonly scope: "asker" | "session" | "address" | "voter" | "addressVotes" | "tokens",
    readonly retryAfterSeconds: number,
  ) {
    super(rateMessages[scope].en.replace("{s}", String(retryAfterSeconds)));
  }
}

/** What each rate limit tells the person. */
export const rateMessages: Record<RateLimited["scope"], { zh: string; en: string }> = {
  asker: { zh: "提问太频繁了，请稍后再试", en: "Too many questions from this asker; retry in {s} s" },
  session: { zh: "本场提问太多，请稍后再试", en: "Too many questions in this session; retry in {s} s" },
  address: {
    zh: "这个网络的提问太多，请稍后再试",
    en: "Too many questions from this address; retry in {s} s",
  },
  voter: { zh: "点赞太频繁了，请稍后再试", en: "Too many votes from this audience token; retry in {s} s" },
  addressVotes: {
    zh: "这个网络对这个问题的点赞已达上限",
    en: "This address has given this question as many votes as it may",
  },
  tokens: {
    zh: "领取身份太频繁了，请稍后再试",
    en: "Too many audience tokens for this address; retry in {s} s",
  },
};
