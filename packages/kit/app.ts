import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type AuthContext, authenticate } from "./auth/middleware.ts";
import type { Principal } from "./auth/model.ts";
import { docsPage } from "./docs_page.ts";
import { problemResponse, validationProblem } from "./errors.ts";
import type { Logger } from "./log.ts";
import { HttpMetrics } from "./metrics.ts";
import { ProblemError } from "./problem.ts";
import { traceIdFromTraceparent } from "./trace_context.ts";

/** The Hono environment every service shares. */
export type KitEnv = {
  Variables: {
    requestId: string;
    principal: Principal | undefined;
  };
};

/** A service's Hono app with OpenAPI. */
export type ServiceApp = OpenAPIHono<KitEnv>;

/** Options for {@linkcode createServiceApp}. */
export interface ServiceAppOptions {
  /** Service name, e.g. `policy`. */
  name: string;
  version: string;
  /** The OpenAPI title and description, Chinese first. */
  title: string;
  description: string;
  log: Logger;
  bodyLimitBytes: number;
  /** Named readiness checks, e.g. `{ graph: () => graph.ping(), events: () => bus.ping() }`. */
  readiness: Record<string, () => Promise<boolean>>;
  /** Without it no request is authenticated (every principal is absent). */
  auth?: AuthContext;
  /** Extra Prometheus lines for `/metrics`. */
  metrics?: () => string[];
  /** Also accept HTML form bodies (urlencoded, multipart) on writes: the console's pages post forms. */
  acceptForms?: boolean;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const quietRoutes = new Set(["/healthz", "/readyz", "/metrics"]);
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

/** Schema of an RFC 9457 problem body, for OpenAPI. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
}).openapi("Problem");

/** OpenAPI response entries for the given problem statuses. */
export function problemResponses(
  ...statuses: number[]
): Record<number, { description: string; content: Record<string, { schema: typeof problemSchema }> }> {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: typeof problemSchema }> }
  > = {};
  for (const s of statuses) {
    out[s] = {
      description: `Problem (${s})`,
      content: { "application/problem+json": { schema: problemSchema } },
    };
  }
  return out;
}

/**
 * Builds a service's app: request ids, JSON access logs, metrics, body limit (413), JSON content
 * type on writes (415), authentication, problem+json for every error (400 naming fields, 404 for
 * unknown routes, 500 without a stack), `traceId` in the access log when the request carries a valid
 * W3C `traceparent`, `/healthz`, `/readyz`, `/metrics`, `/openapi.json` and `/docs`.
 */
export function createServiceApp(options: ServiceAppOptions): ServiceApp {
  const { log } = options;
  const metrics = new HttpMetrics();
  const app: ServiceApp = new OpenAPIHono<KitEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error, result.target);
    },
  });

  // One middleware for all of the kit's per-request work: every extra layer costs throughput.
  const tooLarge = (): never => {
    throw new ProblemError("payloadTooLarge", {
      zh: `请求体不能超过 ${options.bodyLimitBytes} 字节`,
      en: `The request body must not exceed ${options.bodyLimitBytes} bytes`,
    });
  };
  // for a body without a stated length (chunked): counts the bytes as they arrive
  const limitBody = bodyLimit({ maxSize: options.bodyLimitBytes, onError: tooLarge });
  const auth = options.auth ? authenticate(options.auth) : undefined;
  // Request ids: a random per-process prefix and a counter — unique, and far cheaper than a UUID each.
  const idPrefix = crypto.randomUUID().slice(0, 8);
  let idCounter = 0;
  // The access log's record is built only when it will be written (LOG_LEVEL=warn writes none).
  const logRequests = log.enabled?.("info") ?? true;
  app.use(async (c, next) => {
    const started = performance.now();
    const headers = c.req.raw.headers;
    const given = headers.get("x-request-id");
    const requestId = given && requestIdPattern.test(given)
      ? given
      : `${idPrefix}-${(++idCounter).toString(36)}`;
    c.set("requestId", requestId);
    // Set before the handler builds its response: a header added afterwards forces a copy.
    c.header("X-Request-Id", requestId);
    try {
      // Only for a request that reached a route: an unknown route is a 404, whatever its body.
      if (bodyMethods.has(c.req.method) && c.req.matchedRoutes.some((r) => r.method !== "ALL")) {
        const contentType = headers.get("content-type");
        const length = headers.get("content-length");
        const transferEncoding = headers.get("transfer-encoding");
        requireJsonContentType(contentType, length, transferEncoding, options.acceptForms === true);
        const readOn = async () => {
          await requireUtf8Json(c, contentType, length, transferEncoding);
          if (auth) await auth(c, next);
          else await next();
        };
        if (length !== null && transferEncoding === null) {
          // A stated length is the body's length (the HTTP layer frames the body by it): checking it
          // here leaves the body unread, so Deno hands it over whole instead of through a stream (the
          // body-limit middleware and a `body` check each turned it into a ReadableStream).
          if (!/^\d+$/.test(length) || Number(length) > options.bodyLimitBytes) tooLarge();
          await readOn();
        } else {
          // the limit reads a body without a stated length whole before it goes on
          let read = false;
          await limitBody(c, () => {
            read = true;
            return readOn();
          }).catch((err) => {
            throw read ? err : bodyCutOff(err);
          });
        }
      } else if (auth && (headers.has("authorization") || headers.has("x-api-key"))) {
        await auth(c, next);
      } else {
        await next();
      }
    } catch (err) {
      // errors thrown here (before the router's own handling) still become problems
      c.res = problemResponse(c, err, log);
    }
    const seconds = (performance.now() - started) / 1000;
    const routePath = c.req.routePath;
    const route = routePath === "/*" || !routePath ? "(unmatched)" : routePath;
    const status = c.res.status;
    metrics.observe(c.req.method, route, status, seconds);
    if (logRequests && !quietRoutes.has(route)) {
      // A W3C traceparent (a browser's traced fetch, another service) ties this line to its trace.
      const traceId = traceIdFromTraceparent(headers.get("traceparent"));
      log.info("request", {
        requestId,
        ...(traceId ? { traceId } : {}),
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
      });
    }
  });

  // `/healthz` is asked for constantly (probes, load balancers) and answers the same bytes every
  // time: it is answered before the router, with the same metrics, unless the request presents
  // credentials (bad ones are a 401 even here, which the routed path answers). The profile of the
  // routed /healthz put a third of the thread's JS time in Hono's context, middleware chain and
  // response building, for a body that never changes.
  // A request id is echoed when the probe sends one (a malformed one is replaced, as on every route)
  // and none is made up otherwise: /healthz is never logged, so a made-up id would name nothing, and
  // a response whose only header is its content type takes Deno's fast path (a bare server setting
  // one header more spent about 10 µs more CPU a request here, nearly as much as its whole answer).
  const healthBody = JSON.stringify({ status: "ok", service: options.name, version: options.version });
  const healthOnly = { "content-type": "application/json" };
  const routed = app.fetch;
  app.fetch = (request, ...rest) => {
    if (request.method === "GET" && isHealthz(request.url)) {
      const started = performance.now();
      const headers = request.headers;
      if (!(auth && (headers.has("authorization") || headers.has("x-api-key")))) {
        const given = headers.get("x-request-id");
        const res = new Response(healthBody, {
          headers: given === null ? healthOnly : {
            ...healthOnly,
            "x-request-id": requestIdPattern.test(given)
              ? given
              : `${idPrefix}-${(++idCounter).toString(36)}`,
          },
        });
        metrics.observe("GET", "/healthz", 200, (performance.now() - started) / 1000);
        return res;
      }
    }
    return routed(request, ...rest);
  };

  app.notFound((c) => {
    // A known path with another method is a 405 naming the methods it has.
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0) {
      throw new ProblemError("methodNotAllowed", {
        zh: `${c.req.path} 不支持 ${c.req.method}，可用：${allowed.join(", ")}`,
        en: `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(", ")}`,
      }, { headers: { Allow: allowed.join(", ") } });
    }
    throw new ProblemError("notFound", {
      zh: `没有这个接口：${c.req.method} ${c.req.path}`,
      en: `No route for ${c.req.method} ${c.req.path}`,
    });
  });
  app.onError((err, c) => problemResponse(c, err, log));

  const healthSchema = z.object({ status: z.literal("ok"), service: z.string(), version: z.string() })
    .openapi("Health");
  app.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      operationId: "getHealthz",
      security: [],
      tags: ["operations"],
      summary: "进程存活 / Liveness",
      responses: {
        200: { description: "The process is up", content: { "application/json": { schema: healthSchema } } },
      },
    }),
    (c) => c.body(healthBody, 200, { "content-type": "application/json" }) as never,
  );

  const readySchema = z.object({
    status: z.enum(["ready", "not-ready"]),
    checks: z.record(z.string(), z.enum(["up", "down"])),
  }).openapi("Readiness");
  app.openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      operationId: "getReadyz",
      security: [],
      tags: ["operations"],
      summary: "就绪检查（图数据库与消息总线）/ Readiness: graph and event bus reachable",
      responses: {
        200: { description: "Ready", content: { "application/json": { schema: readySchema } } },
        503: { description: "Not ready", content: { "application/json": { schema: readySchema } } },
      },
    }),
    async (c) => {
      const entries = await Promise.all(
        Object.entries(options.readiness).map(async ([k, check]) =>
          [k, await check().catch(() => false)] as const
        ),
      );
      const checks = Object.fromEntries(entries.map(([k, ok]) => [k, ok ? "up" as const : "down" as const]));
      const ready = entries.every(([, ok]) => ok);
      return ready
        ? c.json({ status: "ready" as const, checks }, 200)
        : c.json({ status: "not-ready" as const, checks }, 503);
    },
  );

  app.get("/metrics", (c) =>
    c.body(metrics.render(options.name, options.metrics?.() ?? []), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    }));

  app.openAPIRegistry.register("Problem", problemSchema);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Signed token of an operator, reviewer, host or admin",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyAuth", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "A partner app's API key (yb_…)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: options.title, version: options.version, description: options.description },
    servers: [{ url: "/", description: "这个服务 / This service" }],
  });
  app.get("/docs", (c) => c.html(docsPage(options.title)));
  return app;
}

const routePatterns = new WeakMap<object, { count: number; list: { re: RegExp; method: string }[] }>();

/** The methods some route (not middleware) answers on `path`. */
function allowedMethods(app: ServiceApp, path: string): string[] {
  let cached = routePatterns.get(app);
  if (!cached || cached.count !== app.routes.length) {
    const list = app.routes.filter((r) => r.method !== "ALL").map((r) => ({
      method: r.method,
      re: new RegExp(
        `^${
          r.path.replace(/[.+?^$()[\]\\|]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+").replace(/\*/g, ".*")
        }$`,
      ),
    }));
    cached = { count: app.routes.length, list };
    routePatterns.set(app, cached);
  }
  const methods = new Set(cached.list.filter((p) => p.re.test(path)).map((p) => p.method));
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

/** Whether a request URL's path is exactly `/healthz` (no query), without parsing the URL. */
function isHealthz(url: string): boolean {
  if (!url.endsWith("/healthz")) return false;
  const pathStart = url.indexOf("/", url.indexOf("://") + 3);
  return pathStart === url.length - "/healthz".length;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * A JSON body must be valid UTF-8 (RFC 8259 §8.1): one that is not is a 400 `malformedBody`,
 * never text with replacement characters stored as if someone had typed them. The decoded text is
 * kept as the request's body text, so the route's JSON parsing reads it without decoding again.
 */
async function requireUtf8Json(
  c: Context,
  contentType: string | null,
  length: string | null,
  transferEncoding: string | null,
): Promise<void> {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  // Without a stated length or chunking (HTTP/2) only the body itself says whether there is one;
  // reading `body` makes it a stream, so a request that states its length is not asked.
  if (length === "0" || (length === null && transferEncoding === null && !c.req.raw.body)) return;
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch (err) {
    throw bodyCutOff(err);
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ProblemError("malformedBody", {
      zh: "请求体不是有效的 UTF-8 编码，请以 UTF-8 发送 JSON",
      en: "The request body is not valid UTF-8; send JSON encoded as UTF-8",
    });
  }
  // Hono keeps each body reading as a promise, though its type says otherwise.
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

/**
 * What a failed read of the request body becomes: when the client's connection ended before the
 * body did (a page closed mid-beacon, a dropped mobile connection), a 400 for the client, not a
 * server error in the log; anything else as it is.
 */
function bodyCutOff(err: unknown): unknown {
  const connectionEnded = err instanceof Deno.errors.BadResource || err instanceof Deno.errors.Http ||
    err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.ConnectionAborted ||
    err instanceof Deno.errors.UnexpectedEof || err instanceof Deno.errors.BrokenPipe;
  if (!connectionEnded) return err;
  return new ProblemError("malformedBody", {
    zh: "请求体没有完整收到（连接已断开），请重新发送",
    en: "The request body did not arrive whole (the connection ended); send it again",
  }, { cause: err });
}

const formTypes = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

function requireJsonContentType(
  contentType: string | null,
  length: string | null,
  transferEncoding: string | null,
  acceptForms: boolean,
): void {
  const hasBody = (length !== null && length !== "0") || transferEncoding !== null;
  if (!hasBody) return;
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (acceptForms && formTypes.has(type)) return;
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ProblemError("unsupportedMediaType", {
      zh: `请求体须为 application/json，收到的是「${type || "无"}」`,
      en: `The request body must be application/json, not "${type || "none"}"`,
    });
  }
}
