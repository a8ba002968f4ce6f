/** Starts the policy and policy-admin services in-process against the run's Neo4j and NATS. */
import { shanghaiToday } from "@yibao/domain";
import type { Graph } from "@yibao/graph";
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { service as policy } from "../../services/policy/service.ts";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { serviceEnv, testGraph, testTokenSecret, unique } from "../harness/mod.ts";

/** Tokens of people with each role (two operators, for four-eyes tests). */
export async function people() {
  const t = (sub: string, role: "operator" | "reviewer" | "host" | "admin") =>
    issueToken(testTokenSecret, { sub, role, name: sub });
  return {
    operator: await t("op-ann", "operator"),
    operator2: await t("op-bo", "operator"),
    reviewer: await t("rev-cai", "reviewer"),
    host: await t("host-dai", "host"),
    admin: await t("adm-eve", "admin"),
  };
}

/** A running pair of services and a way to call them. */
export interface Suite {
  policy: RunningService;
  admin: RunningService;
  stop(): Promise<void>;
}

/** Starts both services (a second admin instance when `admins` is 2). */
export async function startSuite(
  options: { admins?: number; policies?: number; env?: Record<string, string> } = {},
): Promise<Suite & { admins: RunningService[]; policies: RunningService[] }> {
  const env = serviceEnv({ EFFECTIVE_CHECK_INTERVAL_MS: "200", ...options.env });
  const policies: RunningService[] = [];
  for (let i = 0; i < (options.policies ?? 1); i++) {
    policies.push(await runService(policy, { env, handleSignals: false }));
  }
  const p = policies[0]!;
  const admins: RunningService[] = [];
  for (let i = 0; i < (options.admins ?? 1); i++) {
    admins.push(await runService(policyAdmin, { env, handleSignals: false }));
  }
  return {
    policy: p,
    admin: admins[0]!,
    admins,
    policies,
    async stop() {
      await Promise.all([...policies.map((x) => x.shutdown()), ...admins.map((a) => a.shutdown())]);
    },
  };
}

/** Calls an app in-process with a bearer token and an optional JSON body. */
export async function call(
  svc: RunningService,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // deno-lint-ignore no-explicit-any -- JSON bodies of many shapes, asserted field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await svc.app.request(path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A topic of the test's own, so its policies never mix with other tests' in lists. */
export async function ownTopic(): Promise<string> {
  const id = `t${unique("x").replace(/-/g, "")}`;
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run("MERGE (t:Topic {id: $id}) SET t.nameZh = '测试主题', t.nameEn = 'Test topic'", { id })
    );
  } finally {
    await graph.close();
  }
  return id;
}

/** A valid new-policy body. */
export function newPolicy(id: string, topic: string, regions: string[], extra: Record<string, unknown> = {}) {
  return {
    id,
    docNumber: `测试〔2025〕${Math.floor(Math.random() * 1000)}号`,
    issuer: "测试医保局",
    regions,
    audiences: ["insured", "elderly"],
    topics: [topic],
    title: `测试政策 ${id}`,
    body: "这是一份用于测试的政策正文，说明参保人如何享受待遇、如何办理以及咨询 12393 热线。",
    summaries: {
      insured: "参保人可以按规定享受这项待遇，具体以当地经办机构解释为准。",
      elderly: "老年朋友：这项待遇可以用，有疑问请拨打 12393。",
    },
    summary: "首次发布这项测试政策。",
    effectiveFrom: shanghaiToday(),
    ...extra,
  };
}

/** Creates, submits, approves and publishes a policy; returns its initial amendment. */
export async function publishNewPolicy(
  suite: Suite,
  body: ReturnType<typeof newPolicy>,
  tokens: Awaited<ReturnType<typeof people>>,
  // deno-lint-ignore no-explicit-any -- the amendment as JSON
): Promise<any> {
  const created = await call(suite.admin, "POST", "/v1/policies", { token: tokens.operator, body });
  if (created.status !== 201) throw new Error(`create ${body.id}: ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  await reviewAndPublish(suite.admin, id, tokens);
  return (await call(suite.admin, "GET", `/v1/amendments/${id}`, { token: tokens.operator })).body;
}

/** A date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Submits (operator), approves (reviewer) and publishes (operator) an amendment; each step must answer 200. */
export async function reviewAndPublish(
  admin: RunningService,
  amendmentId: string,
  tokens: Awaited<ReturnType<typeof people>>,
): Promise<void> {
  for (
    const [step, token] of [["submit", tokens.operator], ["approve", tokens.reviewer], [
      "publish",
      tokens.operator,
    ]] as const
  ) {
    const r = await call(admin, "POST", `/v1/amendments/${amendmentId}/${step}`, { token });
    if (r.status !== 200) throw new Error(`${step} ${amendmentId}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/**
 * 1,100 "decoy" policies whose version expired in 2021 holds `word` in a short text (so it scores
 * above the rest) while their version valid today does not hold it, and 230 "current" policies whose
 * version valid today holds it in a longer text: a search by date must find only the current ones.
 */
export async function seedOutscoringExpired(graph: Graph, prefix: string): Promise<{
  word: string;
  decoys: string[];
  current: string[];
  remove(): Promise<void>;
}> {
  const run = unique(prefix).replace(/[^a-z0-9]/g, "");
  const word = `z${run}`;
  const decoys = Array.from({ length: 1_100 }, (_, i) => `${prefix}-${run}-decoy-${i}`);
  const current = Array.from({ length: 230 }, (_, i) => `${prefix}-${run}-current-${i}`);
  await graph.write((tx) =>
    tx.run(
      `UNWIND $rows AS r
       CREATE (p:Policy {id: r.id, docNumber: '测试〔2025〕9号', issuer: '测试医保局', latestVersion: 2})
       CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: r.id + '@1', policyId: r.id, version: 1,
               title: r.oldTitle, body: r.oldTitle, searchText: '', summaries: '{}', rules: '[]', eligibility: '[]',
               effectiveFrom: date('2020-01-01'), effectiveTo: date('2021-01-01'), publishedAt: datetime('2019-12-01T00:00:00Z')})
       CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: r.id + '@2', policyId: r.id, version: 2,
               title: '测试检索政策', body: r.body, searchText: '', summaries: '{}', rules: '[]', eligibility: '[]',
               effectiveFrom: date('2021-01-01'), effectiveTo: null, publishedAt: datetime('2020-12-01T00:00:00Z')})`,
      {
        rows: [
          ...decoys.map((id) => ({ id, oldTitle: word, body: "测试用的政策正文" })),
          ...current.map((id) => ({ id, oldTitle: "测试", body: `说明文字，${word}，其余为说明文字。` })),
        ],
      },
    )
  );
  return {
    word,
    decoys,
    current,
    remove: () =>
      graph.write((tx) =>
        tx.run(
          "MATCH (p:Policy) WHERE p.id IN $ids OPTIONAL MATCH (p)-[:HAS_VERSION]->(v) DETACH DELETE p, v",
          {
            ids: [...decoys, ...current],
          },
        )
      ).then(() => {}),
  };
}
