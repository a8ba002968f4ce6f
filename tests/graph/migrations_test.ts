import assert from "node:assert/strict";
import { applyMigrations, loadMigrations, MigrationError } from "@yibao/graph";
import { testGraph, unique } from "../harness/mod.ts";

async function writeMigrations(label: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "yibao-migrations-" });
  await Deno.writeTextFile(
    `${dir}/001_constraint.cypher`,
    `CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE;\n` +
      `CREATE INDEX ${label.toLowerCase()}_name IF NOT EXISTS FOR (n:${label}) ON (n.name);\n`,
  );
  // Not idempotent on purpose: applied twice, it would leave two counter nodes.
  await Deno.writeTextFile(`${dir}/002_data.cypher`, `CREATE (:${label}Counter {applied: 1});\n`);
  return dir;
}

Deno.test("applyMigrations() - applies each migration once, in order, and records it", async () => {
  const graph = testGraph();
  const label = `Mig${unique("t").replace("-", "")}`;
  const scope = unique("scope");
  const dir = await writeMigrations(label);
  try {
    const migrations = await loadMigrations(dir);
    const first = await applyMigrations(graph, migrations, { scope });
    assert.deepEqual(first, { applied: ["001", "002"], alreadyApplied: [] });
    const second = await applyMigrations(graph, migrations, { scope });
    assert.deepEqual(second, { applied: [], alreadyApplied: ["001", "002"] });

    const counters = await graph.read(async (tx) =>
      (await tx.run(`MATCH (c:${label}Counter) RETURN count(c) AS n`)).records[0]!.get("n")
    );
    assert.equal(counters, 1);
    const constraints = await graph.read(async (tx) =>
      (await tx.run("SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n", {
        name: `${label.toLowerCase()}_id`,
      })).records[0]!.get("n")
    );
    assert.equal(constraints, 1);
    const recorded = await graph.read(async (tx) =>
      (await tx.run("MATCH (m:SchemaMigration {scope: $scope}) RETURN m.id AS id ORDER BY id", { scope }))
        .records.map((r) => r.get("id"))
    );
    assert.deepEqual(recorded, ["001", "002"]);
  } finally {
    await graph.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("applyMigrations() - four runners starting at once apply everything exactly once", async () => {
  const label = `Mig${unique("c").replace("-", "")}`;
  const scope = unique("scope");
  const dir = await writeMigrations(label);
  const graphs = Array.from({ length: 4 }, () => testGraph());
  try {
    const migrations = await loadMigrations(dir);
    const reports = await Promise.all(
      graphs.map((g, i) => applyMigrations(g, migrations, { scope, owner: `runner-${i}` })),
    );
    const applied = reports.flatMap((r) => r.applied).sort();
    assert.deepEqual(applied, ["001", "002"], "each migration applied by exactly one runner");
    for (const r of reports) assert.deepEqual([...r.applied, ...r.alreadyApplied].sort(), ["001", "002"]);
    const counters = await graphs[0]!.read(async (tx) =>
      (await tx.run(`MATCH (c:${label}Counter) RETURN count(c) AS n`)).records[0]!.get("n")
    );
    assert.equal(counters, 1);
    const lock = await graphs[0]!.read(async (tx) =>
      (await tx.run("MATCH (l:SchemaMigrationLock {id: $scope}) RETURN l.holder AS holder", { scope }))
        .records[0]!
        .get("holder")
    );
    assert.equal(lock, null, "the lock is released");
  } finally {
    await Promise.all(graphs.map((g) => g.close()));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("applyMigrations() - refuses a migration that changed after it was applied", async () => {
  const graph = testGraph();
  const label = `Mig${unique("x").replace("-", "")}`;
  const scope = unique("scope");
  const dir = await writeMigrations(label);
  try {
    await applyMigrations(graph, await loadMigrations(dir), { scope });
    await Deno.writeTextFile(`${dir}/002_data.cypher`, `CREATE (:${label}Counter {applied: 2});\n`);
    await assert.rejects(
      applyMigrations(graph, await loadMigrations(dir), { scope }),
      (err: unknown) =>
        err instanceof MigrationError && /002_data changed after it was applied/.test(err.message),
    );
  } finally {
    await graph.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadMigrations() - refuses a file not named NNN_name.cypher", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/1-bad.cypher`, "RETURN 1;");
    await assert.rejects(loadMigrations(dir), MigrationError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
