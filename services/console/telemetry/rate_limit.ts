/**
 * A fixed-window rate limit per key (a client address): at most `limit` hits per `windowMs`.
 * Memory stays bounded: keys of past windows are dropped when a new window starts, and within one
 * window at most `maxKeys` keys are tracked (a new key beyond that is refused until the next window).
 */
export class WindowRateLimit {
  #window = -1;
  #hits = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    readonly now: () => number = Date.now,
    readonly maxKeys = 50_000,
  ) {}

  /** Records a hit; `ok` false (with the seconds until the window ends) when over the limit. */
  hit(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    const window = Math.floor(t / this.windowMs);
    if (window !== this.#window) {
      this.#window = window;
      this.#hits.clear();
    }
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * this.windowMs - t) / 1000));
    const seen = this.#hits.get(key);
    if (seen === undefined && this.#hits.size >= this.maxKeys) return { ok: false, retryAfterSeconds };
    const n = (seen ?? 0) + 1;
    this.#hits.set(key, n);
    return n <= this.limit ? { ok: true } : { ok: false, retryAfterSeconds };
  }
}
