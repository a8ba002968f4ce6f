/**
 * Stale figures: when an amendment changes a rule parameter, the texts of the policy that still
 * quote the old figure. Amounts (fields in fen) are looked for as people write yuan in Chinese text
 * ("1800元", "1,800 元", "1800 元", "1.8万元"); rates (fields in basis points) as percents ("85%",
 * "85 %", "85％"). Pure: the draft content and the change list in, warnings out.
 */
import type { Change, PolicyContent } from "@yibao/domain";

/** A text of the draft that still quotes a figure the amendment changes. */
export interface StaleFigureWarning {
  /** The text, named as operators write fields: `body`, `summaries.<audience>`, `eligibility.<id>.outcome.eligible.zh`. */
  field: string;
  message: { zh: string; en: string };
  /** The words found, as written. */
  quote: string;
}

const notDigitBefore = "(?<![\\d.,，])";

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern matching `fen` written in yuan as Chinese text does. */
export function yuanPattern(fen: number): RegExp {
  const yuan = fen / 100;
  const plain = Number.isInteger(yuan) ? String(yuan) : yuan.toFixed(2).replace(/0$/, "");
  const grouped = Number(plain).toLocaleString("en-US", { maximumFractionDigits: 2 });
  const forms = new Set([plain, grouped]);
  const alternatives = [...forms].map(escape).map((f) => `${f}\\s?元`);
  if (yuan >= 10_000 && Number.isInteger((yuan / 10_000) * 100)) {
    alternatives.push(`${escape(String(yuan / 10_000))}\\s?万\\s?元`);
  }
  return new RegExp(`${notDigitBefore}(?:${alternatives.join("|")})`, "g");
}

/** A pattern matching a rate in basis points written as a percent. */
export function percentPattern(bp: number): RegExp {
  const pct = String(bp / 100);
  return new RegExp(`${notDigitBefore}${escape(pct)}\\s?[%％]`, "g");
}

function figures(value: unknown, key: string, out: { fen: Set<number>; bp: Set<number> }): void {
  if (typeof value === "number") {
    if (/Fen$|Fen\.|amountsFen/.test(key) && value > 0) out.fen.add(value);
    else if (/Bp$|Bp\.|Bp\b/.test(key) && value > 0) out.bp.add(value);
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) figures(v, `${key}.${k}`, out);
  }
}

/** The texts people read in a policy's content, by field. */
function texts(content: PolicyContent): [string, string][] {
  const out: [string, string][] = [["body", content.body]];
  for (const [aud, text] of Object.entries(content.summaries)) out.push([`summaries.${aud}`, text as string]);
  for (const rule of content.eligibility ?? []) {
    const o = rule.outcome as Record<string, unknown>;
    const walk = (value: unknown, field: string) => {
      if (typeof value === "string") out.push([field, value]);
      else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) walk(v, `${field}.${k}`);
      }
    };
    walk(o, `eligibility.${rule.id}.outcome`);
  }
  return out;
}

/**
 * The warnings for `draft` (the content with the amendment applied) and the amendment's `changes`:
 * every text that quotes a figure a changed rule parameter had before and no longer has after.
 */
export function staleFigures(draft: PolicyContent, changes: Change[]): StaleFigureWarning[] {
  const before = { fen: new Set<number>(), bp: new Set<number>() };
  const after = { fen: new Set<number>(), bp: new Set<number>() };
  for (const c of changes) {
    if (!c.field.startsWith("rules.")) continue;
    figures(c.before, c.field, before);
    figures(c.after, c.field, after);
  }
  const patterns: RegExp[] = [
    ...[...before.fen].filter((f) => !after.fen.has(f)).map(yuanPattern),
    ...[...before.bp].filter((b) => !after.bp.has(b)).map(percentPattern),
  ];
  const warnings: StaleFigureWarning[] = [];
  for (const [field, text] of texts(draft)) {
    for (const p of patterns) {
      for (const m of text.matchAll(p)) {
        warnings.push({
          field,
          quote: m[0],
          message: {
            zh: `文字中仍写着修改前的数字「${m[0]}」，请确认是否需要一并修改`,
            en: `The text still quotes the figure before the change ("${
              m[0]
            }"); check whether it should change too`,
          },
        });
      }
    }
  }
  return warnings;
}
