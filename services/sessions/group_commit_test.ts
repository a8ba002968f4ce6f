import assert from "node:assert/strict";
import { GroupCommit } from "./group_commit.ts";

/** A write that records its batches and finishes when told to. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (ops: number[]) => {
    batches.push(ops);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (ops.includes(-1)) throw new Error("the batch with -1 fails");
    return ops.map((op) => op * 10);
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
    gates.shift()!();
  };
  return { batches, write, release };
}

Deno.test("group commit: requests that arrive while a batch is written go together in the next, at most maxBatch", async () => {
  const w = gatedWrite();
  const gc = new GroupCommit<number, number>(w.write, 3);
  const first = gc.submit(1);
  while (w.batches.length === 0) await new Promise((r) => setTimeout(r, 1));
  const rest = [2, 3, 4, 5, 6].map((n) => gc.submit(n));
  assert.equal(gc.waiting, 5);
  await w.release();
  assert.equal(await first, 10);
  await w.release();
  await w.release();
  assert.deepEqual(await Promise.all(rest), [20, 30, 40, 50, 60]);
  assert.deepEqual(w.batches, [[1], [2, 3, 4], [5, 6]]);
  assert.equal(gc.waiting, 0);
  assert.deepEqual(gc.stats, { batches: 3, ops: 6, failed: 0 });
});

Deno.test("group commit: requests submitted in one turn of the event loop share the first batch", async () => {
  const w = gatedWrite();
  const gc = new GroupCommit<number, number>(w.write, 10);
  const all = [1, 2, 3].map((n) => gc.submit(n));
  await w.release();
  assert.deepEqual(await Promise.all(all), [10, 20, 30]);
  assert.deepEqual(w.batches, [[1, 2, 3]]);
});

Deno.test("group commit: a failed batch answers each of its requests with the error, and the next batch still goes", async () => {
  const w = gatedWrite();
  const gc = new GroupCommit<number, number>(w.write, 2);
  const a = gc.submit(-1);
  const b = gc.submit(2);
  const c = gc.submit(3);
  await w.release();
  await assert.rejects(a, /fails/);
  await assert.rejects(b, /fails/);
  await w.release();
  assert.equal(await c, 30);
  assert.deepEqual(w.batches, [[-1, 2], [3]]);
  assert.deepEqual(gc.stats, { batches: 2, ops: 3, failed: 1 });
  // idle again: a new request starts a batch of its own
  const d = gc.submit(4);
  await w.release();
  assert.equal(await d, 40);
});

Deno.test("group commit: a write that answers the wrong number of requests fails its batch", async () => {
  const gc = new GroupCommit<number, number>((ops) => Promise.resolve(ops.slice(1)), 5);
  const all = [1, 2].map((n) => gc.submit(n));
  for (const p of all) await assert.rejects(p, /a batch of 2 got 1 answers/);
  assert.throws(() => new GroupCommit<number, number>((ops) => Promise.resolve(ops), 0), RangeError);
});
