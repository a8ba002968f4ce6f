/**
 * Forwards raw Faro payloads to a Grafana Alloy `faro.receiver` (or any Faro collector), without
 * ever holding up the browser's answer: each forward runs in the background with a time limit,
 * at most `maxInFlight` at once (more are dropped and counted), and failures are logged and counted.
 */
import type { Logger } from "@yibao/kit";

/** Options of {@linkcode createForwarder}. */
export interface ForwarderOptions {
  url: string;
  log: Logger;
  /** Called with each forward's result, for metrics. */
  onResult(result: "ok" | "failed" | "dropped"): void;
  timeoutMs?: number;
  maxInFlight?: number;
  fetcher?: typeof fetch;
}

/** A forwarder: `forward(body, userAgent)` returns at once; `drain()` waits for forwards in flight. */
export interface Forwarder {
  forward(body: string, userAgent: string | undefined): void;
  drain(): Promise<void>;
}

/** Creates the forwarder for `options.url`. */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const fetcher = options.fetcher ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxInFlight = options.maxInFlight ?? 64;
  const inFlight = new Set<Promise<void>>();
  let lastWarn = 0;
  function warn(msg: string, fields: Record<string, unknown>): void {
    // one line per second at most: a collector that is down must not flood the log
    const now = Date.now();
    if (now - lastWarn < 1_000) return;
    lastWarn = now;
    options.log.warn(msg, { collector: options.url, ...fields });
  }
  return {
    forward(body, userAgent) {
      if (inFlight.size >= maxInFlight) {
        options.onResult("dropped");
        warn("faro payload dropped: too many forwards in flight", { maxInFlight });
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (userAgent) headers["user-agent"] = userAgent;
      const p = (async () => {
        try {
          const res = await fetcher(options.url, {
            method: "POST",
            headers,
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.body?.cancel();
          if (res.ok) options.onResult("ok");
          else {
            options.onResult("failed");
            warn("faro collector refused a payload", { status: res.status });
          }
        } catch (err) {
          options.onResult("failed");
          warn("faro collector unreachable", { error: err instanceof Error ? err.message : String(err) });
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
