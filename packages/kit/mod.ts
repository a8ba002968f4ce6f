/**
 * @module
 * The Hono service kit every service is built with: validated configuration, JSON logs, request
 * ids, RFC 9457 problems, health, readiness and metrics, OpenAPI 3.1 with docs, authentication
 * (hashed API keys with scopes, signed tokens with roles), and graceful shutdown.
 */
export { ConfigError, loadConfig, loadConfigOrExit, type ServiceEnv, serviceEnvSchema } from "./config.ts";
export { createLogger, type Logger, type LogLevel } from "./log.ts";
export {
  type Bilingual,
  type FieldError,
  type FieldErrorBody,
  localizeFieldErrors,
  notFound,
  preferredLanguage,
  type ProblemBody,
  problemBody,
  problemCatalogue,
  type ProblemCode,
  ProblemError,
} from "./problem.ts";
export { fieldErrors, problemResponse, toProblem, validationProblem } from "./errors.ts";
export { issueMessage } from "./zod_messages.ts";
export { HttpMetrics, metricLines } from "./metrics.ts";
export { traceIdFromTraceparent } from "./trace_context.ts";
export {
  createServiceApp,
  type KitEnv,
  problemResponses,
  problemSchema,
  type ServiceApp,
  type ServiceAppOptions,
} from "./app.ts";
export {
  type BaseConfig,
  baseEnvSchema,
  main,
  type RunningService,
  type RunOptions,
  runService,
  type ServiceContext,
  serviceEnvNames,
  serviceEnvSchemaOf,
  type ServiceSpec,
} from "./service.ts";
export * from "./auth/mod.ts";
export {
  type ContentCoding,
  encodedBody,
  etagFor,
  type Etagged,
  etagged,
  ifNoneMatchHits,
  jsonWithEtag,
  minCompressBytes,
  preferredCoding,
  sendEtagged,
  versionFromIfMatch,
} from "./etag.ts";
export { appendAudit, type AuditBy } from "./audit.ts";
export { openapiJsonRoute, validJsonBody } from "./json_route.ts";
