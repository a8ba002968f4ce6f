/**
 * The reimbursement estimator: estimates per second in-process on one core, over HTTP against a
 * bare Deno.serve ceiling in the same run, and the latency of a batch of 1,000.
 */
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { estimate } from "../../services/eligibility/rules/mod.ts";
import { loadDemoRule } from "../../services/eligibility/rules/load_demo_rule.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { ensureWrk, type LoadResult, wrk } from "./load.ts";
import {
  type BareServer,
  benchGraph,
  benchServiceEnv,
  startBareEstimator,
  startBareServer,
  withCpuPerRequest,
} from "./servers.ts";

/** The request every HTTP measurement sends (a retired Beijing employee's level-3 admission). */
export const estimatorRequest = {
  person: { insuranceType: "employee", enrollmentRegion: "110105", employment: "retired", age: 66 },
  visit: {
    type: "inpatient",
    careRegion: "110108",
    hospitalLevel: 3,
    date: "2026-06-01",
    amounts: { classAFen: 4_200_000, classBFen: 800_000, selfPayFen: 150_000 },
  },
  yearToDate: {
    admissions: 1,
    deductiblePaidFen: 130_000,
    fundPaidFen: 900_000,
    secondLayerPaidFen: 0,
    inScopeCostFen: 1_100_000,
  },
};

/** Runs the three measurements against the servers in `env`. */
export async function estimatorBench(env: Record<string, string>, seconds = 5): Promise<{
  inProcess: { estimatesPerSecond: number; estimates: number };
  http: LoadResult & { cpuUsPerRequest: number | null };
  ceiling: LoadResult;
  sameRequestCeiling: LoadResult & { cpuUsPerRequest: number | null };
  ratio: number;
  sameRequestRatio: number;
  /**
   * The same-request ceiling's CPU per request over the service's (each process's user + system time
   * per request): what the ratio would be if each had a core to itself; it moves far less with the
   * machine's load than the requests/s ratio.
   */
  sameRequestCpuRatio: number | null;
  /** The same-request ceiling that also reads and sets the kit's headers, sent the same headers. */
  sameRequestHeadersCeiling: LoadResult;
  sameRequestHeadersRatio: number;
  /**
   * The endpoint's floor: a bare Deno.serve doing only the endpoint's own work (read its headers,
   * parse and validate the body with the route's schema, estimate with the service's code, write the
   * answer's JSON with its two headers), answering with the service's exact bytes. Its ratio to the
   * same-request ceiling bounds what any implementation reaches on this machine.
   */
  floor: LoadResult & { cpuUsPerRequest: number | null };
  floorRatio: number;
  /** The service's requests/s over the floor's: what the kit, Hono and the rule lookup cost. */
  serviceToFloor: number;
  batch1000: { p50Ms: number; p99Ms: number; samples: number };
}> {
  // 1. in-process, one core: the pure function over the Beijing rule with varying amounts
  const { rule, policyId, version } = await loadDemoRule(
    "bj-employee-inpatient-benefits",
    "bj-employee-inpatient",
  );
  const inputs = Array.from({ length: 1_000 }, (_, i) => ({
    person: {
      insuranceType: "employee" as const,
      employment: (i % 3 ? "employed" : "retired") as "employed" | "retired",
      age: 40 + (i % 40),
    },
    visit: {
      type: "inpatient" as const,
      hospitalLevel: ((i % 3) + 1) as 1 | 2 | 3,
      crossRegion: false,
      amounts: {
        classAFen: 100_000 + i * 9_973,
        classBFen: (i * 7_919) % 500_000,
        selfPayFen: (i * 104_729) % 100_000,
      },
    },
    yearToDate: {
      admissions: i % 3,
      deductiblePaidFen: 0,
      fundPaidFen: (i * 31) % 2_000_000,
      secondLayerPaidFen: 0,
      inScopeCostFen: (i * 1_009) % 3_000_000,
    },
  }));
  for (let i = 0; i < 5_000; i++) estimate(rule, inputs[i % inputs.length]!, { policyId, version });
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 1_000; i++) estimate(rule, inputs[i]!, { policyId, version });
    n += 1_000;
  }
  const inProcess = { estimatesPerSecond: n / ((performance.now() - started) / 1000), estimates: n };

  // 2. over HTTP, against the ceiling
  await ensureWrk();
  const graph = benchGraph(env);
  const key = await generateApiKey();
  await saveApiKey(graph, { id: key.id, hash: key.hash, name: "bench", scopes: ["eligibility:read"] });
  await graph.close();
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-eligibility-" });
  const bare = startBareServer();
  let bareEcho: BareServer | undefined;
  let bareEchoHeaders: BareServer | undefined;
  let bareEstimator: BareServer | undefined;
  const spec = suite.find((s) => s.name === "eligibility")!;
  const svc = spawnService(spec, {
    port: freePort(),
    env: benchServiceEnv(env),
    logFile: `${tmp}/eligibility.log`,
  });
  try {
    await waitReady(svc, 60_000, `${tmp}/eligibility.log`);
    const headers = { "X-API-Key": key.key };
    const body = JSON.stringify(estimatorRequest);
    // The same-request ceiling: a bare Deno.serve that parses this body and answers with the
    // bytes of a real estimate, so the ratio measures what the service adds to HTTP itself.
    const real = await fetch(`${svc.url}/v1/estimates`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    if (real.status !== 200) throw new Error(`estimate answered ${real.status}: ${await real.text()}`);
    const realBytes = new Uint8Array(await real.arrayBuffer());
    await Deno.writeFile(`${tmp}/estimate.json`, realBytes);
    // the floor: the service's estimator alone behind a bare Deno.serve, under the rule the service
    // answered with (its pooling region Beijing's, as the demo data's policy is)
    const answered = JSON.parse(new TextDecoder().decode(realBytes)) as {
      rule: { id: string; policyId: string };
      crossRegion: boolean;
    };
    if (answered.crossRegion) throw new Error("the bench's request is meant to be a local visit");
    bareEstimator = startBareEstimator({
      policyId: answered.rule.policyId,
      ruleId: answered.rule.id,
      appliesIn: [estimatorRequest.person.enrollmentRegion.slice(0, 2) + "0000"],
    });
    const floorAnswer = await untilAnswered(`${bareEstimator.url}/v1/estimates`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    if (floorAnswer !== new TextDecoder().decode(realBytes)) {
      throw new Error(`the floor server's estimate differs from the service's:\n${floorAnswer}`);
    }
    bareEcho = startBareServer({ cannedFile: `${tmp}/estimate.json` });
    // and the same with the kit's headers read and set, sent the same request headers (API key)
    bareEchoHeaders = startBareServer({ cannedFile: `${tmp}/estimate.json`, readAndSetHeaders: true });
    await wrk(`${svc.url}/v1/estimates`, { seconds: 2, connections: 8, headers, postJson: body });
    await wrk(`${bare.url}/healthz`, { seconds: 2, connections: 8 });
    await wrk(`${bareEcho.url}/v1/estimates`, { seconds: 2, connections: 8, postJson: body });
    await wrk(`${bareEchoHeaders.url}/v1/estimates`, { seconds: 2, connections: 8, headers, postJson: body });
    const ceiling = await wrk(`${bare.url}/healthz`, { seconds, connections: 8 });
    const echo = bareEcho;
    const sameRequestCeiling = await withCpuPerRequest(echo.pid, () =>
      wrk(`${echo.url}/v1/estimates`, {
        seconds,
        connections: 8,
        postJson: body,
      }));
    const sameRequestHeadersCeiling = await wrk(`${bareEchoHeaders.url}/v1/estimates`, {
      seconds,
      connections: 8,
      headers,
      postJson: body,
    });
    const http = await withCpuPerRequest(
      svc.process.pid,
      () => wrk(`${svc.url}/v1/estimates`, { seconds, connections: 8, headers, postJson: body }),
    );
    const floorServer = bareEstimator;
    await wrk(`${floorServer.url}/v1/estimates`, { seconds: 2, connections: 8, headers, postJson: body });
    const floor = await withCpuPerRequest(
      floorServer.pid,
      () => wrk(`${floorServer.url}/v1/estimates`, { seconds, connections: 8, headers, postJson: body }),
    );

    // 3. a batch of 1,000, one at a time
    const batch = JSON.stringify({ items: Array.from({ length: 1_000 }, () => estimatorRequest) });
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const res = await fetch(`${svc.url}/v1/estimates/batch`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: batch,
      });
      if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return {
      inProcess,
      http,
      ceiling,
      sameRequestCeiling,
      ratio: http.requestsPerSecond / ceiling.requestsPerSecond,
      sameRequestRatio: http.requestsPerSecond / sameRequestCeiling.requestsPerSecond,
      sameRequestCpuRatio: http.cpuUsPerRequest && sameRequestCeiling.cpuUsPerRequest
        ? sameRequestCeiling.cpuUsPerRequest / http.cpuUsPerRequest
        : null,
      sameRequestHeadersCeiling,
      sameRequestHeadersRatio: http.requestsPerSecond / sameRequestHeadersCeiling.requestsPerSecond,
      floor,
      floorRatio: floor.requestsPerSecond / sameRequestCeiling.requestsPerSecond,
      serviceToFloor: http.requestsPerSecond / floor.requestsPerSecond,
      batch1000: {
        p50Ms: times[Math.floor(times.length / 2)]!,
        p99Ms: times[Math.ceil(times.length * 0.99) - 1]!,
        samples: times.length,
      },
    };
  } finally {
    await bare.stop();
    await bareEcho?.stop();
    await bareEchoHeaders?.stop();
    await bareEstimator?.stop();
    await svc.stop();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** The body text of the first answer to `request` at `url`, retried while the server starts (30 s). */
async function untilAnswered(url: string, request: RequestInit): Promise<string> {
  for (const until = Date.now() + 30_000;;) {
    try {
      const res = await fetch(url, request);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return text;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
