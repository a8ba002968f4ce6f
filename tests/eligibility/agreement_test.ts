import assert from "node:assert/strict";
import { benefitKeys } from "@yibao/domain";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { estimateVisitTypes } from "../../services/eligibility/checks/estimability.ts";
import { serviceEnv } from "../harness/mod.ts";
import { call, people } from "../policy/_suite.ts";

/** Every region of a demo policy with benefit or eligibility rules, and one with national rules only. */
async function regionsWithRules(): Promise<string[]> {
  const dir = new URL("../../graph-schema/seed/demo/policies/", import.meta.url);
  const out = new Set<string>(["440305"]);
  for await (const f of Deno.readDir(dir)) {
    const p = JSON.parse(await Deno.readTextFile(new URL(f.name, dir)));
    const content = p.initial ?? {};
    if (!(content.rules?.length || content.eligibility?.length)) continue;
    for (const r of p.regions as string[]) if (r !== "000000") out.add(r);
  }
  return [...out].sort();
}

const asOf = "2026-06-01";

Deno.test("eligibility checks and estimates agree: for every region with rules, benefit key and insurance type", async (t) => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const estimate = (region: string, insuranceType: string, type: string, level: number) =>
    call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: {
        person: { insuranceType, enrollmentRegion: region, employment: "employed", age: 45 },
        visit: {
          type,
          careRegion: region,
          hospitalLevel: level,
          date: asOf,
          amounts: { classAFen: 300_000, classBFen: 50_000, selfPayFen: 10_000 },
        },
      },
    });
  try {
    for (const region of await regionsWithRules()) {
      await t.step(region, async () => {
        for (const benefit of benefitKeys) {
          for (const insuranceType of ["employee", "resident"]) {
            const r = await call(svc, "POST", "/v1/eligibility-checks", {
              token: tokens.host,
              body: { profile: { enrollmentRegion: region, insuranceType }, benefits: [benefit], asOf },
            });
            if (r.status === 422) continue; // no eligibility rule for the benefit there: nothing is claimed
            assert.equal(r.status, 200, JSON.stringify(r.body));
            const got = r.body.results[0];
            const ctx = `${region} ${benefit} ${insuranceType}: ${JSON.stringify(got.estimate)}`;
            const types = estimateVisitTypes[benefit];
            if (!types) {
              assert.equal(got.estimate.status, "notApplicable", ctx);
              continue;
            }
            const estimable = new Set<string>();
            for (const type of types) {
              for (const level of [1, 2, 3]) {
                const e = await estimate(region, insuranceType, type, level);
                assert.ok([200, 422].includes(e.status), `${ctx} ${JSON.stringify(e.body)}`);
                if (e.status === 200) estimable.add(type);
              }
            }
            if (got.estimate.status === "available") {
              assert.ok(got.estimate.visitTypes.length > 0, ctx);
              assert.deepEqual(got.estimate.visitTypes, types.filter((x) => estimable.has(x)), ctx);
            } else {
              assert.equal(got.estimate.status, "notPublished", ctx);
              assert.equal(estimable.size, 0, `${ctx}: the estimator answers, yet the check says it cannot`);
              assert.match(got.estimate.zh, /暂不能测算/);
            }
          }
        }
      });
    }
    await t.step(
      "a Beijing resident is answered for resident insurance, not the employee deductible",
      async () => {
        const r = await call(svc, "POST", "/v1/eligibility-checks", {
          token: tokens.host,
          body: {
            profile: { enrollmentRegion: "110105", insuranceType: "resident" },
            benefits: ["outpatientPooling"],
            asOf,
          },
        });
        const got = r.body.results[0];
        assert.equal(got.status, "eligible");
        assert.doesNotMatch(got.summary.zh, /职工|1800/, got.summary.zh);
        assert.match(got.summary.zh, /城乡居民医保/);
        assert.equal(got.estimate.status, "notPublished");
        const employee = await call(svc, "POST", "/v1/eligibility-checks", {
          token: tokens.host,
          body: {
            profile: { enrollmentRegion: "110105", insuranceType: "employee" },
            benefits: ["outpatientPooling"],
            asOf,
          },
        });
        assert.match(employee.body.results[0].summary.zh, /1800元/);
        assert.deepEqual(employee.body.results[0].estimate.visitTypes, ["generalOutpatient"]);
      },
    );
  } finally {
    await svc.shutdown();
  }
});
