/**
 * The fixed one-minute windows every rate limit of the service counts in (`(:RateWindow)` nodes): the
 * window `now` falls in, when it started, the Retry-After a refusal in it answers with, and when its
 * node may be pruned (a minute after it ends).
 */
export function minuteWindow(now: number): {
  window: number;
  start: string;
  retryAfter: number;
  expiresAt: string;
} {
  const window = Math.floor(now / 60_000);
  return {
    window,
    start: new Date(window * 60_000).toISOString(),
    retryAfter: Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000)),
    expiresAt: new Date((window + 2) * 60_000).toISOString(),
  };
}
