/**
 * The vote appliers on their own thread (`VOTE_APPLIER_THREAD=worker`), against the real NATS and
 * Neo4j: a thread applies the stream with verdicts and live totals; one that stops without giving its
 * lease up (as a crash) is followed by another from the ledger, each vote counted exactly once.
 */
import assert from "node:assert/strict";
import { clientKey } from "../../services/sessions/question_repository.ts";
import {
  type AppliersHandle,
  type ApplierThreadHandle,
  startApplierThread,
} from "../../services/sessions/vote_applier_thread.ts";
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

Deno.test("vote applier thread: a thread that fails after start (an uncaught error, or ended silently) is started again and goes on from the ledger, each vote counted once; close() leaves no timer", async () => {
  const svc = await startSessions(1);
  const instance = svc.instances[0]! as Instance;
  // the service reports its thread's restarts and whether it runs
  const metrics = await (await instance.app.request("/metrics")).text();
  assert.match(metrics, /^sessions_vote_applier_thread_restarts_total 0$/m);
  assert.match(metrics, /^sessions_vote_applier_thread_up 1$/m);
  const questions = await askedQuestions(instance, 2);
  await svc.stop(); // it gives its lease up: the thread below is the only applier
  const graph = testGraph();
  const bus = await testBus();
  const e = neo4jEnv();
  const ledgerKey = ledgerKeyOf(await ensureVoteStream(bus), 0);
  const errors: string[] = [];
  const log = { info() {}, warn() {}, error: (m: string) => void errors.push(m) };
  const intake = new VoteIntake(bus, quiet, 8_000);
  let thread: ApplierThreadHandle | null = null;
  try {
    thread = await startApplierThread({
      graph: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
      events: { NATS_URL: natsUrl() },
      holder: unique("thread-restarted"),
      ledgerKeys: [ledgerKey],
      leaseMs: 900,
      limits,
      log: { service: "sessions", level: "error", fields: { test: "vote-applier-restart" } },
      heartbeatMs: 100,
    }, log);
    const t = thread;
    const voters = await Promise.all(
      Array.from({ length: 60 }, (_, i) => clientKey(`applier-restart-${questions[0]}-${i}`)),
    );
    const submit = (from: number, to: number) =>
      voters.slice(from, to).flatMap((voterKey, i) =>
        questions.map((questionId) =>
          intake.submit({ kind: "add", questionId, voterKey, address: `10.79.${i % 250}.1`, limits })
        )
      );
    const counted = async (n: number) => {
      for (const q of questions) {
        assert.ok(
          await eventually(async () => (await stored(graph, q)).votes === n, 15_000),
          `question ${q}: ${JSON.stringify(await stored(graph, q))}, expected ${n}`,
        );
        assert.deepEqual(await stored(graph, q), { votes: n, nodes: n });
      }
    };
    const early = await Promise.all(submit(0, 20));
    assert.ok(early.every((v) => v.decided && v.answer.ok));
    await counted(20);
    for (const [round, fault] of (["throw", "exit"] as const).entries()) {
      // votes in flight while the thread fails (some may be in the batch it dies in), ten voters again
      const from = 20 + round * 20;
      const inFlight = submit(from - 10, from + 10);
      t.injectFault(fault);
      await Promise.all(inFlight);
      // without a restart nothing applies these (this thread was the only applier)
      await counted(from + 10);
      assert.ok(await eventually(() => t.restarts === round + 1 && t.up, 15_000), `restarts ${t.restarts}`);
      // after the restart: each vote answered with its verdict, new voters and repeats alike
      const after = await Promise.all(submit(from + 5, from + 20));
      assert.ok(after.every((v) => v.decided && v.answer.ok), JSON.stringify(after.find((v) => !v.decided)));
      await counted(from + 20);
    }
    assert.equal(t.restarts, 2);
    assert.equal(errors.filter((m) => m.includes("starting it again")).length, 2);
  } finally {
    intake.close();
    // the test's op sanitizer fails it if close() leaves a timer (the watchdog, a 10 s race) behind
    await thread?.close();
    await bus.close();
    await graph.close();
  }
});
