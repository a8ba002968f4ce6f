import type { Graph } from "@yibao/graph";
import type { EventLog } from "@yibao/events";
import { type IndexedVersion, SearchIndex } from "./search_index.ts";
import loadAllQuery from "./queries/search_index_load.cypher" with { type: "text" };
import loadPolicyQuery from "./queries/search_index_policy.cypher" with { type: "text" };
import idsQuery from "./queries/search_index_ids.cypher" with { type: "text" };

/**
 * Keeps this instance's {@linkcode SearchIndex} as the graph holds it (each instance has its own):
 *
 * 1. at start it is filled from the graph in the background; until then search uses the fulltext index;
 * 2. each policy event (publish, supersede, withdraw, effective) reloads that policy's versions, and once
 *    more {@linkcode SearchIndexKeeper.recheckMs} later, in case the event came before the commit was
 *    visible to this instance's reads (a cluster's follower);
 * 3. every search counts the graph's versions in its own query; when the count differs (a write without an
 *    event, an event not yet handled) that search uses the fulltext index and {@linkcode sync} compares
 *    ids and reloads every policy with a version added or removed;
 * 4. every {@linkcode SearchIndexKeeper.rebuildMs} it is built anew and swapped, so a change that kept the
 *    count (a date edited by hand) lasts at most that long.
 *
 * Changes are applied one at a time, in order.
 */
export class SearchIndexKeeper {
  #index: SearchIndex | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #syncing = false;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;
  /** How long the last full build took (ms), for /metrics. */
  buildMs = 0;
  /** Searches answered from the index / sent to the fulltext index because it was not up to date. */
  served = 0;
  stale = 0;

  constructor(
    private readonly graph: Graph,
    private readonly log: EventLog,
    readonly options: { rebuildMs: number; recheckMs: number } = { rebuildMs: 15 * 60_000, recheckMs: 3_000 },
  ) {}

  /** The index, or null while the first build runs (or when it failed). */
  get index(): SearchIndex | null {
    return this.#index;
  }

  /**
   * Builds the index in the background and rebuilds it every `rebuildMs`; `afterFirst` runs once the
   * first build is in place (the service plans its queries then, as it does for the others at start).
   */
  start(afterFirst?: () => Promise<void>): void {
    let first = true;
    const every = () => {
      if (this.#stopped) return;
      this.#later(every, this.options.rebuildMs);
      void this.#serial(() => this.rebuild()).then(async () => {
        if (first && afterFirst) await afterFirst();
        first = false;
      }).catch((err) => {
        if (!this.#stopped) this.log.warn("search index build failed", { error: String(err) });
      });
    };
    every();
  }

  /** Stops the timers (pending reloads are dropped). */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** Builds a new index from the graph and swaps it in. */
  async rebuild(): Promise<void> {
    const started = performance.now();
    const next = new SearchIndex();
    const rows = await this.graph.readQuery(loadAllQuery);
    for (const r of rows.records) next.add(r.toObject() as unknown as IndexedVersion);
    this.#index = next;
    this.buildMs = performance.now() - started;
    this.log.info("search index built", { versions: next.size, ms: Math.round(this.buildMs) });
  }

  /** Reloads one policy's versions now and once more `recheckMs` later. */
  policyChanged(policyId: string): Promise<void> {
    this.#later(() => void this.#reload(policyId).catch(() => {}), this.options.recheckMs);
    return this.#reload(policyId);
  }

  /**
   * A search found the graph's count different: compares the ids held with the graph's and reloads
   * every policy with a version added or removed (one sync at a time; the search does not wait).
   */
  sync(): void {
    this.stale++;
    if (this.#syncing || !this.#index || this.#stopped) return;
    this.#syncing = true;
    void this.#serial(async () => {
      const index = this.#index;
      if (!index) return;
      const rows = (await this.graph.readQuery(idsQuery)).records.map((r) =>
        r.toObject() as { id: string; policyId: string }
      );
      const held = new Map(index.entries().map((e) => [e.id, e.policyId]));
      const changed = new Set<string>();
      for (const r of rows) {
        if (held.get(r.id) !== r.policyId) changed.add(r.policyId);
        held.delete(r.id);
      }
      for (const policyId of held.values()) changed.add(policyId);
      for (const policyId of changed) await this.#reloadNow(index, policyId);
      this.log.info("search index synced", { policies: changed.size, versions: index.size });
    }).catch((err) => {
      if (!this.#stopped) this.log.warn("search index sync failed", { error: String(err) });
    })
      .finally(() => this.#syncing = false);
  }

  #reload(policyId: string): Promise<void> {
    return this.#serial(async () => {
      const index = this.#index;
      if (index) await this.#reloadNow(index, policyId);
    });
  }

  async #reloadNow(index: SearchIndex, policyId: string): Promise<void> {
    const rows = await this.graph.readQuery(loadPolicyQuery, { policyId });
    index.replacePolicy(policyId, rows.records.map((r) => r.toObject() as unknown as IndexedVersion));
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  #later(fn: () => void, ms: number): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }
}
