/**
 * The zod the domain schemas are built with: extended with `.openapi()` before any schema exists,
 * since zod 4 gives each schema its methods when it is created. Services document these schemas
 * in their OpenAPI descriptions.
 */
export { z } from "@hono/zod-openapi";
