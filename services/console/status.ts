/** One service's readiness as the console sees it. */
export interface ServiceStatus {
  name: string;
  url: string;
  ready: boolean;
  checks: Record<string, string>;
  ms: number;
  error?: string;
}

/** Asks each service's `/readyz`, in parallel, each within `timeoutMs`. */
export function collectStatus(
  services: { name: string; url: string }[],
  options: { timeoutMs?: number; fetcher?: typeof fetch } = {},
): Promise<ServiceStatus[]> {
  const fetcher = options.fetcher ?? fetch;
  return Promise.all(services.map(async ({ name, url }) => {
    const started = performance.now();
    try {
      const res = await fetcher(`${url}/readyz`, { signal: AbortSignal.timeout(options.timeoutMs ?? 1_500) });
      const body = await res.json() as { checks?: Record<string, string> };
      return {
        name,
        url,
        ready: res.status === 200,
        checks: body.checks ?? {},
        ms: Math.round(performance.now() - started),
      };
    } catch (err) {
      return {
        name,
        url,
        ready: false,
        checks: {},
        ms: Math.round(performance.now() - started),
        error: err instanceof Error ? err.message : String(err),
      };
    }
  }));
}
