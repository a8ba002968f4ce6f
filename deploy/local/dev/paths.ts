/** The project's root folder (two levels above deploy/local/dev). */
export const root = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");
/** Git-ignored runtime state: credentials, pid files, logs. */
export const runDir = `${root}/.run`;
/** Git-ignored data of the development Neo4j and NATS. */
export const dataDir = `${root}/.data`;
/** The Neo4j launcher's jar, built by `./dev` with Maven. */
export const launcherJar = `${root}/deploy/local/neo4j-launcher/target/neo4j-launcher.jar`;
/** The graph migrations. */
export const migrationsDir = `${root}/graph-schema/migrations`;
/** The demo data loaded by the start command. */
export const seedDir = `${root}/graph-schema/seed`;
