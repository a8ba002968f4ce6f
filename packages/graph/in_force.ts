import core from "./queries/in_force.cypher" with { type: "text" };

/**
 * The shared "in force" match (see `queries/in_force.cypher` and graph-schema/README.md): a
 * service appends its own ordering and projection to it, so the rule lives in one place.
 */
export function inForceQuery(tail: string): string {
  return `${core}\n${tail}`;
}
