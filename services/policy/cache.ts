/**
 * A small in-process cache of hot reads with a size bound and a time limit. Each entry says what
 * it depends on, so a policy event drops exactly what the amendment could change and keeps the rest:
 *
 * 1. an entry of one policy (`{ policy }`, e.g. a policy by id) is dropped when that policy changes;
 * 2. an entry of one region (`{ region }`, e.g. the in-force list or search for a region) is dropped
 *    when the changed policy reaches the region (applies in it or a region above it, see
 *    `policyReach` in packages/graph);
 * 3. an entry of no region (`{}`, e.g. the whole catalogue) is dropped on every policy event.
 *
 * A read that was loading while an invalidation ran is answered but not kept, so a read that began
 * before an amendment never fills the cache with what the amendment replaced.
 */
export class ReadCache {
  #entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a load that saw another value may hold what was dropped. */
  #generation = 0;
  hits = 0;
  misses = 0;
  dropped = 0;

  constructor(private readonly maxEntries: number, private readonly ttlMs: number) {}

  /** The cached value for `key`, or what `load` returns (cached unless it is undefined). */
  async get<T>(key: string, dependsOn: CacheScope, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.until > Date.now()) {
      this.hits++;
      // refresh recency: a Map iterates in insertion order, so the oldest is evicted first
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value as T;
    }
    this.misses++;
    const generation = this.#generation;
    const value = await load();
    if (value !== undefined && this.maxEntries > 0 && generation === this.#generation) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, {
        value,
        until: Date.now() + this.ttlMs,
        policy: dependsOn.policy ?? null,
        region: dependsOn.region ?? null,
      });
    }
    return value;
  }

  /**
   * Drops what a change to `policy` can make stale: its own entries, the entries of the regions in
   * `reach` (null: of every region, when the reach is unknown) and every entry of no region. Returns
   * how many were dropped.
   */
  invalidatePolicy(policy: string, reach: ReadonlySet<string> | null): number {
    this.#generation++;
    let n = 0;
    for (const [key, e] of this.#entries) {
      const stale = e.policy === policy ||
        (e.policy === null && (e.region === null || reach === null || reach.has(e.region)));
      if (stale) {
        this.#entries.delete(key);
        n++;
      }
    }
    this.dropped += n;
    return n;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }
}

/** What a cached entry depends on: one policy, one region, or (neither) every policy. */
export interface CacheScope {
  policy?: string;
  region?: string;
}

interface Entry {
  value: unknown;
  until: number;
  policy: string | null;
  region: string | null;
}
