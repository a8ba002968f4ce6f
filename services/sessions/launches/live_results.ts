/**
 * Coalesced live results: after answers commit, each instance re-counts a launch's results at most
 * once per `intervalMs` and publishes them (`pollResults` while visible, `pollAnswered` while
 * hidden). A burst of a thousand answers becomes a handful of events, each counting everything
 * committed before it was read. The count grows with the launch, so the pause after a count is at
 * least three times what the count took: counting never takes more than a quarter of the time.
 * Two instances publishing the same count store it once (same message id). Nothing here is
 * authoritative: the counts are always read from the graph.
 */
import type { EventLog } from "@yibao/events";
import type { LaunchRecord, LaunchRepository } from "./launch_repository.ts";

/** Re-counts and publishes touched launches, at most once per interval each. */
export class LiveResults {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  /** Per launch, how long its last count took (ms). */
  readonly #took = new Map<string, number>();
  #closed = false;

  constructor(
    private readonly launches: LaunchRepository,
    private readonly log: EventLog,
    private readonly intervalMs: number,
  ) {}

  /** Answers to `record`'s launch committed: its results go out within the interval. */
  touched(record: Pick<LaunchRecord, "launch" | "items">): void {
    const id = record.launch.id;
    if (this.#closed) return;
    if (this.#running.has(id)) {
      this.#again.add(id);
      return;
    }
    if (this.#timers.has(id)) return;
    const pause = Math.max(this.intervalMs, 3 * (this.#took.get(id) ?? 0));
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        const started = performance.now();
        const run = this.launches.publishResults(record)
          .then(() => {
            if (this.#took.size > 10_000) this.#took.clear();
            this.#took.set(id, performance.now() - started);
          })
          .catch((err) => this.log.warn("live results not published", { launchId: id, error: String(err) }))
          .finally(() => {
            this.#running.delete(id);
            if (this.#again.delete(id)) this.touched(record);
          });
        this.#running.set(id, run);
      }, pause),
    );
  }

  /** Stops: pending counts are dropped (listeners get the next one from any instance). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    await Promise.all(this.#running.values());
  }
}
