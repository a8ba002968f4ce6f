import type { Change, PolicyContent } from "./policy.ts";
import { policyContentSchema } from "./policy.ts";

/**
 * A change list that does not fit the content it is applied to. `field` names the field as an
 * operator writes it (`rules.<ruleId>.…`, never a list index of rules); `zh` says it in Chinese.
 */
export class ChangeConflictError extends Error {
  override name = "ChangeConflictError";
  constructor(readonly field: string, message: string, readonly zh: string) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function flattenInto(prefix: string, value: unknown, out: Map<string, Json>): void {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(prefix, (Array.isArray(value) ? [] : {}) as Json);
    for (const [k, v] of entries) flattenInto(`${prefix}.${k}`, v, out);
    return;
  }
  if (value !== undefined) out.set(prefix, value as Json);
}

/** Content arrays whose items are addressed by their `id`: `rules.<id>…`, `eligibility.<id>…`. */
const keyedCollections = ["rules", "eligibility"] as const;
type KeyedCollection = (typeof keyedCollections)[number];
type Keyed = { id: string };

function isKeyed(part: string | undefined): part is KeyedCollection {
  return (keyedCollections as readonly string[]).includes(part ?? "");
}

/**
 * Every leaf of a version's content by field path: `title`, `body`, `summaries.<audience>`,
 * `rules.<ruleId>.<path>` and `eligibility.<ruleId>.<path>` (array items by index), so two versions
 * compare field by field.
 */
export function flattenContent(content: PolicyContent): Map<string, Json> {
  const out = new Map<string, Json>();
  out.set("title", content.title);
  out.set("body", content.body);
  for (const [aud, text] of Object.entries(content.summaries)) out.set(`summaries.${aud}`, text as string);
  for (const collection of keyedCollections) {
    for (const item of content[collection] ?? []) {
      const { id, ...rest } = item as Keyed;
      flattenInto(`${collection}.${id}`, rest, out);
    }
  }
  return out;
}

/**
 * The field-level differences from `a` to `b`, in a stable order: text first, then summaries,
 * then rules, then eligibility rules. A rule added or removed as a whole is one change on
 * `rules.<id>` (or `eligibility.<id>`).
 */
export function diffContent(a: PolicyContent, b: PolicyContent): Change[] {
  const changes: Change[] = [];
  const ids = (c: PolicyContent, k: KeyedCollection) => new Set((c[k] ?? []).map((r) => r.id));
  const common = (c: PolicyContent, other: PolicyContent): PolicyContent => ({
    ...c,
    rules: c.rules.filter((r) => ids(other, "rules").has(r.id)),
    eligibility: (c.eligibility ?? []).filter((r) => ids(other, "eligibility").has(r.id)),
  });
  const fa = flattenContent(common(a, b));
  const fb = flattenContent(common(b, a));
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  for (const field of keys) {
    const before = fa.get(field) ?? null;
    const after = fb.get(field) ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ field, before, after });
  }
  for (const k of keyedCollections) {
    const inB = ids(b, k);
    const inA = ids(a, k);
    for (const r of a[k] ?? []) {
      if (!inB.has(r.id)) changes.push({ field: `${k}.${r.id}`, before: r, after: null });
    }
    for (const r of b[k] ?? []) {
      if (!inA.has(r.id)) changes.push({ field: `${k}.${r.id}`, before: null, after: r });
    }
  }
  return changes;
}

/**
 * Applies a change list to `content`. Each change's `before` must equal what is there now (so a
 * change drafted against an older version cannot silently overwrite a newer one); `after: null`
 * removes the field. The result is validated as a whole.
 */
export function applyChanges(content: PolicyContent, changes: Change[]): PolicyContent {
  const next = structuredClone({ ...content, eligibility: content.eligibility ?? [] }) as
    & PolicyContent
    & Record<string, unknown>;
  for (const change of changes) {
    const parts = change.field.split(".");
    const current = readPath(next, parts);
    if (canonical(current ?? null) !== canonical(change.before ?? null)) {
      throw new ChangeConflictError(
        change.field,
        `Field "${change.field}" is ${JSON.stringify(current ?? null)}, not ${
          JSON.stringify(change.before ?? null)
        } as the change expects`,
        "该项的现值与起草时的原值不一致（可能已被他人修改），请刷新后重新编辑",
      );
    }
    writePath(next, parts, change.after ?? null, change.field);
  }
  const parsed = policyContentSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldAsWritten(next, issue.path);
    throw new ChangeConflictError(
      field,
      `The changes leave an invalid version: ${field}: ${issue.message}`,
      "修改后的政策内容不完整或取值无效，请检查该项",
    );
  }
  return parsed.data;
}

/**
 * A content path as operators write it: an index into `rules` or `eligibility` becomes the rule's id
 * (`rules.0.deductible` → `rules.bj-employee-outpatient.deductible`).
 */
export function fieldAsWritten(content: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (isKeyed(parts[0]) && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const item = (content[parts[0]] as Keyed[] | undefined)?.[Number(parts[1])];
    if (item && typeof item.id === "string") parts[1] = item.id;
  }
  return parts.join(".");
}

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}

function container(
  root: Record<string, unknown>,
  parts: string[],
): { obj: unknown; key: string } | undefined {
  let obj: unknown = root;
  let i = 0;
  if (isKeyed(parts[0])) {
    if (parts.length < 2) return undefined;
    const items = root[parts[0]] as Keyed[];
    if (parts.length === 2) return { obj: items, key: parts[1]! };
    obj = items.find((r) => r.id === parts[1]);
    i = 2;
  }
  for (; i < parts.length - 1; i++) {
    if (obj === null || typeof obj !== "object") return undefined;
    obj = (obj as Record<string, unknown>)[parts[i]!];
  }
  return { obj, key: parts[parts.length - 1]! };
}

function readPath(root: Record<string, unknown>, parts: string[]): unknown {
  const c = container(root, parts);
  if (!c || c.obj === null || typeof c.obj !== "object") return undefined;
  if (isKeyed(parts[0]) && parts.length === 2) {
    return (c.obj as Keyed[]).find((r) => r.id === c.key);
  }
  return (c.obj as Record<string, unknown>)[c.key];
}

function writePath(root: Record<string, unknown>, parts: string[], value: unknown, field: string): void {
  const allowed = parts[0] === "title" || parts[0] === "body" || parts[0] === "summaries" ||
    isKeyed(parts[0]);
  if (!allowed || ((parts[0] === "title" || parts[0] === "body") && parts.length !== 1)) {
    throw new ChangeConflictError(field, `Field "${field}" cannot be changed`, "该项不能修改");
  }
  const c = container(root, parts);
  if (!c || c.obj === null || typeof c.obj !== "object") {
    throw new ChangeConflictError(field, `Field "${field}" does not exist`, "政策中没有该项");
  }
  if (isKeyed(parts[0]) && parts.length === 2) {
    const items = c.obj as Keyed[];
    const at = items.findIndex((r) => r.id === c.key);
    if (value === null) {
      if (at >= 0) items.splice(at, 1);
    } else if (at >= 0) items[at] = value as Keyed;
    else items.push({ ...(value as object), id: c.key } as Keyed);
    return;
  }
  const obj = c.obj as Record<string, unknown>;
  if (value === null) {
    if (Array.isArray(obj)) obj.splice(Number(c.key), 1);
    else delete obj[c.key];
  } else obj[c.key] = value;
}
