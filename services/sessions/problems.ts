import { type FieldError, ProblemError, versionFromIfMatch } from "@yibao/kit";
import {
  Malformed,
  NotFound,
  NotYours,
  RateLimited,
  rateMessages,
  ScheduleConflict,
  StaleSequence,
  StateConflict,
  Unacceptable,
} from "./errors.ts";
import { localIso, utcIso } from "@yibao/domain";

/** Maps the service's domain errors to problems; anything else is rethrown as it is. */
export function asProblem(err: unknown): never {
  if (err instanceof NotFound) {
    throw new ProblemError("notFound", {
      zh: err.thing === "session" ? `未找到场次「${err.id}」` : `未找到问题「${err.id}」`,
      en: err.message,
    });
  }
  if (err instanceof ScheduleConflict) {
    throw new ProblemError("conflict", {
      zh: "与同一主播或同一直播渠道的其他场次时间冲突",
      en: err.message,
    }, {
      conflicts: err.clashes.map((c) => ({
        sessionId: c.sessionId,
        reason: c.reason,
        startsAt: utcIso(c.start),
        endsAt: utcIso(c.end),
        timeZone: err.timeZone,
        startsAtLocal: localIso(c.start, err.timeZone),
        endsAtLocal: localIso(c.end, err.timeZone),
      })),
    });
  }
  if (err instanceof Unacceptable) {
    throw new ProblemError("unprocessable", { zh: err.zh, en: err.message }, { errors: inWords(err) });
  }
  if (err instanceof Malformed) {
    throw new ProblemError("validationFailed", { zh: err.zh, en: err.message }, { errors: inWords(err) });
  }
  if (err instanceof StateConflict) throw new ProblemError("conflict", { zh: err.zh, en: err.message });
  if (err instanceof NotYours) {
    throw new ProblemError("forbidden", { zh: "只有本场主播或管理员可以操作", en: err.message });
  }
  if (err instanceof StaleSequence) {
    throw new ProblemError("preconditionFailed", {
      zh: "场次已被修改，请重新读取后再提交",
      en: err.message,
    }, { headers: { ETag: `"s${err.current}"` } });
  }
  if (err instanceof RateLimited) {
    throw new ProblemError("tooManyRequests", {
      zh: rateMessages[err.scope].zh,
      en: err.message,
    }, err.retryAfterSeconds > 0 ? { headers: { "Retry-After": String(err.retryAfterSeconds) } } : {});
  }
  throw err;
}

/** Field errors in both languages: a field's English message, with the error's Chinese words. */
function inWords(err: Unacceptable | Malformed): FieldError[] {
  return err.problems.map((p) =>
    typeof p.message === "string" ? { ...p, message: { zh: err.zh, en: p.message } } : p
  );
}

/** The session sequence named by an If-Match header (`"s3"`); undefined when absent; 412 when unreadable. */
export function sequenceFromIfMatch(header: string | undefined): number | undefined {
  return versionFromIfMatch(header, { prefix: "s", thing: { zh: "场次", en: "session" } });
}
