import { shanghaiToday } from "@yibao/domain";
import type { EventLog, OutboxRelay } from "@yibao/events";
import type { AdminRepository } from "./repository.ts";

/** Announces scheduled versions on the day they come into force (every instance runs one; each version is announced once). */
export function startEffectiveAnnouncer(
  repo: AdminRepository,
  relay: OutboxRelay,
  options: { instanceId: string; intervalMs: number; log: EventLog; today?: () => string },
): { stop(): Promise<void>; runOnce(): Promise<number> } {
  let running = true;
  const today = options.today ?? (() => shanghaiToday());
  async function runOnce(): Promise<number> {
    const n = await repo.announceDue(today(), options.instanceId);
    if (n > 0) {
      options.log.info("versions came into force", { announced: n });
      relay.notify();
    }
    return n;
  }
  const loop = (async () => {
    while (running) {
      try {
        await runOnce();
      } catch (err) {
        options.log.warn("effective announcer round failed", { error: String(err) });
      }
      await new Promise((r) => setTimeout(r, options.intervalMs));
    }
  })();
  return {
    runOnce,
    async stop() {
      running = false;
      await loop;
    },
  };
}
