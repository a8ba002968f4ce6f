/**
 * Causal consistency across services: the outbox relay carries Neo4j bookmarks (of its claim, a
 * transaction after the event's own) in the `Yibao-Graph-Bookmark` header, and a consumer's graph
 * transactions open with them. The run's graph is reached through a `neo4j://` routing URI (the
 * harness's), so the driver's routing path is the one that runs.
 */
import assert from "node:assert/strict";
import {
  bookmarkHeader,
  createEvent,
  createOutboxRelay,
  enqueueEvent,
  eventsStream,
  publishSerialized,
  startConsumer,
  subjectFor,
} from "@yibao/events";
import { currentBookmarks } from "@yibao/graph";
import { eventually, neo4jEnv, testBus, testGraph, unique } from "../harness/mod.ts";

Deno.test("bookmarks - the relay puts the write's bookmarks in the event's headers; the consumer reads that write with them", async () => {
  assert.match(neo4jEnv().NEO4J_URI, /^neo4j:\/\//, "tests reach Neo4j through a routing URI");
  const graph = testGraph();
  const bus = await testBus();
  const type = `${unique("test")}.bookmark`;
  const nodeId = unique("bm");
  const event = createEvent({ type, source: "/tests/bookmarks", data: { nodeId } });
  const seen: { bookmarks: string[]; ambient: string[]; found: boolean }[] = [];
  const consumer = await startConsumer(
    bus,
    { durable: unique("bookmarks"), filterSubject: subjectFor(type) },
    async (e, ctx) => {
      const found = await graph.read(async (tx) =>
        (await tx.run("MATCH (n:BookmarkProbe {id: $id}) RETURN count(n) AS n", {
          id: (e.data as { nodeId: string }).nodeId,
        }))
          .records[0]!.get("n") === 1
      );
      seen.push({ bookmarks: ctx.bookmarks ?? [], ambient: currentBookmarks(), found });
    },
  );
  try {
    await graph.write(async (tx) => {
      await tx.run("CREATE (:BookmarkProbe {id: $id})", { id: nodeId });
      await enqueueEvent(tx, event);
    });
    assert.ok((await createOutboxRelay(graph, bus).runOnce()) >= 1);
    const info = await bus.jsm.streams.info(eventsStream, { subjects_filter: subjectFor(type) });
    assert.equal(info.state.subjects?.[subjectFor(type)], 1);
    const stored = await bus.jsm.streams.getMessage(eventsStream, { last_by_subj: subjectFor(type) });
    const header = stored?.header.values(bookmarkHeader) ?? [];
    assert.ok(header.length >= 1 && header.every((b) => b.length > 0), "the event carries a bookmark");

    assert.ok(await eventually(() => seen.length === 1, 10_000), "the consumer got the event");
    assert.deepEqual(seen[0]!.bookmarks, header, "the handler is given the event's bookmarks");
    assert.deepEqual(seen[0]!.ambient, header, "its graph transactions open with them");
    assert.equal(seen[0]!.found, true, "and read the write behind the event");
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
    await testGraph().autoCommit("MATCH (n:BookmarkProbe {id: $id}) DELETE n", { id: nodeId }).catch(
      () => {},
    );
  }
});

Deno.test("bookmarks - a consumer's read is opened with the header's bookmark: Neo4j rejects one it never issued", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const type = `${unique("test")}.badbookmark`;
  const errors: string[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("badbookmark"),
    filterSubject: subjectFor(type),
  }, async () => {
    try {
      await graph.read((tx) => tx.run("RETURN 1"));
      errors.push("none");
    } catch (err) {
      errors.push(String((err as { code?: string }).code ?? err));
    }
  });
  try {
    const event = createEvent({ type, source: "/tests/bookmarks", data: {} });
    await publishSerialized(bus, {
      subject: subjectFor(type),
      id: event.id,
      payload: JSON.stringify(event),
      bookmarks: ["not-a-bookmark"],
    });
    assert.ok(await eventually(() => errors.length === 1, 10_000), "the consumer got the event");
    assert.match(errors[0]!, /Bookmark/i, `the read failed on the bookmark: ${errors[0]}`);
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
  }
});
