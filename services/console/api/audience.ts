/**
 * The sessions service as the audience page uses it, on an audience member's behalf: no role
 * token, the member's signed audience token (`X-Client-Token`) and their address in
 * `X-Forwarded-For` (the sessions service believes it only from its trusted proxies, which include
 * the console). Problems become {@linkcode ApiProblem}s like every other client's.
 */
import { ApiProblem } from "./client.ts";
import type { Launch } from "./launches.ts";

/** A session as the audience page shows it. */
export interface AudienceSession {
  id: string;
  joinCode: string | null;
  title: string;
  description: string;
  host: { name: string };
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  timeZone: string;
  status: "scheduled" | "cancelled";
  lastEndsAt: string | null;
  streamUrl: string | null;
  requiresReview: boolean;
  policies: string[];
  topics: string[];
  audiences: string[];
  recurrence: string | null;
  occurrences?: { startsAt: string; endsAt: string; cancelled: boolean }[];
}

/** A question as the audience sees it. */
export interface AudienceQuestion {
  id: string;
  text: string;
  askerName: string | null;
  status: "pending" | "approved" | "dismissed" | "answered" | "merged";
  votes: number;
  revision: number;
  pinned: boolean;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}

/** Who the console calls for: their token (when they have one), address and language. */
export interface AudienceCaller {
  token?: string;
  address: string;
  lang: "zh" | "en";
  requestId?: string;
}

/** Calls the sessions service for the audience. */
export class AudienceClient {
  constructor(readonly baseUrl: string | undefined, private readonly timeoutMs = 10_000) {}

  async #call<T>(
    who: AudienceCaller,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    if (!this.baseUrl) {
      throw new ApiProblem(
        503,
        "unavailable",
        "服务暂不可用",
        "控制台未配置直播答疑服务的地址",
        [],
        "sessions",
      );
    }
    const headers: Record<string, string> = {
      accept: "application/json",
      "accept-language": who.lang === "en" ? "en" : "zh-CN",
      "x-forwarded-for": who.address,
    };
    if (who.token) headers["x-client-token"] = who.token;
    if (who.requestId) headers["x-request-id"] = who.requestId;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ApiProblem(
        503,
        "unavailable",
        who.lang === "en" ? "Service unavailable" : "服务暂不可用",
        who.lang === "en"
          ? "The Q&A service did not answer; try again shortly"
          : "直播答疑服务没有响应，请稍后再试",
        [],
        "sessions",
        { cause: String(err) },
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let b: Record<string, unknown> = {};
      try {
        b = JSON.parse(text);
      } catch { /* not JSON */ }
      const { code, title, detail, errors, ...extra } = b as {
        code?: string;
        title?: string;
        detail?: string;
        errors?: { path: string; message: string }[];
      };
      const retry = res.headers.get("retry-after");
      throw new ApiProblem(
        res.status,
        code ?? "unknown",
        title ?? "",
        detail ?? "",
        Array.isArray(errors) ? errors : [],
        "sessions",
        { ...extra, ...(retry ? { retryAfter: retry } : {}) },
      );
    }
    return (text ? JSON.parse(text) : null) as T;
  }

  /** A new signed audience token. */
  async issueToken(who: AudienceCaller): Promise<{ token: string; expiresAt: string }> {
    return await this.#call(who, "POST", "/v1/audience-tokens");
  }

  /** A session by its join code or id. */
  async session(who: AudienceCaller, ref: string): Promise<AudienceSession> {
    const path = /^[1-9]{6}$/.test(ref)
      ? `/v1/sessions/by-code/${ref}`
      : `/v1/sessions/${encodeURIComponent(ref)}`;
    return await this.#call(who, "GET", path);
  }

  /** The session's visible questions (approved and answered), most votes first. */
  async questions(who: AudienceCaller, sessionId: string): Promise<AudienceQuestion[]> {
    const r = await this.#call<{ items: AudienceQuestion[] }>(
      who,
      "GET",
      `/v1/sessions/${encodeURIComponent(sessionId)}/questions?sort=votes&limit=200`,
    );
    return r.items;
  }

  /** The member's own questions and the questions they voted for. */
  async mine(
    who: AudienceCaller,
    sessionId: string,
  ): Promise<{ items: AudienceQuestion[]; voted: string[] }> {
    return await this.#call(who, "GET", `/v1/sessions/${encodeURIComponent(sessionId)}/questions/mine`);
  }

  /** Asks a question. */
  async ask(
    who: AudienceCaller,
    sessionId: string,
    q: { text: string; name?: string; anonymous: boolean },
  ): Promise<{ question: AudienceQuestion }> {
    return await this.#call(who, "POST", `/v1/sessions/${encodeURIComponent(sessionId)}/questions`, q);
  }

  /** Votes for a question (idempotent); `received` when sessions answered 202 (counted shortly). */
  async vote(
    who: AudienceCaller,
    questionId: string,
  ): Promise<{ votes?: number; voted: boolean; received?: boolean }> {
    return await this.#call(who, "POST", `/v1/questions/${encodeURIComponent(questionId)}/votes`);
  }

  /** The session's open (and revealed) polls, quizzes and surveys; with a token, what its holder answered. */
  async launches(who: AudienceCaller, sessionId: string): Promise<Launch[]> {
    const r = await this.#call<{ items: Launch[] }>(
      who,
      "GET",
      `/v1/sessions/${encodeURIComponent(sessionId)}/launches`,
    );
    return r.items;
  }

  /** Answers items of a launch (all or nothing; 409 for an item answered before). */
  async answer(
    who: AudienceCaller,
    launchId: string,
    answers: { itemId: string; choiceIds?: string[]; rating?: number; text?: string }[],
  ): Promise<{ answeredItemIds: string[] }> {
    return await this.#call(who, "POST", `/v1/launches/${encodeURIComponent(launchId)}/answers`, { answers });
  }

  /** Opens the session's live stream (the caller reads and closes it). */
  async events(sessionId: string, signal: AbortSignal, lastEventId?: string): Promise<Response> {
    if (!this.baseUrl) throw new Error("sessions is not configured");
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    return await fetch(new URL(`/v1/sessions/${encodeURIComponent(sessionId)}/events`, this.baseUrl), {
      headers,
      signal,
    });
  }
}
