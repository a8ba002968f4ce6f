/**
 * @module
 * What a person typed in a region field — a name (朝阳区), a full name, a six-digit code, or the
 * picker's `名称（代码）` — resolved to one region through the policy service's region search, the
 * same way on every page that filters by region:
 *
 * 1. A code (typed, or in the picker's brackets) is that region, when it exists.
 * 2. Otherwise one match, or one exact name among several, is that region.
 * 3. Otherwise the matches are a choice (朝阳区 is in Beijing and in Changchun), or none was found;
 *    `error` says which, in the person's language.
 */
import { ApiProblem, type Caller, type ServiceClient } from "../api/client.ts";
import { type RegionRef, searchRegions } from "../api/policy.ts";
import { type Lang, tr } from "./i18n.ts";

/** The outcome: the region, or the choices and what to tell the person. */
export interface RegionInput {
  region?: RegionRef;
  choices: RegionRef[];
  error?: string;
}

/** Longest region input read (the longest full name with its code fits). */
export const regionInputMax = 40;

/** Resolves `input` (trimmed, non-empty) to one region, or says why not. */
export async function resolveRegionInput(
  policy: ServiceClient,
  caller: Caller,
  input: string,
  lang: Lang,
): Promise<RegionInput> {
  const t = (zh: string, en: string) => tr(lang, zh, en);
  const code = /^\d{6}$/.test(input) ? input : (/（(\d{6})）$/.exec(input)?.[1] ?? null);
  const found = await searchRegions(policy, caller, code ?? input.replace(/（.*$/, ""), 20)
    .catch((err) => {
      if (err instanceof ApiProblem && err.status < 500) return [];
      throw err;
    });
  const exact = found.filter((r) => r.name === input || r.fullName === input);
  const region = code
    ? found.find((r) => r.code === code)
    : found.length === 1
    ? found[0]
    : exact.length === 1
    ? exact[0]
    : undefined;
  if (region) return { region, choices: [] };
  const choices = exact.length > 1 ? exact : found;
  return {
    choices,
    error: choices.length
      ? t("有多个地区同名，请从下面选择一个。", "Several regions match; choose one below.")
      : t(
        "没有找到这个地区，请输入地区名称，如“朝阳区”。",
        "No region by that name; type a name such as 朝阳区.",
      ),
  };
}

/** How a resolved region is shown back in its field: `全名（代码）`, what the picker fills in. */
export function regionFieldValue(region: RegionRef): string {
  return `${region.fullName ?? region.name}（${region.code}）`;
}

const levelLabels: Record<string, [string, string]> = {
  national: ["全国", "national"],
  province: ["省级", "province"],
  city: ["市级", "city"],
  county: ["县区级", "county"],
};

/** A region as a choice shows it: its full name and level. */
export function regionText(r: RegionRef, lang: Lang): string {
  const lv = levelLabels[r.level];
  return `${r.fullName ?? r.name}${lv ? `（${tr(lang, lv[0], lv[1])}）` : ""}`;
}
