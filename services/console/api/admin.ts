/** The policy-admin service as the console uses it: the amendment desk, the workflow, propagation and audit. */
import type { Change, PolicyContent } from "@yibao/domain";
import type { Caller, ServiceClient } from "./client.ts";
import type { AmendmentState } from "../web/i18n.ts";

/** A reviewer's return of an amendment to its author. */
export interface AmendmentReturn {
  reason: string;
  by: string;
  byName?: string;
  at: string;
}

/** An amendment as the desk lists it. */
export interface AmendmentItem {
  id: string;
  policyId: string;
  policyTitle?: string;
  docNumber?: string;
  state: AmendmentState;
  status: string;
  summary: string;
  effectiveFrom: string;
  authorId: string;
  authorName: string;
  approvedBy?: string;
  approvedByName?: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  latestReturn?: AmendmentReturn | null;
  revision: number;
}

/** An amendment in full. */
export interface Amendment extends AmendmentItem {
  baseVersion: number;
  initial: boolean;
  changes: Change[];
  approvedAt?: string;
  publishedBy?: string;
  publishedByName?: string;
  publishedAt?: string;
  version?: number;
  withdrawnAt?: string;
  returns?: AmendmentReturn[];
  publishedEventId?: string;
  effectiveEventId?: string;
}

/** A page of the desk. */
export interface AmendmentPage {
  items: AmendmentItem[];
  nextCursor: string | null;
  counts: Partial<Record<AmendmentState, number>>;
}

/** Filters of the desk. */
export interface DeskFilters {
  state?: string[];
  policyId?: string;
  authorId?: string;
  waitingForMe?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The desk: amendments by state, newest first. */
export async function listAmendments(
  admin: ServiceClient,
  caller: Caller,
  f: DeskFilters,
): Promise<AmendmentPage> {
  const { data } = await admin.request<AmendmentPage>(caller, "GET", "/v1/amendments", {
    query: {
      state: f.state?.length ? f.state.join(",") : undefined,
      policyId: f.policyId,
      authorId: f.authorId,
      waitingForMe: f.waitingForMe ? "true" : undefined,
      q: f.q,
      cursor: f.cursor,
      limit: f.limit,
    },
  });
  return { items: data.items ?? [], nextCursor: data.nextCursor ?? null, counts: data.counts ?? {} };
}

/** One amendment with its ETag. */
export async function getAmendment(
  admin: ServiceClient,
  caller: Caller,
  id: string,
): Promise<{ amendment: Amendment; etag: string | null }> {
  const r = await admin.request<Amendment>(caller, "GET", `/v1/amendments/${encodeURIComponent(id)}`);
  return { amendment: r.data, etag: r.etag };
}

/** What an amendment amends and what it would make. */
export interface AmendmentContent {
  policyId: string;
  baseVersion: number;
  base: PolicyContent | null;
  draft: PolicyContent | null;
  changes: Change[];
  problems?: { field: string; message: string }[];
  /** Texts of the draft still quoting a figure its changes replace. */
  warnings?: { field: string; message: { zh: string; en: string }; quote: string }[];
  draftedAgainst?: number;
}

/** The base version's content and the content the amendment would make. */
export async function amendmentContent(
  admin: ServiceClient,
  caller: Caller,
  id: string,
): Promise<AmendmentContent> {
  return (await admin.request<AmendmentContent>(
    caller,
    "GET",
    `/v1/amendments/${encodeURIComponent(id)}/content`,
  ))
    .data;
}

/** Drafts an amendment of an existing policy. */
export async function draftAmendment(
  admin: ServiceClient,
  caller: Caller,
  policyId: string,
  body: { summary: string; effectiveFrom: string; changes: Change[] },
): Promise<Amendment> {
  return (await admin.request<Amendment>(
    caller,
    "POST",
    `/v1/policies/${encodeURIComponent(policyId)}/amendments`,
    {
      body,
    },
  )).data;
}

/** Edits a draft; `etag` is what the editor read. */
export async function editAmendment(
  admin: ServiceClient,
  caller: Caller,
  id: string,
  etag: string,
  patch: { summary?: string; effectiveFrom?: string; changes?: Change[] },
): Promise<Amendment> {
  return (await admin.request<Amendment>(caller, "PATCH", `/v1/amendments/${encodeURIComponent(id)}`, {
    body: patch,
    ifMatch: etag,
  })).data;
}

/** A workflow step. */
export type Step = "submit" | "approve" | "publish" | "withdraw" | "return";

/** Takes a workflow step (with the reason for a return). */
export async function takeStep(
  admin: ServiceClient,
  caller: Caller,
  id: string,
  step: Step,
  options: { etag?: string; reason?: string } = {},
): Promise<Amendment> {
  return (await admin.request<Amendment>(caller, "POST", `/v1/amendments/${encodeURIComponent(id)}/${step}`, {
    ...(options.etag ? { ifMatch: options.etag } : {}),
    ...(step === "return" ? { body: { reason: options.reason ?? "" } } : {}),
  })).data;
}

/** One channel's acknowledgement. */
export interface Acknowledgement {
  consumer: string;
  eventId: string;
  eventType: string;
  syncedAt: string;
  detail?: Record<string, unknown> | null;
}

/** The propagation report. */
export interface Propagation {
  amendmentId: string;
  status: string;
  publishedAt?: string | null;
  publishedEventId?: string | null;
  effectiveEventId?: string | null;
  channels: { channel: string; acknowledgements: Acknowledgement[] }[];
  expectedChannels?: {
    channel: string;
    acknowledged: boolean;
    firstSyncedAt?: string | null;
    secondsAfterPublication?: number | null;
  }[];
}

/** Which channels acknowledged the amendment. */
export async function propagation(admin: ServiceClient, caller: Caller, id: string): Promise<Propagation> {
  return (await admin.request<Propagation>(
    caller,
    "GET",
    `/v1/amendments/${encodeURIComponent(id)}/propagation`,
  ))
    .data;
}

/** One audit entry. */
export interface AuditEntry {
  id?: string;
  at: string;
  actorId: string;
  actorName?: string;
  actorRole?: string;
  action: string;
  entityType?: string;
  entityId: string;
  policyId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

/** The audit trail, newest first. */
export async function audit(
  admin: ServiceClient,
  caller: Caller,
  q: {
    actorId?: string;
    policyId?: string;
    entityId?: string;
    entityType?: string;
    from?: string;
    to?: string;
    before?: string;
    limit?: number;
  },
): Promise<AuditEntry[]> {
  return (await admin.request<{ items: AuditEntry[] }>(caller, "GET", "/v1/audit", { query: q })).data.items;
}
