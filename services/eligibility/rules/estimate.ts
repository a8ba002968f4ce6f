/**
 * The reimbursement estimator (医保计算器): a pure function from a benefit rule and one visit to an
 * itemised estimate. Money is integer fen, rates basis points (9000 = 90%); `amount × bp / 10000` is
 * computed exactly in integers and rounded half up at the steps `rule.rounding` names.
 *
 * Semantics, in the order they are applied:
 * 1. Total = class A + class B + self-pay. Self-pay items (丙类/自费) are excluded: the patient pays them.
 * 2. Class B: `classBSelfPayBp` of it comes off first (先自付), paid by the patient (rounded half up if
 *    `classBSelfPay` is named in `rounding`, else rounded down). In scope = class A + the rest of class B.
 * 3. Terms (see `resolveTerms`): the rule's deductible and rates; a matching `table` adjustment replaces
 *    what it names; a cross-region visit then takes `crossRegion.registered` / `.unregistered` overrides
 *    (the model cannot vary those by person, so they win over the table); then the largest matching
 *    `addPoints` adjustment is added to every band rate (capped at 100%) and, for unregistered
 *    cross-region care, `pointsOff` is taken off every band rate (floored at 0). A cross-region visit
 *    with no override in the rule uses the rule's own terms. Adjustments match: `retired` ⇔ employment
 *    retired; `student` ⇔ employment student; `minor` ⇔ age under 18 or employment minor.
 * 4. Deductible due: `none` 0; `perYear` its amount less `yearToDate.deductiblePaidFen` (never below 0);
 *    `perAdmission` (inpatient only) the (n+1)-th admission pays `amountsFen[min(n, len − 1)]`, n =
 *    `yearToDate.admissions`; `byHospitalLevel` the amount for the visit's level, on each visit. The
 *    deductible applied on this visit is the due amount, at most the in-scope amount.
 * 5. Bands. `aboveDeductible`: the bands are positions on this visit's (in-scope − deductible), from 0.
 *    `cumulativeInScope`: the bands are positions on the year's cumulative in-scope cost; this visit's
 *    payable part is `[ytd.inScopeCostFen + deductible, ytd.inScopeCostFen + inScope)`, split across the
 *    bands. Band rate = `rateBp` or `rateByLevelBp[level]` adjusted as in 3. Any part above the last
 *    band's end is paid at 0% (the patient pays it); it is listed as a band with rate 0. Each band's
 *    payment is rounded half up if `band` is named, else the band payments are summed exactly and the
 *    sum rounded half up if `fundPays` is named (rounded down if neither is named).
 * 6. Annual cap: the fund pays at most `annualCapFen − ytd.fundPaidFen` (never negative; null = no cap).
 *    The amount cut goes to the patient, and into the second layer's residual. When the published
 *    table states no cap (`annualCapUnpublished`), a line says the estimate applies none.
 * 7. Second layer (大病保险, see `secondLayer`): on the residual in-scope amount (in-scope − what the
 *    fund pays), above its own deductible (taken only while the layer has paid nothing this year),
 *    in its own bands measured from 0 on this visit, limited by its own annual cap. Points added or taken
 *    off in 3 do not apply to it. Rounded half up per band if `secondLayer` is named, else down.
 * 8. Out of pocket = total − fund − second layer, so the three always add up to the total.
 * A rule with `hospitalLevels` estimates visits at those levels only (others name `visit.hospitalLevel`).
 * The `deductible` rounding step has nothing to round: deductibles are whole fen in the model.
 * @module
 */
import { type BenefitRule, benefitRuleSchema } from "@yibao/domain";
import { type BandShare, describeShare, splitAcrossBands, validateBands } from "./bands.ts";
import { deductibleDue } from "./deductible.ts";
import { EstimateValidationError } from "./errors.ts";
import { formatRate, formatYuan } from "./format.ts";
import { type EstimateInput, estimateInputSchema } from "./input.ts";
import { applyRateRounded, BP_WHOLE, divFloor, divRoundHalfUp } from "./money.ts";
import { secondLayer } from "./second_layer.ts";
import { resolveTerms } from "./terms.ts";

/** Which policy version the rule comes from: every line names it. */
export interface EstimateMeta {
  /** The policy the rule belongs to. */
  policyId: string;
  /** The policy version the rule was read from. */
  version: number;
}

/** One step of the estimate, with the rule, policy version and a short Chinese reason. */
export interface EstimateLine {
  /** Step name, e.g. `classBSelfPay`, `deductible`, `band`, `annualCap`, `secondLayerBand`. */
  step: string;
  /** The amount the step is about, in fen. */
  amountFen: number;
  /** The benefit rule applied. */
  ruleId: string;
  /** The policy the rule belongs to. */
  policyId: string;
  /** The policy version. */
  version: number;
  /** Why, in Chinese, with the arithmetic. */
  explanationZh: string;
}

/** One band of the breakdown: a part of the payable amount and what the payer pays on it. */
export interface EstimateBand {
  /** Start of the part on the band scale. */
  fromFen: number;
  /** End of the part (exclusive). */
  toFen: number;
  /** Fen in this part. */
  amountFen: number;
  /** Rate applied; 0 above the last band. */
  rateBp: number;
  /** What the payer pays on this part. */
  fundFen: number;
}

/** The second layer's part of the estimate. */
export interface SecondLayerEstimate {
  /** Residual in-scope amount the layer looks at. */
  amountFen: number;
  /** The layer's deductible taken on this visit. */
  deductibleFen: number;
  /** The layer's bands. */
  bands: EstimateBand[];
  /** Amount cut by the layer's annual cap. */
  capFen: number;
  /** What the layer pays. */
  fundFen: number;
}

/** An itemised estimate of one visit. */
export interface Estimate {
  /** Everything billed. */
  totalFen: number;
  /** Self-pay (丙类) items: excluded, the patient pays. */
  excludedFen: number;
  /** The class-B share the patient pays first. */
  classBSelfPayFen: number;
  /** Class A plus the rest of class B. */
  inScopeFen: number;
  /** The deductible applied on this visit. */
  deductibleFen: number;
  /** The payable amount by band. */
  bands: EstimateBand[];
  /** What the fund would pay without its annual cap. */
  fundBeforeCapFen: number;
  /** The amount cut by the annual cap. */
  capFen: number;
  /** What the basic fund pays. */
  fundPaysFen: number;
  /** The second layer (大病保险), or null when the rule has none. */
  secondLayer: SecondLayerEstimate | null;
  /** What the patient pays. */
  outOfPocketFen: number;
  /** The steps, each naming rule, policy and version. */
  lines: EstimateLine[];
}

// Rules are data read once and never changed, so each rule object is validated once.
const validatedRules = new WeakMap<BenefitRule, BenefitRule>();

function parseRule(rule: BenefitRule): BenefitRule {
  const known = validatedRules.get(rule);
  if (known) return known;
  const parsed = benefitRuleSchema.safeParse(rule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EstimateValidationError("rule", issue.path.join(".") || "(rule)", issue.message);
  }
  validatedRules.set(rule, parsed.data);
  return parsed.data;
}

function parseInput(input: EstimateInput) {
  const parsed = estimateInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const zh = issue.code === "custom" ? (issue.params as { zh?: string } | undefined)?.zh : undefined;
    throw new EstimateValidationError("input", issue.path.join(".") || "(input)", issue.message, zh);
  }
  return parsed.data;
}

const toBand = (s: BandShare): EstimateBand => ({
  fromFen: s.fromFen,
  toFen: s.toFen,
  amountFen: s.amountFen,
  rateBp: s.rateBp,
  fundFen: s.fundFen,
});

/**
 * Estimates one visit under `rule` (see the module comment for the semantics). Pure: the same rule,
 * input and meta always give the same estimate. Throws `EstimateValidationError` naming the field when
 * the rule or input cannot be evaluated.
 */
export function estimate(ruleInput: BenefitRule, input: EstimateInput, meta: EstimateMeta): Estimate {
  const rule = parseRule(ruleInput);
  const { person, visit, yearToDate: ytd } = parseInput(input);
  if (person.insuranceType !== rule.insuranceType) {
    throw new EstimateValidationError(
      "input",
      "person.insuranceType",
      `is ${person.insuranceType} but rule ${rule.id} is for ${rule.insuranceType}`,
    );
  }
  if (visit.type !== rule.visitType) {
    throw new EstimateValidationError(
      "input",
      "visit.type",
      `is ${visit.type} but rule ${rule.id} is for ${rule.visitType}`,
    );
  }
  if (rule.hospitalLevels && !rule.hospitalLevels.includes(visit.hospitalLevel)) {
    throw new EstimateValidationError(
      "input",
      "visit.hospitalLevel",
      `is ${visit.hospitalLevel} but rule ${rule.id} covers hospital levels ${
        rule.hospitalLevels.join(", ")
      } only`,
    );
  }
  const lines: EstimateLine[] = [];
  const line = (step: string, amountFen: number, explanationZh: string) =>
    lines.push({
      step,
      amountFen,
      ruleId: rule.id,
      policyId: meta.policyId,
      version: meta.version,
      explanationZh,
    });
  const rounds = (step: BenefitRule["rounding"][number]) => rule.rounding.includes(step);

  const { classAFen, classBFen, selfPayFen } = visit.amounts;
  const totalFen = classAFen + classBFen + selfPayFen;
  line(
    "total",
    totalFen,
    `总费用：甲类${formatYuan(classAFen)} + 乙类${formatYuan(classBFen)} + 丙类（自费）${
      formatYuan(selfPayFen)
    } = ${formatYuan(totalFen)}`,
  );
  line("excluded", selfPayFen, `丙类（自费）项目不在报销范围，个人全额负担：${formatYuan(selfPayFen)}`);

  const classBSelfPayFen = applyRateRounded(classBFen, rule.classBSelfPayBp, rounds("classBSelfPay"));
  line(
    "classBSelfPay",
    classBSelfPayFen,
    `乙类药品和项目先自付${formatRate(rule.classBSelfPayBp)}：${formatYuan(classBFen)} × ${
      formatRate(rule.classBSelfPayBp)
    } = ${formatYuan(classBSelfPayFen)}`,
  );
  const inScopeFen = classAFen + classBFen - classBSelfPayFen;
  line(
    "inScope",
    inScopeFen,
    `政策范围内费用：甲类${formatYuan(classAFen)} + 乙类${formatYuan(classBFen)} − 乙类先自付${
      formatYuan(classBSelfPayFen)
    } = ${formatYuan(inScopeFen)}`,
  );

  const terms = resolveTerms(rule, person, visit);
  for (const note of terms.notes) line(note.step, 0, note.explanationZh);
  validateBands(terms.rates.bands, `${terms.ratesPath}.bands`);
  if (rule.secondLayer) validateBands(rule.secondLayer.bands, "secondLayer.bands");

  const due = deductibleDue(rule, terms.deductible, terms.deductiblePath, visit, ytd);
  const deductibleFen = Math.min(due.dueFen, inScopeFen);
  line(
    "deductible",
    deductibleFen,
    deductibleFen < due.dueFen
      ? `${due.explanationZh}；本次政策范围内费用${
        formatYuan(inScopeFen)
      }未超过起付线，全部由个人负担，统筹基金不支付`
      : `${due.explanationZh}，由个人负担：${formatYuan(deductibleFen)}`,
  );

  const cumulative = terms.rates.base === "cumulativeInScope";
  const lo = cumulative ? ytd.inScopeCostFen + deductibleFen : 0;
  const hi = cumulative ? ytd.inScopeCostFen + inScopeFen : inScopeFen - deductibleFen;
  const shares = splitAcrossBands(
    terms.rates.bands,
    `${terms.ratesPath}.bands`,
    lo,
    hi,
    visit.hospitalLevel,
    terms.pointsAdded,
    terms.pointsOff,
    rounds("band"),
  );
  const scaleZh = cumulative ? "年度累计政策范围内费用" : "起付线以上费用";
  for (const s of shares) {
    line(
      s.bandIndex === null ? "aboveLastBand" : "band",
      s.amountFen,
      describeShare(s, scaleZh, visit.hospitalLevel, "统筹基金"),
    );
  }
  const exactSum = shares.reduce((sum, s) => sum + s.exactTimes10000, 0);
  const fundBeforeCapFen = rounds("band")
    ? shares.reduce((sum, s) => sum + s.fundFen, 0)
    : rounds("fundPays")
    ? divRoundHalfUp(exactSum, BP_WHOLE)
    : divFloor(exactSum, BP_WHOLE);
  line("fundBeforeCap", fundBeforeCapFen, `各段统筹支付合计：${formatYuan(fundBeforeCapFen)}`);

  let fundPaysFen = fundBeforeCapFen;
  if (rule.annualCapFen !== null) {
    const available = Math.max(0, rule.annualCapFen - ytd.fundPaidFen);
    fundPaysFen = Math.min(fundBeforeCapFen, available);
    line(
      "annualCap",
      fundBeforeCapFen - fundPaysFen,
      fundPaysFen < fundBeforeCapFen
        ? `年度封顶线${formatYuan(rule.annualCapFen)}，本年已支付${formatYuan(ytd.fundPaidFen)}，还可支付${
          formatYuan(available)
        }；超出的${formatYuan(fundBeforeCapFen - fundPaysFen)}由个人负担`
        : `年度封顶线${formatYuan(rule.annualCapFen)}，本年已支付${
          formatYuan(ytd.fundPaidFen)
        }，本次未超封顶线`,
    );
  }
  if (rule.annualCapFen === null && rule.annualCapUnpublished) {
    line(
      "annualCapUnpublished",
      0,
      "公布的待遇表没有列出年度封顶线，本测算未设封顶；实际支付可能受当地封顶线限制，请以参保地规定为准",
    );
  }
  const capFen = fundBeforeCapFen - fundPaysFen;
  line("fundPays", fundPaysFen, `统筹基金支付：${formatYuan(fundPaysFen)}`);

  let layer: SecondLayerEstimate | null = null;
  if (rule.secondLayer) {
    const residual = inScopeFen - fundPaysFen;
    const r = secondLayer(rule.secondLayer, residual, ytd, rounds("secondLayer"));
    line(
      "secondLayerResidual",
      residual,
      `大病保险（大额）看个人负担的政策范围内费用：${formatYuan(inScopeFen)} − ${formatYuan(fundPaysFen)} = ${
        formatYuan(residual)
      }`,
    );
    line(
      "secondLayerDeductible",
      r.deductibleFen,
      ytd.secondLayerPaidFen > 0
        ? "大病保险本年已支付过，起付线视为已达到"
        : `大病保险起付线${formatYuan(rule.secondLayer.deductibleFen)}，本次扣除${
          formatYuan(r.deductibleFen)
        }`,
    );
    for (const s of r.bands) {
      line(
        s.bandIndex === null ? "secondLayerAboveLastBand" : "secondLayerBand",
        s.amountFen,
        describeShare(s, "大病保险起付线以上费用", visit.hospitalLevel, "大病保险"),
      );
    }
    if (rule.secondLayer.annualCapFen !== null) {
      line(
        "secondLayerCap",
        r.capFen,
        r.capFen > 0
          ? `大病保险年度封顶${formatYuan(rule.secondLayer.annualCapFen)}，本年已支付${
            formatYuan(ytd.secondLayerPaidFen)
          }；超出的${formatYuan(r.capFen)}由个人负担`
          : `大病保险年度封顶${formatYuan(rule.secondLayer.annualCapFen)}，本次未超封顶`,
      );
    }
    line("secondLayerPays", r.fundFen, `大病保险支付：${formatYuan(r.fundFen)}`);
    layer = {
      amountFen: residual,
      deductibleFen: r.deductibleFen,
      bands: r.bands.map(toBand),
      capFen: r.capFen,
      fundFen: r.fundFen,
    };
  }

  const secondFen = layer?.fundFen ?? 0;
  const outOfPocketFen = totalFen - fundPaysFen - secondFen;
  line(
    "outOfPocket",
    outOfPocketFen,
    `个人负担：总费用${formatYuan(totalFen)} − 统筹基金${formatYuan(fundPaysFen)}${
      layer ? ` − 大病保险${formatYuan(secondFen)}` : ""
    } = ${formatYuan(outOfPocketFen)}`,
  );

  return {
    totalFen,
    excludedFen: selfPayFen,
    classBSelfPayFen,
    inScopeFen,
    deductibleFen,
    bands: shares.map(toBand),
    fundBeforeCapFen,
    capFen,
    fundPaysFen,
    secondLayer: layer,
    outOfPocketFen,
    lines,
  };
}
