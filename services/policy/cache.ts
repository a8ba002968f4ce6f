/**
 * A small in-process cache of hot reads with a size bound and a time limit. Entries are tagged
 * with the policies they depend on, so an amendment event drops exactly what it could change:
 * every entry tagged with that policy, and every list (lists can change with any policy).
 */
export class ReadCache {
  #entries = new Map<string, { value: unknown; until: number; policy: string | null }>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries: number, private readonly ttlMs: number) {}

  /** The cached value for `key`, or what `load` returns (cached unless it is undefined). */
  async get<T>(key: string, policy: string | null, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.until > Date.now()) {
      this.hits++;
      // refresh recency: a Map iterates in insertion order, so the oldest is evicted first
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value as T;
    }
    this.misses++;
    const value = await load();
    if (value !== undefined && this.maxEntries > 0) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, { value, until: Date.now() + this.ttlMs, policy });
    }
    return value;
  }

  /** Drops the entries of `policy` and every list entry; returns how many were dropped. */
  invalidatePolicy(policy: string): number {
    let n = 0;
    for (const [key, e] of this.#entries) {
      if (e.policy === null || e.policy === policy) {
        this.#entries.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }
}
