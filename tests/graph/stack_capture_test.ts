/**
 * The driver captures the caller's stack for every query result (`new Error().stack`); formatting it
 * under Deno costs about 150 µs a query on the bench machine. Queries through the Graph helpers are
 * started with the capture off and no stack formatted (`withoutStackCapture`), and the process's limit
 * and `Error.prepareStackTrace` are back right after. Against the real Neo4j: no stack is formatted
 * while a query starts; errors still carry the database's code and message.
 */
import assert from "node:assert/strict";
import { Neo4jError } from "neo4j-driver";
import { testGraph } from "../harness/mod.ts";

type Prepare = (error: Error, frames: unknown[]) => unknown;

/** Runs `f` with every stack formatted meanwhile recorded by its frame count. */
async function framesFormatted(f: () => Promise<unknown>): Promise<number[]> {
  const counts: number[] = [];
  const ErrorWithHook = Error as unknown as { prepareStackTrace?: Prepare };
  const original = ErrorWithHook.prepareStackTrace;
  ErrorWithHook.prepareStackTrace = (error, frames) => {
    counts.push(frames.length);
    return original ? original(error, frames) : `${error}`;
  };
  try {
    await f();
  } finally {
    ErrorWithHook.prepareStackTrace = original;
  }
  return counts;
}

Deno.test("Graph - queries start without formatting the caller's stack; the limit and the hook are restored", async () => {
  const graph = testGraph();
  try {
    const limit = Error.stackTraceLimit;
    const frames = await framesFormatted(async () => {
      await graph.read((tx) => tx.run("RETURN 1 AS one"));
      await graph.write((tx) => tx.run("RETURN 2 AS two"));
      await graph.writeWithBookmarks((tx) => tx.run("RETURN 3 AS three"));
      await graph.readQuery("RETURN 4 AS four");
      await graph.autoCommit("RETURN 5 AS five");
      // after the queries, a stack is formatted again, through the hook, with its frames
      void new Error("after").stack;
    });
    assert.equal(frames.length, 1, `no stack formatted for a query, one after them (got ${frames})`);
    assert.ok(frames[0]! > 0, "the stack after the queries has its frames");
    assert.equal(Error.stackTraceLimit, limit);
    // everything else still gets its stack
    assert.ok((new Error("here").stack ?? "").split("\n").length > 1);
  } finally {
    await graph.close();
  }
});

Deno.test("Graph - a failing query's error still names the database's code and message", async () => {
  const graph = testGraph();
  try {
    await assert.rejects(
      graph.read((tx) => tx.run("RETURN nosuchfunction(1)")),
      (err) =>
        err instanceof Neo4jError && err.code === "Neo.ClientError.Statement.SyntaxError" &&
        /nosuchfunction/i.test(err.message),
    );
    await assert.rejects(
      graph.readQuery("RETURN nosuchfunction(1)"),
      (err) => err instanceof Neo4jError && /nosuchfunction/i.test(err.message),
    );
    assert.ok(Error.stackTraceLimit > 0);
  } finally {
    await graph.close();
  }
});
