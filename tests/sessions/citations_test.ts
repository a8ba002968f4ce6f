import assert from "node:assert/strict";
import { testGraph, unique } from "../harness/mod.ts";
import { audienceToken, call, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

const client = (n: number) => audienceToken(`citation-client-${n}`);

Deno.test("moderation: an answer cites policies with their versions; a version the policy lacks is 422 naming the entry", async () => {
  const svc = await startSessions();
  const graph = testGraph();
  const policyId = unique("cite").toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const otherId = `${policyId}-b`;
  try {
    await graph.write((tx) =>
      tx.run(
        `CREATE (p:Policy {id: $policyId})-[:HAS_VERSION]->(:PolicyVersion {version: 1}),
                (p)-[:HAS_VERSION]->(:PolicyVersion {version: 2}),
                (:Policy {id: $otherId})-[:HAS_VERSION]->(:PolicyVersion {version: 1})`,
        { policyId, otherId },
      )
    );
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places),
    })).body;
    const asked = await call(s, "POST", `/v1/sessions/${session.id}/questions`, {
      body: { text: "门诊共济报销比例今年变了吗" },
      headers: { "x-client-token": client(1) },
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const q = asked.body.question;
    const mod = (body: unknown) =>
      call(s, "POST", `/v1/questions/${q.id}/moderation`, { token: host.token, body });

    const missing = await mod({
      action: "answer",
      answer: "以第七版为准",
      citations: [{ policyId: otherId, version: 1 }, { policyId, version: 7 }],
    });
    assert.equal(missing.status, 422, JSON.stringify(missing.body));
    assert.deepEqual(missing.body.errors.map((e: { path: string }) => e.path), ["body.citations.1.version"]);
    const unknownPolicy = await mod({
      action: "answer",
      answer: "x",
      citations: [{ policyId: "no-such-policy-here", version: 1 }],
    });
    assert.equal(unknownPolicy.status, 422);
    assert.equal(unknownPolicy.body.errors[0].path, "body.citations");

    const answered = await mod({
      action: "answer",
      answer: "今年起执行第二版的比例。",
      citedPolicies: [otherId],
      citations: [{ policyId, version: 2 }],
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.deepEqual(
      [...answered.body.citations].sort((a: { policyId: string }, b: { policyId: string }) =>
        a.policyId.localeCompare(b.policyId)
      ),
      [{ policyId, version: 2 }, { policyId: otherId, version: null }],
    );
    assert.deepEqual([...answered.body.citedPolicies].sort(), [policyId, otherId].sort());
    // the audience's listing carries the versions too
    const listed = await call(s, "GET", `/v1/sessions/${session.id}/questions`);
    const item = listed.body.items.find((x: { id: string }) => x.id === q.id);
    assert.deepEqual(
      item.citations.find((c: { policyId: string }) => c.policyId === policyId),
      { policyId, version: 2 },
    );
  } finally {
    await graph.write((tx) =>
      tx.run(
        "MATCH (p:Policy) WHERE p.id IN [$policyId, $otherId] OPTIONAL MATCH (p)-[:HAS_VERSION]->(v) DETACH DELETE p, v",
        { policyId, otherId },
      )
    ).catch(() => {});
    await graph.close();
    await svc.stop();
  }
});
