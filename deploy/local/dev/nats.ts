import { type Child, child } from "./processes.ts";
import { freePort, isListening, waitUntil } from "./ports.ts";

/** A running nats-server with JetStream. */
export interface NatsServer extends Child {
  url: string;
  port: number;
  storeDir: string;
  /** The server's name (`server_name`), as JetStream names a stream's leader. */
  serverName: string;
  /** The nats-server process id (not its watching shell's): `kill -9` it to crash the node. */
  pid(): Promise<number>;
  /** True once the server (and its watching shell) has exited. */
  exited(): boolean;
  /** Its log file. */
  log: string;
}

/** The nats-server binary: NATS_SERVER_BIN, or the one on PATH. */
export function natsServerBin(): string {
  return Deno.env.get("NATS_SERVER_BIN") ?? "nats-server";
}

/** A node's place in a cluster: the cluster's name, its own route port and its peers' route ports. */
export interface ClusterRoutes {
  name: string;
  port: number;
  peers: number[];
}

/**
 * Starts `nats-server -js` on loopback with a private store dir and waits until it accepts
 * connections (and, in a cluster, until its monitoring `/healthz` says JetStream is current, when
 * `waitHealthy` is set: a lone node of a three-node cluster never is).
 */
export async function startNats(options: {
  port: number;
  storeDir: string;
  logFile?: string;
  timeoutMs?: number;
  serverName?: string;
  cluster?: ClusterRoutes;
  /** Monitoring port (`/healthz`), needed with `waitHealthy`. */
  httpPort?: number;
  waitHealthy?: boolean;
}): Promise<NatsServer> {
  await Deno.mkdir(options.storeDir, { recursive: true });
  const serverName = options.serverName ?? `yibao-${options.port}`;
  const pidFile = `${options.storeDir}/nats-server.pid`;
  // nats-server has no parent watch of its own: a small shell stays beside it, stops it on
  // SIGTERM, and stops it too when this process dies without stopping it (a killed test run).
  const watch = `"$0" "$@" & child=$!
echo $child > ${JSON.stringify(pidFile)}
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM INT
while kill -0 ${Deno.pid} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill -TERM $child 2>/dev/null; wait $child`;
  await Deno.remove(pidFile).catch(() => {});
  // JetStream fsyncs every write (sync_interval: always): an acknowledged publish survives a crash
  const config = `${options.storeDir}/nats-server.conf`;
  const lines = [
    `server_name: ${JSON.stringify(serverName)}`,
    `listen: "127.0.0.1:${options.port}"`,
    ...(options.httpPort ? [`http: "127.0.0.1:${options.httpPort}"`] : []),
    `jetstream {`,
    `  store_dir: ${JSON.stringify(options.storeDir)}`,
    `  sync_interval: always`,
    `}`,
  ];
  if (options.cluster) {
    lines.push(
      `cluster {`,
      `  name: ${JSON.stringify(options.cluster.name)}`,
      `  listen: "127.0.0.1:${options.cluster.port}"`,
      `  routes: [${options.cluster.peers.map((p) => `"nats-route://127.0.0.1:${p}"`).join(", ")}]`,
      `}`,
    );
  }
  await Deno.writeTextFile(config, [...lines, ""].join("\n"));
  const process = new Deno.Command("bash", {
    args: [
      "-c",
      watch,
      natsServerBin(),
      "-c",
      config,
      // its own log file: a pipe through this process would break when this process dies
      "-l",
      options.logFile ?? `${options.storeDir}/nats-server.log`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const server = child(`nats`, process);
  const log = options.logFile ?? `${options.storeDir}/nats-server.log`;
  let exited = false;
  void process.status.then(() => (exited = true));
  const stillRunning = async () => {
    if (exited) throw new NatsExited(serverName, log, await logTail(log));
  };
  try {
    await waitUntil("nats-server", async () => {
      await stillRunning();
      return await isListening(options.port);
    }, options.timeoutMs ?? 20_000);
    if (options.waitHealthy && options.httpPort) {
      await waitHealthy(options.httpPort, options.timeoutMs, stillRunning);
    }
  } catch (err) {
    await server.stop(2_000);
    throw err;
  }
  return {
    ...server,
    exited: () => exited,
    log,
    url: `nats://127.0.0.1:${options.port}`,
    port: options.port,
    storeDir: options.storeDir,
    serverName,
    async pid() {
      let text = "";
      await waitUntil("nats-server pid file", async () => {
        text = (await Deno.readTextFile(pidFile).catch(() => "")).trim();
        return text !== "";
      }, 5_000);
      return Number(text);
    },
  };
}

/** A nats-server that stopped while it was starting; the message carries its log's last lines. */
export class NatsExited extends Error {
  constructor(serverName: string, readonly log: string, tail: string) {
    super(
      tail
        ? `nats-server ${serverName} exited at start; its log (${log}) ends:\n${tail}`
        : `nats-server ${serverName} exited at start and logged nothing: does \`${natsServerBin()}\` run (NATS_SERVER_BIN, PATH)?`,
    );
    this.name = "NatsExited";
  }
  /** The server could not bind one of its ports (taken after it was picked). */
  get portTaken(): boolean {
    return this.message.includes("address already in use");
  }
}

/** The last `lines` lines of a log file ("" when it cannot be read). */
async function logTail(path: string, lines = 8): Promise<string> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Waits until the node's `/healthz` answers 200 (JetStream enabled and current with its cluster).
 * `check` runs before each poll and throws to stop waiting (the node has exited).
 */
export async function waitHealthy(
  httpPort: number,
  timeoutMs = 60_000,
  check: () => Promise<void> = async () => {},
): Promise<void> {
  await waitUntil(`nats-server /healthz on ${httpPort}`, async () => {
    await check();
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }, timeoutMs);
}

/** A JetStream cluster of nodes on loopback. */
export interface NatsCluster {
  nodes: NatsServer[];
  /** Every node's client URL, comma-separated (what `NATS_URL` takes). */
  url: string;
  /** Node `i` by its server name. */
  byName(serverName: string): NatsServer | undefined;
  /** Kills node `i` with SIGKILL (a crash: no lame-duck, no flush), and waits until it has gone. */
  crash(i: number): Promise<void>;
  /** Stops node `i` gracefully (SIGTERM). */
  stopNode(i: number): Promise<void>;
  /** Starts node `i` again on its ports with its store dir, and waits until it is current. */
  restart(i: number): Promise<void>;
  /** Stops every node. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `nodes` nats-servers on loopback as one JetStream cluster: each its own client, route and
 * monitoring ports and its own store dir under `dir`, routes to every peer, `sync_interval: always`.
 * Resolves when every node reports itself current (`/healthz`), so a stream can be created at once.
 */
export async function startNatsCluster(options: {
  dir: string;
  nodes?: number;
  name?: string;
  /** Client ports (default free ones); the route and monitoring ports are free ones. */
  ports?: number[];
  logDir?: string;
  timeoutMs?: number;
}): Promise<NatsCluster> {
  const count = options.nodes ?? 3;
  const name = options.name ?? "yibao";
  const plan = () =>
    Array.from({ length: count }, (_, i) => ({
      port: options.ports?.[i] ?? freePort(),
      route: freePort(),
      http: freePort(),
      serverName: `${name}-n${i + 1}`,
      storeDir: `${options.dir}/n${i + 1}`,
      logFile: options.logDir ? `${options.logDir}/nats-n${i + 1}.log` : `${options.dir}/n${i + 1}.log`,
    }));
  let specs = plan();
  const start = (i: number, waitHealthy: boolean) => {
    const s = specs[i]!;
    return startNats({
      port: s.port,
      storeDir: s.storeDir,
      logFile: s.logFile,
      serverName: s.serverName,
      httpPort: s.http,
      cluster: { name, port: s.route, peers: specs.filter((_, j) => j !== i).map((p) => p.route) },
      waitHealthy,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  };
  const nodes: NatsServer[] = [];
  // a port picked free can still be taken before its server binds it (by another program): the
  // node then stops at once, and the cluster starts again on fresh ports, up to three times
  for (let attempt = 1;; attempt++) {
    const starting: (NatsServer | undefined)[] = [];
    try {
      // all at once: a node is healthy only once the meta group has a leader, which needs a quorum
      await Promise.all(specs.map((_, i) => start(i, false).then((n) => (starting[i] = n))));
      await Promise.all(specs.map((s, i) =>
        waitHealthy(s.http, options.timeoutMs ?? 60_000, async () => {
          const node = starting[i]!;
          if (node.exited()) throw new NatsExited(node.serverName, node.log, await logTail(node.log));
        })
      ));
      nodes.push(...(starting as NatsServer[]));
      break;
    } catch (err) {
      // what each node logged last, read before it is stopped (a node that runs but is not current)
      const tails = err instanceof NatsExited
        ? []
        : await Promise.all(specs.map(async (s) => `${s.serverName}:\n${await logTail(s.logFile, 12)}`));
      await Promise.all(starting.map((n) => n?.stop(5_000)));
      if (!(err instanceof NatsExited)) {
        throw new Error(
          `${err instanceof Error ? err.message : err}; the nodes' logs end:\n${tails.join("\n")}`,
          {
            cause: err,
          },
        );
      }
      if (!err.portTaken || attempt === 3) throw err;
      console.error(`[nats] ${err.message.split("\n")[0]}: a port was taken; starting the cluster again`);
      await Promise.all(
        specs.flatMap((s) =>
          [s.storeDir, s.logFile].map((p) => Deno.remove(p, { recursive: true }).catch(() => {}))
        ),
      );
      specs = plan();
    }
  }
  const live = nodes;
  return {
    nodes: live,
    url: specs.map((s) => `nats://127.0.0.1:${s.port}`).join(","),
    byName: (serverName) => live.find((n) => n.serverName === serverName),
    async crash(i) {
      const node = live[i]!;
      Deno.kill(await node.pid(), "SIGKILL");
      // the watching shell sees its child gone and ends
      await node.process.status;
    },
    async stopNode(i) {
      await live[i]!.stop(20_000);
    },
    async restart(i) {
      live[i] = await start(i, true);
    },
    async stop(graceMs = 20_000) {
      await Promise.all(live.map((n) => n.stop(graceMs)));
    },
  };
}
