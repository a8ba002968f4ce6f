import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import type { KitEnv, ServiceApp } from "./app.ts";
import { validationProblem } from "./errors.ts";

const jsonType = /^application\/([\w.-]+\+)?json$/i;

/**
 * The JSON body of a request checked by `schema` with zod's synchronous parse: what
 * `@hono/zod-openapi` does for a route's `request.body`, answer for answer (415 for a declared
 * non-JSON content type, 400 `malformedBody` for JSON that does not parse, 400 naming each field
 * zod refuses, an absent JSON body read as `{}`), without its asynchronous parse and middleware
 * layers. In the profile of `POST /v1/estimates` those cost 2.4 times zod's own work. Schemas with
 * asynchronous refinements cannot be checked here (zod throws).
 */
export async function validJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header("content-type");
  let value: unknown = {};
  if (contentType) {
    if (!jsonType.test(contentType.split(";")[0]!.trim())) {
      throw new HTTPException(415, { message: "Unsupported Media Type" });
    }
    try {
      value = await c.req.json();
    } catch {
      throw new HTTPException(400, { message: "Malformed JSON in request body" });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, "json");
  return result.data;
}

/**
 * Registers `route` (a POST or PUT with a required JSON body) in the OpenAPI document exactly as
 * `app.openapi` does, and answers it with `handler(c, body)`, the body checked by
 * {@linkcode validJsonBody}. For hot write paths: the document, the validation and every problem
 * stay as they were.
 */
export function openapiJsonRoute<S extends z.ZodType>(
  app: ServiceApp,
  route: RouteConfig & { method: "post" | "put" },
  schema: S,
  handler: (c: Context<KitEnv>, body: z.output<S>) => Response | Promise<Response>,
): void {
  const media = route.request?.body?.content?.["application/json"] as { schema?: unknown } | undefined;
  const declared = media?.schema;
  if (
    (route as { middleware?: unknown }).middleware !== undefined || route.request?.query ||
    route.request?.params || route.request?.headers || route.request?.cookies ||
    route.request?.body?.required !== true
  ) {
    throw new Error(
      `${route.method} ${route.path}: openapiJsonRoute checks a required JSON body only (no middleware, query, params, headers or cookies)`,
    );
  }
  if (declared !== schema) {
    throw new Error(`${route.method} ${route.path}: the schema given must be the route's JSON body schema`);
  }
  app.openAPIRegistry.registerPath(route);
  app.on(
    route.method.toUpperCase(),
    route.path.replaceAll(/\/{(.+?)}/g, "/:$1"),
    async (c) => handler(c, await validJsonBody(c, schema)),
  );
}
