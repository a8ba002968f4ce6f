/** The sessions service's item bank and awareness, as the console uses them. */
import type { Caller, ServiceClient } from "./client.ts";

/** Why an item needs review. */
export interface ItemReview {
  amendmentId: string;
  amendmentIds: string[];
  policyId: string;
  version: number | null;
  summary: string;
  changes: { field: string; before: unknown; after: unknown }[];
  flaggedAt: string;
  testedVersion?: number | null;
}

/** An item as the API shows it. */
export interface Item {
  id: string;
  kind: "singleChoice" | "multipleChoice" | "trueFalse" | "rating" | "openText";
  stem: string;
  choices: { id: string; text: string }[];
  correctChoiceIds: string[];
  explanation: string;
  tests: { policyId: string; version: number } | null;
  topics: string[];
  audiences: string[];
  anonymous: boolean;
  knowledge: boolean;
  status: "ready" | "needsReview";
  review: ItemReview | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** What POST /v1/items takes (and PATCH, every field). */
export interface ItemBody {
  kind: Item["kind"];
  stem: string;
  choices: { id: string; text: string }[];
  correctChoiceIds: string[];
  explanation: string;
  tests: { policyId: string; version: number } | null;
  topics: string[];
  audiences: string[];
  anonymous: boolean;
}

/** The bank's filters. */
export interface ItemFilter {
  topic?: string | undefined;
  audience?: string | undefined;
  policy?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number;
}

/** A page of the bank. */
export async function listItems(
  sessions: ServiceClient,
  caller: Caller,
  f: ItemFilter,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  return (await sessions.request<{ items: Item[]; nextCursor: string | null }>(caller, "GET", "/v1/items", {
    query: { ...f },
  })).data;
}

/** One item and its ETag. */
export async function getItem(sessions: ServiceClient, caller: Caller, id: string) {
  const r = await sessions.request<Item>(caller, "GET", `/v1/items/${encodeURIComponent(id)}`);
  return { item: r.data, etag: r.etag };
}

/** Writes a new item. */
export async function createItem(sessions: ServiceClient, caller: Caller, body: ItemBody): Promise<Item> {
  return (await sessions.request<Item>(caller, "POST", "/v1/items", { body })).data;
}

/** Edits an item (with the ETag it was read with). */
export async function patchItem(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
  body: Partial<ItemBody>,
  ifMatch?: string,
): Promise<Item> {
  return (await sessions.request<Item>(caller, "PATCH", `/v1/items/${encodeURIComponent(id)}`, {
    body,
    ...(ifMatch ? { ifMatch } : {}),
  })).data;
}

/** Confirms an item after review. */
export async function confirmItem(sessions: ServiceClient, caller: Caller, id: string): Promise<Item> {
  return (await sessions.request<Item>(caller, "POST", `/v1/items/${encodeURIComponent(id)}/confirm`, {
    body: {},
  })).data;
}

/** Imports a QTI or GIFT file. */
export async function importItems(
  sessions: ServiceClient,
  caller: Caller,
  o: { format: "qti" | "gift"; text: string; policy?: string; version?: number },
): Promise<{ items: Item[]; count: number }> {
  return (await sessions.request<{ items: Item[]; count: number }>(caller, "POST", "/v1/items/import", {
    query: { format: o.format, policy: o.policy, version: o.version },
    text: o.text,
    contentType: o.format === "qti" ? "application/xml" : "text/plain; charset=utf-8",
  })).data;
}

/** Exports items as a file: its text and content type. */
export async function exportItems(
  sessions: ServiceClient,
  caller: Caller,
  o: { format: "qti" | "gift"; ids: string[] },
): Promise<{ status: number; text: string; type: string }> {
  const res = await sessions.raw(caller, "GET", "/v1/items/export", {
    query: { format: o.format, ids: o.ids.join(",") },
    accept: "*/*",
  });
  return {
    status: res.status,
    text: await res.text(),
    type: res.headers.get("content-type") ?? "text/plain",
  };
}

/** One segment's awareness. */
export interface AwarenessFigures {
  n: number;
  correct: number;
  rate: number | null;
  lower: number;
  upper: number;
  meetsTarget: boolean;
  tooSmall: boolean;
  verdict: { zh: string; en: string };
}
/** A policy's awareness. */
export type PolicyAwareness = AwarenessFigures & {
  policyId: string;
  title: string | null;
  version: number | null;
  respondents: number;
};
/** An item's awareness. */
export type ItemAwareness = AwarenessFigures & {
  itemId: string;
  stem: string;
  kind: string;
  policyId: string | null;
  version: number | null;
};

/** Awareness filters. */
export interface AwarenessFilter {
  policy?: string | undefined;
  region?: string | undefined;
  audience?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Awareness overall and per policy. */
export async function awareness(sessions: ServiceClient, caller: Caller, f: AwarenessFilter) {
  return (await sessions.request<{ overall: AwarenessFigures; policies: PolicyAwareness[] }>(
    caller,
    "GET",
    "/v1/awareness",
    { query: { ...f } },
  )).data;
}

/** The hardest items. */
export async function hardestItems(sessions: ServiceClient, caller: Caller, f: AwarenessFilter, limit = 10) {
  return (await sessions.request<{ items: ItemAwareness[] }>(caller, "GET", "/v1/awareness/items", {
    query: { ...f, limit },
  })).data.items;
}

/** The least-known policies in a region. */
export async function lowestPolicies(
  sessions: ServiceClient,
  caller: Caller,
  f: AwarenessFilter & { region: string },
  limit = 10,
) {
  return (await sessions.request<{ policies: PolicyAwareness[] }>(caller, "GET", "/v1/awareness/policies", {
    query: { ...f, limit },
  })).data.policies;
}

/** The pre/post comparison, paired by respondent. */
export interface PrePost {
  paired: number;
  onlyPre: number;
  onlyPost: number;
  meanPre: number | null;
  meanPost: number | null;
  meanGain: number | null;
  hakeG: number | null;
}

/** A session's awareness: per item (hardest first), per policy, and pre/post. */
export interface SessionAwareness {
  sessionId: string;
  overall: AwarenessFigures;
  items: ItemAwareness[];
  policies: PolicyAwareness[];
  prePost: { overall: PrePost; policies: (PrePost & { policyId: string })[] };
}

/** What a session's audience learned (its host, operators, reviewers, admins). */
export async function sessionAwareness(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
): Promise<SessionAwareness> {
  return (await sessions.request<SessionAwareness>(
    caller,
    "GET",
    `/v1/sessions/${encodeURIComponent(id)}/awareness`,
  )).data;
}

/** A session's answers as the service's CSV, byte for byte (its UTF-8 BOM kept). */
export async function sessionAnswersCsv(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
): Promise<{ status: number; bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const res = await sessions.raw(caller, "GET", `/v1/sessions/${encodeURIComponent(id)}/answers.csv`, {
    accept: "text/csv",
  });
  return {
    status: res.status,
    bytes: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get("content-type") ?? "text/csv; charset=utf-8",
  };
}
