/**
 * One vote applier across instances, against the real NATS and Neo4j: votes accepted into the vote
 * stream are applied exactly once — sent to two instances, with the applier dying mid-stream (the
 * other takes over from the ledger), and with a batch read again after its commit (skipped).
 */
import assert from "node:assert/strict";
import { clientKey } from "../../services/sessions/question_repository.ts";
import { VoteApplier } from "../../services/sessions/vote_applier.ts";
import { type VoteLimits, writeBatch } from "../../services/sessions/vote_batch.ts";
import { ensureVoteStream, ledgerKeyOf, VoteIntake } from "../../services/sessions/vote_stream.ts";
import { eventually, testBus, testGraph, unique } from "../harness/mod.ts";
import { askedQuestions, call, startSessions, storedVotes as stored, vote } from "./_suite.ts";

type Instance = Parameters<typeof call>[0];
const quiet = { info() {}, warn() {}, error() {} };
const limits: VoteLimits = { votesPerVoterPerMinute: 60, votesPerAddressPerQuestion: 10_000 };

Deno.test("vote applier: votes sent to two instances in four partitions are applied by one applier each, each vote exactly once, with each voter's verdict", async () => {
  const svc = await startSessions(2, { VOTE_PARTITIONS: "4" });
  const graph = testGraph();
  try {
    const [a, b] = svc.instances as [Instance, Instance];
    const questions = await askedQuestions(a, 2);
    const voters = Array.from({ length: 60 }, (_, i) => `applier-two-${questions[0]}-${i}`);
    const rs = await Promise.all(
      voters.flatMap((v, i) => questions.map((q) => vote(i % 2 ? a : b, q, v))),
    );
    assert.ok(rs.every((r) => r.status === 200), JSON.stringify(rs.find((r) => r.status !== 200)?.body));
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 60, nodes: 60 });
    // one lease per partition, each held by one of the two instances and alive (renewed into the future)
    const leases = await graph.read(async (tx) =>
      (await tx.run(
        `MATCH (l:VoteApplierLease) WHERE l.key STARTS WITH 'votes:' AND l.expiresAt > datetime()
         RETURN l.key AS key, l.holder AS holder`,
      )).records.map((r) => ({ key: r.get("key") as string, holder: r.get("holder") as string }))
    );
    assert.deepEqual(leases.map((l) => l.key).sort(), ["votes:0", "votes:1", "votes:2", "votes:3"]);
    // a refusal still reaches the voter: a hidden (unknown) question is 404 with its problem
    const unknown = await vote(a, `q-${crypto.randomUUID()}`, "applier-two-unknown");
    assert.equal(unknown.status, 404);
  } finally {
    await graph.close();
    await svc.stop();
  }
});

Deno.test("vote applier: a verdict that does not come in time is answered 202 received, in words for the voter, and the vote is counted all the same", async () => {
  // no wait at all for the verdict: every answer is 202, whatever the applier decides later
  const svc = await startSessions(1, { VOTE_VERDICT_WAIT_MS: "0" });
  const graph = testGraph();
  try {
    const s = svc.instances[0]! as Instance;
    const [q] = await askedQuestions(s, 1) as [string];
    const voter = `applier-late-${q}`;
    const r = await vote(s, q, voter);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.received, true);
    assert.equal(r.body.questionId, q);
    assert.match(r.body.message.zh, /已收到.*稍后计入/);
    assert.match(r.body.message.en, /received/);
    assert.ok(
      await eventually(async () => (await stored(graph, q)).votes === 1),
      "a vote answered 202 was never counted",
    );
    // the retraction too: received, then applied
    const back = await vote(s, q, voter, "DELETE");
    assert.equal(back.status, 202, JSON.stringify(back.body));
    assert.equal(back.body.received, true);
    assert.ok(
      await eventually(async () => (await stored(graph, q)).votes === 0),
      "a retraction answered 202 was never applied",
    );
    assert.deepEqual(await stored(graph, q), { votes: 0, nodes: 0 });
  } finally {
    await graph.close();
    await svc.stop();
  }
});

Deno.test("vote applier: the applier dies mid-stream without giving its lease up; the other takes over from the ledger, nothing lost or doubled", async () => {
  // the questions through a service instance, which is then stopped (it gives the lease up)
  const svc = await startSessions(1);
  const questions = await askedQuestions(svc.instances[0]! as Instance, 3);
  await svc.stop();
  const graph = testGraph();
  const bus = await testBus();
  // one partition here: every vote of the test goes to partition 0, read by the two appliers below
  const ledgerKey = ledgerKeyOf(await ensureVoteStream(bus), 0);
  const published: number[] = [];
  const applier = (holder: string) =>
    new VoteApplier(graph, bus, {
      holder,
      partition: 0,
      ledgerKey,
      leaseMs: 900,
      limits,
      maxBatch: 25,
      publishTotal: (t) => Promise.resolve(void published.push(t.votes)),
      log: quiet,
    });
  const first = applier(unique("applier-a"));
  const second = applier(unique("applier-b"));
  const intake = new VoteIntake(bus, quiet, 30_000);
  try {
    first.start();
    assert.ok(await eventually(() => first.active, 10_000), "the first applier never got the lease");
    second.start();
    const voters = await Promise.all(
      Array.from({ length: 150 }, (_, i) => clientKey(`applier-crash-${questions[0]}-${i}`)),
    );
    const submit = (from: number, to: number) =>
      voters.slice(from, to).flatMap((voterKey, i) =>
        questions.map((questionId) =>
          intake.submit({ kind: "add", questionId, voterKey, address: `10.77.${(from + i) % 250}.1`, limits })
        )
      );
    // the first wave: the first applier dies once it has applied some batches of it; its lease
    // lapses, it never releases it. A warm applier may have applied the whole wave by then, so the
    // second wave is sent after the crash: the stream always holds votes the first never applied.
    const sent = submit(0, 100);
    assert.ok(await eventually(() => first.batches >= 2, 20_000), "the first applier applied nothing");
    await first.close({ release: false });
    const appliedByFirst = first.batches;
    sent.push(...submit(100, 150));
    assert.ok(await eventually(() => second.active, 10_000), "the second applier never took over");
    const verdicts = await Promise.all(sent);
    assert.ok(second.batches > 0, "the second applier applied nothing");
    assert.equal(first.batches, appliedByFirst);
    // every vote counted once: each voter once per question
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 150, nodes: 150 });
    // every verdict that came is a success (those of the batch in flight at the crash may not come)
    assert.ok(verdicts.every((v) => !v.decided || v.answer.ok));
    assert.ok(verdicts.filter((v) => v.decided).length >= 300);
    assert.ok(published.every((n) => n >= 1 && n <= 150));
  } finally {
    intake.close();
    await first.close({ release: false });
    await second.close();
    await bus.close();
    await graph.close();
  }
});

Deno.test("vote applier: a batch read again after its commit (crash before the verdicts) is skipped by the ledger; two appliers at once count once", async () => {
  const svc = await startSessions(1);
  const questions = await askedQuestions(svc.instances[0]! as Instance, 2);
  await svc.stop();
  const graph = testGraph();
  try {
    // a ledger of the test's own, as a stream made anew would have
    const ledgerKey = unique("ledger");
    const ops = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => ({
        kind: "add" as const,
        questionId: questions[i % 2]!,
        voterKey: await clientKey(`applier-ledger-${questions[0]}-${i}`),
        address: `10.78.0.${i}`,
      })),
    );
    const seqs = ops.map((_, i) => i + 1);
    const applied = await writeBatch(graph, ops.slice(0, 30), limits, {
      ledger: { key: ledgerKey, seqs: seqs.slice(0, 30) },
    });
    assert.equal(applied.appliedSeq, 30);
    assert.ok(applied.answers.every((a) => a?.ok === true && a.changed));
    // the same batch again (read again after a crash between the commit and the verdicts): skipped
    const again = await writeBatch(graph, ops.slice(0, 30), limits, {
      ledger: { key: ledgerKey, seqs: seqs.slice(0, 30) },
    });
    assert.ok(again.answers.every((a) => a === null));
    assert.deepEqual(again.totals, []);
    assert.equal(again.appliedSeq, 30);
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 15, nodes: 15 });
    // a former holder and the new one apply overlapping batches at once: the ledger lock orders them,
    // the second skips what the first applied
    const [x, y] = await Promise.all([
      writeBatch(graph, ops.slice(20, 40), limits, { ledger: { key: ledgerKey, seqs: seqs.slice(20, 40) } }),
      writeBatch(graph, ops.slice(25, 40), limits, { ledger: { key: ledgerKey, seqs: seqs.slice(25, 40) } }),
    ]);
    const newlyCounted = [...x.answers, ...y.answers].filter((a) => a?.ok === true && a.changed).length;
    assert.equal(newlyCounted, 10);
    assert.equal(Math.max(x.appliedSeq, y.appliedSeq), 40);
    for (const q of questions) assert.deepEqual(await stored(graph, q), { votes: 20, nodes: 20 });
  } finally {
    await graph.close();
  }
});
