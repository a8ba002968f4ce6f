import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream, type JetStreamClient, type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import type { EventsEnv } from "./config.ts";

/** A NATS connection with JetStream handles and a readiness probe. Reconnects for ever. */
export interface EventBus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** True when the server answers a round trip within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Drains subscriptions and closes the connection. */
  close(): Promise<void>;
}

/** Options for {@linkcode connectEventBus}. */
export interface ConnectOptions {
  /** Shown in the server's connection list. */
  name: string;
  /** How long to keep trying the first connection, in ms (default 30 s). */
  firstConnectTimeoutMs?: number;
}

/** Connects to NATS (retrying the first connection until it answers) and opens JetStream. */
export async function connectEventBus(env: EventsEnv, options: ConnectOptions): Promise<EventBus> {
  const servers = env.NATS_URL.split(",");
  const deadline = Date.now() + (options.firstConnectTimeoutMs ?? 30_000);
  let nc: NatsConnection;
  while (true) {
    try {
      nc = await connect({
        servers,
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        reconnectJitter: 250,
        pingInterval: 10_000,
        timeout: 5_000,
        // Without it nats.js builds an Error (and its stack) up front for every request and JetStream
        // publish, in case the call later times out: a publish cost its process 72–102 µs of CPU with the
        // traces and 44–56 µs without (tests/bench/nats_publish_bench.ts). A timeout still says what
        // timed out.
        noAsyncTraces: true,
        ...(env.NATS_USER ? { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? "" } : {}),
        ...(env.NATS_TOKEN ? { token: env.NATS_TOKEN } : {}),
      });
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`NATS at ${env.NATS_URL} did not answer: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  // A JetStream API call on a replicated stream waits for its raft group: give it longer than the
  // client's 5 s default, which a busy three-node cluster with fsync on every write can exceed.
  const js = jetstream(nc, { timeout: 15_000 });
  const jsm = await jetstreamManager(nc, { timeout: 15_000 });
  return {
    nc,
    js,
    jsm,
    async ping(timeoutMs = 1_000) {
      if (nc.isClosed()) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([nc.rtt().then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}
