/** Votes written in batches (group commit) against the real graph: exact totals, whatever the instance or batch. */
import assert from "node:assert/strict";
import type { Graph } from "@yibao/graph";
import { planBatchQueries, writeBatch } from "../../services/sessions/vote_batch.ts";
import { clientKey } from "../../services/sessions/question_repository.ts";
import { testGraph } from "../harness/mod.ts";
import { askedQuestions, call, startSessions, storedVotes as stored, vote } from "./_suite.ts";

type Instance = Parameters<typeof call>[0];

Deno.test("votes: simultaneous votes, repeats and retractions over two instances count exactly once each", async () => {
  const svc = await startSessions(2);
  const graph = testGraph();
  try {
    const [a, b] = svc.instances as [Instance, Instance];
    const questions = await askedQuestions(a, 3);
    const voters = Array.from({ length: 40 }, (_, i) => `batch-voter-${questions[0]}-${i}`);
    // every voter votes for every question twice, once through each instance, all at once
    const first = await Promise.all(
      voters.flatMap((v) => questions.flatMap((q) => [vote(a, q, v), vote(b, q, v)])),
    );
    assert.ok(
      first.every((r) => r.status === 200),
      JSON.stringify(first.find((r) => r.status !== 200)?.body),
    );
    // ten of them retract their vote on the first question, twice, while ten others vote again
    const second = await Promise.all([
      ...voters.slice(0, 10).flatMap((
        v,
      ) => [vote(a, questions[0]!, v, "DELETE"), vote(b, questions[0]!, v, "DELETE")]),
      ...voters.slice(10, 20).map((v) => vote(b, questions[0]!, v)),
    ]);
    assert.ok(second.every((r) => r.status === 200));
    const expected = [30, 40, 40];
    for (const [i, q] of questions.entries()) {
      assert.deepEqual(await stored(graph, q), { votes: expected[i], nodes: expected[i] }, q);
    }
    // each answer is a total the question really passed through
    const totals = first.map((r) => r.body.votes as number);
    assert.ok(totals.every((t) => t >= 1 && t <= 40));
  } finally {
    await graph.close();
    await svc.stop();
  }
});

Deno.test("votes: one address's votes on a question stop at its limit exactly, across instances and batches", async () => {
  const svc = await startSessions(2, { VOTES_PER_ADDRESS_PER_QUESTION: "5" });
  const graph = testGraph();
  try {
    const [a, b] = svc.instances as [Instance, Instance];
    const questions = await askedQuestions(a, 1);
    const q = questions[0]!;
    // in-process requests share one client address
    const rs = await Promise.all(
      Array.from({ length: 16 }, (_, i) => vote(i % 2 ? a : b, q, `batch-addr-${q}-${i}`)),
    );
    assert.equal(rs.filter((r) => r.status === 200).length, 5);
    assert.ok(
      rs.filter((r) => r.status !== 200).every((r) => r.status === 429 && !r.headers.get("retry-after")),
    );
    assert.deepEqual(await stored(graph, q), { votes: 5, nodes: 5 });
  } finally {
    await graph.close();
    await svc.stop();
  }
});

Deno.test("votes: a batch that fails mid-write (after its locks and reads) counts none of its votes; sent again, each counts once", async () => {
  const svc = await startSessions(1);
  const graph = testGraph();
  try {
    const s = svc.instances[0]! as Instance;
    const questions = await askedQuestions(s, 2);
    const ops = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => ({
        kind: "add" as const,
        questionId: questions[i % 2]!,
        voterKey: await clientKey(`batch-crash-${questions[0]}-${i}`),
        address: `10.9.0.${i}`,
      })),
    );
    const limits = { votesPerVoterPerMinute: 60, votesPerAddressPerQuestion: 20 };
    // The write query fails as a process dying mid-batch would leave it: the transaction rolls back.
    const failing: Graph = {
      ...graph,
      write: (work) =>
        graph.write((tx) => {
          let runs = 0;
          const wrapped = new Proxy(tx, {
            get: (t, k) =>
              k === "run"
                ? (...args: Parameters<typeof tx.run>) => {
                  if (++runs === 2) throw new Error("injected: the applier died mid-batch");
                  return t.run(...args);
                }
                : Reflect.get(t, k),
          });
          return work(wrapped);
        }),
    };
    await assert.rejects(writeBatch(failing, ops, limits), /injected/);
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 0, nodes: 0 });
    // the clients send again (twice: a redelivery): each vote counts once
    const again = await writeBatch(graph, ops, limits);
    assert.ok(again.answers.every((x) => x?.ok === true && x.changed));
    const twice = await writeBatch(graph, ops, limits);
    assert.ok(twice.answers.every((x) => x?.ok === true && !x.changed));
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 15, nodes: 15 });
    // the totals the batch published are the stored ones
    assert.deepEqual(
      again.totals.map((t) => t.votes).sort(),
      [15, 15],
    );
  } finally {
    await graph.close();
    await svc.stop();
  }
});

Deno.test("votes: warming the batch queries up (when an applier takes its lease) creates and changes nothing", async () => {
  const graph = testGraph();
  try {
    const census = async () =>
      await graph.read(async (tx) =>
        (await tx.run(
          `RETURN COUNT { (:Vote) } AS votes, COUNT { (:VoteTally) } AS tallies, COUNT { (:RateWindow) } AS windows,
                  COUNT { (:VoteLedger) } AS ledgers, COUNT { (:Question) } AS questions,
                  COLLECT { MATCH (l:VoteLedger) RETURN [l.key, l.appliedSeq, toString(l.lockedAt)] ORDER BY l.key } AS ledgerStates`,
        )).records[0]!.toObject()
      );
    const before = await census();
    await planBatchQueries(graph);
    assert.deepEqual(await census(), before);
  } finally {
    await graph.close();
  }
});
