/**
 * The amendment editor's logic, without HTTP: which rule parameters a form offers (every money and
 * rate leaf of the policy's rules, shown in yuan and percent), reading a submitted form back into
 * policy content (fen and basis points), and the change list from the base to that content.
 */
import { type Change, diffContent, flattenContent, type PolicyContent } from "@yibao/domain";
import { parsePercent, parseYuan, unitOf, yuan } from "./format.ts";
import type { Lang } from "./i18n.ts";
import { tr } from "./i18n.ts";

/** One editable rule parameter. */
export interface Parameter {
  field: string;
  unit: "fen" | "bp";
  value: number | null;
}

/** Form field names: a rule parameter's input is `p:<field>`, a summary's `s:<audience>`. */
export const paramInput = (field: string) => `p:${field}`;
/** The input of an audience's summary. */
export const summaryInput = (audience: string) => `s:${audience}`;

/** Every money or rate parameter of the content's rules, in the content's order. */
export function parametersOf(content: PolicyContent): Parameter[] {
  const out: Parameter[] = [];
  for (const [field, value] of flattenContent(content)) {
    if (!field.startsWith("rules.") && !field.startsWith("eligibility.")) continue;
    const unit = unitOf(field);
    if (unit === "plain") continue;
    if (typeof value !== "number" && value !== null) continue;
    out.push({ field, unit, value: value as number | null });
  }
  return out;
}

/** How a parameter reads in its input: "1500" for 150000 fen, "75" for 7500 bp, "" for null. */
export function inputValue(p: Parameter): string {
  if (p.value === null) return "";
  if (p.unit === "fen") return yuan(p.value).replace(/ 元$/, "").replace(/,/g, "");
  return String(p.value / 100);
}

/** The values typed in the editor. */
export interface DraftForm {
  summary: string;
  effectiveFrom: string;
  title: string;
  body: string;
  summaries: Record<string, string>;
  params: Record<string, string>;
}

/** Reads the editor's fields out of a parsed form body. */
export function readDraftForm(form: Record<string, unknown>): DraftForm {
  const s = (k: string) => {
    const v = form[k];
    return typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : "";
  };
  const summaries: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const k of Object.keys(form)) {
    if (k.startsWith("s:")) summaries[k.slice(2)] = s(k);
    if (k.startsWith("p:")) params[k.slice(2)] = s(k);
  }
  return {
    summary: s("summary"),
    effectiveFrom: s("effectiveFrom"),
    title: s("title"),
    body: s("body").replace(/\r\n/g, "\n"),
    summaries,
    params,
  };
}

/** The editor's fields for a content (what an unchanged form shows). */
export function formOf(content: PolicyContent, note: { summary: string; effectiveFrom: string }): DraftForm {
  const params: Record<string, string> = {};
  for (const p of parametersOf(content)) params[p.field] = inputValue(p);
  return {
    summary: note.summary,
    effectiveFrom: note.effectiveFrom,
    title: content.title,
    body: content.body,
    summaries: { ...content.summaries } as Record<string, string>,
    params,
  };
}

/** The content the form describes, and the errors of fields typed wrongly (by input name). */
export function contentFromForm(
  base: PolicyContent,
  form: DraftForm,
  lang: Lang,
): { content: PolicyContent; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const content = structuredClone(base);
  content.title = form.title.trim();
  content.body = form.body;
  const summaries: Record<string, string> = {};
  for (const [aud, text] of Object.entries(form.summaries)) if (text.trim()) summaries[aud] = text.trim();
  content.summaries = summaries as PolicyContent["summaries"];
  for (const p of parametersOf(base)) {
    const typed = form.params[p.field];
    if (typed === undefined) continue;
    if (typed.trim() === "") {
      if (p.value === null) continue;
      errors[paramInput(p.field)] = tr(lang, "请填写数值", "Enter a value");
      continue;
    }
    const parsed = p.unit === "fen" ? parseYuan(typed) : parsePercent(typed);
    if (parsed === null) {
      errors[paramInput(p.field)] = p.unit === "fen"
        ? tr(lang, "请输入金额（元），如 1500 或 1500.50", "Enter an amount in yuan, e.g. 1500 or 1500.50")
        : tr(
          lang,
          "请输入 0 到 100 之间的百分比，如 75 或 82.5",
          "Enter a percentage from 0 to 100, e.g. 75 or 82.5",
        );
      continue;
    }
    setPath(content, p.field, parsed);
  }
  return { content, errors };
}

/** The change list from `base` to `next`. */
export function changesBetween(base: PolicyContent, next: PolicyContent): Change[] {
  return diffContent(base, next);
}

function setPath(content: PolicyContent, field: string, value: number): void {
  const parts = field.split(".");
  const collection = parts[0] as "rules" | "eligibility";
  const item = (content[collection] ?? []).find((r) => r.id === parts[1]) as
    | Record<string, unknown>
    | undefined;
  if (!item) return;
  let obj: Record<string, unknown> = item;
  for (const p of parts.slice(2, -1)) {
    const next = obj[p];
    if (next === null || typeof next !== "object") return;
    obj = next as Record<string, unknown>;
  }
  obj[parts.at(-1)!] = value;
}

/**
 * Where a service's field error belongs in the editor: `body.summary` → `summary`; a change's
 * field (`rules.<id>.…`, also in `body.changes.<i>` form with the change list at hand) → its input.
 */
export function inputForError(path: string, changes: Change[]): string | null {
  const direct: Record<string, string> = {
    "body.summary": "summary",
    "body.effectiveFrom": "effectiveFrom",
    effectiveFrom: "effectiveFrom",
    "amendment.effectiveFrom": "effectiveFrom",
  };
  if (direct[path]) return direct[path];
  const m = /^body\.changes\.(\d+)/.exec(path);
  const field = m ? changes[Number(m[1])]?.field : path.replace(/^body\.changes[.(]?/, "").replace(/\)$/, "");
  if (!field) return null;
  if (field === "title" || field === "body") return field;
  if (field.startsWith("summaries.")) return summaryInput(field.slice("summaries.".length));
  if (field.startsWith("rules.") || field.startsWith("eligibility.")) return paramInput(field);
  return null;
}
