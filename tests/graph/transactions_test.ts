import assert from "node:assert/strict";
import { createGraph, int, isGraphUnavailable } from "@yibao/graph";
import { testGraph, unique } from "../harness/mod.ts";

Deno.test("graph.write() - a deadlocked transaction is retried and both writers succeed", async () => {
  const graph = testGraph();
  const label = `Deadlock${unique("d").replace("-", "")}`;
  let arrived = 0;
  let release!: () => void;
  const bothHoldFirstLock = new Promise<void>((r) => (release = r));
  const attempts = { a: 0, b: 0 };
  const bump = `MERGE (n:${label} {id: $id}) SET n.v = coalesce(n.v, 0) + 1`;

  function writer(name: "a" | "b", first: string, second: string) {
    return graph.write(async (tx) => {
      attempts[name]++;
      await tx.run(bump, { id: first });
      if (attempts[name] === 1) {
        if (++arrived === 2) release();
        await bothHoldFirstLock;
      }
      await tx.run(bump, { id: second });
    });
  }

  try {
    await graph.write((tx) => tx.run(`UNWIND ['x', 'y'] AS id CREATE (:${label} {id: id, v: 0})`));
    await Promise.all([writer("a", "x", "y"), writer("b", "y", "x")]);
    assert.ok(attempts.a + attempts.b >= 3, "one of the two was retried after the deadlock");
    const values = await graph.read(async (tx) =>
      (await tx.run(`MATCH (n:${label}) RETURN n.id AS id, n.v AS v ORDER BY id`)).records.map((
        r,
      ) => [r.get("id"), r.get("v")])
    );
    assert.deepEqual(values, [["x", 2], ["y", 2]], "each committed write counted once");
  } finally {
    await graph.close();
  }
});

Deno.test("graph.ping() - true for the running server, false for a port where nothing listens", async () => {
  const graph = testGraph();
  const nowhere = createGraph({ uri: "bolt://127.0.0.1:1", user: "neo4j", password: "x", database: "neo4j" });
  try {
    assert.equal(await graph.ping(), true);
    assert.equal(await nowhere.ping(1_000), false);
  } finally {
    await graph.close();
    await nowhere.close();
  }
});

Deno.test("graph.readQuery() - one auto-commit read returns its rows; with nothing listening it gives up as unavailable after its retry window", async () => {
  const graph = testGraph();
  const nowhere = createGraph({
    uri: "bolt://127.0.0.1:1",
    user: "neo4j",
    password: "x",
    database: "neo4j",
    maxRetryTimeMs: 1_000,
  });
  try {
    const r = await graph.readQuery("UNWIND range(1, $n) AS i RETURN i", { n: int(3) });
    assert.deepEqual(r.records.map((x) => x.get("i")), [1, 2, 3]);
    await assert.rejects(nowhere.readQuery("RETURN 1"), (err) => isGraphUnavailable(err));
  } finally {
    await graph.close();
    await nowhere.close();
  }
});
