import assert from "node:assert/strict";
import { estimate, EstimateValidationError } from "./mod.ts";
import type { Estimate, EstimateInput } from "./mod.ts";
import { loadDemoRule } from "./load_demo_rule.ts";

interface ExpectedBand {
  fromFen: number;
  toFen: number;
  amountFen: number;
  rateBp: number;
  fundFen: number;
}

interface ExpectedCategory {
  category: string;
  amountFen: number;
  overLimitFen: number;
  countedFen: number;
  selfPayBp: number;
  selfPayFen: number;
}

interface Expected {
  totalFen: number;
  excludedFen: number;
  classBSelfPayFen: number;
  inScopeFen: number;
  deductibleFen: number;
  bands: ExpectedBand[];
  fundBeforeCapFen: number;
  capFen: number;
  fundPaysFen: number;
  secondLayerFundFen: number;
  outOfPocketFen: number;
  secondLayerBands?: ExpectedBand[];
  secondLayerDeductibleFen?: number;
  overLimitFen?: number;
  categorySelfPayFen?: number;
  categories?: ExpectedCategory[];
  yearToDateAfter?: Record<string, number>;
}

interface WorkedCase {
  name: string;
  ruleFile: string;
  ruleId: string;
  ruleVersion: string;
  /**
   * Fields laid over the demo rule for this case (an illustrative table shape the demo data does not
   * publish), with `ruleChangesNote` saying what they are and why.
   */
  ruleChanges?: Record<string, unknown>;
  ruleChangesNote?: string;
  /** An earlier visit of the same year: its `yearToDateAfter` must be this case's `input.yearToDate`. */
  before?: { input: EstimateInput; expected: Expected };
  input: EstimateInput;
  expected: Expected;
  arithmetic: string[];
}

const casesDir = new URL("../cases/", import.meta.url);
const files = [...Deno.readDirSync(casesDir)]
  .filter((e) => e.isFile && e.name.endsWith(".json"))
  .map((e) => e.name)
  .sort();

Deno.test("worked cases - at least 20 case files", () => {
  assert.ok(files.length >= 20, `only ${files.length} case files`);
});

for (const file of files) {
  const c = JSON.parse(Deno.readTextFileSync(new URL(file, casesDir))) as WorkedCase;
  const num = file.slice(0, 2);
  Deno.test(`estimate() - ${num} ${c.name}`, async () => {
    const loaded = await loadDemoRule(c.ruleFile, c.ruleId);
    assert.equal(
      loaded.amended,
      !c.ruleVersion.startsWith("initial"),
      `case says "${c.ruleVersion}" but amended=${loaded.amended}`,
    );
    assert.ok(c.arithmetic.length > 0, "hand arithmetic is required");
    if (c.ruleChanges) assert.ok((c.ruleChangesNote ?? "").length > 20, "ruleChanges need a ruleChangesNote");
    const rule = c.ruleChanges ? { ...loaded.rule, ...c.ruleChanges } as typeof loaded.rule : loaded.rule;
    const meta = { policyId: loaded.policyId, version: loaded.version };
    if (c.before) {
      const first = checkVisit(estimate(rule, c.before.input, meta), c.before.expected, c);
      assert.deepEqual(first.yearToDateAfter, c.input.yearToDate, "the second visit continues the first");
    }
    checkVisit(estimate(rule, c.input, meta), c.expected, c);
  });
}

function checkVisit(r: Estimate, e: Expected, c: WorkedCase): Estimate {
  assert.deepEqual(
    {
      totalFen: r.totalFen,
      excludedFen: r.excludedFen,
      classBSelfPayFen: r.classBSelfPayFen,
      inScopeFen: r.inScopeFen,
      deductibleFen: r.deductibleFen,
      bands: r.bands,
      fundBeforeCapFen: r.fundBeforeCapFen,
      capFen: r.capFen,
      fundPaysFen: r.fundPaysFen,
      secondLayerFundFen: r.secondLayer?.fundFen ?? 0,
      outOfPocketFen: r.outOfPocketFen,
      ...(e.secondLayerBands ? { secondLayerBands: r.secondLayer?.bands } : {}),
      ...(e.secondLayerDeductibleFen !== undefined
        ? { secondLayerDeductibleFen: r.secondLayer?.deductibleFen }
        : {}),
      ...(e.overLimitFen !== undefined ? { overLimitFen: r.overLimitFen } : {}),
      ...(e.categorySelfPayFen !== undefined ? { categorySelfPayFen: r.categorySelfPayFen } : {}),
      ...(e.categories
        ? {
          categories: r.categories.map((x) => ({
            category: x.category,
            amountFen: x.amountFen,
            overLimitFen: x.overLimitFen,
            countedFen: x.countedFen,
            selfPayBp: x.selfPayBp,
            selfPayFen: x.selfPayFen,
          })),
        }
        : {}),
      ...(e.yearToDateAfter ? { yearToDateAfter: r.yearToDateAfter } : {}),
    },
    e,
  );
  assert.equal(r.fundPaysFen + (r.secondLayer?.fundFen ?? 0) + r.outOfPocketFen, r.totalFen);
  for (const line of r.lines) {
    assert.equal(line.ruleId, c.ruleId);
    assert.equal(line.policyId, c.ruleFile);
    assert.equal(line.version, r.lines[0]!.version);
    assert.ok(line.explanationZh.length > 0);
    assert.ok(line.explanationEn.length > 0);
  }
  return r;
}

const bj = () => loadDemoRule("bj-employee-inpatient-benefits", "bj-employee-inpatient");
const meta = { policyId: "bj-employee-inpatient-benefits", version: 1 };
const baseInput = (): EstimateInput => ({
  person: { insuranceType: "employee", employment: "employed", age: 40 },
  visit: {
    type: "inpatient",
    hospitalLevel: 1,
    crossRegion: false,
    amounts: { classAFen: 120_000, classBFen: 0, selfPayFen: 0 },
  },
});

function assertFieldError(fn: () => unknown, source: "rule" | "input", field: string) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EstimateValidationError, String(err));
    assert.equal(err.source, source);
    assert.equal(err.field, field);
    return true;
  });
}

Deno.test("estimate() - lines explain the class-B share in Chinese with yuan figures", async () => {
  const { rule } = await loadDemoRule("yt-employee-inpatient-benefits", "yt-employee-inpatient");
  const r = estimate(rule, {
    person: { insuranceType: "employee", employment: "employed", age: 40 },
    visit: {
      type: "inpatient",
      hospitalLevel: 1,
      crossRegion: false,
      amounts: { classAFen: 0, classBFen: 120_000, selfPayFen: 0 },
    },
  }, { policyId: "yt-employee-inpatient-benefits", version: 1 });
  const line = r.lines.find((l) => l.step === "classBSelfPay");
  assert.equal(line?.explanationZh, "乙类药品和项目先自付10%：1,200.00元 × 10% = 120.00元");
  assert.equal(line?.amountFen, 12_000);
});

Deno.test("estimate() - a band without a rate for the hospital level names the field", async () => {
  const { rule } = await bj();
  const broken = structuredClone(rule);
  // deno-lint-ignore no-explicit-any
  delete (broken.rates.bands[1]!.rateByLevelBp as any)["2"];
  const input = baseInput();
  assertFieldError(
    () => estimate(broken, { ...input, visit: { ...input.visit, hospitalLevel: 2 } }, meta),
    "rule",
    "rates.bands.1.rateByLevelBp.2",
  );
});

Deno.test("estimate() - bands with a gap name the field", async () => {
  const { rule } = await bj();
  const broken = structuredClone(rule);
  broken.rates.bands[2]!.fromFen = 4_100_000;
  assertFieldError(() => estimate(broken, baseInput(), meta), "rule", "rates.bands.2.fromFen");
});

Deno.test("estimate() - a cross-region visit must say whether it was registered", async () => {
  const { rule } = await bj();
  const input = baseInput();
  assertFieldError(
    () => estimate(rule, { ...input, visit: { ...input.visit, crossRegion: true } }, meta),
    "input",
    "visit.registered",
  );
});

Deno.test("estimate() - the wrong insurance type or visit type is refused", async () => {
  const { rule } = await bj();
  const input = baseInput();
  assertFieldError(
    () => estimate(rule, { ...input, person: { ...input.person, insuranceType: "resident" } }, meta),
    "input",
    "person.insuranceType",
  );
  assertFieldError(
    () => estimate(rule, { ...input, visit: { ...input.visit, type: "generalOutpatient" } }, meta),
    "input",
    "visit.type",
  );
});

Deno.test("estimate() - amounts must be integer fen within 10^11", async () => {
  const { rule } = await bj();
  const input = baseInput();
  const withA = (classAFen: number) => ({
    ...input,
    visit: { ...input.visit, amounts: { classAFen, classBFen: 0, selfPayFen: 0 } },
  });
  assertFieldError(() => estimate(rule, withA(1.5), meta), "input", "visit.amounts.classAFen");
  assertFieldError(() => estimate(rule, withA(100_000_000_001), meta), "input", "visit.amounts.classAFen");
  assertFieldError(() => estimate(rule, withA(-1), meta), "input", "visit.amounts.classAFen");
});

Deno.test("estimate() - a per-admission deductible on an outpatient rule is refused", async () => {
  const { rule } = await loadDemoRule("bj-employee-outpatient", "bj-employee-outpatient");
  const broken = { ...rule, deductible: { kind: "perAdmission" as const, amountsFen: [100] } };
  const input = baseInput();
  assertFieldError(
    () => estimate(broken, { ...input, visit: { ...input.visit, type: "generalOutpatient" } }, meta),
    "rule",
    "deductible.kind",
  );
});

Deno.test("estimate() - a rule limited to some hospital levels refuses a visit at another, naming the field", async () => {
  const { rule, policyId, version } = await loadDemoRule(
    "lyg-resident-inpatient-benefits",
    "lyg-resident-inpatient",
  );
  assert.deepEqual(rule.hospitalLevels, [1]);
  const input = {
    person: { insuranceType: "resident" as const, employment: "other" as const, age: 40 },
    visit: {
      type: "inpatient" as const,
      hospitalLevel: 2 as const,
      crossRegion: false,
      amounts: { classAFen: 100_000, classBFen: 0, selfPayFen: 0 },
    },
  };
  assert.throws(
    () => estimate(rule, input, { policyId, version }),
    (e: unknown) => e instanceof EstimateValidationError && e.field === "visit.hospitalLevel",
  );
  const atLevel1 = estimate(rule, { ...input, visit: { ...input.visit, hospitalLevel: 1 } }, {
    policyId,
    version,
  });
  assert.ok(
    atLevel1.lines.some((l) =>
      l.step === "annualCapUnpublished" && /没有列出年度封顶线/.test(l.explanationZh)
    ),
    "an unpublished cap is said, not implied away",
  );
});

Deno.test("estimate() - category lines explain in Chinese and English, amounts in yuan", async () => {
  const { rule } = await loadDemoRule("yt-employee-inpatient-benefits", "yt-employee-inpatient");
  const withShares = {
    ...rule,
    categorySelfPay: [{ category: "importedMaterial" as const, selfPayBp: 5000, itemLimitFen: 1_000_000 }],
  };
  const r = estimate(withShares, {
    person: { insuranceType: "employee", employment: "employed", age: 40 },
    visit: {
      type: "inpatient",
      hospitalLevel: 1,
      crossRegion: false,
      amounts: { classAFen: 0, classBFen: 1_500_000, selfPayFen: 0 },
      items: [{ class: "classB", category: "importedMaterial", amountFen: 1_500_000 }],
    },
  }, { policyId: "yt-employee-inpatient-benefits", version: 1 });
  const over = r.lines.find((l) => l.step === "categoryOverLimit");
  assert.equal(
    over?.explanationZh,
    "进口医用材料单价限额10,000.00元，超出部分不在报销范围，个人负担：5,000.00元",
  );
  assert.equal(
    over?.explanationEn,
    "Imported medical materials: price limit 10,000.00 yuan per unit; the part above it is outside the scope, the insured pays 5,000.00 yuan",
  );
  const share = r.lines.find((l) => l.step === "categorySelfPay");
  assert.equal(share?.explanationZh, "进口医用材料先自付50%：10,000.00元 × 50% = 5,000.00元");
  assert.equal(
    share?.explanationEn,
    "Imported medical materials: the insured first pays 50%: 10,000.00 yuan × 50% = 5,000.00 yuan",
  );
  assert.equal(r.classBSelfPayFen, 0, "the imported material does not pay the class-B share as well");
});

Deno.test("estimate() - items that disagree with the class totals, and two entries for one category, name the field", async () => {
  const { rule } = await loadDemoRule("yt-employee-inpatient-benefits", "yt-employee-inpatient");
  const input = baseInput();
  assertFieldError(
    () =>
      estimate(rule, {
        ...input,
        person: { ...input.person },
        visit: { ...input.visit, items: [{ class: "classA", amountFen: 1 }] },
      }, meta),
    "input",
    "visit.items",
  );
  const twice = {
    ...rule,
    categorySelfPay: [
      { category: "medicalMaterial" as const, selfPayBp: 3000 },
      { category: "medicalMaterial" as const, selfPayBp: 5000 },
    ],
  };
  assertFieldError(() => estimate(twice, input, meta), "rule", "categorySelfPay");
});

Deno.test("estimate() - the second layer without a year-to-date base says the bands start from this visit", async () => {
  const { rule, policyId, version } = await loadDemoRule(
    "nm-county-cross-region-inpatient",
    "nm-county-employee-cross-inpatient",
  );
  const r = estimate(rule, {
    person: { insuranceType: "employee", employment: "employed", age: 40 },
    visit: {
      type: "inpatient",
      hospitalLevel: 3,
      crossRegion: true,
      registered: true,
      amounts: { classAFen: 1_000_000, classBFen: 0, selfPayFen: 0 },
    },
    yearToDate: {
      admissions: 1,
      deductiblePaidFen: 0,
      fundPaidFen: 0,
      secondLayerPaidFen: 100,
      inScopeCostFen: 0,
    },
  }, { policyId, version });
  const line = r.lines.find((l) => l.step === "secondLayerDeductible");
  assert.match(line!.explanationZh, /yearToDate\.secondLayerBaseFen/);
  assert.equal(r.secondLayer?.baseFen, null);
  assert.equal(r.yearToDateAfter.secondLayerBaseFen, undefined);
});
