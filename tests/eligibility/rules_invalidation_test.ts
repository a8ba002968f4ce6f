/**
 * A policy event makes the eligibility service read again only the rules of the regions the policy
 * reaches; every other region's rules stay cached. Real graph, real event stream: the graph is
 * only wrapped to count the reads it serves.
 */
import assert from "node:assert/strict";
import { type CloudEvent, createEvent, stderrLog } from "@yibao/events";
import { type Graph, policyReach } from "@yibao/graph";
import { rulesReloadHandler } from "../../services/eligibility/invalidation.ts";
import { RulesSource } from "../../services/eligibility/rules_source.ts";
import { testBus, testGraph, unique } from "../harness/mod.ts";

Deno.test("a policy event reloads the rules of the regions the policy reaches and keeps the others", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const pid = unique("rules-inv");
  let reads = 0;
  const counting: Graph = { ...graph, read: (work) => (reads++, graph.read(work)) };
  try {
    await graph.write((tx) =>
      tx.run(
        `MATCH (r:Region {code: '440300'})
         CREATE (p:Policy {id: $pid, docNumber: 'test', issuer: 'test', latestVersion: 1})-[:APPLIES_IN]->(r)
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: $pid + '@1', policyId: $pid, version: 1, title: 't',
           body: 'b', summaries: '{}', rules: '[]', eligibility: '[]', effectiveFrom: date('2020-01-01'),
           effectiveTo: null, publishedAt: datetime()})`,
        { pid },
      )
    );
    const rules = new RulesSource(counting);
    const day = "2026-06-01";
    for (const region of ["440305", "440000", "320102"]) await rules.inForce(region, day);
    assert.equal(reads, 3);
    for (const region of ["440305", "440000", "320102"]) await rules.inForce(region, day);
    assert.equal(reads, 3, "cached");

    const handle = rulesReloadHandler(rules, bus, {
      instanceId: unique("eligibility-test"),
      log: stderrLog,
      reach: (id) => policyReach(graph, id),
    });
    const event = createEvent({
      type: "policy.version.effective",
      source: "/tests/eligibility",
      data: { policyId: pid, version: 1, effectiveFrom: day },
    }) as CloudEvent;
    await handle(event);
    assert.equal(rules.size, 2, "one answer dropped");

    await rules.inForce("440305", day);
    assert.equal(reads, 4, "the county under the policy's city is read again");
    await rules.inForce("440000", day);
    await rules.inForce("320102", day);
    assert.equal(reads, 4, "the province above it and another province are kept");
  } finally {
    await graph.write((tx) =>
      tx.run("MATCH (p:Policy {id: $pid})-[:HAS_VERSION]->(v) DETACH DELETE p, v", { pid })
    );
    await bus.close();
    await graph.close();
  }
});
