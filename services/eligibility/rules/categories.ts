import type { BenefitRule, ItemCategory } from "@yibao/domain";
import { EstimateValidationError } from "./errors.ts";
import type { Visit } from "./input.ts";
import { applyRateRounded } from "./money.ts";

/** Chinese names of item categories. */
export const categoryNamesZh: Record<ItemCategory, string> = {
  specialExamination: "特殊检查",
  specialTreatment: "特殊治疗",
  medicalMaterial: "医用材料",
  importedMaterial: "进口医用材料",
};

/** English names of item categories. */
export const categoryNamesEn: Record<ItemCategory, string> = {
  specialExamination: "Special examinations",
  specialTreatment: "Special treatments",
  medicalMaterial: "Medical materials",
  importedMaterial: "Imported medical materials",
};

/** What the insured pays first on one item category of the bill. */
export interface CategoryShare {
  /** The items' category. */
  category: ItemCategory;
  /** The rule entry applied (`medicalMaterial` for imported materials without an entry of their own). */
  ruleCategory: ItemCategory;
  /** Chinese name. */
  nameZh: string;
  /** English name. */
  nameEn: string;
  /** The category's items (class A and B) as billed. */
  amountFen: number;
  /** The parts above the price limit (limit × quantity per item): outside scope. */
  overLimitFen: number;
  /** The price limit per unit, when the rule sets one. */
  itemLimitFen: number | null;
  /** What the share is taken of: `amountFen − overLimitFen`. */
  countedFen: number;
  /** The share. */
  selfPayBp: number;
  /** `countedFen × selfPayBp`, rounded as the class-B share is. */
  selfPayFen: number;
}

/** The category shares of one visit. */
export interface CategoryShares {
  /** Per category with an entry in the rule and items in the bill, in a fixed order (examinations, treatments, materials, imported). */
  categories: CategoryShare[];
  /** Parts above price limits, together. */
  overLimitFen: number;
  /** Category shares, together. */
  selfPayFen: number;
  /** Class-B items taken by a category share (they do not pay the class-B share too). */
  classBTakenFen: number;
}

/**
 * The shares of `rule.categorySelfPay` on the visit's line items. An item counts when it is class A or
 * class B and its category has an entry (`importedMaterial` falls back to `medicalMaterial`). Per item:
 * the part above `itemLimitFen × quantity` is outside scope; per category: `selfPayBp` of the rest,
 * rounded half up when `round`, else down. Items must agree with the class totals (else the error names
 * `visit.items`). Without items or entries, nothing.
 */
export function categoryShares(rule: BenefitRule, visit: Visit, round: boolean): CategoryShares {
  const none: CategoryShares = { categories: [], overLimitFen: 0, selfPayFen: 0, classBTakenFen: 0 };
  const items = visit.items;
  if (!items) return none;
  const sums = { classA: 0, classB: 0, selfPay: 0 };
  for (const item of items) sums[item.class] += item.amountFen;
  const { classAFen, classBFen, selfPayFen } = visit.amounts;
  if (sums.classA !== classAFen || sums.classB !== classBFen || sums.selfPay !== selfPayFen) {
    throw new EstimateValidationError(
      "input",
      "visit.items",
      `the items add up to class A ${sums.classA}, class B ${sums.classB}, self-pay ${sums.selfPay} fen, not the amounts given`,
    );
  }
  const entries = rule.categorySelfPay ?? [];
  if (entries.length === 0) return none;
  const entryFor = (c: ItemCategory) =>
    entries.find((e) => e.category === c) ??
      (c === "importedMaterial" ? entries.find((e) => e.category === "medicalMaterial") : undefined);

  const byCategory = new Map<ItemCategory, { amount: number; over: number }>();
  let classBTakenFen = 0;
  for (const item of items) {
    if (item.class === "selfPay" || item.category === undefined) continue;
    const entry = entryFor(item.category);
    if (!entry) continue;
    const limit = entry.itemLimitFen === undefined ? null : entry.itemLimitFen * (item.quantity ?? 1);
    const over = limit === null ? 0 : Math.max(0, item.amountFen - limit);
    const acc = byCategory.get(item.category) ?? { amount: 0, over: 0 };
    acc.amount += item.amountFen;
    acc.over += over;
    byCategory.set(item.category, acc);
    if (item.class === "classB") classBTakenFen += item.amountFen;
  }
  const order: ItemCategory[] = [
    "specialExamination",
    "specialTreatment",
    "medicalMaterial",
    "importedMaterial",
  ];
  const categories: CategoryShare[] = [];
  for (const category of order) {
    const acc = byCategory.get(category);
    if (!acc) continue;
    const entry = entryFor(category)!;
    const countedFen = acc.amount - acc.over;
    categories.push({
      category,
      ruleCategory: entry.category,
      nameZh: categoryNamesZh[category],
      nameEn: categoryNamesEn[category],
      amountFen: acc.amount,
      overLimitFen: acc.over,
      itemLimitFen: entry.itemLimitFen ?? null,
      countedFen,
      selfPayBp: entry.selfPayBp,
      selfPayFen: applyRateRounded(countedFen, entry.selfPayBp, round),
    });
  }
  return {
    categories,
    overLimitFen: categories.reduce((s, c) => s + c.overLimitFen, 0),
    selfPayFen: categories.reduce((s, c) => s + c.selfPayFen, 0),
    classBTakenFen,
  };
}
