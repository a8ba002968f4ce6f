import { type Child, child } from "./processes.ts";
import { isListening, waitUntil } from "./ports.ts";

/** A running nats-server with JetStream. */
export interface NatsServer extends Child {
  url: string;
  port: number;
  storeDir: string;
}

/** The nats-server binary: NATS_SERVER_BIN, or the one on PATH. */
export function natsServerBin(): string {
  return Deno.env.get("NATS_SERVER_BIN") ?? "nats-server";
}

/** Starts `nats-server -js` on loopback with a private store dir and waits until it accepts connections. */
export async function startNats(options: {
  port: number;
  storeDir: string;
  logFile?: string;
  timeoutMs?: number;
}): Promise<NatsServer> {
  await Deno.mkdir(options.storeDir, { recursive: true });
  // nats-server has no parent watch of its own: a small shell stays beside it, stops it on
  // SIGTERM, and stops it too when this process dies without stopping it (a killed test run).
  const watch = `"$0" "$@" & child=$!
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM INT
while kill -0 ${Deno.pid} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill -TERM $child 2>/dev/null; wait $child`;
  // JetStream fsyncs every write (sync_interval: always): an acknowledged publish survives a crash
  const config = `${options.storeDir}/nats-server.conf`;
  await Deno.writeTextFile(
    config,
    [
      `server_name: "yibao-${options.port}"`,
      `listen: "127.0.0.1:${options.port}"`,
      `jetstream {`,
      `  store_dir: ${JSON.stringify(options.storeDir)}`,
      `  sync_interval: always`,
      `}`,
      "",
    ].join("\n"),
  );
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
  const server = child("nats", process);
  const log = options.logFile ?? `${options.storeDir}/nats-server.log`;
  let exited = false;
  void process.status.then(() => (exited = true));
  try {
    await waitUntil("nats-server", async () => {
      if (exited) throw new Error(`nats-server exited at start; see ${log}`);
      return await isListening(options.port);
    }, options.timeoutMs ?? 20_000);
  } catch (err) {
    await server.stop(2_000);
    throw err;
  }
  return {
    ...server,
    url: `nats://127.0.0.1:${options.port}`,
    port: options.port,
    storeDir: options.storeDir,
  };
}
