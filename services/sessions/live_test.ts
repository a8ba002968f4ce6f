import assert from "node:assert/strict";
import { Listener, type LiveEvent } from "./live.ts";

const votes = (seq: number, revision: number, questionId = "q-a"): LiveEvent => ({
  seq,
  type: "votes",
  data: { questionId, votes: revision, revision },
  supersedes: `votes:${questionId}`,
  frame: new Uint8Array(),
});

Deno.test("listener queue: nothing twice, a newer total replaces an unwritten older one, a raced older total never replaces a newer", async () => {
  const l = new Listener(10);
  l.push(votes(9, 1)); // before where the listener joined
  l.push(votes(11, 2));
  l.push(votes(11, 2)); // the same event again
  l.push(votes(12, 3, "q-b"));
  l.push(votes(13, 4)); // replaces seq 11 and moves to the end
  l.push(votes(14, 3)); // published after revision 4 although older: ignored
  const taken = await l.take(1_000);
  assert.deepEqual(taken.map((e) => [e.seq, e.data.questionId, e.data.revision]), [[12, "q-b", 3], [
    13,
    "q-a",
    4,
  ]]);
  assert.equal(l.lastSeq, 14);
  l.close();
  assert.deepEqual(await l.take(1_000), []);
  assert.equal(l.closed, true);
});

Deno.test("listener queue: a stalled listener gets what is queued, then a reconnect event, and is closed", async () => {
  const l = new Listener(0, 3);
  for (let seq = 1; seq <= 6; seq++) l.push(votes(seq, seq, `q-${seq}`));
  assert.equal(l.closed, true);
  const taken = await l.take(1_000);
  assert.deepEqual(taken.map((e) => e.type), ["votes", "votes", "votes", "reconnect"]);
  assert.deepEqual(taken[3]!.data.lastEventId, 3);
  assert.match(new TextDecoder().decode(taken[3]!.frame), /^event: reconnect\ndata: /);
  assert.equal(l.lastSeq, 3);
  assert.deepEqual(await l.take(1_000), []);
});
