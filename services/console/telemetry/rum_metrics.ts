/**
 * @module
 * Real-user monitoring figures for Prometheus: web vitals as histograms and browser exceptions as a
 * counter, each labelled by page (a known view name or "other") and browser family, so the number
 * of series stays bounded; plus the collector's own counters.
 */

/** The web vitals observed, Faro's measurement key → metric name, unit and buckets. */
export const webVitals = {
  lcp: { metric: "rum_web_vitals_lcp_seconds", scale: 1 / 1000, help: "Largest Contentful Paint" },
  inp: { metric: "rum_web_vitals_inp_seconds", scale: 1 / 1000, help: "Interaction to Next Paint" },
  cls: { metric: "rum_web_vitals_cls", scale: 1, help: "Cumulative Layout Shift (unitless)" },
  ttfb: { metric: "rum_web_vitals_ttfb_seconds", scale: 1 / 1000, help: "Time to First Byte" },
  fcp: { metric: "rum_web_vitals_fcp_seconds", scale: 1 / 1000, help: "First Contentful Paint" },
} as const;

/** A web vital's key in Faro's `web-vitals` measurement. */
export type WebVital = keyof typeof webVitals;

const buckets: Record<WebVital, number[]> = {
  lcp: [0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 20],
  fcp: [0.25, 0.5, 1, 1.5, 1.8, 2.5, 3, 4, 5, 7.5, 10, 20],
  ttfb: [0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 1.8, 2.5, 5, 10],
  inp: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
  cls: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1],
};

interface Histogram {
  labels: string;
  counts: number[];
  count: number;
  sum: number;
}

/** The collector's outcomes, counted in `rum_payloads_total{outcome}`. */
export type PayloadOutcome = "accepted" | "invalid" | "too_large" | "rate_limited";

/** Collects the figures and renders them in the Prometheus text format. */
export class RumMetrics {
  #vitals = new Map<string, Histogram>();
  #exceptions = new Map<string, { labels: string; count: number }>();
  #payloads = new Map<PayloadOutcome, number>();
  #forwarded = 0;
  #forwardFailures = 0;
  #forwardDropped = 0;

  /** Observes one web vital as Faro measured it (milliseconds, or unitless for CLS). */
  observeVital(vital: WebVital, page: string, browser: string, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const key = `${vital}\u0000${page}\u0000${browser}`;
    let h = this.#vitals.get(key);
    if (!h) {
      h = {
        labels: labels(page, browser),
        counts: new Array(buckets[vital].length).fill(0),
        count: 0,
        sum: 0,
      };
      this.#vitals.set(key, h);
    }
    const v = value * webVitals[vital].scale;
    h.count++;
    h.sum += v;
    const i = buckets[vital].findIndex((le) => v <= le);
    if (i >= 0) h.counts[i]!++;
  }

  /** Counts one browser exception. */
  countException(page: string, browser: string): void {
    const key = `${page}\u0000${browser}`;
    const e = this.#exceptions.get(key) ?? { labels: labels(page, browser), count: 0 };
    e.count++;
    this.#exceptions.set(key, e);
  }

  /** Counts one `/collect` request by outcome. */
  countPayload(outcome: PayloadOutcome): void {
    this.#payloads.set(outcome, (this.#payloads.get(outcome) ?? 0) + 1);
  }

  /** Counts one forward to the Faro collector: delivered, failed, or dropped (too many in flight). */
  countForward(result: "ok" | "failed" | "dropped"): void {
    if (result === "ok") this.#forwarded++;
    else if (result === "failed") this.#forwardFailures++;
    else this.#forwardDropped++;
  }

  /** The Prometheus lines. */
  render(): string[] {
    const out: string[] = [];
    for (const [vital, def] of Object.entries(webVitals) as [WebVital, (typeof webVitals)[WebVital]][]) {
      out.push(
        `# HELP ${def.metric} ${def.help} measured in browsers, by page and browser family.`,
        `# TYPE ${def.metric} histogram`,
      );
      for (const [key, h] of this.#vitals) {
        if (!key.startsWith(`${vital}\u0000`)) continue;
        let cumulative = 0;
        buckets[vital].forEach((le, i) => {
          cumulative += h.counts[i]!;
          out.push(`${def.metric}_bucket{${h.labels},le="${le}"} ${cumulative}`);
        });
        out.push(
          `${def.metric}_bucket{${h.labels},le="+Inf"} ${h.count}`,
          `${def.metric}_sum{${h.labels}} ${h.sum}`,
          `${def.metric}_count{${h.labels}} ${h.count}`,
        );
      }
    }
    out.push(
      "# HELP rum_browser_exceptions_total Exceptions reported by browsers, by page and browser family.",
      "# TYPE rum_browser_exceptions_total counter",
      ...[...this.#exceptions.values()].map((e) => `rum_browser_exceptions_total{${e.labels}} ${e.count}`),
      "# HELP rum_payloads_total Faro payloads posted to /collect, by outcome.",
      "# TYPE rum_payloads_total counter",
      ...[...this.#payloads].map(([outcome, n]) => `rum_payloads_total{outcome="${outcome}"} ${n}`),
      "# HELP rum_forward_total Payloads forwarded to FARO_COLLECTOR_URL, by result.",
      "# TYPE rum_forward_total counter",
      `rum_forward_total{result="ok"} ${this.#forwarded}`,
      `rum_forward_total{result="failed"} ${this.#forwardFailures}`,
      `rum_forward_total{result="dropped"} ${this.#forwardDropped}`,
    );
    return out;
  }
}

// page and browser are already bounded to safe values (known names, fixed families)
function labels(page: string, browser: string): string {
  return `page="${page.replace(/["\\\n]/g, "_")}",browser="${browser}"`;
}
