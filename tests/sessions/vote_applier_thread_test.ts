/**
 * The vote appliers on their own thread (`VOTE_APPLIER_THREAD=worker`), against the real NATS and
 * Neo4j: a thread applies the stream with verdicts and live totals; one that stops without giving its
 * lease up (as a crash) is followed by another from the ledger, each vote counted exactly once.
 */
import assert from "node:assert/strict";
import { clientKey } from "../../services/sessions/question_repository.ts";
import { type AppliersHandle, startApplierThread } from "../../services/sessions/vote_applier_thread.ts";
import type { VoteLimits } from "../../services/sessions/vote_batch.ts";
import { ensureVoteStream, ledgerKeyOf, VoteIntake } from "../../services/sessions/vote_stream.ts";
import { eventually, natsUrl, neo4jEnv, testBus, testGraph, unique } from "../harness/mod.ts";
import { askedQuestions, call, startSessions, storedVotes as stored } from "./_suite.ts";

type Instance = Parameters<typeof call>[0];
const quiet = { info() {}, warn() {}, error() {} };
const limits: VoteLimits = { votesPerVoterPerMinute: 60, votesPerAddressPerQuestion: 10_000 };

Deno.test("vote applier thread: a thread applies the stream with verdicts; stopped without its lease given up, the next thread takes over from the ledger, each vote once", async () => {
  // the questions through a service instance, which is then stopped (it gives the lease up)
  const svc = await startSessions(1);
  const questions = await askedQuestions(svc.instances[0]! as Instance, 2);
  await svc.stop();
  const graph = testGraph();
  const bus = await testBus();
  const e = neo4jEnv();
  const ledgerKey = ledgerKeyOf(await ensureVoteStream(bus), 0);
  const thread = (holder: string) =>
    startApplierThread({
      graph: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
      events: { NATS_URL: natsUrl() },
      holder,
      ledgerKeys: [ledgerKey],
      leaseMs: 900,
      limits,
      log: { service: "sessions", level: "error", fields: { test: "vote-applier-thread" } },
    }, quiet);
  const intake = new VoteIntake(bus, quiet, 30_000);
  let first: AppliersHandle | null = null;
  let second: AppliersHandle | null = null;
  try {
    first = await thread(unique("thread-a"));
    const voters = await Promise.all(
      Array.from({ length: 40 }, (_, i) => clientKey(`applier-thread-${questions[0]}-${i}`)),
    );
    const submit = (from: number, to: number) =>
      voters.slice(from, to).flatMap((voterKey, i) =>
        questions.map((questionId) =>
          intake.submit({ kind: "add", questionId, voterKey, address: `10.78.${i % 250}.1`, limits })
        )
      );
    // the first half applied by the first thread, each with its verdict (the total of its question)
    const early = await Promise.all(submit(0, 20));
    assert.ok(early.every((v) => v.decided && v.answer.ok), JSON.stringify(early.find((v) => !v.decided)));
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 20, nodes: 20 });
    // the first thread stops without giving its lease up; the second takes over once it lapses
    await first.close({ release: false });
    first = null;
    second = await thread(unique("thread-b"));
    const late = await Promise.all(submit(10, 40)); // ten voters again: counted once all the same
    assert.ok(late.every((v) => v.decided && v.answer.ok), JSON.stringify(late.find((v) => !v.decided)));
    for (const q of questions) {
      assert.ok(await eventually(async () => (await stored(graph, q)).votes === 40));
      assert.deepEqual(await stored(graph, q), { votes: 40, nodes: 40 });
    }
  } finally {
    intake.close();
    await first?.close({ release: false });
    await second?.close();
    await bus.close();
    await graph.close();
  }
});
