/** The live hub's listeners against the run's real NATS: none is left behind. */
import assert from "node:assert/strict";
import type { EventBus } from "@yibao/events";
import { ensureLiveStream, LiveHub, LivePublisher } from "../../services/sessions/live.ts";
import { eventually, testBus, unique } from "../harness/mod.ts";

const quiet = { info() {}, warn() {}, error() {} };

async function published(bus: EventBus, n: number): Promise<string> {
  await ensureLiveStream(bus);
  const sessionId = unique("ses-live");
  const publisher = new LivePublisher(bus, quiet);
  for (let i = 1; i <= n; i++) {
    await publisher.publish(sessionId, "pinned", { questionId: `q-${i}` }, `${sessionId}:${i}`);
  }
  return sessionId;
}

/** The real bus, except that the catch-up's consumer (one with a start sequence) fails to open. */
function failingCatchUp(bus: EventBus): EventBus {
  const consumers = new Proxy(bus.js.consumers, {
    get(target, key) {
      if (key !== "get") return Reflect.get(target, key);
      return (stream: string, opts: Record<string, unknown>) =>
        opts && "opt_start_seq" in opts
          ? Promise.reject(new Error("injected: catch-up consumer refused"))
          : target.get(stream, opts as never);
    },
  });
  const js = new Proxy(bus.js, { get: (t, k) => (k === "consumers" ? consumers : Reflect.get(t, k)) });
  return new Proxy(bus, { get: (t, k) => (k === "js" ? js : Reflect.get(t, k)) });
}

Deno.test("live hub: a failed catch-up, a client gone during the join and a stalled reader leave no listener", async () => {
  const bus = await testBus();
  const hubs: LiveHub[] = [];
  try {
    const sessionId = await published(bus, 8);
    // The catch-up (Last-Event-ID older than the 2-event buffer) throws: the join fails, nobody stays.
    const failing = new LiveHub(failingCatchUp(bus), quiet, { bufferSize: 2 });
    hubs.push(failing);
    await assert.rejects(failing.join(sessionId, 1), /injected/);
    assert.equal(failing.listenerCount(sessionId), 0);

    // The client disconnects while the join is under way: it leaves as soon as the join ends.
    const hub = new LiveHub(bus, quiet, { bufferSize: 2, maxQueue: 3 });
    hubs.push(hub);
    const gone = new AbortController();
    const joining = hub.join(sessionId, 1, gone.signal);
    gone.abort();
    const early = await joining;
    assert.equal(early.listener.closed, true);
    assert.equal(hub.listenerCount(sessionId), 0);

    // A reader that never reads: after three queued events it gets a reconnect event and is dropped.
    const stalled = await hub.join(sessionId);
    assert.equal(hub.listenerCount(sessionId), 1);
    const publisher = new LivePublisher(bus, quiet);
    for (let i = 9; i <= 14; i++) {
      await publisher.publish(sessionId, "pinned", { questionId: `q-${i}` }, `${sessionId}:${i}`);
    }
    assert.ok(await eventually(() => hub.listenerCount(sessionId) === 0));
    const got = await stalled.listener.take(1_000);
    assert.deepEqual(got.map((e) => e.type), ["pinned", "pinned", "pinned", "reconnect"]);
    assert.equal(got[3]!.data.lastEventId, got[2]!.seq);
    // Resuming from there gets the rest, in order, nothing twice.
    const resumed = await hub.join(sessionId, got[2]!.seq);
    // gathered until all three came (the catch-up may hand them over in more than one batch), then
    // a short wait shows nothing else follows
    const rest = [];
    const deadline = Date.now() + 10_000;
    while (rest.length < 3 && Date.now() < deadline) rest.push(...await resumed.listener.take(1_000));
    rest.push(...await resumed.listener.take(300));
    assert.deepEqual(rest.map((e) => e.data.questionId), ["q-12", "q-13", "q-14"]);
    resumed.leave();
  } finally {
    for (const h of hubs) h.close();
    await bus.close();
  }
});
