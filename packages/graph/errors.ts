/** Neo4j error codes the rest of the suite maps to HTTP problems. */
export const constraintViolationCode = "Neo.ClientError.Schema.ConstraintValidationFailed";

/** True when `err` is a Neo4j error with the given status code. */
export function hasNeo4jCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/** A migration file changed after it was applied, or the migration set is otherwise unusable. */
export class MigrationError extends Error {
  override name = "MigrationError";
}
