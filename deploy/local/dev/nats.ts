import { type Child, child, pipeToFile } from "./processes.ts";
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
  const process = new Deno.Command(natsServerBin(), {
    args: [
      "-js",
      "-a",
      "127.0.0.1",
      "-p",
      String(options.port),
      "-sd",
      options.storeDir,
      "-n",
      `yibao-${options.port}`,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const server = child("nats", process);
  const log = options.logFile ?? `${options.storeDir}/nats-server.log`;
  void pipeToFile(process.stdout, log);
  void pipeToFile(process.stderr, log);
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
