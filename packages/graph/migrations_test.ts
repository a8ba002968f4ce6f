import assert from "node:assert/strict";
import { parseMigration } from "./migrations.ts";

Deno.test("parseMigration() - splits statements at a semicolon ending a line and drops comment lines", () => {
  const text = [
    "// header comment",
    "CREATE CONSTRAINT a IF NOT EXISTS",
    "FOR (n:A) REQUIRE n.id IS UNIQUE;",
    "",
    "MERGE (x:X {name: 'a;b'})",
    "SET x.v = 1;",
    "RETURN 1",
  ].join("\n");
  const m = parseMigration("001", "test", text, "abc");
  assert.deepEqual(m.statements, [
    "CREATE CONSTRAINT a IF NOT EXISTS\nFOR (n:A) REQUIRE n.id IS UNIQUE",
    "MERGE (x:X {name: 'a;b'})\nSET x.v = 1",
    "RETURN 1",
  ]);
});
