import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type Estimate,
  estimate,
  type EstimateInput,
  estimateParsed,
  EstimateValidationError,
  type ParsedEstimateInput,
} from "./mod.ts";
import { demoRules, type LoadedRule } from "./load_demo_rule.ts";

const SEED = 4242;
const NUM_RUNS = 300;

const rules = await demoRules();

const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }),
  fc.integer({ min: 0, max: 50_000_000 }),
  fc.integer({ min: 0, max: 100_000_000_000 }),
);

/** A generated input fitting `rule` (its insurance and visit type), with a plausible year to date. */
function inputArb(loaded: LoadedRule): fc.Arbitrary<ParsedEstimateInput> {
  const { rule } = loaded;
  return fc.record({
    employment: fc.constantFrom("employed", "retired", "student", "minor", "other") as fc.Arbitrary<
      "employed" | "retired" | "student" | "minor" | "other"
    >,
    age: fc.integer({ min: 0, max: 100 }),
    // A rule limited to some hospital levels (e.g. level 1 and below) is only estimated at those.
    hospitalLevel: fc.constantFrom(...(rule.hospitalLevels ?? [1, 2, 3])) as fc.Arbitrary<1 | 2 | 3>,
    crossRegion: fc.boolean(),
    registered: fc.boolean(),
    classAFen: amountArb,
    classBFen: amountArb,
    selfPayFen: amountArb,
    admissions: fc.integer({ min: 0, max: 5 }),
    deductiblePaidFen: fc.integer({ min: 0, max: 300_000 }),
    fundPaidFen: fc.integer({ min: 0, max: 60_000_000 }),
    secondLayerPaidFen: fc.integer({ min: 0, max: 40_000_000 }),
    inScopeCostFen: fc.integer({ min: 0, max: 80_000_000 }),
  }).map((g) => ({
    person: {
      insuranceType: rule.insuranceType,
      employment: g.employment,
      age: g.employment === "minor" ? g.age % 18 : g.age,
    },
    visit: {
      type: rule.visitType,
      hospitalLevel: g.hospitalLevel,
      crossRegion: g.crossRegion,
      registered: g.registered,
      amounts: { classAFen: g.classAFen, classBFen: g.classBFen, selfPayFen: g.selfPayFen },
    },
    yearToDate: {
      admissions: g.admissions,
      deductiblePaidFen: g.deductiblePaidFen,
      fundPaidFen: g.fundPaidFen,
      secondLayerPaidFen: g.secondLayerPaidFen,
      inScopeCostFen: g.inScopeCostFen,
    },
  }));
}

const ruleAndInput = fc.constantFrom(...rules).chain((loaded) =>
  inputArb(loaded).map((input) => ({ loaded, input }))
);
const metaOf = (l: LoadedRule) => ({ policyId: l.policyId, version: l.version });
const secondOf = (e: Estimate) => e.secondLayer?.fundFen ?? 0;
const opts = { seed: SEED, numRuns: NUM_RUNS };

/** Runs a property with the fixed seed, printing the seed on failure. */
function check<T>(prop: fc.IProperty<T>) {
  try {
    fc.assert(prop, opts);
  } catch (err) {
    console.error(`fast-check failed with seed ${SEED}`);
    throw err;
  }
}

Deno.test("estimate() property - demo rules found", () => {
  assert.ok(rules.length >= 8, `found ${rules.length} demo rules`);
});

Deno.test("estimate() property - fund + second layer + out of pocket = total, exactly", () => {
  check(fc.property(ruleAndInput, ({ loaded, input }) => {
    const e = estimate(loaded.rule, input, metaOf(loaded));
    assert.equal(e.fundPaysFen + secondOf(e) + e.outOfPocketFen, e.totalFen);
    for (const n of [e.fundPaysFen, secondOf(e), e.outOfPocketFen, e.deductibleFen, e.capFen]) {
      assert.ok(Number.isSafeInteger(n) && n >= 0, `not a non-negative integer: ${n}`);
    }
  }));
});

Deno.test("estimate() property - the fund never pays more than the in-scope amount", () => {
  check(fc.property(ruleAndInput, ({ loaded, input }) => {
    const e = estimate(loaded.rule, input, metaOf(loaded));
    assert.ok(e.fundPaysFen <= e.inScopeFen - e.deductibleFen, "fund above in-scope − deductible");
    assert.ok(e.fundPaysFen + secondOf(e) <= e.inScopeFen, "fund + second layer above in-scope");
    assert.equal(e.bands.reduce((s, b) => s + b.amountFen, 0), e.inScopeFen - e.deductibleFen);
  }));
});

Deno.test("estimate() property - a year of visits never takes the fund past its annual cap", () => {
  const year = fc.constantFrom(...rules).chain((loaded) =>
    fc.array(inputArb(loaded), { minLength: 1, maxLength: 12 }).map((visits) => ({ loaded, visits }))
  );
  check(fc.property(year, ({ loaded, visits }) => {
    let ytd = {
      admissions: 0,
      deductiblePaidFen: 0,
      fundPaidFen: 0,
      secondLayerPaidFen: 0,
      inScopeCostFen: 0,
    };
    for (const v of visits) {
      const e = estimate(loaded.rule, { ...v, yearToDate: ytd }, metaOf(loaded));
      ytd = {
        admissions: ytd.admissions + (v.visit.type === "inpatient" ? 1 : 0),
        deductiblePaidFen: ytd.deductiblePaidFen + e.deductibleFen,
        fundPaidFen: ytd.fundPaidFen + e.fundPaysFen,
        secondLayerPaidFen: ytd.secondLayerPaidFen + secondOf(e),
        inScopeCostFen: ytd.inScopeCostFen + e.inScopeFen,
      };
      if (loaded.rule.annualCapFen !== null) assert.ok(ytd.fundPaidFen <= loaded.rule.annualCapFen);
      const layerCap = loaded.rule.secondLayer?.annualCapFen;
      if (layerCap !== undefined && layerCap !== null) assert.ok(ytd.secondLayerPaidFen <= layerCap);
    }
  }));
});

Deno.test("estimate() property - the fund's share never falls when the cost rises", () => {
  const arb = ruleAndInput.chain((x) =>
    fc.record({
      which: fc.constantFrom("classAFen", "classBFen", "selfPayFen") as fc.Arbitrary<
        "classAFen" | "classBFen" | "selfPayFen"
      >,
      extra: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 50_000_000 })),
    }).map((d) => ({ ...x, ...d }))
  );
  check(fc.property(arb, ({ loaded, input, which, extra }) => {
    const more: EstimateInput = {
      ...input,
      visit: {
        ...input.visit,
        amounts: {
          ...input.visit.amounts,
          [which]: Math.min(100_000_000_000, input.visit.amounts[which] + extra),
        },
      },
    };
    const a = estimate(loaded.rule, input, metaOf(loaded));
    const b = estimate(loaded.rule, more, metaOf(loaded));
    assert.ok(b.fundPaysFen >= a.fundPaysFen, `fund fell: ${a.fundPaysFen} → ${b.fundPaysFen}`);
    assert.ok(b.fundPaysFen + secondOf(b) >= a.fundPaysFen + secondOf(a), "fund + second layer fell");
    assert.ok(b.outOfPocketFen >= a.outOfPocketFen, "out of pocket fell");
  }));
});

Deno.test("estimate() property - pure: the same result computed once or twice, inputs untouched", () => {
  check(fc.property(ruleAndInput, ({ loaded, input }) => {
    const ruleBefore = structuredClone(loaded.rule);
    const inputBefore = structuredClone(input);
    const first = estimate(loaded.rule, input, metaOf(loaded));
    const second = estimate(loaded.rule, input, metaOf(loaded));
    assert.deepEqual(second, first);
    assert.deepEqual(loaded.rule, ruleBefore);
    assert.deepEqual(input, inputBefore);
  }));
});

/** The outcome of a call: the estimate, or the validation error's fields. */
function outcome(f: () => Estimate): unknown {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof EstimateValidationError)) throw err;
    return { source: err.source, field: err.field, message: err.message, zh: err.zh };
  }
}

Deno.test("estimateParsed() property - the same estimate or error as estimate() on parsed inputs", () => {
  // ages and registrations not fitted to the employment or region, so the cross-field checks fail too
  const loose = fc.constantFrom(...rules).chain((loaded) =>
    fc.tuple(inputArb(loaded), fc.integer({ min: 0, max: 100 }), fc.boolean()).map(([input, age, drop]) => ({
      loaded,
      input: {
        ...input,
        person: { ...input.person, age },
        visit: drop ? { ...input.visit, registered: undefined } : input.visit,
      } as ParsedEstimateInput,
    }))
  );
  let failed = 0;
  check(fc.property(loose, ({ loaded, input }) => {
    const meta = metaOf(loaded);
    const a = outcome(() => estimate(loaded.rule, input, meta));
    const b = outcome(() => estimateParsed(loaded.rule, input, meta));
    assert.deepEqual(b, a);
    if (!("totalFen" in (a as object))) failed++;
  }));
  // the generator does reach the cross-field errors
  assert.ok(failed > 0, "no generated input failed a cross-field check");
});
