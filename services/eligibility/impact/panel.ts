/**
 * The panel of an impact preview (影响测算): typical visits, built the same way for every amendment so
 * two previews compare.
 *
 * 1. Per region, in the order given: three people — an employed employee (在职职工, 45), a retired
 *    employee (退休职工, 68) and a resident (城乡居民, 45, employment `other`; retirement does not apply
 *    to resident insurance).
 * 2. × hospital level 1, 2, 3 × each visit type given (those the policy's rules cover, base or draft).
 * 3. × four bills: 800, 5,000, 20,000 and 80,000 yuan in total, split 70% class A, 20% class B and 10%
 *    self-pay (丙类), all whole fen. The first visit of the year (nothing paid before), in the
 *    enrollment region (not cross-region), on the preview's date.
 * 4. At most {@linkcode MAX_PANEL_CASES} cases: regions are taken whole, in order, while they fit; the
 *    rest are reported as left out, never silently dropped.
 */
import type { visitTypeSchema } from "@yibao/domain";
import type { z } from "zod";
import { formatYuan, levelNamesZh } from "../rules/mod.ts";

/** A visit type. */
export type VisitType = z.infer<typeof visitTypeSchema>;

/** Most cases in one preview. */
export const MAX_PANEL_CASES = 500;

/** The bills of the panel, in fen: 800, 5,000, 20,000 and 80,000 yuan. */
export const PANEL_TOTALS_FEN = [80_000, 500_000, 2_000_000, 8_000_000] as const;

/** The people of the panel, per region. */
export const PANEL_PEOPLE = [
  { insuranceType: "employee", employment: "employed", age: 45 },
  { insuranceType: "employee", employment: "retired", age: 68 },
  { insuranceType: "resident", employment: "other", age: 45 },
] as const;

/** The hospital levels of the panel. */
export const PANEL_LEVELS = [1, 2, 3] as const;

/** One typical visit of the panel. */
export interface PanelCase {
  /** Stable: `region.insuranceType.employment.level.visitType.totalFen`. */
  id: string;
  region: string;
  person: (typeof PANEL_PEOPLE)[number];
  visit: {
    type: VisitType;
    hospitalLevel: 1 | 2 | 3;
    totalFen: number;
    amounts: { classAFen: number; classBFen: number; selfPayFen: number };
  };
  description: { zh: string; en: string };
}

/** A panel and the regions that did not fit in it. */
export interface Panel {
  cases: PanelCase[];
  /** Regions left out to keep within {@linkcode MAX_PANEL_CASES}, in the order given. */
  omittedRegions: string[];
}

const insuranceZh = { employee: "职工", resident: "居民" } as const;
const insuranceEn = { employee: "Employee", resident: "Resident" } as const;
const employmentZh = { employed: "在职", retired: "退休", other: "城乡居民" } as const;
const visitZh: Record<VisitType, string> = {
  inpatient: "住院",
  generalOutpatient: "普通门诊统筹",
  chronicSpecialOutpatient: "门诊慢特病",
  hypertensionDiabetes: "两病门诊",
};
const visitEn: Record<VisitType, string> = {
  inpatient: "inpatient",
  generalOutpatient: "general outpatient",
  chronicSpecialOutpatient: "chronic or special disease outpatient",
  hypertensionDiabetes: "hypertension and diabetes outpatient",
};
const ordinal = { 1: "1st", 2: "2nd", 3: "3rd" } as const;

/** Class A, class B and self-pay of a bill: 70%, 20% and 10% (the panel's totals are multiples of 10 fen). */
export function splitBill(totalFen: number): PanelCase["visit"]["amounts"] {
  const classBFen = Math.floor(totalFen / 5);
  const selfPayFen = Math.floor(totalFen / 10);
  return { classAFen: totalFen - classBFen - selfPayFen, classBFen, selfPayFen };
}

/** Yuan without the fen when whole: 2000000 → "20,000". */
function yuan(fen: number): string {
  return formatYuan(fen).replace(/\.00元$/, "").replace(/元$/, "");
}

/** The case in words, Chinese and English: "职工 · 在职 · 三级医院 · 住院 · 总费用 20,000 元". */
export function describeCase(c: Pick<PanelCase, "person" | "visit">): { zh: string; en: string } {
  const p = c.person;
  const v = c.visit;
  const zhPerson = p.insuranceType === "resident"
    ? insuranceZh.resident
    : `${insuranceZh[p.insuranceType]} · ${employmentZh[p.employment]}`;
  const enPerson = p.insuranceType === "resident"
    ? insuranceEn.resident
    : `${insuranceEn[p.insuranceType]} · ${p.employment}`;
  return {
    zh: `${zhPerson} · ${levelNamesZh[v.hospitalLevel]}医院 · ${visitZh[v.type]} · 总费用 ${
      yuan(v.totalFen)
    } 元`,
    en: `${enPerson} · ${ordinal[v.hospitalLevel]}-level hospital · ${visitEn[v.type]} · total ${
      yuan(v.totalFen)
    } yuan`,
  };
}

/** The panel over `regions` and `visitTypes`, in a fixed order, bounded (see the module doc). */
export function buildPanel(regions: string[], visitTypes: VisitType[]): Panel {
  const perRegion = PANEL_PEOPLE.length * PANEL_LEVELS.length * visitTypes.length * PANEL_TOTALS_FEN.length;
  const cases: PanelCase[] = [];
  const omittedRegions: string[] = [];
  for (const region of regions) {
    if (cases.length + perRegion > MAX_PANEL_CASES) {
      omittedRegions.push(region);
      continue;
    }
    for (const person of PANEL_PEOPLE) {
      for (const hospitalLevel of PANEL_LEVELS) {
        for (const type of visitTypes) {
          for (const totalFen of PANEL_TOTALS_FEN) {
            const visit = { type, hospitalLevel, totalFen, amounts: splitBill(totalFen) };
            cases.push({
              id: [region, person.insuranceType, person.employment, hospitalLevel, type, totalFen].join("."),
              region,
              person,
              visit,
              description: describeCase({ person, visit }),
            });
          }
        }
      }
    }
  }
  return { cases, omittedRegions };
}
