import { createRoute, z } from "@hono/zod-openapi";
import type { ServiceApp } from "@yibao/kit";
import { collectStatus } from "../status.ts";

const statusSchema = z.object({
  ready: z.boolean(),
  services: z.array(z.object({
    name: z.string(),
    url: z.string(),
    ready: z.boolean(),
    checks: z.record(z.string(), z.string()),
    ms: z.number(),
    error: z.string().optional(),
  })),
}).openapi("SuiteStatus");

/** `GET /api/status`: the readiness of every service of the suite, for the console's status page. */
export function registerStatusRoutes(app: ServiceApp, services: { name: string; url: string }[]): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/status",
      operationId: "getApiStatus",
      tags: ["console"],
      summary: "各服务就绪状态 / Readiness of every service",
      responses: {
        200: { description: "Status", content: { "application/json": { schema: statusSchema } } },
      },
    }),
    async (c) => {
      const list = await collectStatus(services);
      return c.json({ ready: list.every((s) => s.ready), services: list }, 200);
    },
  );
}
