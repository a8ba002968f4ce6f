import { launcherJar } from "./paths.ts";
import { type Child, child, pipeToFile, readLines } from "./processes.ts";

/** A running Neo4j started by the project's launcher. */
export interface Neo4jServer extends Child {
  uri: string;
  port: number;
  password: string;
  /** Launch to ready, in ms. */
  startMs: number;
}

/** Options for {@linkcode startNeo4j}. */
export interface Neo4jOptions {
  dataDir: string;
  port: number;
  password: string;
  /** JVM heap, e.g. `1g` (default from NEO4J_HEAP or 1g). */
  heap?: string;
  /** Page cache, e.g. `256m`. */
  pageCache?: string;
  /** Where the launcher's stderr goes (default `<dataDir>/launcher.log`). */
  logFile?: string;
  timeoutMs?: number;
}

/**
 * Starts Neo4j (embedded, Bolt on loopback) from the launcher jar and waits for its ready line.
 * The launcher watches this process and stops itself if we die without stopping it.
 */
export async function startNeo4j(options: Neo4jOptions): Promise<Neo4jServer> {
  await Deno.mkdir(options.dataDir, { recursive: true });
  const heap = options.heap ?? Deno.env.get("NEO4J_HEAP") ?? "1g";
  const started = performance.now();
  const cmd = new Deno.Command("java", {
    args: [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      "-XX:+UseG1GC",
      "-jar",
      launcherJar,
      "--data-dir",
      options.dataDir,
      "--port",
      String(options.port),
      "--page-cache",
      options.pageCache ?? Deno.env.get("NEO4J_PAGE_CACHE") ?? "256m",
      "--parent-pid",
      String(Deno.pid),
    ],
    env: { NEO4J_PASSWORD: options.password },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const process = cmd.spawn();
  const server = child("neo4j", process);
  void pipeToFile(process.stderr, options.logFile ?? `${options.dataDir}/launcher.log`);
  const ready = new Promise<string>((resolve, reject) => {
    let seen = false;
    void readLines(process.stdout, (line) => {
      const m = /^NEO4J_READY (bolt:\/\/\S+)/.exec(line);
      if (m && !seen) {
        seen = true;
        resolve(m[1]!);
      }
    }).then(() => {
      if (!seen) {
        reject(
          new Error(
            `Neo4j exited before it was ready; see ${options.logFile ?? `${options.dataDir}/launcher.log`}`,
          ),
        );
      }
    });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Neo4j was not ready within ${(options.timeoutMs ?? 180_000) / 1000} s`)),
      options.timeoutMs ?? 180_000,
    );
  });
  try {
    const uri = await Promise.race([ready, timeout]);
    return {
      ...server,
      uri,
      port: options.port,
      password: options.password,
      startMs: performance.now() - started,
    };
  } catch (err) {
    await server.stop(2_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
