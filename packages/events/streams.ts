import { nanos } from "@nats-io/nats-core";
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { EventBus } from "./bus.ts";
import { deadLetterStream, deadLetterSubjectPrefix, eventsStream, eventsSubjectPrefix } from "./contract.ts";

const day = 24 * 60 * 60 * 1000;

/** The streams the suite needs, declared from code. */
export function streamConfigs(replicas: number): (Partial<StreamConfig> & { name: string })[] {
  return [
    {
      name: eventsStream,
      subjects: [eventsSubjectPrefix + ">"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * day),
      // The outbox relay republishes with the same Nats-Msg-Id after a crash; the window
      // must outlast any realistic relay outage. Consumers are idempotent by event id too.
      duplicate_window: nanos(2 * 60 * 60 * 1000),
      num_replicas: replicas,
    },
    {
      name: deadLetterStream,
      subjects: [deadLetterSubjectPrefix + ">"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(90 * day),
      duplicate_window: nanos(2 * 60 * 60 * 1000),
      num_replicas: replicas,
    },
  ];
}

/**
 * The replicas of the streams (and so of their durable consumers, which inherit them) to declare:
 * `configured` when set, else 3 when the connected server belongs to a cluster of three or more
 * servers (the client URLs it advertises), else 1.
 */
export function streamReplicasFor(bus: EventBus, configured?: number): number {
  if (configured) return configured;
  const info = bus.nc.info;
  if (!info?.cluster) return 1;
  return (info.connect_urls?.length ?? 1) >= 3 ? 3 : 1;
}

/** Creates the streams, or updates them to the declared configuration. Safe to call from every service. */
export async function ensureStreams(bus: EventBus, replicas = 1): Promise<void> {
  for (const cfg of streamConfigs(replicas)) await ensureStream(bus, cfg);
}

/**
 * Creates one stream, or updates it to `cfg` (what can change: not its storage or retention). Safe to
 * call from every instance at once. Returns the stream's info (its `created` time names it).
 */
export async function ensureStream(
  bus: EventBus,
  cfg: Partial<StreamConfig> & { name: string },
): Promise<StreamInfo> {
  const name = cfg.name;
  const existing = await bus.jsm.streams.info(name).catch(() => null);
  if (!existing) {
    try {
      return await bus.jsm.streams.add(cfg);
    } catch (err) {
      // another instance created it first
      if (!(await bus.jsm.streams.info(name).catch(() => null))) throw err;
    }
  }
  const { name: _n, storage: _s, retention: _r, ...mutable } = cfg;
  return await bus.jsm.streams.update(name, mutable);
}
