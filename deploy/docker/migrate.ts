/**
 * Applies the graph migrations once, as a release's Kubernetes Job does before the new pods start
 * (the services then run with MIGRATE_ON_START=false). Safe to run twice or beside a service that
 * migrates: the runner takes a lock node and records each migration with its checksum.
 */
import {
  applyMigrations,
  createGraph,
  graphEnvSchema,
  graphOptionsFromEnv,
  loadMigrations,
} from "@yibao/graph";

const env = graphEnvSchema.parse(Object.fromEntries(
  Object.keys(graphEnvSchema.shape).map((k) => [k, Deno.env.get(k)]).filter(([, v]) => v !== undefined),
));
const graph = createGraph(graphOptionsFromEnv(env, "yibao-migrate"));
try {
  const dir = new URL("../../graph-schema/migrations/", import.meta.url);
  const report = await applyMigrations(graph, await loadMigrations(dir), {
    owner: `migrate-${crypto.randomUUID()}`,
  });
  console.log(JSON.stringify({ applied: report.applied, alreadyApplied: report.alreadyApplied.length }));
} finally {
  await graph.close();
}
