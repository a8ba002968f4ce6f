/**
 * The amendment desk board's paging and filters as plain functions:
 *
 * 1. The board is ordered newest `updatedAt` first, then by `id` (descending) so two amendments
 *    changed in the same instant keep one stable order.
 * 2. A cursor is the last item's `(updatedAt, id)`, base64url-encoded JSON; `updatedAt` is the
 *    graph's own text of the instant (nanoseconds kept), so the next page starts exactly after it.
 * 3. `state` filters are repeatable (`?state=draft&state=returned`) or a comma list
 *    (`?state=draft,returned`) of the derived desk states.
 */
import { type AmendmentDeskState, deskStates } from "./workflow.ts";

/** Where the next page starts: after this item. */
export interface DeskCursor {
  updatedAt: string;
  id: string;
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const amendmentId = /^[a-z0-9][a-z0-9-]{2,80}$/;

/** The opaque cursor of the page after `last`. */
export function encodeCursor(last: DeskCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ u: last.updatedAt, i: last.id }));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The position a cursor names, or null when it is not one this service made. */
export function decodeCursor(cursor: string): DeskCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)),
    );
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== "object") return null;
    const { u, i } = v as Record<string, unknown>;
    if (typeof u !== "string" || !instant.test(u) || typeof i !== "string" || !amendmentId.test(i)) {
      return null;
    }
    return { updatedAt: u, id: i };
  } catch {
    return null;
  }
}

/**
 * The desk states named by `state` query values (each possibly a comma list), deduplicated in the
 * board's order; `unknown` lists the values that are no state. Undefined or empty: no filter.
 */
export function parseStates(
  raw: string | string[] | undefined,
): { states: AmendmentDeskState[] | null; unknown: string[] } {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = values.filter((v) => !(deskStates as readonly string[]).includes(v));
  const states = deskStates.filter((s) => values.includes(s));
  return { states: states.length ? states : null, unknown };
}

/** Tab counts: every desk state, zero when none match. */
export function countsByState(rows: { state: string; count: number }[]): Record<AmendmentDeskState, number> {
  const out = Object.fromEntries(deskStates.map((s) => [s, 0])) as Record<AmendmentDeskState, number>;
  for (const r of rows) {
    if ((deskStates as readonly string[]).includes(r.state)) out[r.state as AmendmentDeskState] += r.count;
  }
  return out;
}
