/**
 * The reimbursement estimator (医保计算器): a pure function from a benefit rule and one visit to an
 * itemised estimate. Money is integer fen, rates basis points (9000 = 90%); `amount × bp / 10000` is
 * computed exactly in integers and rounded half up at the steps `rule.rounding` names.
 *
 * Semantics, in the order they are applied:
 * 1. Total = class A + class B + self-pay. Self-pay items (丙类/自费) are excluded: the patient pays them.
 * 2. Shares paid first (先自付), by the patient. Item categories (`categorySelfPay`, needs `visit.items`):
 *    a class-A or class-B item of a category the rule names (special examination, special treatment,
 *    medical material, imported material — which falls back to the medical-material entry) first loses
 *    the part above the entry's `itemLimitFen × quantity` (outside scope, the patient pays it), then the
 *    entry's `selfPayBp` of the rest, summed per category; such an item does not pay the class-B share
 *    as well. Class B: `classBSelfPayBp` of the class-B amount not taken by a category comes off. Each
 *    share is rounded half up if `classBSelfPay` is named in `rounding`, else rounded down. In scope =
 *    class A + class B − the class-B share − parts above price limits − the category shares.
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
 *    fund pays), measured over the year: with `yearToDate.secondLayerBaseFen` (the residual of earlier
 *    visits this year) its deductible and bands are positions on the year's cumulative residual, so a
 *    second visit continues where the first left off; without it, from 0 on this visit (the deductible
 *    taken only while the layer has paid nothing this year). Limited by its own annual cap. Points added
 *    or taken off in 3 do not apply to it. Rounded half up per band if `secondLayer` is named, else down.
 * 8. Out of pocket = total − fund − second layer, so the three always add up to the total.
 * 9. Year to date after this visit (`yearToDateAfter`): what the next visit of the year sends.
 * A rule with `hospitalLevels` estimates visits at those levels only (others name `visit.hospitalLevel`).
 * The `deductible` rounding step has nothing to round: deductibles are whole fen in the model.
 * Every line explains its step in Chinese (`explanationZh`) and English (`explanationEn`), amounts in yuan.
 * @module
 */
import { type BenefitRule, benefitRuleSchema } from "@yibao/domain";
import { type BandShare, describeShare, describeShareEn, splitAcrossBands, validateBands } from "./bands.ts";
import { type CategoryShare, categoryShares } from "./categories.ts";
export type { CategoryShare };
import { deductibleDue } from "./deductible.ts";
import { EstimateValidationError } from "./errors.ts";
import { formatRate, formatYuan, formatYuanEn } from "./format.ts";
import {
  crossFieldProblem,
  type EstimateInput,
  estimateInputSchema,
  type ParsedEstimateInput,
  type YearToDate,
} from "./input.ts";
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
  /** The same in English. */
  explanationEn: string;
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
  /** The year-to-date residual the layer continued from, or null when the request did not give it. */
  baseFen: number | null;
  /** The layer's bands (positions on the year's cumulative residual above its deductible when given). */
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
  /** Parts of items above their category's price limit: outside scope, the patient pays. */
  overLimitFen: number;
  /** The category shares (特殊检查、特殊治疗、医用材料) the patient pays first, together. */
  categorySelfPayFen: number;
  /** Per category with a share in the rule and items in the bill. */
  categories: CategoryShare[];
  /** Class A plus class B, less the shares paid first and the parts above price limits. */
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
  /** The year to date after this visit: what the next visit of the year sends as `yearToDate`. */
  yearToDateAfter: YearToDate;
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
  return estimateChecked(rule, parseInput(input), meta);
}

/**
 * {@linkcode estimate} for an input whose fields were parsed by the same schemas already (the HTTP
 * edge's request schema reuses them): the input is not parsed again, only its cross-field checks are
 * made, with the same errors. Everything else is `estimate`.
 */
export function estimateParsed(
  ruleInput: BenefitRule,
  input: ParsedEstimateInput,
  meta: EstimateMeta,
): Estimate {
  const rule = parseRule(ruleInput);
  const problem = crossFieldProblem(input);
  if (problem) throw new EstimateValidationError("input", problem.path, problem.message, problem.zh);
  return estimateChecked(rule, input, meta);
}

function estimateChecked(rule: BenefitRule, input: ParsedEstimateInput, meta: EstimateMeta): Estimate {
  const { person, visit, yearToDate: ytd } = input;
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
  const line = (step: string, amountFen: number, explanationZh: string, explanationEn: string) =>
    lines.push({
      step,
      amountFen,
      ruleId: rule.id,
      policyId: meta.policyId,
      version: meta.version,
      explanationZh,
      explanationEn,
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
    `Total: class A ${formatYuanEn(classAFen)} + class B ${formatYuanEn(classBFen)} + self-pay ${
      formatYuanEn(selfPayFen)
    } = ${formatYuanEn(totalFen)}`,
  );
  line(
    "excluded",
    selfPayFen,
    `丙类（自费）项目不在报销范围，个人全额负担：${formatYuan(selfPayFen)}`,
    `Self-pay items are outside the scope; the insured pays them in full: ${formatYuanEn(selfPayFen)}`,
  );

  const cats = categoryShares(rule, visit, rounds("classBSelfPay"));
  for (const c of cats.categories) {
    if (c.overLimitFen > 0) {
      line(
        "categoryOverLimit",
        c.overLimitFen,
        `${c.nameZh}单价限额${formatYuan(c.itemLimitFen!)}，超出部分不在报销范围，个人负担：${
          formatYuan(c.overLimitFen)
        }`,
        `${c.nameEn}: price limit ${
          formatYuanEn(c.itemLimitFen!)
        } per unit; the part above it is outside the scope, the insured pays ${formatYuanEn(c.overLimitFen)}`,
      );
    }
    line(
      "categorySelfPay",
      c.selfPayFen,
      `${c.nameZh}先自付${formatRate(c.selfPayBp)}：${formatYuan(c.countedFen)} × ${
        formatRate(c.selfPayBp)
      } = ${formatYuan(c.selfPayFen)}`,
      `${c.nameEn}: the insured first pays ${formatRate(c.selfPayBp)}: ${formatYuanEn(c.countedFen)} × ${
        formatRate(c.selfPayBp)
      } = ${formatYuanEn(c.selfPayFen)}`,
    );
  }
  const classBBaseFen = classBFen - cats.classBTakenFen;
  const classBSelfPayFen = applyRateRounded(classBBaseFen, rule.classBSelfPayBp, rounds("classBSelfPay"));
  const classBNoteZh = cats.classBTakenFen > 0
    ? `（已按类别先自付的${formatYuan(cats.classBTakenFen)}除外）`
    : "";
  const classBNoteEn = cats.classBTakenFen > 0
    ? ` (less ${formatYuanEn(cats.classBTakenFen)} already charged by category)`
    : "";
  line(
    "classBSelfPay",
    classBSelfPayFen,
    `乙类药品和项目先自付${formatRate(rule.classBSelfPayBp)}${classBNoteZh}：${formatYuan(classBBaseFen)} × ${
      formatRate(rule.classBSelfPayBp)
    } = ${formatYuan(classBSelfPayFen)}`,
    `Class-B drugs and items: the insured first pays ${formatRate(rule.classBSelfPayBp)}${classBNoteEn}: ${
      formatYuanEn(classBBaseFen)
    } × ${formatRate(rule.classBSelfPayBp)} = ${formatYuanEn(classBSelfPayFen)}`,
  );
  const inScopeFen = classAFen + classBFen - classBSelfPayFen - cats.overLimitFen - cats.selfPayFen;
  const catZh = cats.categories.length > 0
    ? ` − 超限额${formatYuan(cats.overLimitFen)} − 类别先自付${formatYuan(cats.selfPayFen)}`
    : "";
  const catEn = cats.categories.length > 0
    ? ` − above price limits ${formatYuanEn(cats.overLimitFen)} − category shares ${
      formatYuanEn(cats.selfPayFen)
    }`
    : "";
  line(
    "inScope",
    inScopeFen,
    `政策范围内费用：甲类${formatYuan(classAFen)} + 乙类${formatYuan(classBFen)} − 乙类先自付${
      formatYuan(classBSelfPayFen)
    }${catZh} = ${formatYuan(inScopeFen)}`,
    `In scope: class A ${formatYuanEn(classAFen)} + class B ${formatYuanEn(classBFen)} − class-B share ${
      formatYuanEn(classBSelfPayFen)
    }${catEn} = ${formatYuanEn(inScopeFen)}`,
  );

  const terms = resolveTerms(rule, person, visit);
  for (const note of terms.notes) line(note.step, 0, note.explanationZh, note.explanationEn);
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
    deductibleFen < due.dueFen
      ? `${due.explanationEn}; this visit's in-scope ${
        formatYuanEn(inScopeFen)
      } does not reach it, so the insured pays all of it and the fund nothing`
      : `${due.explanationEn}; the insured pays ${formatYuanEn(deductibleFen)}`,
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
  const scaleEn = cumulative ? "The year's cumulative in-scope cost" : "The amount above the deductible";
  for (const s of shares) {
    line(
      s.bandIndex === null ? "aboveLastBand" : "band",
      s.amountFen,
      describeShare(s, scaleZh, visit.hospitalLevel, "统筹基金"),
      describeShareEn(s, scaleEn, visit.hospitalLevel, "the fund"),
    );
  }
  const exactSum = shares.reduce((sum, s) => sum + s.exactTimes10000, 0);
  const fundBeforeCapFen = rounds("band")
    ? shares.reduce((sum, s) => sum + s.fundFen, 0)
    : rounds("fundPays")
    ? divRoundHalfUp(exactSum, BP_WHOLE)
    : divFloor(exactSum, BP_WHOLE);
  line(
    "fundBeforeCap",
    fundBeforeCapFen,
    `各段统筹支付合计：${formatYuan(fundBeforeCapFen)}`,
    `The fund's bands add up to ${formatYuanEn(fundBeforeCapFen)}`,
  );

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
      fundPaysFen < fundBeforeCapFen
        ? `Annual cap ${formatYuanEn(rule.annualCapFen)}, ${formatYuanEn(ytd.fundPaidFen)} paid this year, ${
          formatYuanEn(available)
        } left; the insured pays the ${formatYuanEn(fundBeforeCapFen - fundPaysFen)} above it`
        : `Annual cap ${formatYuanEn(rule.annualCapFen)}, ${
          formatYuanEn(ytd.fundPaidFen)
        } paid this year; this visit stays within it`,
    );
  }
  if (rule.annualCapFen === null && rule.annualCapUnpublished) {
    line(
      "annualCapUnpublished",
      0,
      "公布的待遇表没有列出年度封顶线，本测算未设封顶；实际支付可能受当地封顶线限制，请以参保地规定为准",
      "The published table states no annual cap, so this estimate applies none; a local cap may still limit the payment: the enrollment region's rules decide",
    );
  }
  const capFen = fundBeforeCapFen - fundPaysFen;
  line(
    "fundPays",
    fundPaysFen,
    `统筹基金支付：${formatYuan(fundPaysFen)}`,
    `The fund pays ${formatYuanEn(fundPaysFen)}`,
  );

  let layer: SecondLayerEstimate | null = null;
  const residual = inScopeFen - fundPaysFen;
  if (rule.secondLayer) {
    const r = secondLayer(rule.secondLayer, residual, ytd, rounds("secondLayer"));
    line(
      "secondLayerResidual",
      residual,
      `大病保险（大额）看个人负担的政策范围内费用：${formatYuan(inScopeFen)} − ${formatYuan(fundPaysFen)} = ${
        formatYuan(residual)
      }`,
      `The second layer (critical illness) looks at the in-scope cost the insured bears: ${
        formatYuanEn(inScopeFen)
      } − ${formatYuanEn(fundPaysFen)} = ${formatYuanEn(residual)}`,
    );
    const d = rule.secondLayer.deductibleFen;
    if (r.baseFen === null) {
      line(
        "secondLayerDeductible",
        r.deductibleFen,
        ytd.secondLayerPaidFen > 0
          ? "大病保险本年已支付过，起付线视为已达到（未提供本年累计基数 yearToDate.secondLayerBaseFen，各段从本次起算）"
          : `大病保险起付线${formatYuan(d)}，本次扣除${formatYuan(r.deductibleFen)}`,
        ytd.secondLayerPaidFen > 0
          ? "The second layer has paid this year, so its deductible counts as met (no yearToDate.secondLayerBaseFen given: bands measured from this visit)"
          : `Second-layer deductible ${formatYuanEn(d)}; ${
            formatYuanEn(r.deductibleFen)
          } taken on this visit`,
      );
    } else {
      line(
        "secondLayerDeductible",
        r.deductibleFen,
        `大病保险按年度累计：本年此前累计${formatYuan(r.baseFen)}，本次累计至${
          formatYuan(r.baseFen + residual)
        }；起付线${formatYuan(d)}，本次扣除${formatYuan(r.deductibleFen)}`,
        `The second layer counts over the year: ${formatYuanEn(r.baseFen)} before this visit, ${
          formatYuanEn(r.baseFen + residual)
        } after it; deductible ${formatYuanEn(d)}, ${formatYuanEn(r.deductibleFen)} taken on this visit`,
      );
    }
    const scaleZh = r.baseFen === null ? "大病保险起付线以上费用" : "大病保险起付线以上的年度累计费用";
    const scaleEn = r.baseFen === null
      ? "The amount above the second-layer deductible"
      : "The year's cumulative amount above the second-layer deductible";
    for (const s of r.bands) {
      line(
        s.bandIndex === null ? "secondLayerAboveLastBand" : "secondLayerBand",
        s.amountFen,
        describeShare(s, scaleZh, visit.hospitalLevel, "大病保险"),
        describeShareEn(s, scaleEn, visit.hospitalLevel, "the second layer"),
      );
    }
    const cap = rule.secondLayer.annualCapFen;
    if (cap !== null) {
      line(
        "secondLayerCap",
        r.capFen,
        r.capFen > 0
          ? `大病保险年度封顶${formatYuan(cap)}，本年已支付${formatYuan(ytd.secondLayerPaidFen)}；超出的${
            formatYuan(r.capFen)
          }由个人负担`
          : `大病保险年度封顶${formatYuan(cap)}，本次未超封顶`,
        r.capFen > 0
          ? `Second-layer annual cap ${formatYuanEn(cap)}, ${
            formatYuanEn(ytd.secondLayerPaidFen)
          } paid this year; the insured pays the ${formatYuanEn(r.capFen)} above it`
          : `Second-layer annual cap ${formatYuanEn(cap)}; this visit stays within it`,
      );
    }
    line(
      "secondLayerPays",
      r.fundFen,
      `大病保险支付：${formatYuan(r.fundFen)}`,
      `The second layer pays ${formatYuanEn(r.fundFen)}`,
    );
    layer = {
      amountFen: residual,
      deductibleFen: r.deductibleFen,
      baseFen: r.baseFen,
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
    `The insured pays: total ${formatYuanEn(totalFen)} − fund ${formatYuanEn(fundPaysFen)}${
      layer ? ` − second layer ${formatYuanEn(secondFen)}` : ""
    } = ${formatYuanEn(outOfPocketFen)}`,
  );

  const yearToDateAfter: YearToDate = {
    admissions: ytd.admissions + (visit.type === "inpatient" ? 1 : 0),
    deductiblePaidFen: ytd.deductiblePaidFen + deductibleFen,
    fundPaidFen: ytd.fundPaidFen + fundPaysFen,
    secondLayerPaidFen: ytd.secondLayerPaidFen + secondFen,
    inScopeCostFen: ytd.inScopeCostFen + inScopeFen,
    ...(ytd.secondLayerBaseFen === undefined
      ? {}
      : { secondLayerBaseFen: ytd.secondLayerBaseFen + residual }),
  };

  return {
    totalFen,
    excludedFen: selfPayFen,
    classBSelfPayFen,
    overLimitFen: cats.overLimitFen,
    categorySelfPayFen: cats.selfPayFen,
    categories: cats.categories,
    inScopeFen,
    deductibleFen,
    bands: shares.map(toBand),
    fundBeforeCapFen,
    capFen,
    fundPaysFen,
    secondLayer: layer,
    outOfPocketFen,
    lines,
    yearToDateAfter,
  };
}
