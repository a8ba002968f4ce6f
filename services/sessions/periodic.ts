/**
 * @module
 * One loop for the sessions service's periodic jobs (reminders, follow-ups, awareness measuring):
 * runs a round every `intervalMs` on this instance until stopped, logs what a round did and a round
 * that failed (the next round tries again), and stops at once, waiting for the round in progress.
 * Every instance runs its own loop; the rounds themselves claim their work in the graph, so work
 * is done once however many instances run.
 */
import type { EventLog } from "@yibao/events";

/** A running loop. */
export interface Periodic {
  stop(): Promise<void>;
}

/** Runs `round` (which returns how many things it did) every `intervalMs` until stopped. */
export function startPeriodic(
  round: () => Promise<number>,
  options: { intervalMs: number; log: EventLog; did: string; failed: string },
): Periodic {
  let running = true;
  let wake = () => {};
  const loop = (async () => {
    while (running) {
      try {
        const n = await round();
        if (n) options.log.info(options.did, { count: n });
      } catch (err) {
        options.log.warn(options.failed, { error: String(err) });
      }
      await new Promise<void>((r) => {
        const timer = setTimeout(r, options.intervalMs);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
