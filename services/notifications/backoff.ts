/** Retry timing: a schedule of delays with jitter, and the provider's `Retry-After` when it says so. */

/** What a provider answered, as far as retrying cares. */
export interface AttemptOutcome {
  /** HTTP status, or 0 when the call failed before a response (network, timeout, refused URL). */
  status: number;
  /** `Retry-After` in ms, when given with 429 or 503. */
  retryAfterMs?: number;
}

/** What to do after an attempt. */
export type NextStep =
  | { kind: "sent" }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead"; disableEndpoint: boolean };

/** Parses `Retry-After` (seconds or an HTTP date) into ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Decides the next step after attempt number `attempt` (1-based). 2xx is sent; 410 Gone disables
 * the endpoint and stops; a redirect and 4xx other than 408/429 will not get better and stops; everything else
 * retries on the schedule (jittered), or after `Retry-After` when that is longer, until the schedule
 * runs out.
 */
export function nextStep(
  outcome: AttemptOutcome,
  attempt: number,
  options: { scheduleMs: number[]; jitter: number; random?: () => number },
): NextStep {
  const s = outcome.status;
  if (s >= 200 && s < 300) return { kind: "sent" };
  if (s === 410) return { kind: "dead", disableEndpoint: true };
  // a redirect is not followed (SSRF) and will not change on retry; nor will most 4xx
  const permanent = (s >= 300 && s < 400) || (s >= 400 && s < 500 && s !== 408 && s !== 429);
  if (permanent || attempt > options.scheduleMs.length) return { kind: "dead", disableEndpoint: false };
  const base = options.scheduleMs[attempt - 1]!;
  const r = (options.random ?? Math.random)();
  const jittered = Math.round(base * (1 + options.jitter * (2 * r - 1)));
  const delayMs = Math.max(jittered, (s === 429 || s === 503) ? outcome.retryAfterMs ?? 0 : 0);
  return { kind: "retry", delayMs };
}
