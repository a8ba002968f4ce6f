import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { eventually, serviceEnv } from "../harness/mod.ts";
import {
  addDays,
  call,
  newPolicy,
  ownTopic,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";

interface Expected {
  benefit: string;
  status: string;
  ruleId: string;
  version: number;
  missing: string[];
  options?: string[];
}
const { cases } = JSON.parse(
  await Deno.readTextFile(new URL("./check_cases.json", import.meta.url)),
) as { cases: { name: string; request: unknown; expected: Expected[] }[] };

Deno.test("POST /v1/eligibility-checks - the worked cases, answered from the graph's demo rules", async (t) => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    for (const c of cases) {
      await t.step(c.name, async () => {
        const r = await call(svc, "POST", "/v1/eligibility-checks", { token: tokens.host, body: c.request });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.results.length, c.expected.length);
        c.expected.forEach((e, i) => {
          const got = r.body.results[i];
          const ctx = JSON.stringify(got, null, 1);
          assert.equal(got.benefit, e.benefit, ctx);
          assert.equal(got.status, e.status, ctx);
          assert.equal(got.citation.ruleId, e.ruleId, ctx);
          assert.equal(got.citation.version, e.version, ctx);
          assert.deepEqual(got.missingFacts.map((m: { field: string }) => m.field), e.missing, ctx);
          if (e.options) {
            assert.deepEqual((got.options?.items ?? []).map((o: { id: string }) => o.id), e.options, ctx);
          }
          // Every answer explains itself and says where to turn next, the 12393 hotline included.
          assert.ok(got.summary.zh.length > 0 && got.summary.en.length > 0, ctx);
          assert.equal(got.reasons.length > 0, true, ctx);
          assert.ok(
            got.nextSteps.some((s: { kind: string; zh: string }) =>
              s.kind === "hotline" && /12393/.test(s.zh)
            ),
          );
          assert.match(got.citation.docNumber, /示例/);
        });
      });
    }
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /v1/eligibility-checks - reasons name each criterion and, when not met, what would be", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const r = await call(svc, "POST", "/v1/eligibility-checks", {
      token: tokens.host,
      body: {
        profile: {
          enrollmentRegion: "440305",
          insuranceType: "resident",
          crossRegionReason: "studentElsewhere",
        },
        benefits: ["crossRegionRegistration"],
        asOf: "2024-06-01",
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [result] = r.body.results;
    assert.deepEqual(
      result.reasons.map((x: { criterion: string; status: string }) => [x.criterion, x.status]),
      [
        ["insured", "met"],
        ["category", "notMet"],
      ],
    );
    const category = result.reasons[1];
    assert.match(category.zh, /在外地上学的大学生/, "says what the person is");
    assert.match(category.zh, /异地安置退休人员/, "and which categories may register");
    assert.match(result.summary.zh, /报销比例可能降低/, "and what happens without registering");
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /v1/eligibility-checks - bad input is a problem naming the field", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const check = (body: unknown, token = tokens.host) =>
    call(svc, "POST", "/v1/eligibility-checks", { ...(token ? { token } : {}), body });
  const paths = (r: { body: { errors?: { path: string }[] } }) => (r.body.errors ?? []).map((e) => e.path);
  try {
    const ok = { profile: { enrollmentRegion: "440305" }, benefits: ["newbornEnrolment"] };
    let r = await check({ ...ok, profile: { enrollmentRegion: "999999" } });
    assert.equal(r.status, 404);
    assert.deepEqual(paths(r), ["body.profile.enrollmentRegion"]);

    r = await check({ ...ok, benefits: ["outpatientPooling", "newbornEnrolment"], asOf: "2020-01-01" });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(paths(r), ["body.benefits.0", "body.benefits.1"], "no rule existed yet");

    r = await check({ ...ok, benefits: ["lotteryWin"] });
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.benefits.0"]);

    r = await check({ ...ok, benefits: ["newbornEnrolment", "newbornEnrolment"] });
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.benefits"]);

    r = await check({ ...ok, benefits: [] });
    assert.equal(r.status, 400);

    r = await check({ ...ok, profile: { enrollmentRegion: "440305", insuranceType: "gold" } });
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.profile.insuranceType"]);

    r = await check({ ...ok, profile: { enrollmentRegion: "440305", shoeSize: 42 } });
    assert.equal(r.status, 400, "an unknown fact is refused, not ignored");

    r = await check({ ...ok, profile: { enrollmentRegion: "440305", birthDate: "2026-02-30" } });
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.profile.birthDate"]);

    r = await check({
      ...ok,
      profile: { enrollmentRegion: "440305", birthDate: "2026-07-01" },
      asOf: "2026-06-01",
    });
    assert.equal(r.status, 422);
    assert.deepEqual(paths(r), ["body.profile.birthDate"]);

    r = await check(ok, "");
    assert.equal(r.status, 401);
    assert.match(r.headers.get("content-type") ?? "", /^application\/problem\+json/);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("an eligibility amendment with a future effectiveFrom changes answers from that day, none before", async () => {
  const suite = await startSuite();
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `elig-${topic.toLowerCase()}`;
  const region = "411402";
  const today = shanghaiToday();
  const tomorrow = addDays(today, 1);
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
      max: 90,
      label: { zh: "出生不超过90天", en: "Born no more than 90 days ago" },
    }],
    outcome: {
      eligible: { zh: "可以从出生之日起享受待遇", en: "Covered from birth" },
      notEligible: { zh: "超过时限，待遇不从出生起算", en: "Too late for cover from birth" },
    },
    nextSteps: [{ kind: "hotline", zh: "拨打12393咨询", en: "Call 12393" }],
  };
  // Born 120 days before tomorrow: outside a 90-day window, inside a 180-day one.
  const body = (asOf: string) => ({
    profile: { enrollmentRegion: region, birthDate: addDays(tomorrow, -120) },
    benefits: ["newbornEnrolment"],
    asOf,
  });
  const status = async (asOf: string) =>
    (await call(svc, "POST", "/v1/eligibility-checks", { token: tokens.host, body: body(asOf) })).body
      .results[0];
  try {
    await publishNewPolicy(
      suite,
      { ...newPolicy(pid, topic, [region]), eligibility: [rule] } as never,
      tokens,
    );
    assert.ok(await eventually(async () => (await status(tomorrow))?.citation?.ruleId === ruleId));
    assert.equal((await status(tomorrow)).status, "notEligible");

    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "明日起新生儿参保时限延长到出生后180天",
        effectiveFrom: tomorrow,
        changes: [{ field: `eligibility.${ruleId}.criteria.0.max`, before: 90, after: 180 }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);

    assert.ok(
      await eventually(async () => (await status(tomorrow)).status === "eligible"),
      "from tomorrow the 180-day window applies",
    );
    const fromTomorrow = await status(tomorrow);
    assert.equal(fromTomorrow.citation.version, 2);
    const stillToday = await status(today);
    assert.equal(stillToday.status, "notEligible", "today the 90-day window still applies");
    assert.equal(stillToday.citation.version, 1);

    const diff = await call(suite.policy, "GET", `/v1/policies/${pid}/diff?from=1&to=2`, {
      token: tokens.host,
    });
    assert.equal(diff.status, 200, JSON.stringify(diff.body));
    assert.deepEqual(diff.body.changes, [{
      field: `eligibility.${ruleId}.criteria.0.max`,
      before: 90,
      after: 180,
    }]);
  } finally {
    await svc.shutdown();
    await suite.stop();
  }
});
