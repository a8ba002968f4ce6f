import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { constraintViolationCode, hasNeo4jCode, isGraphUnavailable } from "@yibao/graph";
import type { Logger } from "./log.ts";
import { issueMessage } from "./zod_messages.ts";
import {
  type FieldError,
  preferredLanguage,
  problemBody,
  type ProblemCode,
  ProblemError,
} from "./problem.ts";

const targetNames: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/**
 * Maps zod issues to field errors named by where they were found (`body.title`, `query.asOf`), each
 * message in Chinese and English (`zod_messages.ts`). `target` is a validator target (`json`,
 * `query`…) or a path prefix (`body.items.3`).
 */
export function fieldErrors(error: ZodError, target?: string): FieldError[] {
  const prefix = target ? (targetNames[target] ?? target) : "";
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || prefix || "(root)",
    message: issueMessage(issue),
    code: issue.code,
  }));
}

/** The validation failure for `error` found in `target`, naming every field. */
export function validationProblem(error: ZodError, target?: string): ProblemError {
  const errors = fieldErrors(error, target);
  const messages = errors.map((e) => e.message as { zh: string; en: string });
  return new ProblemError("validationFailed", {
    zh: `请求参数有 ${errors.length} 处问题：${
      [...new Set(messages.map((m) => m.zh))].join("；")
    }（逐项列出）`,
    en: `Invalid request: ${errors.map((e, i) => `${e.path} (${messages[i]!.en})`).join("; ")}`,
  }, { errors });
}

/** What a 503 for an unreachable graph tells clients to wait, in seconds. */
export const graphRetryAfterSeconds = 5;

const statusCodes: Record<number, ProblemCode> = {
  400: "validationFailed",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  405: "methodNotAllowed",
  409: "conflict",
  412: "preconditionFailed",
  413: "payloadTooLarge",
  415: "unsupportedMediaType",
  422: "unprocessable",
  429: "tooManyRequests",
  503: "unavailable",
};

/** Turns any thrown value into a ProblemError; unexpected ones become a 500 whose detail hides the cause. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof ZodError) return validationProblem(err);
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) {
      return new ProblemError("malformedBody", {
        zh: "请求体无法解析为 JSON",
        en: "The request body could not be parsed as JSON",
      });
    }
    const code = statusCodes[err.status] ?? "internal";
    return new ProblemError(code, err.message || String(err.status));
  }
  if (isGraphUnavailable(err)) {
    // the driver has already retried for its whole window (maxTransactionRetryTime): say when to come back
    return new ProblemError("unavailable", {
      zh: "数据库暂时无法访问，请稍后重试",
      en: "The database cannot be reached right now; try again shortly",
    }, { cause: err, headers: { "Retry-After": String(graphRetryAfterSeconds) } });
  }
  if (hasNeo4jCode(err, constraintViolationCode)) {
    return new ProblemError("conflict", {
      zh: "与已有数据冲突（唯一性约束）",
      en: "This conflicts with existing data (a uniqueness constraint)",
    }, { cause: err });
  }
  return new ProblemError("internal", {
    zh: "服务器处理请求时出错，请稍后重试；如持续出现，请提供请求编号",
    en: "The server failed to handle the request; try again later, and quote the request id if it persists",
  }, { cause: err });
}

/** Writes `err` as `application/problem+json`; logs server errors (with stack) but never returns the stack. */
export function problemResponse(c: Context, err: unknown, log: Logger): Response {
  const problem = toProblem(err);
  const requestId = (c.get("requestId") as string | undefined) ?? "";
  if (problem.status >= 500) {
    const cause = problem.extra.cause ?? err;
    log.error("request failed", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: cause instanceof Error ? cause.message : String(cause),
      stack: cause instanceof Error ? cause.stack : undefined,
    });
  }
  const body = problemBody(problem, {
    instance: c.req.path,
    requestId,
    lang: preferredLanguage(c.req.header("accept-language")),
  });
  const headers = new Headers({ "content-type": "application/problem+json; charset=utf-8" });
  if (requestId) headers.set("X-Request-Id", requestId);
  for (const [k, v] of Object.entries(problem.extra.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
