import { nanos } from "@nats-io/nats-core";
import {
  type ConsumerConfig,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { EventBus } from "./bus.ts";
import { type DeclareOptions, isConsumerNotFound, isStreamNotFound, untilDeclared } from "./declare.ts";
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
export async function ensureStreams(
  bus: EventBus,
  replicas = 1,
  options: DeclareOptions = {},
): Promise<void> {
  for (const cfg of streamConfigs(replicas)) await ensureStream(bus, cfg, options);
}

/**
 * Creates one stream, or updates it to `cfg` (what can change: not its storage or retention). Safe to
 * call from every instance at once, and through a cluster that cannot answer for a while (see
 * declare.ts). Returns the stream's info (its `created` time names it).
 */
export function ensureStream(
  bus: EventBus,
  cfg: Partial<StreamConfig> & { name: string },
  options: DeclareOptions = {},
): Promise<StreamInfo> {
  const name = cfg.name;
  const { name: _n, storage: _s, retention: _r, ...mutable } = cfg;
  const infoOrNull = () =>
    bus.jsm.streams.info(name).catch((err) => isStreamNotFound(err) ? null : Promise.reject(err));
  return untilDeclared(`stream ${name}`, async () => {
    if (!(await infoOrNull())) {
      try {
        return await bus.jsm.streams.add(cfg);
      } catch (err) {
        // another instance created it first
        if (!(await infoOrNull())) throw err;
      }
    }
    return await bus.jsm.streams.update(name, mutable);
  }, options);
}

/**
 * Creates a durable consumer on `stream`, or updates it to `config`; `createOnly` holds what can be
 * set only when it is created (where it starts). Safe to call from every instance at once, and
 * through a cluster that cannot answer for a while (see declare.ts).
 */
export function declareConsumer(
  bus: EventBus,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
  createOnly: Partial<ConsumerConfig> = {},
  options: DeclareOptions = {},
): Promise<void> {
  const durable = config.durable_name;
  const infoOrNull = () =>
    bus.jsm.consumers.info(stream, durable).catch((err) =>
      isConsumerNotFound(err) ? null : Promise.reject(err)
    );
  return untilDeclared(`consumer ${durable} on ${stream}`, async () => {
    if (await infoOrNull()) {
      await bus.jsm.consumers.update(stream, durable, config);
      return;
    }
    try {
      await bus.jsm.consumers.add(stream, { ...config, ...createOnly });
    } catch (err) {
      // another instance created it first
      if (!(await infoOrNull())) throw err;
    }
  }, options);
}
