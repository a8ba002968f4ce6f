/** Renders a page inside the layout, with `Server-Timing` telling how long the services took and how long in all. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { Layout } from "../pages/layout.tsx";
import { web } from "./state.ts";

/** Telemetry settings the layout hands to the browser bundle. */
export const telemetrySettings = { app: "yibao-console", version: "0.0.0", environment: "development" };

/** What a page render needs. */
export interface PageOptions {
  title: string;
  page: string;
  body: Child;
  status?: number;
  wide?: boolean;
  headers?: Record<string, string>;
}

/** The page as an HTML response. */
export function renderPage(c: Context, o: PageOptions): Response {
  const w = web(c);
  const html = "<!doctype html>" + String(
    <Layout
      lang={w.lang}
      title={o.title}
      page={o.page}
      signedIn={w.signedIn}
      path={c.req.path + (new URL(c.req.url).search || "")}
      telemetry={telemetrySettings}
      wide={o.wide ?? false}
    >
      {o.body}
    </Layout>,
  );
  const total = performance.now() - w.started;
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "server-timing": `api;dur=${w.timing.apiMs.toFixed(1)};desc="${w.timing.calls} calls", total;dur=${
      total.toFixed(1)
    }`,
    ...o.headers,
  };
  return c.body(html, (o.status ?? 200) as 200, headers);
}
