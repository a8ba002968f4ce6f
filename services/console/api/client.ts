/**
 * How the console calls the suite's services on a signed-in person's behalf: one client per
 * service, a short-lived role token minted per call from the person's account, the person's
 * language, the request id and the browser's trace context passed along, problem+json turned into
 * {@linkcode ApiProblem} (with the field errors), and the time spent recorded for `Server-Timing`.
 */
import { issueToken, type Role } from "@yibao/kit";

/** A field error from a service's problem+json. */
export interface ApiFieldError {
  path: string;
  message: string;
}

/** A service answered with a problem (4xx/5xx), or could not be reached (status 503). */
export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: ApiFieldError[],
    readonly service: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${service}: ${status} ${code}: ${detail}`);
  }

  /** The message for one field path (`body.title`), if the service named it. */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

/** Who is calling, and what travels with each call. */
export interface Caller {
  account: { id: string; name: string; role: Role };
  lang: "zh" | "en";
  requestId: string;
  traceparent?: string | undefined;
  /** Accumulates the milliseconds spent waiting for services, for `Server-Timing`. */
  timing: { apiMs: number; calls: number };
}

/** What every client needs to mint tokens. */
export interface ClientSettings {
  tokenSecret: string;
  tokenTtlSeconds: number;
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

/** A JSON answer and its ETag. */
export interface ApiAnswer<T> {
  data: T;
  etag: string | null;
  status: number;
}

/** Calls one service. */
export class ServiceClient {
  constructor(
    readonly service: string,
    readonly baseUrl: string | undefined,
    private readonly settings: ClientSettings,
  ) {}

  /** Builds a URL with the query's defined values (arrays repeat the key). */
  url(path: string, query: Query = {}): string {
    const u = new URL(path, this.baseUrl ?? "http://unconfigured.invalid");
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === "") continue;
      if (Array.isArray(v)) { for (const x of v) u.searchParams.append(k, x); }
      else u.searchParams.set(k, String(v));
    }
    return u.toString();
  }

  /** Sends a request and returns the parsed JSON; throws {@linkcode ApiProblem} on a problem. */
  async request<T>(
    caller: Caller,
    method: string,
    path: string,
    options: {
      query?: Query;
      body?: unknown;
      ifMatch?: string;
      accept?: string;
      text?: string;
      contentType?: string;
    } = {},
  ): Promise<ApiAnswer<T>> {
    const res = await this.raw(caller, method, path, options);
    const text = await res.text();
    if (!res.ok) throw this.#problem(res.status, text, caller.lang);
    return { data: (text ? JSON.parse(text) : null) as T, etag: res.headers.get("etag"), status: res.status };
  }

  /** Sends a request and returns the response as it came (for streams); the caller reads the body. */
  async raw(
    caller: Caller,
    method: string,
    path: string,
    options: {
      query?: Query;
      body?: unknown;
      ifMatch?: string;
      accept?: string;
      signal?: AbortSignal;
      /** A text body (a file to import) instead of JSON, sent as `contentType`. */
      text?: string;
      contentType?: string;
    } = {},
  ): Promise<Response> {
    if (!this.baseUrl) {
      throw new ApiProblem(
        503,
        "unavailable",
        caller.lang === "en" ? "Service unavailable" : "服务暂不可用",
        caller.lang === "en"
          ? `The console is not configured to reach the ${this.service} service`
          : `控制台未配置 ${this.service} 服务的地址`,
        [],
        this.service,
      );
    }
    const token = await issueToken(this.settings.tokenSecret, {
      sub: caller.account.id,
      role: caller.account.role,
      name: caller.account.name,
    }, { ttlSeconds: this.settings.tokenTtlSeconds });
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: options.accept ?? "application/json",
      "accept-language": caller.lang === "en" ? "en" : "zh-CN",
      "x-request-id": caller.requestId,
    };
    if (caller.traceparent) headers.traceparent = caller.traceparent;
    if (options.ifMatch) headers["if-match"] = options.ifMatch;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.text !== undefined) {
      headers["content-type"] = options.contentType ?? "text/plain; charset=utf-8";
    }
    const started = performance.now();
    try {
      return await fetch(this.url(path, options.query), {
        method,
        headers,
        ...(options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : options.text !== undefined
          ? { body: options.text }
          : {}),
        signal: options.signal ?? AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiProblem(
        503,
        "unavailable",
        caller.lang === "en" ? "Service unavailable" : "服务暂不可用",
        caller.lang === "en"
          ? `The ${this.service} service did not answer; try again shortly`
          : `${this.service} 服务没有响应，请稍后再试`,
        [],
        this.service,
        { cause: String(err) },
      );
    } finally {
      caller.timing.apiMs += performance.now() - started;
      caller.timing.calls++;
    }
  }

  #problem(status: number, text: string, lang: "zh" | "en"): ApiProblem {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text);
    } catch { /* not JSON */ }
    const { code, title, detail, errors, ...extra } = body as {
      code?: string;
      title?: string;
      detail?: string;
      errors?: ApiFieldError[];
    };
    return new ApiProblem(
      status,
      code ?? "unknown",
      title ?? (lang === "en" ? "The request failed" : "请求失败"),
      detail ?? "",
      Array.isArray(errors) ? errors : [],
      this.service,
      extra,
    );
  }
}
