/**
 * The quiz seam end to end, through the HTTP APIs only (real Neo4j and NATS): an operator writes
 * knowledge items citing a published policy, a host launches a pre-test, the audience answers, the host
 * launches the post-test with the same items and a satisfaction survey, and the session's awareness,
 * awareness by region, the CSV export and an amendment's flagging all show exactly the hand-worked panel.
 *
 * The panel (three knowledge items i1 single choice, i2 true/false, i3 open text; r a rating, anonymous):
 *
 * | person | declares        | pre i1 i2 i3 | score | post i1 i2 i3 | score |
 * | ------ | --------------- | ------------ | ----- | ------------- | ----- |
 * | A      | county, retired | ✗  ✗  ✗      | 0     | ✓  ✓  ✓       | 1     |
 * | B      | county, retired | ✓  ✗  ✗      | 1/3   | ✓  ✓  ✗       | 2/3   |
 * | C      | county, retired | ✓  ✓  ✓      | 1     | ✓  ✓  ✓       | 1     |
 * | D      | county, retired | ✗  ✗  ✗      | 0     | —             |       |
 * | E      | nothing         | —            |       | ✓  ✗  ✗       | 1/3   |
 *
 * Paired A, B, C: mean pre 4/9, mean post 8/9, mean gain mean(1, 1/3, 0) = 4/9, Hake's g = (4/9)/(5/9) = 0.8;
 * only-pre 1 (D), only-post 1 (E). Awareness leaves the pre-test out: i1 4/4, i2 3/4, i3 2/4, the policy
 * 9/12 from 4 people. E declared nothing, so E's answers carry the session's region (the city) and its one
 * audience (insured); all are below the province.
 */
import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { eventually } from "../harness/mod.ts";
import {
  addDays,
  newPolicy,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";
import { createItem } from "./_items.ts";
import { audienceToken, call, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

/** Wilson 95% interval, written out here independently of the service's maths. */
function wilson(k: number, n: number) {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + z * z / n;
  const c = (p + z * z / (2 * n)) / d;
  const m = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
  return { lower: c - m, upper: c + m };
}
const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

Deno.test("quiz flow: items cite a policy, pre/post launches answered by the audience give the hand-worked awareness, CSV, and an amendment holds the items back", async () => {
  const began = Date.now();
  const suite = await startSuite();
  const svc = await startSessions(2);
  try {
    const [s, s2] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const tokens = await people();
    const places = await ownPlaces();
    const pid = `quizflow-${places.topic.toLowerCase()}`;
    await publishNewPolicy(suite, newPolicy(pid, places.topic, ["110000"]), tokens);

    // The operator writes the items through the item API, citing the policy's version 1.
    const tests = { policyId: pid, version: 1 };
    const i1 = await createItem(s, tokens.operator, {
      kind: "singleChoice",
      stem: "跨省异地就医备案后，住院费用怎么结算？",
      choices: [{ id: "a", text: "先全额垫付再回参保地报销" }, { id: "b", text: "在就医医院直接结算" }],
      correctChoiceIds: ["b"],
      explanation: "备案以后，在定点医院出院时直接结算，不用先垫付。",
      topics: [places.topic],
      audiences: ["retired"],
      tests,
    });
    const i2 = await createItem(s, tokens.operator, {
      kind: "trueFalse",
      stem: "跨省异地就医前需要先办理备案。",
      correctChoiceIds: ["true"],
      explanation: "需要先备案，可以在国家医保服务平台 App 上办理。",
      tests,
    });
    const i3 = await createItem(s, tokens.operator, {
      kind: "openText",
      stem: "在哪个 App 上可以办理异地就医备案？",
      correctChoiceIds: ["国家医保服务平台"],
      explanation: "国家医保服务平台 App 可以办理备案。",
      tests,
    });
    const r = await createItem(s, tokens.operator, {
      kind: "rating",
      stem: "这场直播讲得清楚吗？",
      anonymous: true,
    });
    assert.equal(i3.tests.version, 1);
    assert.equal(r.anonymous, true);

    // The host schedules a session in the city (audience: insured) and launches the pre-test.
    const host = await newHost();
    const created = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { audiences: ["insured"] }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const session = created.body;
    const itemIds = [i1.id, i2.id, i3.id];
    const launch = async (purpose: string, kind: string, ids: string[]) => {
      const l = await call(s, "POST", `/v1/sessions/${session.id}/launches`, {
        token: host.token,
        body: { kind, purpose, itemIds: ids },
      });
      assert.equal(l.status, 201, JSON.stringify(l.body));
      assert.equal(l.body.purpose, purpose);
      return l.body;
    };
    const closeLaunch = async (id: string) => {
      const c = await call(s2, "POST", `/v1/launches/${id}/close`, { token: host.token });
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.status, "closed");
    };

    const person = Object.fromEntries(
      ["A", "B", "C", "D", "E"].map((p) => [p, audienceToken(`quizflow-${session.id}-${p}`)]),
    ) as Record<"A" | "B" | "C" | "D" | "E", string>;
    for (const p of ["A", "B", "C", "D"] as const) {
      const d = await call(s, "PUT", `/v1/sessions/${session.id}/respondent`, {
        headers: { "x-client-token": person[p] },
        body: { regionCode: places.county, audience: "retired" },
      });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.deepEqual(d.body, { regionCode: places.county, audience: "retired" });
    }
    type Marks = [boolean, boolean, boolean];
    const answer = async (launchId: string, p: keyof typeof person, [m1, m2, m3]: Marks) => {
      const a = await call(p === "B" ? s2 : s, "POST", `/v1/launches/${launchId}/answers`, {
        headers: { "x-client-token": person[p] },
        body: {
          answers: [
            { itemId: i1.id, choiceIds: [m1 ? "b" : "a"] },
            { itemId: i2.id, choiceIds: [m2 ? "true" : "false"] },
            // Accepted answers are compared trimmed, without spaces, width-folded.
            { itemId: i3.id, text: m3 ? " 国家医保 服务平台 " : "不知道" },
          ],
        },
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
    };

    const pre = await launch("preTest", "quiz", itemIds);
    await answer(pre.id, "A", [false, false, false]);
    await answer(pre.id, "B", [true, false, false]);
    await answer(pre.id, "C", [true, true, true]);
    await answer(pre.id, "D", [false, false, false]);
    const preResults = await call(s, "GET", `/v1/launches/${pre.id}/results`, { token: host.token });
    assert.equal(preResults.status, 200);
    assert.deepEqual(preResults.body.items.map((i: { correct: number }) => i.correct), [2, 1, 1]);
    await closeLaunch(pre.id);
    // Closed: no more answers.
    const late = await call(s, "POST", `/v1/launches/${pre.id}/answers`, {
      headers: { "x-client-token": person.E },
      body: { itemId: i1.id, choiceIds: ["b"] },
    });
    assert.equal(late.status, 409, JSON.stringify(late.body));

    const post = await launch("postTest", "quiz", itemIds);
    await answer(post.id, "A", [true, true, true]);
    await answer(post.id, "B", [true, true, false]);
    await answer(post.id, "C", [true, true, true]);
    await answer(post.id, "E", [true, false, false]);
    await closeLaunch(post.id);

    const survey = await launch("satisfaction", "survey", [r.id]);
    for (const [p, rating] of [["A", 5], ["B", 4], ["E", 3]] as const) {
      const a = await call(s, "POST", `/v1/launches/${survey.id}/answers`, {
        headers: { "x-client-token": person[p] },
        body: { itemId: r.id, rating },
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
    }
    await closeLaunch(survey.id);
    const ratings = await call(s, "GET", `/v1/launches/${survey.id}/results`, { token: host.token });
    assert.equal(ratings.body.items[0].meanRating, 4);
    assert.deepEqual(ratings.body.items[0].counts, { "1": 0, "2": 0, "3": 1, "4": 1, "5": 1 });

    // The session's awareness: per item, per policy, pre/post — exactly the panel.
    const aw = await call(s2, "GET", `/v1/sessions/${session.id}/awareness`, { token: host.token });
    assert.equal(aw.status, 200, JSON.stringify(aw.body));
    const byItem = new Map(aw.body.items.map((i: { itemId: string }) => [i.itemId, i]));
    for (const [item, k] of [[i1, 4], [i2, 3], [i3, 2]] as const) {
      // deno-lint-ignore no-explicit-any -- JSON
      const got = byItem.get(item.id) as any;
      assert.ok(got, `item ${item.id} in the session's awareness`);
      assert.equal(got.n, 4);
      assert.equal(got.correct, k);
      close(got.rate, k / 4, `${item.kind} rate`);
      close(got.lower, wilson(k, 4).lower, `${item.kind} lower`);
      close(got.upper, wilson(k, 4).upper, `${item.kind} upper`);
      assert.equal(got.tooSmall, true);
      assert.equal(got.meetsTarget, false);
      assert.equal(got.verdict.zh, "样本太少，无法判断");
      assert.equal(got.policyId, pid);
      assert.equal(got.version, 1);
    }
    assert.deepEqual(
      aw.body.items.map((i: { itemId: string }) => i.itemId),
      [i3.id, i2.id, i1.id],
      "hardest first",
    );
    assert.equal(byItem.has(r.id), false, "a rating is not a knowledge item");
    assert.equal(aw.body.policies.length, 1);
    const pol = aw.body.policies[0];
    assert.equal(pol.policyId, pid);
    assert.equal(pol.title, `测试政策 ${pid}`);
    assert.equal(pol.n, 12);
    assert.equal(pol.correct, 9);
    assert.equal(pol.respondents, 4);
    close(pol.rate, 0.75, "policy rate");
    close(pol.lower, wilson(9, 12).lower, "policy lower");
    close(pol.upper, wilson(9, 12).upper, "policy upper");
    assert.ok(
      Math.abs(pol.lower - 0.4677) < 5e-4 && Math.abs(pol.upper - 0.9111) < 5e-4,
      "9/12: 46.8%–91.1%",
    );
    assert.equal(aw.body.overall.n, 12);
    assert.equal(aw.body.overall.correct, 9);
    const pp = aw.body.prePost.overall;
    assert.equal(pp.paired, 3);
    assert.equal(pp.onlyPre, 1);
    assert.equal(pp.onlyPost, 1);
    close(pp.meanPre, 4 / 9, "mean pre");
    close(pp.meanPost, 8 / 9, "mean post");
    close(pp.meanGain, 4 / 9, "mean gain");
    close(pp.hakeG, 0.8, "Hake's g");
    const ppPolicy = aw.body.prePost.policies.find((p: { policyId: string }) => p.policyId === pid);
    assert.ok(ppPolicy, "pre/post per policy");
    assert.equal(ppPolicy.paired, 3);
    close(ppPolicy.hakeG, 0.8, "Hake's g of the policy");

    // Across sessions, by the province above the respondents' county (and the session's city).
    const byRegion = await call(s, "GET", `/v1/awareness?policy=${pid}&region=${places.province}`, {
      token: tokens.operator,
    });
    assert.equal(byRegion.status, 200, JSON.stringify(byRegion.body));
    assert.equal(byRegion.body.overall.n, 12);
    assert.equal(byRegion.body.overall.correct, 9);
    assert.equal(byRegion.body.policies[0].policyId, pid);
    close(byRegion.body.policies[0].lower, wilson(9, 12).lower, "region lower");
    const county = await call(s, "GET", `/v1/awareness?policy=${pid}&region=${places.county}`, {
      token: tokens.reviewer,
    });
    assert.equal(county.body.overall.n, 9, "E's answers carry the session's city, not the county");
    assert.equal(county.body.overall.correct, 8);
    const insured = await call(s, "GET", `/v1/awareness?policy=${pid}&audience=insured`, {
      token: tokens.operator,
    });
    assert.equal(insured.body.overall.n, 3, "E's answers carry the session's one audience");
    assert.equal(insured.body.overall.correct, 1);
    const elsewhere = await call(s, "GET", `/v1/awareness?policy=${pid}&region=110000`, {
      token: tokens.operator,
    });
    assert.equal(elsewhere.body.overall.n, 0);

    // By answer time: every answer lies after the test began.
    const window = (from: string, to: string) =>
      call(
        s,
        "GET",
        `/v1/awareness?policy=${pid}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        {
          token: tokens.operator,
        },
      );
    const since = new Date(began - 60_000).toISOString();
    assert.equal((await window(since, new Date(Date.now() + 60_000).toISOString())).body.overall.n, 12);
    assert.equal((await window(new Date(began - 3_600_000).toISOString(), since)).body.overall.n, 0);

    // A rating in a quiz is refused, naming the field in words.
    const wrongKind = await call(s, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "quiz", purpose: "live", itemIds: [i1.id, r.id] },
    });
    assert.equal(wrongKind.status, 422, JSON.stringify(wrongKind.body));
    assert.equal(wrongKind.body.errors[0].path, "body.itemIds.1");
    assert.match(wrongKind.body.errors[0].message, /这场直播讲得清楚吗？」没有标准答案/);

    // The CSV lists every answer: 12 pre, 12 post, 3 ratings; the anonymous ratings name nobody.
    const csv = await s.app.request(`/v1/sessions/${session.id}/answers.csv`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    assert.equal(lines.length, 1 + 12 + 12 + 3);
    const rows = lines.slice(1).map((l) => l.split(","));
    assert.equal(rows.filter((c) => c[2] === "preTest").length, 12);
    assert.equal(rows.filter((c) => c[2] === "postTest").length, 12);
    const rated = rows.filter((c) => c[2] === "satisfaction");
    assert.deepEqual(rated.map((c) => c[7]).sort(), ["3", "4", "5"]);
    assert.ok(rated.every((c) => c[11] === ""), "anonymous: no respondent");
    assert.ok(rows.filter((c) => c[2] !== "satisfaction").every((c) => c[11] !== ""), "pseudonymous ids");
    assert.ok(rows.every((c) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(c[0]!)), rows[0]![0]);
    assert.equal(
      rows.filter((c) => c[3] === i3.id && c[8] === "1").length,
      3,
      "open text marked (C before; A and C after)",
    );

    // Another host may not read it.
    const other = await newHost();
    const forbidden = await call(s, "GET", `/v1/sessions/${session.id}/awareness`, { token: other.token });
    assert.equal(forbidden.status, 403);

    // An amendment of the cited policy flags the items; a new launch of them is refused naming the item.
    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "结算方式调整",
        effectiveFrom: addDays(shanghaiToday(), 1),
        changes: [{ field: "title", before: v1.body.title, after: `${v1.body.title}（修订）` }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);
    const flagged = async () =>
      (await Promise.all(
        itemIds.map(async (id) =>
          (await call(s, "GET", `/v1/items/${id}`, { token: host.token })).body.status
        ),
      )).every((st) => st === "needsReview");
    assert.ok(await eventually(flagged, 15_000), "the three items need review");
    assert.equal((await call(s, "GET", `/v1/items/${r.id}`, { token: host.token })).body.status, "ready");
    const refused = await call(s, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "poll", purpose: "live", itemIds: [r.id, i2.id] },
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.reason, "needsReview");
    assert.deepEqual(refused.body.itemIds, [i2.id]);
    assert.equal(refused.body.errors[0].path, "body.itemIds.1");
    const again3 = await call(s, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "quiz", purpose: "postTest", itemIds },
    });
    assert.equal(again3.status, 409);
    assert.deepEqual(again3.body.itemIds, itemIds);
    // Awareness already measured stays as it was.
    const again = await call(s, "GET", `/v1/sessions/${session.id}/awareness`, { token: tokens.reviewer });
    assert.equal(again.body.policies[0].n, 12);
  } finally {
    await svc.stop();
    await suite.stop();
  }
});
