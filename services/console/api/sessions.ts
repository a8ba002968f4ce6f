/** The sessions service as the console uses it: a host's sessions, scheduling, moving, cancelling, questions, moderation. */
import type { Caller, ServiceClient } from "./client.ts";

/** One occurrence of a session inside a listing's range. */
export interface Occurrence {
  originalStart: string;
  startsAt: string;
  startsAtLocal: string;
  endsAt: string;
  moved: boolean;
  cancelled: boolean;
}

/** A rebrief the sessions service recorded when a covered policy was amended. */
export interface Rebrief {
  amendmentId: string;
  policyId: string;
  version: number | null;
  summary: string;
  changes: { field: string; before: unknown; after: unknown }[];
  flaggedAt: string;
}

/** A session as the API shows it. */
export interface LiveSession {
  id: string;
  title: string;
  description: string;
  host: { id: string; name: string };
  startsAt: string;
  startsAtLocal: string;
  endsAt: string;
  durationMinutes: number;
  timeZone: string;
  channel: string;
  channelAccount: string;
  streamUrl: string | null;
  recurrence: string | null;
  exceptions: { originalStart: string; startsAt?: string; cancelled?: boolean }[];
  lastEndsAt: string | null;
  status: "scheduled" | "cancelled";
  sequence: number;
  requiresReview: boolean;
  needsRebrief: boolean;
  rebriefs: Rebrief[];
  replayUrl: string | null;
  transcript: string | null;
  policies: string[];
  topics: string[];
  audiences: string[];
  region: { code: string; name: string };
  occurrences?: Occurrence[];
}

/** A question as the session's host sees it. */
export interface Question {
  id: string;
  sessionId: string;
  text: string;
  askerName: string | null;
  status: "pending" | "approved" | "dismissed" | "answered" | "merged";
  votes: number;
  revision: number;
  pinned: boolean;
  answer: string | null;
  answeredAt: string | null;
  citedPolicies: string[];
  citations?: { policyId: string; version: number | null }[];
  mergedInto: string | null;
  similarTo?: string[];
  createdAt: string;
}

/** What POST /v1/sessions takes. */
export interface NewSession {
  title: string;
  description?: string;
  startsAt: string;
  durationMinutes: number;
  timeZone: string;
  channel: string;
  channelAccount: string;
  recurrence?: string;
  policies: string[];
  topics: string[];
  region: string;
  requiresReview: boolean;
}

/** A moderation step. */
export type Moderation =
  | { action: "approve"; text?: string }
  | { action: "dismiss" }
  | { action: "merge"; into: string }
  | { action: "pin" }
  | { action: "unpin" }
  | { action: "answer"; answer: string; citations: { policyId: string; version: number }[] }
  | { action: "reopen" };

/** A host's sessions with their occurrences between two instants. */
export async function hostSessions(
  sessions: ServiceClient,
  caller: Caller,
  q: { host: string; from: string; to: string },
): Promise<LiveSession[]> {
  return (await sessions.request<{ items: LiveSession[] }>(caller, "GET", "/v1/sessions", {
    query: { host: q.host, from: q.from, to: q.to, limit: 500 },
  })).data.items;
}

/** One session and its ETag. */
export async function getSession(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
): Promise<{ session: LiveSession; etag: string | null }> {
  const r = await sessions.request<LiveSession>(caller, "GET", `/v1/sessions/${encodeURIComponent(id)}`);
  return { session: r.data, etag: r.etag };
}

/** Schedules a session (409 `conflicts` when it clashes). */
export async function scheduleSession(
  sessions: ServiceClient,
  caller: Caller,
  body: NewSession,
): Promise<LiveSession> {
  return (await sessions.request<LiveSession>(caller, "POST", "/v1/sessions", { body })).data;
}

/** Changes a session (`occurrence` moves one), guarded by its ETag. */
export async function patchSession(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
  patch: Record<string, unknown>,
  ifMatch?: string,
): Promise<LiveSession> {
  return (await sessions.request<LiveSession>(caller, "PATCH", `/v1/sessions/${encodeURIComponent(id)}`, {
    body: patch,
    ...(ifMatch ? { ifMatch } : {}),
  })).data;
}

/** Cancels a session, or one occurrence. */
export async function cancelSession(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
  body: { occurrenceStart?: string; reason?: string },
): Promise<LiveSession> {
  return (await sessions.request<LiveSession>(
    caller,
    "POST",
    `/v1/sessions/${encodeURIComponent(id)}/cancel`,
    { body },
  )).data;
}

/** A session's questions in the given statuses (the host sees every status). */
export async function listQuestions(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
  q: { sort: "votes" | "time"; status: string[] },
): Promise<Question[]> {
  return (await sessions.request<{ items: Question[] }>(
    caller,
    "GET",
    `/v1/sessions/${encodeURIComponent(id)}/questions`,
    { query: { sort: q.sort, status: q.status.join(","), limit: 500 } },
  )).data.items;
}

/** One moderation step on a question. */
export async function moderate(
  sessions: ServiceClient,
  caller: Caller,
  questionId: string,
  step: Moderation,
): Promise<Question> {
  return (await sessions.request<Question>(
    caller,
    "POST",
    `/v1/questions/${encodeURIComponent(questionId)}/moderation`,
    { body: step },
  )).data;
}

/** The iCalendar feed of a host's sessions. */
export async function hostFeed(sessions: ServiceClient, caller: Caller, host: string): Promise<string> {
  const res = await sessions.raw(caller, "GET", "/v1/sessions.ics", {
    query: { host, limit: 500 },
    accept: "text/calendar",
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sessions.ics: ${res.status}`);
  return text;
}
