/**
 * @module
 * Neo4j for every service: one driver per process, retrying read and write transactions,
 * a readiness probe, value conversion at the boundary, and the migrations runner.
 */
export { type GraphEnv, graphEnvSchema, type GraphOptions, graphOptionsFromEnv } from "./config.ts";
export { createGraph, currentBookmarks, type Graph, type TxWork, withBookmarks } from "./graph.ts";
export { int, neoDate, toPlain } from "./convert.ts";
export { constraintViolationCode, hasNeo4jCode, isGraphUnavailable, MigrationError } from "./errors.ts";
export {
  applyMigrations,
  type ApplyOptions,
  loadMigrations,
  type Migration,
  type MigrationReport,
  parseMigration,
} from "./migrations.ts";
export type { ManagedTransaction } from "neo4j-driver";
export { inForceQuery } from "./in_force.ts";
export { policyReach } from "./policy_reach.ts";
