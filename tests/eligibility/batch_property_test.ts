import assert from "node:assert/strict";
import fc from "fast-check";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { serviceEnv } from "../harness/mod.ts";
import { call, people } from "../policy/_suite.ts";

const SEED = 20261122;
const regions = ["110105", "370602", "320703", "511602", "150424"];
const fen = fc.integer({ min: 0, max: 50_000_000 });

/** Requests over the demo regions: some fit a rule, some do not (each must then be the same problem). */
const requestArb = fc.record({
  region: fc.constantFrom(...regions),
  insuranceType: fc.constantFrom("employee", "resident"),
  employment: fc.constantFrom("employed", "retired", "student", "other"),
  age: fc.integer({ min: 18, max: 95 }),
  type: fc.constantFrom("inpatient", "generalOutpatient", "hypertensionDiabetes"),
  careRegion: fc.constantFrom(...regions, "440305"),
  hospitalLevel: fc.constantFrom(1, 2, 3),
  registered: fc.boolean(),
  classAFen: fen,
  classBFen: fen,
  selfPayFen: fc.integer({ min: 0, max: 5_000_000 }),
  admissions: fc.integer({ min: 0, max: 4 }),
  fundPaidFen: fc.integer({ min: 0, max: 40_000_000 }),
  date: fc.constantFrom("2024-06-01", "2025-06-01", "2026-06-01"),
}).map((g) => ({
  person: {
    insuranceType: g.insuranceType,
    enrollmentRegion: g.region,
    employment: g.employment,
    age: g.age,
  },
  visit: {
    type: g.type,
    careRegion: g.careRegion,
    hospitalLevel: g.hospitalLevel,
    date: g.date,
    registered: g.registered,
    amounts: { classAFen: g.classAFen, classBFen: g.classBFen, selfPayFen: g.selfPayFen },
  },
  yearToDate: {
    admissions: g.admissions,
    deductiblePaidFen: 0,
    fundPaidFen: g.fundPaidFen,
    secondLayerPaidFen: 0,
    inScopeCostFen: 0,
  },
}));

Deno.test("property over HTTP - a visit estimated alone or inside a batch gives the same answer", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const seen = { estimates: 0, problems: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 40 }), async (items) => {
        const batch = await call(svc, "POST", "/v1/estimates/batch", { token: tokens.host, body: { items } });
        assert.equal(batch.status, 200, JSON.stringify(batch.body));
        assert.equal(batch.body.results.length, items.length);
        for (const [i, item] of items.entries()) {
          const alone = await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: item });
          const inBatch = batch.body.results[i];
          assert.equal(inBatch.index, i);
          if (alone.status === 200) {
            seen.estimates++;
            assert.deepEqual(inBatch.estimate, alone.body);
            const e = alone.body;
            assert.equal(e.fundPaysFen + (e.secondLayer?.fundFen ?? 0) + e.outOfPocketFen, e.totalFen);
          } else {
            seen.problems++;
            assert.equal(inBatch.problem.status, alone.status);
            assert.equal(inBatch.problem.code, alone.body.code);
            assert.deepEqual(
              inBatch.problem.errors.map((x: { path: string }) => x.path),
              alone.body.errors.map((x: { path: string }) => x.path.replace("body.", `body.items.${i}.`)),
            );
          }
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
    // Both paths were exercised: estimates and per-item problems.
    assert.ok(seen.estimates >= 50 && seen.problems >= 50, JSON.stringify(seen));
  } catch (err) {
    console.error(`fast-check failed with seed ${SEED}`);
    throw err;
  } finally {
    await svc.shutdown();
  }
});

Deno.test("OpenAPI - the eligibility service documents its four public paths", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  try {
    const spec = await (await svc.app.request("/openapi.json")).json();
    for (const path of ["/v1/estimates", "/v1/estimates/batch", "/v1/eligibility-checks", "/v1/benefits"]) {
      assert.ok(spec.paths[path], `${path} is documented`);
    }
    const check = spec.components.schemas.EligibilityCheckRequest;
    assert.ok(check, "the check request schema is named");
    assert.ok(spec.components.schemas.EligibilityResult);
  } finally {
    await svc.shutdown();
  }
});
