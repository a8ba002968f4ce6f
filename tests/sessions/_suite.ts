/** Starts the sessions service in-process (one or more instances) against the run's Neo4j and NATS. */
import assert from "node:assert/strict";
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { signedAudienceToken } from "./_audience_token.ts";
import { service as sessions } from "../../services/sessions/service.ts";
import { serviceEnv, testGraph, testTokenSecret, unique } from "../harness/mod.ts";
import { type Graph, toPlain } from "@yibao/graph";
import { call } from "../policy/_suite.ts";

export { call } from "../policy/_suite.ts";

/** Starts `n` instances of the sessions service sharing the graph and the bus. */
export async function startSessions(
  n = 1,
  env: Record<string, string> = {},
): Promise<{ instances: RunningService[]; stop(): Promise<void> }> {
  // In-process requests all share one client address: the per-address limits are tested on their own
  // (audience_tokens_test.ts), so the other tests get room for their many audience members.
  const e = serviceEnv({
    SESSION_REMINDER_INTERVAL_MS: "200",
    QUESTION_RATE_PER_ADDRESS: "10000",
    VOTES_PER_ADDRESS_PER_QUESTION: "10000",
    ...env,
  });
  const instances: RunningService[] = [];
  for (let i = 0; i < n; i++) instances.push(await runService(sessions, { env: e, handleSignals: false }));
  return {
    instances,
    async stop() {
      await Promise.all(instances.map((s) => s.shutdown()));
    },
  };
}

/** A host of the test's own (so schedules never collide with other tests'), with a token. */
export async function newHost(): Promise<{ id: string; name: string; token: string }> {
  const id = unique("host");
  return {
    id,
    name: `主播${id.slice(-4)}`,
    token: await issueToken(testTokenSecret, { sub: id, role: "host", name: `主播${id.slice(-4)}` }),
  };
}

/** Tokens of other roles. */
export async function otherTokens() {
  return {
    admin: await issueToken(testTokenSecret, { sub: "adm-eve", role: "admin", name: "管理员" }),
    operator: await issueToken(testTokenSecret, { sub: "op-ann", role: "operator", name: "运营" }),
    reviewer: await issueToken(testTokenSecret, { sub: "rev-cai", role: "reviewer", name: "审核" }),
  };
}

/** A topic and a region of the test's own: a city under a province under the national root. */
export async function ownPlaces(): Promise<
  { topic: string; province: string; city: string; county: string }
> {
  const n = String(Math.floor(Math.random() * 9e5) + 1e5);
  const ids = {
    topic: `t${unique("s").replace(/-/g, "")}`,
    province: `9${n.slice(0, 1)}0000`,
    city: "",
    county: "",
  };
  // Codes in the unused 9x range, distinct per test run thanks to the random digits.
  ids.province = `9${n.slice(0, 5)}`.slice(0, 6);
  ids.city = `8${n.slice(0, 5)}`.slice(0, 6);
  ids.county = `7${n.slice(0, 5)}`.slice(0, 6);
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run(
        `MERGE (t:Topic {id: $topic}) SET t.nameZh = '测试主题', t.nameEn = 'Test topic'
         MERGE (root:Region {code: '000000'}) ON CREATE SET root.name = '全国', root.level = 'national'
         MERGE (p:Region {code: $province}) SET p.name = '测试省', p.level = 'province'
         MERGE (c:Region {code: $city}) SET c.name = '测试市', c.level = 'city'
         MERGE (k:Region {code: $county}) SET k.name = '测试县', k.level = 'county'
         MERGE (p)-[:PART_OF]->(root) MERGE (c)-[:PART_OF]->(p) MERGE (k)-[:PART_OF]->(c)`,
        ids,
      )
    );
  } finally {
    await graph.close();
  }
  return ids;
}

/** An instant `hours` from now, whole minutes, as ISO. */
export function hoursFromNow(hours: number): string {
  const t = Date.now() + hours * 3_600_000;
  return new Date(Math.floor(t / 60_000) * 60_000).toISOString();
}

/** A valid new-session body for `host` on its own channel account. */
export function newSession(
  host: { id: string; name: string },
  places: { topic: string; city: string },
  extra: Record<string, unknown> = {},
) {
  return {
    title: "跨省异地就医直播答疑",
    description: "周三晚间特别节目：异地就医备案怎么办。",
    startsAt: hoursFromNow(48),
    durationMinutes: 60,
    channel: "douyin",
    channelAccount: `acct-${host.id}`,
    streamUrl: "https://live.example.cn/room/1",
    topics: [places.topic],
    audiences: ["insured"],
    region: places.city,
    ...extra,
  };
}

/** A signed audience token for `label`, as `POST /v1/audience-tokens` would issue it (see `_audience_token.ts`). */
export function audienceToken(label: string | number, ttlSeconds = 3600): string {
  return signedAudienceToken(testTokenSecret, label, ttlSeconds);
}

/** The question's stored total and the number of its Vote nodes, read from the graph. */
export async function storedVotes(
  graph: Graph,
  questionId: string,
): Promise<{ votes: number; nodes: number }> {
  return await graph.read(async (tx) => {
    const r = (await tx.run(
      `MATCH (q:Question {id: $id})
       RETURN q.votes AS votes, COUNT { MATCH (v:Vote {questionId: $id}) } AS nodes`,
      { id: questionId },
    )).records[0]!;
    return { votes: toPlain(r.get("votes")) as number, nodes: toPlain(r.get("nodes")) as number };
  });
}

/** A vote (POST) or its retraction (DELETE) by an audience member. */
export const vote = (s: RunningService, q: string, who: string, method = "POST") =>
  call(s, method, `/v1/questions/${q}/votes`, { headers: { "x-client-token": audienceToken(who) } });

/** A new session of a new host on `s`, with `n` questions asked by audience members: their ids. */
export async function askedQuestions(s: RunningService, n: number): Promise<string[]> {
  const host = await newHost();
  const session =
    (await call(s, "POST", "/v1/sessions", { token: host.token, body: newSession(host, await ownPlaces()) }))
      .body;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await call(s, "POST", `/v1/sessions/${session.id}/questions`, {
      body: { text: `点赞测试问题 ${i}：门诊慢特病第${i}种怎么报销？` },
      headers: { "x-client-token": audienceToken(`vote-asker-${session.id}-${i}`) },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.question.id);
  }
  return ids;
}
