/**
 * @module
 * `POST /collect`: the same-origin endpoint the console's pages send Faro's payloads to.
 *
 * 1. At most `ratePerMinute` payloads per client address per minute (429 with `Retry-After`).
 * 2. At most 256 KiB (413), JSON only (the kit answers 415 to anything else), and a valid Faro
 *    payload (400 naming the field; see `faro_payload.ts`).
 * 3. Web vitals (LCP, INP, CLS, TTFB, FCP) go into histograms and exceptions into a counter, each
 *    labelled by page (known view names, else "other") and browser family; each exception is logged
 *    as one JSON line (message, type, page, browser, trace id, session id, a trimmed stack).
 * 4. With `FARO_COLLECTOR_URL` set the raw payload is also forwarded there in the background.
 * 5. The answer is 202 with no body, as soon as the payload is read and counted.
 */
import { type Logger, ProblemError, type ServiceApp, validationProblem } from "@yibao/kit";
import { browserFamily } from "./browser_family.ts";
import { type FaroPayload, faroPayloadSchema } from "./faro_payload.ts";
import { createForwarder, type Forwarder } from "./forward.ts";
import { knownPageNames, pageLabel } from "./page_names.ts";
import { WindowRateLimit } from "./rate_limit.ts";
import { RumMetrics, type WebVital, webVitals } from "./rum_metrics.ts";

/** The largest payload `/collect` reads. */
export const collectBodyLimitBytes = 256 * 1024;

/** Options of {@linkcode registerCollectRoute}. */
export interface CollectOptions {
  log: Logger;
  /** Payloads per client address per minute. */
  ratePerMinute: number;
  /** Where to forward raw payloads (a Grafana Alloy `faro.receiver`), if anywhere. */
  collectorUrl?: string | undefined;
  /** View names counted under their own label (default {@linkcode knownPageNames}). */
  pageNames?: readonly string[];
}

/** What the route leaves for the service: its metrics, and a way to wait for forwards in flight. */
export interface CollectRoute {
  metrics: RumMetrics;
  drain(): Promise<void>;
}

const vitalKeys = Object.keys(webVitals) as WebVital[];
const traceIdPattern = /^[0-9a-f]{32}$/;

/** Registers `POST /collect` on the console's app. */
export function registerCollectRoute(app: ServiceApp, options: CollectOptions): CollectRoute {
  const metrics = new RumMetrics();
  const limiter = new WindowRateLimit(options.ratePerMinute);
  const pages = new Set(options.pageNames ?? knownPageNames);
  const forwarder: Forwarder | undefined = options.collectorUrl
    ? createForwarder({
      url: options.collectorUrl,
      log: options.log,
      onResult: (r) => metrics.countForward(r),
    })
    : undefined;

  // The kit has already read the body (bounded by BODY_LIMIT_BYTES, and checked as UTF-8) before this
  // route runs: the smaller telemetry limit is checked on what it read, by its declared length first.
  const tooLarge = () => {
    metrics.countPayload("too_large");
    return new ProblemError("payloadTooLarge", {
      zh: `遥测数据不能超过 ${collectBodyLimitBytes} 字节`,
      en: `A telemetry payload must not exceed ${collectBodyLimitBytes} bytes`,
    });
  };

  app.post(
    "/collect",
    async (c, next) => {
      const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
      const verdict = limiter.hit(info?.remoteAddr?.hostname ?? "unknown");
      if (!verdict.ok) {
        metrics.countPayload("rate_limited");
        throw new ProblemError("tooManyRequests", {
          zh: `遥测数据发送过于频繁，请 ${verdict.retryAfterSeconds} 秒后再试`,
          en: `Too many telemetry payloads; retry in ${verdict.retryAfterSeconds} s`,
        }, { headers: { "Retry-After": String(verdict.retryAfterSeconds) } });
      }
      await next();
    },
    async (c) => {
      if (Number(c.req.header("content-length") ?? 0) > collectBodyLimitBytes) throw tooLarge();
      const raw = await c.req.text();
      if (new TextEncoder().encode(raw).length > collectBodyLimitBytes) throw tooLarge();
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        metrics.countPayload("invalid");
        throw new ProblemError("malformedBody", {
          zh: "遥测数据不是有效的 JSON",
          en: "The telemetry payload is not valid JSON",
        });
      }
      const parsed = faroPayloadSchema.safeParse(json);
      if (!parsed.success) {
        metrics.countPayload("invalid");
        throw validationProblem(parsed.error, "json");
      }
      metrics.countPayload("accepted");
      const userAgent = c.req.header("user-agent");
      record(parsed.data, userAgent);
      forwarder?.forward(raw, userAgent);
      return c.body(null, 202);
    },
  );

  function record(payload: FaroPayload, userAgent: string | undefined): void {
    const { meta } = payload;
    const page = pageLabel(meta.view?.name, pages);
    const browser = browserFamily(meta.browser?.name, meta.browser?.userAgent ?? userAgent);
    for (const m of payload.measurements ?? []) {
      if (m.type !== "web-vitals") continue;
      for (const key of vitalKeys) {
        const v = m.values[key];
        if (v !== undefined) metrics.observeVital(key, page, browser, v);
      }
    }
    for (const e of payload.exceptions ?? []) {
      metrics.countException(page, browser);
      const traceId = e.trace?.trace_id;
      options.log.warn("browser exception", {
        message: trim(e.value, 1_000),
        type: trim(e.type, 200),
        page,
        browser,
        ...(traceId && traceIdPattern.test(traceId) ? { traceId } : {}),
        ...(meta.session?.id ? { sessionId: trim(meta.session.id, 128) } : {}),
        ...(e.stacktrace ? { stack: stackText(e.stacktrace.frames) } : {}),
      });
    }
  }

  return { metrics, drain: () => forwarder?.drain() ?? Promise.resolve() };
}

/** The first frames of a stack, one per line, at most 2,000 characters. */
function stackText(
  frames: { filename: string; function: string; lineno?: number; colno?: number }[],
): string {
  const lines = frames.slice(0, 10).map((f) =>
    `at ${trim(f.function || "?", 100)} (${trim(f.filename, 200)}:${f.lineno ?? "?"}:${f.colno ?? "?"})`
  );
  if (frames.length > 10) lines.push(`… ${frames.length - 10} more frames`);
  return trim(lines.join("\n"), 2_000);
}

function trim(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
