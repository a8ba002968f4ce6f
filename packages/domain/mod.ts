/**
 * @module
 * The suite's shared domain vocabulary as zod schemas, one name for each thing (GLOSSARY.md):
 * regions, audiences, policies and their versions, change lists, and benefit rules.
 */
export {
  audienceIds,
  audienceIdSchema,
  audienceNames,
  channelSchema,
  fenSchema,
  insuranceTypeSchema,
  regionCodeSchema,
  regionLevels,
  regionLevelSchema,
} from "./glossary.ts";
export {
  adjustmentSchema,
  basisPointsSchema,
  type BenefitRule,
  benefitRuleSchema,
  type CategorySelfPay,
  categorySelfPaySchema,
  crossRegionSchema,
  deductibleSchema,
  type ItemCategory,
  itemCategorySchema,
  rateBandSchema,
  rateTableSchema,
  secondLayerSchema,
  visitTypeSchema,
} from "./benefit_rules.ts";
export {
  type Change,
  changeSchema,
  type DemoPolicy,
  demoPolicySchema,
  isoDateSchema,
  type PolicyContent,
  policyContentSchema,
  policyIdSchema,
  summariesSchema,
  topicIdSchema,
  topicSchema,
} from "./policy.ts";
export { applyChanges, ChangeConflictError, diffContent, flattenContent } from "./changes.ts";
export { calendarDateSchema, policyTimeZone, shanghaiToday } from "./dates.ts";
export {
  type BenefitKey,
  benefitKeys,
  benefitKeySchema,
  type Bilingual,
  bilingualSchema,
  booleanFacts,
  type ChoiceFact,
  type Criterion,
  criterionSchema,
  type EligibilityRule,
  eligibilityRuleSchema,
  factValueLabels,
  factValues,
  nextStepSchema,
  numericFacts,
} from "./eligibility_rules.ts";
export {
  defaultTimeZone,
  isTimeZone,
  localIso,
  offsetMinutes,
  utcIso,
  wallMs,
  wallToInstantMs,
} from "./time_zones.ts";
