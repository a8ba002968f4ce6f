/**
 * @module
 * The pure reimbursement estimator (医保计算器): the estimate input schemas, `estimate()` with its
 * itemised breakdown, integer money helpers, and the validation error naming the offending field.
 */
export {
  type Estimate,
  estimate,
  type EstimateBand,
  type EstimateLine,
  type EstimateMeta,
  estimateParsed,
  type SecondLayerEstimate,
} from "./estimate.ts";
export {
  crossFieldProblem,
  employmentSchema,
  emptyYearToDate,
  type EstimateInput,
  estimateInputSchema,
  MAX_VISIT_FEN,
  MAX_YEAR_FEN,
  type ParsedEstimateInput,
  type Person,
  personSchema,
  type Visit,
  visitAmountsSchema,
  type VisitItem,
  visitItemSchema,
  visitSchema,
  type YearToDate,
  yearToDateSchema,
} from "./input.ts";
export { applyRate, applyRateRounded, BP_WHOLE, divFloor, divRoundHalfUp } from "./money.ts";
export { formatRate, formatYuan, formatYuanEn, levelNamesEn, levelNamesZh } from "./format.ts";
export { EstimateValidationError, type ValidationSource } from "./errors.ts";
export { personMatches, resolveTerms, type Terms } from "./terms.ts";
