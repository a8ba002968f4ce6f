/**
 * awareness.measured once per session when it is over. Launches and answers are written with
 * Cypher as graph-schema/README.md describes them; the
 * session's end is moved into the past with Cypher, since the API refuses to schedule in the past.
 */
import assert from "node:assert/strict";
import { type CloudEvent, startConsumer } from "@yibao/events";
import { eventually, testBus, testGraph, unique } from "../harness/mod.ts";
import { createItem, knowledgeItem, ownPolicy } from "./_items.ts";
import { call, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

Deno.test("awareness.measured: once per session after its end and its last launch closed, whatever the instances", async () => {
  const bus = await testBus();
  const seen: CloudEvent[] = [];
  const consumer = await startConsumer(
    bus,
    { durable: unique("measured-test"), filterSubject: "events.awareness.>" },
    (e) => {
      seen.push(e);
      return Promise.resolve();
    },
  );
  const svc = await startSessions(2);
  const graph = testGraph();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const policyId = await ownPolicy("measured", 1);
    const item = await createItem(s, host.token, knowledgeItem(policyId));
    const session = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places),
    });
    assert.equal(session.status, 201);
    const sid = session.body.id as string;
    const launchId = unique("lch");
    await graph.write((tx) =>
      tx.run(
        `MATCH (s:LiveSession {id: $sid}), (i:Item {id: $itemId})
         SET s.lastEndsAt = datetime() - duration('PT1H')
         CREATE (l:ItemLaunch {id: $launchId, sessionId: $sid, kind: 'quiz', purpose: 'live', status: 'open',
                               itemIds: [$itemId], openedAt: datetime() - duration('PT2H')})-[:IN]->(s)
         WITH s, i, l UNWIND range(1, 10) AS n
         CREATE (a:Answer {id: randomUUID(), launchId: $launchId, itemId: $itemId, sessionId: $sid,
                           choiceIds: ['true'], correct: n <= 7, answeredAt: datetime() - duration('PT90M'),
                           regionCode: $region, audience: 'insured', respondentId: 'r' + n})
         CREATE (a)-[:TO]->(i), (a)-[:IN]->(l)`,
        { sid, itemId: item.id, launchId, region: places.city },
      )
    );
    const mine = () => seen.filter((e) => (e.data as { sessionId: string }).sessionId === sid);
    // Still an open launch: not measured.
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(mine().length, 0, "not while a launch is open");
    await graph.write((tx) =>
      tx.run("MATCH (l:ItemLaunch {id: $launchId}) SET l.status = 'closed', l.closedAt = datetime()", {
        launchId,
      })
    );
    assert.ok(await eventually(() => mine().length === 1, 15_000), "measured");
    const data = mine()[0]!.data as {
      policies: { policyId: string; n: number; correct: number; rate: number }[];
    };
    assert.deepEqual(data.policies.map((p) => [p.policyId, p.n, p.correct, p.rate]), [[
      policyId,
      10,
      7,
      0.7,
    ]]);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(mine().length, 1, "exactly once with two instances");
  } finally {
    await svc.stop();
    await consumer.stop();
    await bus.close();
    await graph.close();
  }
});
