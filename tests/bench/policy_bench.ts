/**
 * Policy lookup at national scale: every county, ~20,000 policy versions. Measures, in one run
 * with a bare Deno.serve ceiling: policy by id (cached, uncached), the in-force list for a county
 * (uncached), and search (uncached). Reports p50/p99, requests/s and the ratio to the ceiling.
 */
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { ensureWrk, type LoadResult, wrk } from "./load.ts";
import {
  type BareServer,
  benchGraph,
  benchServiceEnv,
  processCpuMs,
  startBareServer,
  withCpuPerRequest,
} from "./servers.ts";
import { generatePolicyGraph } from "./policy_graph_gen.ts";
import { jitMs, jvmThreads, jvmThreadsDiff } from "./jvm_threads.ts";
import { openGet } from "./plain_http.ts";
import { type CountyListPart, countyListParts } from "./county_list_parts.ts";

const questions = [
  "异地就医怎么备案",
  "高血压门诊能报多少",
  "个人账户家庭共济",
  "门诊统筹报销比例",
  "住院起付线",
  "灵活就业人员缴费档次",
  "举报骗保奖励",
  "新生儿参保",
];

/** A demo policy (loaded with the test servers) of a real policy's size, for the compression figures. */
const bigPolicyId = "bj-employee-inpatient-benefits";

/** The search's filters the bench asks with, each with every question. */
const searchFilters: [string, string][] = [
  ["no region (the catalogue)", ""],
  ["region=110105 (a county)", "&region=110105"],
  ["region=440300 (a city)", "&region=440300"],
];

/** Search with one filter, uncached: 8 connections and one. */
export interface SearchByFilter {
  label: string;
  many: LoadResult & { cpu: CpuUse | null };
  one: LoadResult;
}

/** The policy service's in-process search index (services/policy/search_index.ts), from its /metrics. */
export interface SearchIndexFigures {
  versions: number;
  buildS: number;
  /** Catalogue searches it ranked, and searches that found it behind the graph, during the bench. */
  served: number;
  stale: number;
  /** Resident memory (MB) of the instance with the index and of the one without, after the runs. */
  rssMb: number | null;
  rssWithoutMb: number | null;
}

/** A process's resident memory in MB, or null where /proc cannot tell. */
function rssMb(pid: number): number | null {
  try {
    const kb = Deno.readTextFileSync(`/proc/${pid}/status`).match(/^VmRSS:\s+(\d+) kB/m)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Reads the search index's figures from a policy instance's /metrics. */
async function searchIndexFigures(
  url: string,
): Promise<Omit<SearchIndexFigures, "rssMb" | "rssWithoutMb">> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? NaN);
  return {
    versions: get("policy_search_index_versions"),
    buildS: get("policy_search_index_build_seconds"),
    served: get("policy_search_index_served_total"),
    stale: get("policy_search_index_stale_total"),
  };
}

/**
 * Where one run's time went: CPU time (user + system, from /proc) of the service under test and of
 * Neo4j per request, how many of the machine's cores the two got while it ran, and the load average.
 * On a shared machine latency follows the CPU share; the CPU per request does not.
 */
export interface CpuUse {
  serviceMsPerRequest: number;
  neo4jMsPerRequest: number;
  /** Of Neo4j's, what its JIT compiler spent (compiling its own code: a deployed Neo4j is past that). */
  neo4jJitMsPerRequest: number;
  /** (service + Neo4j CPU time) / wall time: 2.0 would be both cores of this machine. */
  coresUsed: number;
  loadAverage: number;
}

/** One warm-up round of uncached reads (county lists, searches, policies by id; 4 s, 8 connections). */
export interface JitRound {
  requestsPerSecond: number;
  neo4jMsPerRequest: number;
  jitMsPerRequest: number;
}

/** At most this many warm-up rounds wait for Neo4j's JIT compiler to settle. */
const jitRoundsMax = 12;

/** One measured endpoint: throughput with 8 connections, latency with 1 (no queueing on 2 cores). */
export interface Measured extends LoadResult {
  name: string;
  ratioToCeiling: number;
  cpu: CpuUse | null;
  /** The same endpoint with one connection: p50/p99 of the request itself. */
  single: LoadResult & { cpu: CpuUse | null };
}

/** CPU time (user + system) of a process in ms, or null where /proc cannot tell (or no process). */
function cpuMs(pid: number | null): number | null {
  return pid === null ? null : processCpuMs(pid);
}

/** The Neo4j launcher's process (its command line names the Bolt port), or null. */
function neo4jPid(boltUri: string): number | null {
  const port = new URL(boltUri.replace(/^[a-z+]+:/, "http:")).port;
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`);
        if (cmd.includes("neo4j-launcher") && cmd.includes(`--port\0${port}\0`)) return Number(e.name);
      } catch { /* gone meanwhile */ }
    }
  } catch { /* no /proc */ }
  return null;
}

/** Runs `load` and measures the CPU the service and Neo4j spent on it. */
async function withCpu(
  pids: { service: number; neo4j: number | null },
  load: () => Promise<LoadResult>,
): Promise<LoadResult & { cpu: CpuUse | null }> {
  const threads0 = jvmThreads(pids.neo4j);
  const s0 = cpuMs(pids.service), n0 = cpuMs(pids.neo4j), t0 = performance.now();
  const r = await load();
  const s1 = cpuMs(pids.service), n1 = cpuMs(pids.neo4j), wallMs = performance.now() - t0;
  const threads1 = jvmThreads(pids.neo4j);
  if (s0 === null || s1 === null || n0 === null || n1 === null || r.requests === 0) {
    return { ...r, cpu: null };
  }
  const loadAverage = Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
  return {
    ...r,
    cpu: {
      serviceMsPerRequest: (s1 - s0) / r.requests,
      neo4jMsPerRequest: (n1 - n0) / r.requests,
      neo4jJitMsPerRequest: jitMs(jvmThreadsDiff(threads0, threads1, n1 - n0)) / r.requests,
      coresUsed: (s1 - s0 + n1 - n0) / wallMs,
      loadAverage,
    },
  };
}

/**
 * A GET over a plain connection, as sent: status, headers and body bytes not decoded (fetch would
 * ask for and undo compression itself).
 */
export async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
  const { conn, head } = await openGet(url, { Connection: "close", ...headers });
  try {
    const chunks: Uint8Array[] = [head.rest];
    const buf = new Uint8Array(64 * 1024);
    for (let n; (n = await conn.read(buf)) !== null;) chunks.push(buf.slice(0, n));
    const body = new Uint8Array(chunks.reduce((a, b) => a + b.length, 0));
    let at = 0;
    for (const ch of chunks) body.set(ch, (at += ch.length) - ch.length);
    if (head.headers["transfer-encoding"]) {
      throw new Error("a chunked answer: not expected for a cached read");
    }
    return { status: head.status, headers: head.headers, body };
  } finally {
    try {
      conn.close();
    } catch { /* closed by the server */ }
  }
}

/** Runs the policy benchmark against the servers in `env`. */
export async function policyBench(env: Record<string, string>, seconds = 8): Promise<{
  graph: { policies: number; versions: number; overrides: number; generateS: number };
  ceiling: LoadResult;
  /** A bare server answering the cached read's request with its exact bytes and the kit's headers. */
  sameBytesCeiling: LoadResult & { cpuUsPerRequest: number | null };
  /** The cached policy by id (8 connections) against `sameBytesCeiling`. */
  cachedRatioToSameBytes: number;
  /**
   * The cached policy by id asked with `Accept-Encoding: gzip` (partner apps' fetch, OkHttp, curl
   * --compressed): its bytes on the wire, and a bare server answering that request with the same gzip
   * bytes and headers (`Content-Encoding`, `ETag`, `Vary`, the kit's).
   */
  gzip: {
    /** The policy measured: a demo policy of a real policy's size. */
    policyId: string;
    /** The coding the service answered `Accept-Encoding: gzip` with (none: it does not compress). */
    coding: string | null;
    identityBytes: number;
    gzipBytes: number;
    /** A bare server answering the plain request with the same bytes and headers. */
    plainSameBytesCeiling: LoadResult & { cpuUsPerRequest: number | null };
    plainRatioToSameBytes: number;
    /** A bare server answering the gzip request with the same gzip bytes and headers. */
    sameBytesCeiling: LoadResult & { cpuUsPerRequest: number | null };
    /** The cached read with gzip (8 connections) against its same-bytes ceiling. */
    ratioToSameBytes: number;
    /** The generated policy of the other runs asked with gzip: its size and coding (under 1 KB: none). */
    small: { bytes: number; coding: string | null };
  };
  results: Measured[];
  /** Search in the first 2 s after Neo4j's start (8 connections), before the warm-up. */
  searchCold: LoadResult;
  /** The rounds of uncached reads that warmed Neo4j until its JIT compiler settled, first to last. */
  jitRounds: JitRound[];
  searchByFilter: SearchByFilter[];
  searchIndex: SearchIndexFigures;
  /** The county list's parts, each alone (county_list_parts.ts): what precomputing the in-force set could save. */
  countyListParts: CountyListPart[];
}> {
  await ensureWrk();
  const graph = benchGraph(env);
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-policy-" });
  const started = performance.now();
  const gen = await generatePolicyGraph(graph, { versions: 20_000 });
  const generateS = (performance.now() - started) / 1000;
  const key = await generateApiKey();
  await saveApiKey(graph, { id: key.id, hash: key.hash, name: "bench", scopes: ["policy:read"] });
  await graph.close();

  const bare = startBareServer();
  let sameBytes: BareServer | undefined;
  let sameBytesGz: BareServer | undefined;
  let sameBytesBig: BareServer | undefined;
  const spec = suite.find((s) => s.name === "policy")!;
  const common = benchServiceEnv(env);
  const cached = spawnService(spec, { port: freePort(), env: common, logFile: `${tmp}/cached.log` });
  const uncached = spawnService(spec, {
    port: freePort(),
    env: { ...common, POLICY_CACHE_MAX_ENTRIES: "0" },
    logFile: `${tmp}/uncached.log`,
  });
  // search as it was before the in-process index (Neo4j's fulltext index ranks), for comparison in the same run
  const fulltextOnly = spawnService(spec, {
    port: freePort(),
    env: { ...common, POLICY_CACHE_MAX_ENTRIES: "0", POLICY_SEARCH_INDEX: "off" },
    logFile: `${tmp}/fulltext.log`,
  });
  try {
    await Promise.all([
      waitReady(cached, 60_000, `${tmp}/cached.log`),
      waitReady(uncached, 60_000, `${tmp}/uncached.log`),
      waitReady(fulltextOnly, 60_000, `${tmp}/fulltext.log`),
    ]);
    // the search index is built in the background after start: wait for it before measuring
    for (const until = Date.now() + 180_000; Date.now() < until;) {
      if ((await searchIndexFigures(uncached.url)).versions >= gen.versions) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const headers = { "X-API-Key": key.key };
    const sample = <T>(xs: T[], n: number) =>
      Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]!);
    const byIdPaths = sample(gen.policyIds, 2_000).map((id) => `/v1/policies/${id}`);
    const countyPaths = sample(gen.counties, 2_000).map((c) => `/v1/policies?region=${c}`);
    const searchPathsBy = searchFilters.map(([label, f]) =>
      [label, questions.map((q) => `/v1/search?q=${encodeURIComponent(q)}${f}`)] as const
    );
    const searchPaths = searchPathsBy.flatMap(([, paths]) => paths);
    const c = 8;
    // warm both instances (JIT, connection pools), and fill the cached instance's cache for the one id
    await wrk(`${bare.url}/healthz`, { seconds: 2, connections: c });
    await wrk(`${cached.url}${byIdPaths[0]}`, { seconds: 2, connections: c, headers });
    await wrk(uncached.url, { seconds: 2, connections: c, headers, paths: countyPaths });
    // The first searches after Neo4j starts run Lucene's code cold (the JVM has not compiled it yet):
    // measured and reported on its own, then warmed like the other reads before the measured runs.
    const searchCold = await wrk(uncached.url, { seconds: 2, connections: c, headers, paths: searchPaths });
    await wrk(uncached.url, { seconds: 4, connections: c, headers, paths: searchPaths });
    await wrk(fulltextOnly.url, { seconds: 3, connections: c, headers, paths: searchPaths });
    // Then the uncached reads until Neo4j's JIT compiler has settled: a round in which it spent under
    // a tenth of Neo4j's CPU, at most `jitRoundsMax`. Neo4j is started for the run, and after the
    // warm-ups above its compiler still took 1.5–3 ms of CPU per county list (a thread profile of
    // Neo4j, sequential lists): the figures below would measure the JVM's start, not the product.
    const neo4j = neo4jPid(env.YIBAO_TEST_NEO4J_URI!);
    const jitRounds: JitRound[] = [];
    const uncachedMix = [...countyPaths.slice(0, 500), ...searchPaths, ...byIdPaths.slice(0, 500)];
    for (let round = 1; round <= jitRoundsMax; round++) {
      const r = await withCpu(
        { service: uncached.process.pid, neo4j },
        () => wrk(uncached.url, { seconds: 4, connections: c, headers, paths: uncachedMix }),
      );
      if (!r.cpu) break;
      jitRounds.push({
        requestsPerSecond: r.requestsPerSecond,
        neo4jMsPerRequest: r.cpu.neo4jMsPerRequest,
        jitMsPerRequest: r.cpu.neo4jJitMsPerRequest,
      });
      if (r.cpu.neo4jJitMsPerRequest < r.cpu.neo4jMsPerRequest / 10) break;
    }

    const ceiling = await wrk(`${bare.url}/healthz`, { seconds, connections: c });
    // the cached read's own ceiling: a bare server reading and setting the kit's headers and
    // answering the same request with the read's exact bytes
    // (fetched through the app's own request path, so no client decodes or adds Accept-Encoding)
    const real = await rawGet(`${cached.url}${byIdPaths[0]}`, headers);
    if (real.status !== 200) throw new Error(`policy by id answered ${real.status}`);
    await Deno.writeFile(`${tmp}/policy.json`, real.body);
    sameBytes = startBareServer({
      cannedFile: `${tmp}/policy.json`,
      extraHeaders: { etag: real.headers.etag!, ...(real.headers.vary ? { vary: real.headers.vary } : {}) },
    });
    // Compression, measured on a policy of a real policy's size: the demo data's Beijing inpatient
    // policy (4,143 bytes of JSON, mostly Chinese). The generated policies are ~1 KB, under the size the
    // kit compresses at (the coding's framing would eat the saving), so they go as they are.
    const gzHeaders = { ...headers, "Accept-Encoding": "gzip" };
    const smallGz = await rawGet(`${cached.url}${byIdPaths[0]}`, gzHeaders);
    const bigPath = `/v1/policies/${bigPolicyId}`;
    const bigPlain = await rawGet(`${cached.url}${bigPath}`, headers);
    if (bigPlain.status !== 200) throw new Error(`policy ${bigPolicyId} answered ${bigPlain.status}`);
    const bigGz = await rawGet(`${cached.url}${bigPath}`, gzHeaders);
    /** A bare server answering with the bytes and headers of `answer` (as sent, not decoded). */
    const sameAs = async (answer: Awaited<ReturnType<typeof rawGet>>, file: string) => {
      await Deno.writeFile(`${tmp}/${file}`, answer.body);
      return startBareServer({
        cannedFile: `${tmp}/${file}`,
        extraHeaders: {
          etag: answer.headers.etag!,
          ...(answer.headers.vary ? { vary: answer.headers.vary } : {}),
          ...(answer.headers["content-encoding"]
            ? { "content-encoding": answer.headers["content-encoding"] }
            : {}),
        },
      });
    };
    sameBytesBig = await sameAs(bigPlain, "big.json");
    sameBytesGz = await sameAs(bigGz, "big.json.gz");
    await new Promise((r) => setTimeout(r, 1_000));
    /** A bare server's ceiling for one request, with its CPU per request. */
    const ceilingOf = async (server: { url: string; pid: number }, h: Record<string, string>) => {
      await wrk(`${server.url}${bigPath}`, { seconds: 2, connections: c, headers: h });
      return await withCpuPerRequest(
        server.pid,
        () => wrk(`${server.url}${bigPath}`, { seconds, connections: c, headers: h }),
      );
    };
    await wrk(`${sameBytes.url}${byIdPaths[0]}`, { seconds: 2, connections: c, headers });
    const plainBare = sameBytes;
    const sameBytesCeiling = await withCpuPerRequest(
      plainBare.pid,
      () => wrk(`${plainBare.url}${byIdPaths[0]}`, { seconds, connections: c, headers }),
    );
    const bigPlainCeiling = await ceilingOf(sameBytesBig, headers);
    const bigGzCeiling = await ceilingOf(sameBytesGz, gzHeaders);
    await wrk(`${cached.url}${bigPath}`, { seconds: 2, connections: c, headers });
    await wrk(`${cached.url}${bigPath}`, { seconds: 2, connections: c, headers: gzHeaders });
    const cachedPids = { service: cached.process.pid, neo4j };
    const uncachedPids = { service: uncached.process.pid, neo4j };
    const runs: [string, (connections: number) => Promise<LoadResult & { cpu: CpuUse | null }>][] = [
      [
        "policy by id, cached",
        (n) =>
          withCpu(
            cachedPids,
            () => wrk(`${cached.url}${byIdPaths[0]}`, { seconds, connections: n, headers }),
          ),
      ],
      [
        "policy by id, 4 KB, cached",
        (n) =>
          withCpu(cachedPids, () => wrk(`${cached.url}${bigPath}`, { seconds, connections: n, headers })),
      ],
      [
        "policy by id, 4 KB, cached, gzip",
        (n) =>
          withCpu(
            cachedPids,
            () => wrk(`${cached.url}${bigPath}`, { seconds, connections: n, headers: gzHeaders }),
          ),
      ],
      [
        "policy by id, uncached",
        (n) =>
          withCpu(
            uncachedPids,
            () => wrk(uncached.url, { seconds, connections: n, headers, paths: byIdPaths }),
          ),
      ],
      [
        "in force for a county, uncached",
        (n) =>
          withCpu(
            uncachedPids,
            () => wrk(uncached.url, { seconds, connections: n, headers, paths: countyPaths }),
          ),
      ],
      [
        "search, uncached",
        (n) =>
          withCpu(
            uncachedPids,
            () => wrk(uncached.url, { seconds, connections: n, headers, paths: searchPaths }),
          ),
      ],
    ];
    const results: Measured[] = [];
    for (const [name, run] of runs) {
      const r = await run(c);
      const single = await run(1);
      results.push({ name, ...r, ratioToCeiling: r.requestsPerSecond / ceiling.requestsPerSecond, single });
    }
    // which searches are slow: each filter alone (8 questions), 8 connections and one
    const searchByFilter: SearchByFilter[] = [];
    const byFilter: [string, string[], typeof uncached][] = [
      ...searchPathsBy.map(([label, paths]) =>
        [label, paths, uncached] as [string, string[], typeof uncached]
      ),
      ...searchPathsBy.map(([label, paths]) =>
        [`${label.split(" (")[0]}, fulltext only`, paths, fulltextOnly] as [string, string[], typeof uncached]
      ),
    ];
    for (const [label, paths, svc] of byFilter) {
      const pids = { service: svc.process.pid, neo4j };
      const many = await withCpu(pids, () => wrk(svc.url, { seconds: 3, connections: c, headers, paths }));
      const one = await wrk(svc.url, { seconds: 3, connections: 1, headers, paths });
      searchByFilter.push({ label, many, one });
    }
    const partsGraph = benchGraph(env);
    const countyParts = await countyListParts(partsGraph, gen.counties, neo4j).finally(() =>
      partsGraph.close()
    );
    const searchIndex = {
      ...await searchIndexFigures(uncached.url),
      rssMb: rssMb(uncached.process.pid),
      rssWithoutMb: rssMb(fulltextOnly.process.pid),
    };
    return {
      graph: { policies: gen.policies, versions: gen.versions, overrides: gen.overrides, generateS },
      ceiling,
      sameBytesCeiling,
      cachedRatioToSameBytes: results[0]!.requestsPerSecond / sameBytesCeiling.requestsPerSecond,
      gzip: {
        policyId: bigPolicyId,
        coding: bigGz.headers["content-encoding"] ?? null,
        identityBytes: bigPlain.body.length,
        gzipBytes: bigGz.body.length,
        plainSameBytesCeiling: bigPlainCeiling,
        plainRatioToSameBytes: results[1]!.requestsPerSecond / bigPlainCeiling.requestsPerSecond,
        sameBytesCeiling: bigGzCeiling,
        ratioToSameBytes: results[2]!.requestsPerSecond / bigGzCeiling.requestsPerSecond,
        small: { bytes: smallGz.body.length, coding: smallGz.headers["content-encoding"] ?? null },
      },
      results,
      searchCold,
      jitRounds,
      searchByFilter,
      searchIndex,
      countyListParts: countyParts,
    };
  } finally {
    await bare.stop();
    await sameBytes?.stop();
    await sameBytesGz?.stop();
    await sameBytesBig?.stop();
    await Promise.all([cached.stop(), uncached.stop(), fulltextOnly.stop()]);
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
