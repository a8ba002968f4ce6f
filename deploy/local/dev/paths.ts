/** The project's root folder (two levels above deploy/local/dev). */
export const root = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");
/** Git-ignored runtime state: credentials, logs (YIBAO_RUN_DIR overrides, e.g. for benchmarks). */
export const runDir = Deno.env.get("YIBAO_RUN_DIR") || `${root}/.run`;
/** Git-ignored data of the development Neo4j and NATS (YIBAO_DATA_DIR overrides). */
export const dataDir = Deno.env.get("YIBAO_DATA_DIR") || `${root}/.data`;
/** The Neo4j launcher's jar, built by `./dev` with Maven. */
export const launcherJar = `${root}/deploy/local/neo4j-launcher/target/neo4j-launcher.jar`;
/** The graph migrations. */
export const migrationsDir = `${root}/graph-schema/migrations`;
