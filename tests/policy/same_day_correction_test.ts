import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { eventually, serviceEnv, testGraph } from "../harness/mod.ts";
import {
  addDays,
  call,
  newPolicy,
  ownTopic,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "./_suite.ts";

Deno.test("a same-day correction supersedes this morning's mistake everywhere: lookup, versions, diff, eligibility, feed, audit", async (t) => {
  const suite = await startSuite();
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `fix-${topic.toLowerCase()}`;
  // a county no other test puts rules in: which of two rules for one benefit answers is not this test's question
  const region = "632723";
  const today = shanghaiToday();
  const ruleId = `${pid}-newborn`;
  const rule = {
    id: ruleId,
    benefit: "newbornEnrolment",
    source: { region, year: 2026, note: "测试规则，参数为示意" },
    criteria: [{
      id: "window",
      fact: "ageDays",
      op: "between",
      min: 0,
      max: 180,
      label: { zh: "出生不超过180天", en: "Born no more than 180 days ago" },
    }],
    outcome: {
      eligible: { zh: "可以从出生之日起享受待遇", en: "Covered from birth" },
      notEligible: { zh: "超过时限，待遇不从出生起算", en: "Too late for cover from birth" },
    },
    nextSteps: [{ kind: "hotline", zh: "拨打12393咨询", en: "Call 12393" }],
  };
  // Born 120 days ago: inside the 180-day window, outside the mistaken 90-day one.
  const check = async () =>
    (await call(svc, "POST", "/v1/eligibility-checks", {
      token: tokens.host,
      body: {
        profile: { enrollmentRegion: region, birthDate: addDays(today, -120) },
        benefits: ["newbornEnrolment"],
        asOf: today,
      },
    })).body.results[0];
  const amend = async (summary: string, before: number, after: number) => {
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary,
        effectiveFrom: today,
        changes: [{ field: `eligibility.${ruleId}.criteria.0.max`, before, after }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);
    return draft.body.id as string;
  };
  const graph = testGraph();
  try {
    await publishNewPolicy(
      suite,
      { ...newPolicy(pid, topic, [region]), eligibility: [rule] } as never,
      tokens,
    );
    // The first version has been in force for a month (its own data: the test dates it back).
    await graph.write((tx) =>
      tx.run("MATCH (v:PolicyVersion {id: $id}) SET v.effectiveFrom = date($from)", {
        id: `${pid}@1`,
        from: addDays(today, -30),
      })
    );
    assert.ok(await eventually(async () => (await check())?.citation?.ruleId === ruleId));
    assert.equal((await check()).status, "eligible");

    const mistake = await amend("今日起新生儿参保时限改为出生后90天", 180, 90);
    assert.ok(
      await eventually(async () => (await check()).citation.version === 2),
      "this morning's mistake is in force at once",
    );
    assert.equal((await check()).status, "notEligible");

    const correction = await amend("更正：新生儿参保时限仍为出生后180天", 90, 180);

    await t.step("eligibility follows the correction the same day", async () => {
      assert.ok(await eventually(async () => (await check()).citation.version === 3));
      assert.equal((await check()).status, "eligible");
    });
    await t.step(
      "lookup, the region's list, the version list and the diff show the correction in force",
      async () => {
        assert.ok(
          await eventually(async () =>
            (await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host })).body.version ===
              3
          ),
        );
        const list = await call(suite.policy, "GET", `/v1/policies?region=${region}&topic=${topic}`, {
          token: tokens.host,
        });
        assert.equal(list.status, 200, JSON.stringify(list.body));
        assert.deepEqual(
          list.body.items.map((i: { id: string; version: number }) => `${i.id}@${i.version}`),
          [`${pid}@3`],
        );
        const versions = await call(suite.policy, "GET", `/v1/policies/${pid}/versions`, {
          token: tokens.host,
        });
        assert.deepEqual(
          versions.body.versions.map((
            v: { version: number; effectiveFrom: string; effectiveTo: string | null },
          ) => [
            v.version,
            v.effectiveFrom,
            v.effectiveTo,
          ]),
          [[1, addDays(today, -30), today], [2, today, today], [3, today, null]],
          "the mistake's validity is empty",
        );
        const diff = await call(suite.policy, "GET", `/v1/policies/${pid}/diff?from=2&to=3`, {
          token: tokens.host,
        });
        assert.equal(diff.status, 200);
        assert.deepEqual(diff.body.changes, [{
          field: `eligibility.${ruleId}.criteria.0.max`,
          before: 90,
          after: 180,
        }]);
      },
    );
    await t.step("the mistake's amendment names the correction", async () => {
      const m = await call(suite.admin, "GET", `/v1/amendments/${mistake}`, { token: tokens.operator });
      assert.equal(m.body.supersededBy, correction);
      assert.equal(m.body.status, "published");
    });
    await t.step("the change feed lists both publications, each taking effect", async () => {
      const feed = await call(suite.policy, "GET", `/v1/changes?policyId=${pid}&limit=500`, {
        token: tokens.host,
      });
      assert.equal(feed.status, 200, JSON.stringify(feed.body));
      assert.deepEqual(
        feed.body.items.map((i: { kind: string; version: number }) => `${i.kind}:${i.version}`),
        ["published:1", "effective:1", "published:2", "effective:2", "published:3", "effective:3"],
      );
    });
    await t.step("the audit trail has both publications and the supersession", async () => {
      const audit = await call(suite.admin, "GET", `/v1/audit?policyId=${pid}`, { token: tokens.reviewer });
      assert.equal(audit.status, 200);
      const items = audit.body.items as {
        action: string;
        entityId: string;
        after: Record<string, unknown>;
      }[];
      const published = items.filter((e) => e.action === "amendment.publish").map((e) => e.entityId);
      assert.ok(published.includes(mistake) && published.includes(correction));
      const sup = items.find((e) => e.action === "version.supersede");
      assert.ok(sup, "a version.supersede entry");
      assert.equal(sup.entityId, `${pid}@2`);
      assert.equal(sup.after.supersededBy, 3);
      assert.equal(sup.after.supersededByAmendmentId, correction);
      assert.equal(sup.after.effectiveTo, today);
    });
    await t.step("an amendment dated before the latest version is still refused", async () => {
      const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "明天起再调整",
          effectiveFrom: addDays(today, 2),
          changes: [{ field: `eligibility.${ruleId}.criteria.0.max`, before: 180, after: 200 }],
        },
      });
      await reviewAndPublish(suite.admin, draft.body.id, tokens);
      const early = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "明天生效的调整",
          effectiveFrom: addDays(today, 1),
          changes: [{ field: `eligibility.${ruleId}.criteria.0.max`, before: 200, after: 210 }],
        },
      });
      for (const [step, token] of [["submit", tokens.operator], ["approve", tokens.reviewer]] as const) {
        assert.equal(
          (await call(suite.admin, "POST", `/v1/amendments/${early.body.id}/${step}`, { token })).status,
          200,
        );
      }
      const r = await call(suite.admin, "POST", `/v1/amendments/${early.body.id}/publish`, {
        token: tokens.operator,
      });
      assert.equal(r.status, 422, JSON.stringify(r.body));
    });
  } finally {
    await graph.close();
    await svc.shutdown();
    await suite.stop();
  }
});

Deno.test("a scheduled same-day correction: the superseded version is never announced, and withdrawing the correction restores it", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `fixs-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const later = addDays(today, 3);
  try {
    await publishNewPolicy(suite, newPolicy(pid, topic, ["320700"]), tokens);
    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    const amend = async (before: string, after: string) => {
      const d = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: { summary: "调整正文", effectiveFrom: later, changes: [{ field: "body", before, after }] },
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      await reviewAndPublish(suite.admin, d.body.id, tokens);
      return d.body.id as string;
    };
    await amend(v1.body.body, `${v1.body.body}（有误）`);
    const fix = await amend(`${v1.body.body}（有误）`, `${v1.body.body}（已更正）`);
    const graph = testGraph();
    try {
      const awaiting = async () =>
        (await graph.read((tx) =>
          tx.run(
            "MATCH (v:PolicyVersion {policyId: $pid}) RETURN v.version AS n, v:AwaitingEffect AS waiting, v.supersededBy AS by ORDER BY n",
            { pid },
          )
        )).records.map((
          r,
        ) => [Number(r.get("n")), r.get("waiting"), r.get("by") === null ? null : Number(r.get("by"))]);
      assert.deepEqual(await awaiting(), [[1, false, null], [2, false, 3], [3, true, null]]);
      const w = await call(suite.admin, "POST", `/v1/amendments/${fix}/withdraw`, { token: tokens.operator });
      assert.equal(w.status, 200, JSON.stringify(w.body));
      assert.deepEqual(await awaiting(), [[1, false, null], [2, true, null]]);
      const versions = await call(suite.policy, "GET", `/v1/policies/${pid}/versions`, {
        token: tokens.host,
      });
      assert.deepEqual(versions.body.versions.map((v: { effectiveTo: string | null }) => v.effectiveTo), [
        later,
        null,
      ]);
      // the reopened version is searched again: the catalogue search skips ended versions in the index
      // (searchEnded, migration 020), and withdrawing took the superseded version's end away
      const found = await call(
        suite.policy,
        "GET",
        `/v1/search?q=${topic.toLowerCase()}&asOf=${later}`,
        { token: tokens.host },
      );
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(found.body.items.map((i: { id: string; version: number }) => [i.id, i.version]), [[
        pid,
        2,
      ]]);
    } finally {
      await graph.close();
    }
  } finally {
    await suite.stop();
  }
});
