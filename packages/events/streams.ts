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
 *
 * A server of a cluster learns its peers' URLs as its routes form, and tells its clients in later
 * `INFO` messages: a service that connects while a cluster is starting may at first see fewer than
 * three. So a clustered server's count is awaited for up to `waitMs` before settling on 1 (a
 * cluster of two waits that long at each start); a lone server answers at once.
 */
export async function streamReplicasFor(
  bus: EventBus,
  configured?: number,
  waitMs = defaultClusterViewWaitMs,
): Promise<number> {
  if (configured) return configured;
  const servers = () => bus.nc.info?.cluster ? (bus.nc.info.connect_urls?.length ?? 1) : 0;
  if (servers() === 0) return 1;
  for (const until = Date.now() + waitMs; servers() < 3 && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return servers() >= 3 ? 3 : 1;
}

/** How long {@linkcode streamReplicasFor} waits for a starting cluster's routes: 10 s. */
export const defaultClusterViewWaitMs = 10_000;

/** Creates the streams, or updates them to the declared configuration. Safe to call from every service. */
export async function ensureStreams(
  bus: EventBus,
  replicas = 1,
  options: DeclareOptions = {},
): Promise<void> {
  for (const cfg of streamConfigs(replicas)) await ensureStream(bus, cfg, options);
}

/**
 * Creates one stream, or updates it to `cfg` (what can change: not its storage or retention; its
 * replicas only upwards, see below). Safe to call from every instance at once, and through a
 * cluster that cannot answer for a while (see declare.ts). Returns the stream's info (its `created`
 * time names it).
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
    let info = await infoOrNull();
    if (!info) {
      try {
        return await bus.jsm.streams.add(cfg);
      } catch (err) {
        // another instance created it first
        info = await infoOrNull();
        if (!info) throw err;
      }
    }
    // A declaration never lowers a stream's replicas: a count worked out while a cluster's routes
    // re-form (a service starting then sees fewer servers) must not leave its messages on one
    // server. Fewer copies is an operator's edit of the stream (`nats stream edit`), not a restart.
    const current = info.config.num_replicas;
    const declared = mutable.num_replicas;
    if (declared !== undefined && current > declared) {
      options.log?.warn("stream replicas kept", { stream: name, replicas: current, declared });
      return await bus.jsm.streams.update(name, { ...mutable, num_replicas: current });
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
