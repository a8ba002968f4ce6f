import assert from "node:assert/strict";
import {
  createEvent,
  createOutboxRelay,
  enqueueEvent,
  eventsStream,
  startConsumer,
  subjectFor,
} from "@yibao/events";
import { eventually, runCrashingRelay, testBus, testGraph, unique } from "../harness/mod.ts";

Deno.test("outbox - a relay killed between publish and mark still yields exactly one event downstream", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const type = `${unique("test")}.outbox`;
  const event = createEvent({ type, source: "/tests/outbox", subject: "crash", data: { n: 1 } });
  const received: string[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("outbox-downstream"),
    filterSubject: subjectFor(type),
  }, (e) => {
    received.push(e.id);
    return Promise.resolve();
  });
  try {
    await graph.write((tx) => enqueueEvent(tx, event, { requestId: "req-outbox-1" }));

    const crashed = await runCrashingRelay(event.id);
    assert.equal(crashed.signal, "SIGKILL", crashed.stderr);

    const statusOf = () =>
      graph.read(async (tx) =>
        (await tx.run("MATCH (o:OutboxEvent {id: $id}) RETURN o.status AS s", { id: event.id })).records[0]
          ?.get("s")
      );
    assert.equal(await statusOf(), "pending", "the crash left the event unmarked");
    assert.ok(await eventually(() => received.length === 1, 5_000), "the crashed relay's publish arrived");

    // The dead relay's claim runs out after 1 s; a new relay publishes the event again.
    await new Promise((r) => setTimeout(r, 1_200));
    const relay = createOutboxRelay(graph, bus);
    assert.ok((await relay.runOnce()) >= 1);
    assert.equal(await statusOf(), "sent");

    const info = await bus.jsm.streams.info(eventsStream, { subjects_filter: subjectFor(type) });
    assert.equal(info.state.subjects?.[subjectFor(type)], 1, "JetStream stored the event once");
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(received, [event.id], "exactly one event downstream");
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
  }
});

Deno.test("outbox - an event written in a transaction that fails is never published", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const type = `${unique("test")}.rollback`;
  const event = createEvent({ type, source: "/tests/outbox", data: {} });
  try {
    await assert.rejects(graph.write(async (tx) => {
      await enqueueEvent(tx, event);
      throw new Error("the domain change failed");
    }));
    const count = await graph.read(async (tx) =>
      (await tx.run("MATCH (o:OutboxEvent {id: $id}) RETURN count(o) AS n", { id: event.id })).records[0]!
        .get("n")
    );
    assert.equal(count, 0);
    await createOutboxRelay(graph, bus).runOnce();
    const info = await bus.jsm.streams.info(eventsStream, { subjects_filter: subjectFor(type) });
    assert.equal(info.state.subjects?.[subjectFor(type)] ?? 0, 0);
  } finally {
    await bus.close();
    await graph.close();
  }
});

Deno.test("outbox - the relay publishes in creation order and carries the request id", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const type = `${unique("test")}.order`;
  const events = Array.from(
    { length: 5 },
    (_, i) => createEvent({ type, source: "/tests/outbox", data: { i } }),
  );
  const seen: { id: string; requestId?: string }[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("outbox-order"),
    filterSubject: subjectFor(type),
  }, (e, ctx) => {
    seen.push({ id: e.id, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) });
    return Promise.resolve();
  });
  try {
    for (const e of events) await graph.write((tx) => enqueueEvent(tx, e, { requestId: `req-${e.id}` }));
    const relay = createOutboxRelay(graph, bus, { intervalMs: 50 });
    relay.start();
    assert.ok(await eventually(() => seen.length === 5, 10_000), `saw ${seen.length} of 5`);
    await relay.stop();
    assert.deepEqual(seen.map((s) => s.id), events.map((e) => e.id));
    assert.deepEqual(seen.map((s) => s.requestId), events.map((e) => `req-${e.id}`));
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
  }
});
