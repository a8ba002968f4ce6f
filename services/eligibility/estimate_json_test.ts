import assert from "node:assert/strict";
import fc from "fast-check";
import type { BenefitRule } from "@yibao/domain";
import { estimateAnswerJson } from "./estimate_json.ts";
import { estimateRequestSchema } from "./estimate_request.ts";
import { answerFromRules } from "./estimator.ts";
import { demoRules, loadDemoRule } from "./rules/load_demo_rule.ts";
import type { EstimateInput } from "./rules/mod.ts";
import type { SourcedRule } from "./rules_source.ts";

const SEED = 1313;
const citation = { title: "测试", docNumber: "测试〔2026〕1号", issuer: "测试" };

/** A request for `input` answered under `rule` alone, as the route answers it (cross-region from the regions). */
function answer(rule: BenefitRule, policyId: string, version: number, input: EstimateInput) {
  const inForce: SourcedRule[] = [{ rule, policyId, version, appliesIn: ["110000"], citation }];
  const req = estimateRequestSchema.parse({
    person: { ...input.person, enrollmentRegion: "110105" },
    visit: {
      type: input.visit.type,
      careRegion: input.visit.crossRegion ? "650102" : "110108",
      hospitalLevel: input.visit.hospitalLevel,
      date: "2026-06-01",
      ...(input.visit.registered !== undefined ? { registered: input.visit.registered } : {}),
      ...(input.visit.items ? { items: input.visit.items } : { amounts: input.visit.amounts }),
    },
    ...(input.yearToDate ? { yearToDate: input.yearToDate } : {}),
  });
  return answerFromRules(inForce, req, { asOf: "2026-06-01" });
}

const casesDir = new URL("./cases/", import.meta.url);
const cases = [...Deno.readDirSync(casesDir)].filter((e) => e.name.endsWith(".json")).map((e) => e.name)
  .sort();

Deno.test("estimateAnswerJson() - the text of JSON.stringify for every worked case (bands, categories, caps, second layer)", async () => {
  assert.ok(cases.length >= 30);
  for (const file of cases) {
    const c = JSON.parse(await Deno.readTextFile(new URL(file, casesDir)));
    const loaded = await loadDemoRule(c.ruleFile, c.ruleId);
    const rule = c.ruleChanges ? { ...loaded.rule, ...c.ruleChanges } as BenefitRule : loaded.rule;
    for (const input of [c.before?.input, c.input].filter(Boolean) as EstimateInput[]) {
      const a = answer(rule, loaded.policyId, loaded.version, input);
      assert.equal(estimateAnswerJson(a), JSON.stringify(a), file);
    }
  }
});

Deno.test("estimateAnswerJson() property - the text of JSON.stringify for visits under every demo rule", async () => {
  const rules = await demoRules();
  const amount = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000_000_000 }));
  const visit = fc.constantFrom(...rules).chain((loaded) =>
    fc.record({
      employment: fc.constantFrom("employed", "retired", "student", "other") as fc.Arbitrary<
        "employed" | "retired" | "student" | "other"
      >,
      age: fc.integer({ min: 0, max: 100 }),
      hospitalLevel: fc.constantFrom(...(loaded.rule.hospitalLevels ?? [1, 2, 3])) as fc.Arbitrary<1 | 2 | 3>,
      crossRegion: fc.boolean(),
      registered: fc.boolean(),
      amounts: fc.record({ classAFen: amount, classBFen: amount, selfPayFen: amount }),
      yearToDate: fc.option(
        fc.record({
          admissions: fc.integer({ min: 0, max: 5 }),
          deductiblePaidFen: fc.integer({ min: 0, max: 300_000 }),
          fundPaidFen: fc.integer({ min: 0, max: 60_000_000 }),
          secondLayerPaidFen: fc.integer({ min: 0, max: 40_000_000 }),
          inScopeCostFen: fc.integer({ min: 0, max: 80_000_000 }),
          secondLayerBaseFen: fc.integer({ min: 0, max: 80_000_000 }),
        }, {
          requiredKeys: [
            "admissions",
            "deductiblePaidFen",
            "fundPaidFen",
            "secondLayerPaidFen",
            "inScopeCostFen",
          ],
        }),
        { nil: undefined },
      ),
    }).map((g) => ({ loaded, g }))
  );
  try {
    fc.assert(
      fc.property(visit, ({ loaded, g }) => {
        const a = answer(loaded.rule, loaded.policyId, loaded.version, {
          person: { insuranceType: loaded.rule.insuranceType, employment: g.employment, age: g.age },
          visit: {
            type: loaded.rule.visitType,
            hospitalLevel: g.hospitalLevel,
            crossRegion: g.crossRegion,
            registered: g.registered,
            amounts: g.amounts,
          },
          ...(g.yearToDate ? { yearToDate: g.yearToDate } : {}),
        });
        assert.equal(estimateAnswerJson(a), JSON.stringify(a));
      }),
      { seed: SEED, numRuns: 500 },
    );
  } catch (err) {
    console.error(`fast-check failed with seed ${SEED}`);
    throw err;
  }
});

Deno.test("estimateAnswerJson() - a policy id from the graph is escaped", async () => {
  const loaded = await loadDemoRule("bj-employee-inpatient-benefits", "bj-employee-inpatient");
  const a = answer(loaded.rule, 'policy "北京" \\ 1\n\u2028', 2, {
    person: { insuranceType: "employee", employment: "retired", age: 66 },
    visit: {
      type: "inpatient",
      hospitalLevel: 3,
      crossRegion: false,
      amounts: { classAFen: 4_200_000, classBFen: 800_000, selfPayFen: 150_000 },
    },
  });
  const text = estimateAnswerJson(a);
  assert.equal(text, JSON.stringify(a));
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(a)));
});
