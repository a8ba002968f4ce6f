import { MigrationError } from "./errors.ts";
import type { Graph } from "./graph.ts";
import { int } from "./convert.ts";

/** One migration file: `NNN_name.cypher`, split into statements that end with `;` at a line's end. */
export interface Migration {
  /** The number, e.g. `"001"`. */
  id: string;
  /** The name after the number, e.g. `"constraints"`. */
  name: string;
  /** Hex SHA-256 of the file's text: an applied migration must never change. */
  checksum: string;
  statements: string[];
}

/** What {@linkcode applyMigrations} did. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/** Options for {@linkcode applyMigrations}. */
export interface ApplyOptions {
  /** Separates independent migration sets in one database (default `graph-schema`). */
  scope?: string;
  /** Identifies this runner in the lock (default: a random id). */
  owner?: string;
  /** How long to wait for another runner holding the lock, in ms (default 120 s). */
  waitMs?: number;
  /** After this long a lock whose holder died is taken over, in ms (default 5 min). */
  lockTtlMs?: number;
}

const fileName = /^(\d{3})_([a-z0-9_]+)\.cypher$/;

/** Reads every `NNN_name.cypher` in `dir`, in order. Numbers must be unique. */
export async function loadMigrations(dir: string | URL): Promise<Migration[]> {
  const found: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".cypher")) continue;
    const m = fileName.exec(entry.name);
    if (!m) throw new MigrationError(`Migration file "${entry.name}" is not named NNN_name.cypher`);
    const base = typeof dir === "string" ? dir.replace(/\/?$/, "/") : dir.href.replace(/\/?$/, "/");
    const text = await Deno.readTextFile(
      typeof dir === "string" ? base + entry.name : new URL(entry.name, base),
    );
    found.push(parseMigration(m[1]!, m[2]!, text, await sha256Hex(text)));
  }
  found.sort((a, b) => a.id.localeCompare(b.id));
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.id === found[i - 1]!.id) {
      throw new MigrationError(`Two migrations share the number ${found[i]!.id}`);
    }
  }
  return found;
}

/** Splits a migration's text into statements; `//` comment lines are dropped. */
export function parseMigration(id: string, name: string, text: string, checksum: string): Migration {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim().startsWith("//")) continue;
    current.push(line);
    if (line.trimEnd().endsWith(";")) {
      const stmt = current.join("\n").trim().replace(/;$/, "").trim();
      if (stmt) statements.push(stmt);
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest) statements.push(rest);
  return { id, name, checksum, statements };
}

const bootstrap = [
  "CREATE CONSTRAINT schema_migration_key IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.key IS UNIQUE",
  "CREATE CONSTRAINT schema_migration_lock_id IF NOT EXISTS FOR (l:SchemaMigrationLock) REQUIRE l.id IS UNIQUE",
];

// The write of `touchedAt` takes the node's write lock before `holder` is read, so two runners
// can never both see the lock free.
const acquireLock = `
MERGE (l:SchemaMigrationLock {id: $scope})
SET l.touchedAt = timestamp()
WITH l
WHERE l.holder IS NULL OR l.holder = $owner OR l.expiresAt < timestamp()
SET l.holder = $owner, l.expiresAt = timestamp() + $ttl
RETURN l.holder AS holder`;

const releaseLock = `
MATCH (l:SchemaMigrationLock {id: $scope, holder: $owner})
SET l.holder = null, l.expiresAt = null`;

const readApplied = `
MATCH (m:SchemaMigration {scope: $scope})
RETURN m.id AS id, m.checksum AS checksum`;

const recordApplied = `
CREATE (m:SchemaMigration {key: $scope + ':' + $id, scope: $scope, id: $id, name: $name,
  checksum: $checksum, appliedAt: datetime(), appliedBy: $owner})`;

/**
 * Applies `migrations` in order, each once, recording each in the graph as `(:SchemaMigration)`.
 * Safe when several services start at once: runners take a lock node in turn, and the later ones
 * find the work done. Each statement runs in its own auto-commit transaction, since Neo4j will not
 * mix schema and data changes in one transaction; a migration is recorded only after all its
 * statements succeeded, so write them idempotently (`IF NOT EXISTS`, `MERGE`).
 */
export async function applyMigrations(
  graph: Graph,
  migrations: Migration[],
  options: ApplyOptions = {},
): Promise<MigrationReport> {
  const scope = options.scope ?? "graph-schema";
  const owner = options.owner ?? crypto.randomUUID();
  const ttl = options.lockTtlMs ?? 5 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? 120_000);

  for (const stmt of bootstrap) await runTolerant(graph, stmt);

  while (true) {
    const holder = await graph.write(async (tx) => {
      const r = await tx.run(acquireLock, { scope, owner, ttl: int(ttl) });
      return r.records[0]?.get("holder") as string | undefined;
    });
    if (holder === owner) break;
    if (Date.now() > deadline) {
      throw new MigrationError(`Timed out waiting for the migration lock "${scope}" held by another runner`);
    }
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 200));
  }

  try {
    const applied = new Map<string, string>();
    await graph.read(async (tx) => {
      const r = await tx.run(readApplied, { scope });
      for (const rec of r.records) applied.set(rec.get("id"), rec.get("checksum"));
    });
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const seen = applied.get(m.id);
      if (seen !== undefined) {
        if (seen !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.id}_${m.name} changed after it was applied (checksum ${
              seen.slice(0, 12)
            } in the graph, ` +
              `${m.checksum.slice(0, 12)} on disk); add a new migration instead`,
          );
        }
        report.alreadyApplied.push(m.id);
        continue;
      }
      for (const stmt of m.statements) await graph.autoCommit(stmt);
      await graph.write((tx) =>
        tx.run(recordApplied, { scope, id: m.id, name: m.name, checksum: m.checksum, owner })
      );
      report.applied.push(m.id);
    }
    return report;
  } finally {
    await graph.write((tx) => tx.run(releaseLock, { scope, owner }));
  }
}

async function runTolerant(graph: Graph, stmt: string): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      await graph.autoCommit(stmt);
      return;
    } catch (err) {
      // Two runners creating the same constraint at once: the loser sees an equivalent rule.
      const code = (err as { code?: string }).code ?? "";
      if (code.startsWith("Neo.ClientError.Schema.") && attempt < 3) continue;
      throw err;
    }
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
