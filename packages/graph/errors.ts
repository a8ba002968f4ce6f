/** Neo4j error codes the rest of the suite maps to HTTP problems. */
export const constraintViolationCode = "Neo.ClientError.Schema.ConstraintValidationFailed";

/** The driver's codes for a database it cannot reach (down, restarting, no leader) after its retries. */
const unavailableCodes = new Set(["ServiceUnavailable", "SessionExpired"]);

/** True when `err` says the graph cannot be reached now (worth trying again later), not that the work was wrong. */
export function isGraphUnavailable(err: unknown): boolean {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" && unavailableCodes.has(code);
}

/** True when `err` is a Neo4j error with the given status code. */
export function hasNeo4jCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/** A migration file changed after it was applied, or the migration set is otherwise unusable. */
export class MigrationError extends Error {
  override name = "MigrationError";
}
