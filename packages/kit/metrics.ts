/** Upper bounds of the latency histogram, in seconds. */
export const latencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

/** HTTP request counts and a latency histogram by method, route and status, in Prometheus text format. */
export class HttpMetrics {
  #series = new Map<string, Series>();
  // method → route → status → series: a request finds its series without building a key string
  #index = new Map<string, Map<string, Map<number, Series>>>();
  #started = Date.now();

  /** Records one finished request. `route` is the route pattern, never the raw path (bounded cardinality). */
  observe(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.#index.get(method);
    if (byRoute === undefined) this.#index.set(method, byRoute = new Map());
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) byRoute.set(route, byStatus = new Map());
    let s = byStatus.get(status);
    if (s === undefined) {
      const key = `${method} ${route} ${status}`;
      s = {
        labels: `method="${method}",route="${escapeLabel(route)}",status="${status}"`,
        count: 0,
        sum: 0,
        buckets: new Array(latencyBuckets.length).fill(0),
      };
      this.#series.set(key, s);
      byStatus.set(status, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < latencyBuckets.length; i++) {
      if (seconds <= latencyBuckets[i]!) {
        s.buckets[i]!++;
        break;
      }
    }
  }

  /** The Prometheus text exposition (version 0.0.4), with `extra` lines appended. */
  render(service: string, extra: string[] = []): string {
    const out: string[] = [
      "# HELP http_requests_total HTTP requests served, by method, route and status.",
      "# TYPE http_requests_total counter",
    ];
    for (const s of this.#series.values()) out.push(`http_requests_total{${s.labels}} ${s.count}`);
    out.push(
      "# HELP http_request_duration_seconds Time to serve a request, by method, route and status.",
      "# TYPE http_request_duration_seconds histogram",
    );
    for (const s of this.#series.values()) {
      let cumulative = 0;
      for (let i = 0; i < latencyBuckets.length; i++) {
        cumulative += s.buckets[i]!;
        out.push(`http_request_duration_seconds_bucket{${s.labels},le="${latencyBuckets[i]}"} ${cumulative}`);
      }
      out.push(`http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      out.push(`http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      out.push(`http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    out.push(
      "# HELP process_uptime_seconds Seconds since the service started.",
      "# TYPE process_uptime_seconds gauge",
      `process_uptime_seconds{service="${escapeLabel(service)}"} ${(Date.now() - this.#started) / 1000}`,
      ...extra,
    );
    return out.join("\n") + "\n";
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * One metric without labels, as Prometheus text lines for a service's `addMetrics`: its `# HELP`, its
 * `# TYPE` and its value.
 */
export function metricLines(
  name: string,
  type: "counter" | "gauge",
  help: string,
  value: number | string,
): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`];
}
