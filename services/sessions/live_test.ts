import assert from "node:assert/strict";
import { framesOf, Listener, type LiveEvent } from "./live.ts";

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

Deno.test("listener with its stream attached: up-to-date ticks go straight into the stream, a tick that finds it full waits in the queue and follows in order, nothing twice", async () => {
  const framed = (seq: number, q: string): LiveEvent => ({
    ...votes(seq, seq, q),
    frame: new TextEncoder().encode(`id: ${seq}\n\n`),
  });
  const tick = (...events: LiveEvent[]) => ({ events, chunk: framesOf(events) });
  const l = new Listener(0);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // highWaterMark 1: room for one chunk until the reader takes it
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) }, {
    highWaterMark: 1,
  });
  l.attach(controller);
  l.pushTick(tick(framed(1, "q-a"), framed(2, "q-b"))); // straight in
  l.pushTick(tick(framed(3, "q-a"))); // the stream is full: queued
  l.pushTick(tick(framed(3, "q-a"))); // the same tick again: nothing twice
  l.pushTick(tick(framed(4, "q-c")));
  const reader = stream.getReader();
  const text = async () => new TextDecoder().decode((await reader.read()).value);
  assert.equal(await text(), "id: 1\n\nid: 2\n\n");
  // what waited comes through the listener's own queue (the stream's next pull), in order
  assert.equal(new TextDecoder().decode((await l.takeChunk(1_000))!), "id: 3\n\nid: 4\n\n");
  assert.equal(l.lastSeq, 4);
  // up to date again, with room: straight in
  l.pushTick(tick(framed(5, "q-a")));
  assert.equal(await text(), "id: 5\n\n");
  assert.equal(await l.takeChunk(10), null);
  l.close();
  l.pushTick(tick(framed(6, "q-a"))); // closed: nothing more
  controller.close();
  assert.equal((await reader.read()).done, true);
});
