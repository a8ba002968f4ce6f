/** Services against a test's own three-node NATS cluster (R3 streams), and probes of that cluster. */
import {
  connectEventBus,
  createEvent,
  ensureStreams,
  type EventBus,
  eventsStream,
  parseEvent,
  publishEvent,
} from "@yibao/events";
import type { PublishResult } from "@yibao/events";
import { type RunningService, runService, type ServiceSpec } from "@yibao/kit";
import type { z } from "zod";
import { serviceEnv, streamLeader } from "../harness/mod.ts";

/** A bus to the cluster with the suite's streams declared at 3 replicas. */
export async function clusterBus(url: string, name = "cluster-test"): Promise<EventBus> {
  const bus = await connectEventBus({ NATS_URL: url, NATS_STREAM_REPLICAS: 3 }, { name });
  await ensureStreams(bus, 3);
  return bus;
}

/**
 * Starts `count` replicas of a service in-process against the cluster (all its URLs), without
 * `NATS_STREAM_REPLICAS`: the services see a cluster of three and declare their streams R3.
 */
export async function replicas<S extends z.ZodObject>(
  spec: ServiceSpec<S>,
  count: number,
  env: Record<string, string>,
): Promise<RunningService[]> {
  const out: RunningService[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      await runService(spec, {
        env: serviceEnv({
          MIGRATE_ON_START: "false",
          ...env,
          ...(env.INSTANCE_ID ? { INSTANCE_ID: `${env.INSTANCE_ID}-${i + 1}` } : {}),
        }),
        handleSignals: false,
      }),
    );
  }
  return out;
}

/** Waits until the stream has a leader other than `not`, polling; returns its name and how long it took. */
export async function awaitNewLeader(
  bus: EventBus,
  stream: string,
  not: string,
  timeoutMs = 60_000,
): Promise<{ leader: string; ms: number }> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const leader = await streamLeader(bus, stream);
    if (leader && leader !== not) return { leader, ms: performance.now() - started };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${stream} had no new leader within ${timeoutMs} ms`);
}

/** Publishes probe events (`channel.synced`, which no fan-out reads) every `everyMs` until stopped. */
export function probePublisher(bus: EventBus, run: string, everyMs = 50) {
  const results: { id: string; result?: PublishResult; error?: string; at: number }[] = [];
  let running = true;
  const inFlight: Promise<void>[] = [];
  const loop = (async () => {
    let i = 0;
    while (running) {
      const event = createEvent({
        id: `probe-${run}-${i++}`,
        type: "channel.synced",
        source: "/tests/cluster",
        data: {
          channel: "probe",
          consumer: "probe",
          eventId: run,
          eventType: "probe",
          syncedAt: new Date().toISOString(),
        },
      });
      const entry: (typeof results)[number] = { id: event.id, at: performance.now() };
      results.push(entry);
      inFlight.push(
        publishEvent(bus, event, { retryForMs: 60_000 }).then(
          (r) => void (entry.result = r),
          (err) => void (entry.error = String(err)),
        ),
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    results,
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/** Every event stored on a subject starting with `subjectPrefix` from sequence `fromSeq` on, read one by one. */
export async function storedEvents(
  bus: EventBus,
  subjectPrefix: string,
  fromSeq: number,
): Promise<{ seq: number; event: ReturnType<typeof parseEvent> }[]> {
  const last = (await bus.jsm.streams.info(eventsStream)).state.last_seq;
  const out: { seq: number; event: ReturnType<typeof parseEvent> }[] = [];
  for (let seq = fromSeq; seq <= last; seq++) {
    const m = await bus.jsm.streams.getMessage(eventsStream, { seq });
    if (m && m.subject.startsWith(subjectPrefix)) out.push({ seq, event: parseEvent(m.data) });
  }
  return out;
}
