/**
 * What an amendment would make, as plain data: its changes applied to the version it amends.
 *
 * 1. The changes apply as a whole (`applyChanges`): each `before` must be what is there, and the
 *    result must be a valid version.
 * 2. When they do not, there is no draft (`null`) and `problems` names every field whose `before`
 *    is not what is there (not only the first), or, when all match, the field the result fails on.
 */
import { applyChanges, type Change, ChangeConflictError, type PolicyContent } from "@yibao/domain";

/** An empty policy: what a new policy's first amendment applies to. */
export const emptyContent: PolicyContent = {
  title: "",
  body: "",
  summaries: {} as PolicyContent["summaries"],
  rules: [],
  eligibility: [],
};

/** One reason the changes no longer apply. */
export interface ContentProblem {
  field: string;
  message: string;
}

/** `base` (or the empty policy) with `changes` applied, or null with every field that does not apply. */
export function draftContent(
  base: PolicyContent | null,
  changes: Change[],
): { draft: PolicyContent | null; problems: ContentProblem[] } {
  const start = base ?? emptyContent;
  try {
    return { draft: applyChanges(start, changes), problems: [] };
  } catch (err) {
    if (!(err instanceof ChangeConflictError)) throw err;
    // applyChanges stops at the first problem: name every change whose `before` is not what is there.
    const touched = new Set<string>();
    const problems: ContentProblem[] = [];
    for (const c of changes) {
      // A field changed twice is compared, the second time, with what the first change left.
      if (touched.has(c.field)) continue;
      touched.add(c.field);
      const now = valueAt(start, c.field);
      if (canonical(now ?? null) !== canonical(c.before ?? null)) {
        problems.push({
          field: c.field,
          message: `Field "${c.field}" is ${JSON.stringify(now ?? null)}, not ${
            JSON.stringify(c.before ?? null)
          } as the change expects`,
        });
      }
    }
    // Every `before` matches, yet the whole does not apply: the result is not a valid version.
    if (!problems.length) problems.push({ field: err.field, message: err.message });
    return { draft: null, problems };
  }
}

/** What is at a change's field path: `rules.<id>…` and `eligibility.<id>…` address rules by id. */
function valueAt(content: PolicyContent, field: string): unknown {
  const parts = field.split(".");
  let value: unknown = content;
  let i = 0;
  if (parts[0] === "rules" || parts[0] === "eligibility") {
    value = ((content[parts[0]] ?? []) as { id: string }[]).find((r) => r.id === parts[1]);
    i = 2;
  }
  for (; i < parts.length; i++) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[parts[i]!];
  }
  return value;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}
