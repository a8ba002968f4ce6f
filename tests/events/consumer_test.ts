import assert from "node:assert/strict";
import {
  createEvent,
  deadLetterStream,
  deadLetterSubjectFor,
  publishEvent,
  startConsumer,
  subjectFor,
} from "@yibao/events";
import { eventually, testBus, unique } from "../harness/mod.ts";

Deno.test("consumer - a failing handler is redelivered after a back-off and succeeds", async () => {
  const bus = await testBus();
  const type = `${unique("test")}.retry`;
  const attempts: number[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("retry"),
    filterSubject: subjectFor(type),
    maxAttempts: 5,
    backoffMs: [100, 200],
  }, (_e, ctx) => {
    attempts.push(ctx.attempt);
    return ctx.attempt < 3 ? Promise.reject(new Error("not yet")) : Promise.resolve();
  });
  try {
    await publishEvent(bus, createEvent({ type, source: "/tests", data: {} }));
    assert.ok(await eventually(() => attempts.length >= 3, 10_000));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(attempts, [1, 2, 3], "redelivered until it succeeded, then acked");
  } finally {
    await consumer.stop();
    await bus.close();
  }
});

Deno.test("consumer - a message nak'd up to the limit ends in the dead-letter subject, once", async () => {
  const bus = await testBus();
  const type = `${unique("test")}.dlq`;
  const durable = unique("dlq");
  const attempts: number[] = [];
  const consumer = await startConsumer(bus, {
    durable,
    filterSubject: subjectFor(type),
    maxAttempts: 3,
    backoffMs: [100],
  }, (_e, ctx) => {
    attempts.push(ctx.attempt);
    return Promise.reject(new Error("downstream refused it"));
  });
  const event = createEvent({ type, source: "/tests", data: { x: 1 } });
  try {
    await publishEvent(bus, event, { requestId: "req-dlq-1" });
    const dead = async () =>
      await bus.jsm.streams.getMessage(deadLetterStream, { last_by_subj: deadLetterSubjectFor(durable) })
        .catch(() => null);
    assert.ok(await eventually(async () => (await dead()) !== null, 10_000), "dead letter stored");
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(attempts, [1, 2, 3], "no delivery after the limit");
    const msg = (await dead())!;
    assert.equal(msg.header.get("Yibao-Dead-Letter-Reason"), "downstream refused it");
    assert.equal(msg.header.get("Yibao-Original-Subject"), subjectFor(type));
    assert.equal(msg.header.get("Yibao-Delivery-Count"), "3");
    assert.equal(msg.header.get("X-Request-Id"), "req-dlq-1");
    assert.equal(msg.json<{ id: string }>().id, event.id);
    const info = await bus.jsm.streams.info(deadLetterStream, {
      subjects_filter: deadLetterSubjectFor(durable),
    });
    assert.equal(info.state.subjects?.[deadLetterSubjectFor(durable)], 1);
  } finally {
    await consumer.stop();
    await bus.close();
  }
});

Deno.test("consumer - a message that is not a CloudEvent goes straight to the dead letters", async () => {
  const bus = await testBus();
  const type = `${unique("test")}.poison`;
  const durable = unique("poison");
  let calls = 0;
  const consumer = await startConsumer(bus, { durable, filterSubject: subjectFor(type) }, () => {
    calls++;
    return Promise.resolve();
  });
  try {
    await bus.js.publish(subjectFor(type), "{not json");
    const dead = () =>
      bus.jsm.streams.getMessage(deadLetterStream, { last_by_subj: deadLetterSubjectFor(durable) }).catch(
        () => null,
      );
    assert.ok(await eventually(async () => (await dead()) !== null, 10_000));
    assert.match((await dead())!.header.get("Yibao-Dead-Letter-Reason"), /not a valid CloudEvent/);
    assert.equal(calls, 0);
  } finally {
    await consumer.stop();
    await bus.close();
  }
});
