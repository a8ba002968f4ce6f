/**
 * Awareness read from answers. These tests write panels of known answers (ItemLaunch, Answer and
 * AnswerReceipt nodes) with Cypher, as graph-schema/README.md describes them, to check the figures
 * exactly; tests/sessions/quiz_flow_test.ts answers through the API end to end.
 */
import assert from "node:assert/strict";
import { testGraph, unique } from "../harness/mod.ts";
import { createItem, knowledgeItem, ownPolicy } from "./_items.ts";
import { call, newHost, newSession, otherTokens, ownPlaces, startSessions } from "./_suite.ts";

interface AnswerRow {
  launchId: string;
  itemId: string;
  correct: boolean | null;
  respondentId: string | null;
  regionCode: string;
  audience: string;
  answeredAt?: string;
  choiceIds?: string[];
  text?: string | null;
}

async function seed(
  sessionId: string,
  launches: { id: string; purpose: string; itemIds: string[] }[],
  answers: AnswerRow[],
) {
  const graph = testGraph();
  try {
    await graph.write(async (tx) => {
      await tx.run(
        `MATCH (s:LiveSession {id: $sessionId})
         UNWIND $launches AS l
         CREATE (x:ItemLaunch {id: l.id, sessionId: $sessionId, kind: 'quiz', purpose: l.purpose, status: 'closed',
                               resultsVisible: false, timed: false, itemIds: l.itemIds, openedAt: datetime()})-[:IN]->(s)`,
        { sessionId, launches },
      );
      await tx.run(
        `UNWIND $answers AS a
         MATCH (l:ItemLaunch {id: a.launchId}), (i:Item {id: a.itemId})
         CREATE (ans:Answer {id: randomUUID(), launchId: a.launchId, itemId: a.itemId, sessionId: $sessionId,
                             choiceIds: a.choiceIds, text: a.text, correct: a.correct,
                             answeredAt: datetime(a.answeredAt), regionCode: a.regionCode, audience: a.audience,
                             respondentId: a.respondentId})
         CREATE (ans)-[:TO]->(i), (ans)-[:IN]->(l)
         CREATE (:AnswerReceipt {launchId: a.launchId, itemId: a.itemId,
                                 respondentId: coalesce(a.respondentId, randomUUID()), answeredAt: datetime(a.answeredAt)})`,
        {
          sessionId,
          answers: answers.map((a) => ({
            choiceIds: a.correct === null ? [] : [a.correct ? "true" : "false"],
            text: null,
            answeredAt: "2026-11-30T12:00:00Z",
            ...a,
          })),
        },
      );
    });
  } finally {
    await graph.close();
  }
}

Deno.test("awareness: by region (with the regions below), audience, dates and policy; hardest items; lowest policies; per session with pre/post; CSV", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const t = await otherTokens();
    const host = await newHost();
    const other = await newHost();
    const places = await ownPlaces();
    const elsewhere = await ownPlaces();
    const policyA = await ownPolicy("aware-a", 1, "异地就医备案");
    const policyB = await ownPolicy("aware-b", 1, "门诊共济");
    const x = await createItem(s, host.token, knowledgeItem(policyA));
    const y = await createItem(s, host.token, knowledgeItem(policyA, 1, { stem: "备案后可以直接结算。" }));
    const z = await createItem(s, host.token, knowledgeItem(policyB, 1, { stem: "个人账户可以给父母用。" }));
    const rating = await createItem(s, host.token, { kind: "rating", stem: "讲得清楚吗？", anonymous: true });
    const session = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places),
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const sid = session.body.id as string;
    const L = {
      live: unique("lch-live"),
      pre: unique("lch-pre"),
      post: unique("lch-post"),
      sat: unique("lch-sat"),
    };

    const rows: AnswerRow[] = [];
    // 30 elderly people in the county (below the province) answer x: 24 right → 62.7%–90.5%.
    for (let n = 0; n < 30; n++) {
      rows.push({
        launchId: L.live,
        itemId: x.id,
        correct: n < 24,
        respondentId: `r-live-${sid}-${n}`,
        regionCode: places.county,
        audience: "elderly",
      });
    }
    // 10 answer z in the city: 2 right (the least-known policy there).
    for (let n = 0; n < 10; n++) {
      rows.push({
        launchId: L.live,
        itemId: z.id,
        correct: n < 2,
        respondentId: `r-live-${sid}-${n}`,
        regionCode: places.city,
        audience: "insured",
      });
    }
    // Elsewhere (not under the province): 5 right answers to x, later in the day.
    for (let n = 0; n < 5; n++) {
      rows.push({
        launchId: L.live,
        itemId: x.id,
        correct: true,
        respondentId: `r-far-${sid}-${n}`,
        regionCode: elsewhere.county,
        audience: "elderly",
        answeredAt: "2026-11-30T20:00:00Z",
      });
    }
    // Pre/post on x and y, elsewhere (so the region figures above stay as they are):
    // A pre 0/2 post 2/2; B pre 1/2 post 1/2; C only pre (1/2); D only post (2/2).
    // Paired A, B: mean pre 0.25, mean post 0.75, mean gain 0.5, g = 0.5 / 0.75 = 2/3.
    const test = (purpose: "pre" | "post", who: string, right: number) =>
      [x, y].forEach((item, n) =>
        rows.push({
          launchId: L[purpose],
          itemId: item.id,
          correct: n < right,
          respondentId: `${who}-${sid}`,
          regionCode: elsewhere.city,
          audience: "insured",
        })
      );
    test("pre", "A", 0), test("post", "A", 2), test("pre", "B", 1), test("post", "B", 1);
    test("pre", "C", 1), test("post", "D", 2);
    // An anonymous satisfaction rating: no correct, no respondent.
    rows.push({
      launchId: L.sat,
      itemId: rating.id,
      correct: null,
      respondentId: null,
      regionCode: places.city,
      audience: "insured",
    });
    await seed(sid, [
      { id: L.live, purpose: "live", itemIds: [x.id, z.id] },
      { id: L.pre, purpose: "preTest", itemIds: [x.id, y.id] },
      { id: L.post, purpose: "postTest", itemIds: [x.id, y.id] },
      { id: L.sat, purpose: "satisfaction", itemIds: [rating.id] },
    ], rows);

    const get = (path: string, token = t.operator) => call(s, "GET", path, { token });
    const pct = (v: number) => Math.round(v * 1000) / 10;

    const province = await get(`/v1/awareness?region=${places.province}&policy=${policyA}`);
    assert.equal(province.status, 200, JSON.stringify(province.body));
    const a = province.body.policies[0];
    assert.equal(province.body.policies.length, 1);
    assert.deepEqual([a.policyId, a.n, a.correct, pct(a.lower), pct(a.upper)], [policyA, 30, 24, 62.7, 90.5]);
    assert.equal(a.rate, 0.8);
    assert.equal(a.meetsTarget, false);
    assert.equal(a.tooSmall, true);
    assert.equal(a.verdict.zh, "样本太少，无法判断");
    assert.equal(a.title, "异地就医备案");

    const elderly = await get(`/v1/awareness?region=${places.province}&audience=elderly`);
    assert.deepEqual(elderly.body.policies.map((p: { policyId: string }) => p.policyId), [policyA]);
    const evening = await get(
      `/v1/awareness?region=${elsewhere.province}&policy=${policyA}&from=2026-11-30T19:00:00Z&to=2026-12-01T00:00:00Z`,
    );
    assert.deepEqual([evening.body.overall.n, evening.body.overall.correct], [5, 5]);
    const none = await get(`/v1/awareness?region=${places.province}&from=2030-01-01T00:00:00Z`);
    assert.equal(none.body.overall.n, 0);
    assert.equal(none.body.overall.rate, null);
    const badRange = await get(`/v1/awareness?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`);
    assert.equal(badRange.status, 400);
    assert.equal(badRange.body.errors[0].path, "query.to");

    const lowest = await get(`/v1/awareness/policies?region=${places.province}`);
    assert.deepEqual(lowest.body.policies.map((p: { policyId: string }) => p.policyId), [policyB, policyA]);
    assert.equal((await get("/v1/awareness/policies")).status, 400, "region is required");
    const hardest = await get(`/v1/awareness/items?region=${places.province}`);
    assert.deepEqual(hardest.body.items.map((i: { itemId: string }) => i.itemId), [z.id, x.id]);

    // Per session: its host, operators, reviewers; not another host.
    assert.equal((await get(`/v1/sessions/${sid}/awareness`, other.token)).status, 403);
    assert.equal((await call(s, "GET", `/v1/sessions/${sid}/awareness`)).status, 401);
    assert.equal((await get(`/v1/sessions/ses-nosuchsession/awareness`, t.reviewer)).status, 404);
    const mine = await get(`/v1/sessions/${sid}/awareness`, host.token);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const pp = mine.body.prePost.overall;
    assert.deepEqual([pp.paired, pp.onlyPre, pp.onlyPost], [2, 1, 1]);
    assert.ok(Math.abs(pp.meanPre - 0.25) < 1e-9 && Math.abs(pp.meanPost - 0.75) < 1e-9);
    assert.ok(Math.abs(pp.meanGain - 0.5) < 1e-9);
    assert.ok(Math.abs(pp.hakeG - 2 / 3) < 1e-9);
    assert.deepEqual(mine.body.prePost.policies.map((p: { policyId: string }) => p.policyId), [policyA]);
    // Pre-tests left out of the session's awareness: live 30 + 5 on x and 10 on z; post-test 3 on
    // x and 3 on y (A, B, D). Hardest first by the upper bound: z 2/10, x 32/38, y 2/3.
    assert.equal(mine.body.overall.n, 51);
    assert.deepEqual(
      mine.body.items.map((i: { itemId: string; n: number }) => [i.itemId, i.n]),
      [[z.id, 10], [x.id, 38], [y.id, 3]],
    );
    assert.equal((await get(`/v1/sessions/${sid}/awareness`, t.reviewer)).status, 200);

    // CSV while the session is still ahead (live or after: the export reads what is there).
    const res = await s.app.request(`/v1/sessions/${sid}/answers.csv`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/csv/);
    const csv = await res.text();
    assert.ok(csv.startsWith("\uFEFF作答时间"));
    const lines = csv.slice(1).trimEnd().split("\r\n");
    assert.equal(lines.length, 1 + rows.length);
    const anonymous = lines.find((l) => l.includes(rating.id))!;
    assert.ok(anonymous.endsWith(","), "the anonymous answer names no respondent");
    assert.equal(
      (await call(s, "GET", `/v1/sessions/${sid}/answers.csv`, { token: other.token })).status,
      403,
    );
  } finally {
    await svc.stop();
  }
});
