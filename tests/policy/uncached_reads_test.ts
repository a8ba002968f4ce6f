import assert from "node:assert/strict";
import { call, people, seedOutscoringExpired, startSuite } from "./_suite.ts";
import { testGraph, unique } from "../harness/mod.ts";

// The in-force list and search ask the graph once and look the region up only when nothing was
// found (issue 13): an empty answer for a region that exists must stay a 200, an unknown region a 404.
Deno.test("uncached reads - a known region with nothing in force answers an empty page, an unknown region 404, for the list and search", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    // nothing in the demo data is in force in 1990
    const list = await call(suite.policy, "GET", "/v1/policies?region=110105&asOf=1990-01-01", {
      token: tokens.host,
    });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual([list.body.items, list.body.total, list.body.region], [[], 0, "110105"]);
    const found = await call(
      suite.policy,
      "GET",
      `/v1/search?q=${encodeURIComponent("异地就医备案")}&region=110105&asOf=1990-01-01`,
      { token: tokens.host },
    );
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual([found.body.items, found.body.total, found.body.region], [[], 0, "110105"]);
    for (const path of ["/v1/policies?region=990000&asOf=1990-01-01", "/v1/search?q=x&region=990000"]) {
      const r = await call(suite.policy, "GET", path, { token: tokens.host });
      assert.equal(r.status, 404, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, "notFound");
    }
    // and the same region on a day with policies in force lists them in one query
    const today = await call(suite.policy, "GET", "/v1/policies?region=110105", { token: tokens.host });
    assert.equal(today.status, 200);
    assert.ok(today.body.total > 0, "the demo data has policies in force in 110105 today");
  } finally {
    await suite.stop();
  }
});

Deno.test("search with a region - finds the region's in-force match even when more than 300 versions elsewhere score higher (the filter is in the index query)", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const graph = testGraph();
  const run = unique("s").replace(/[^a-z0-9]/g, "");
  // one Latin token the cjk analyzer keeps whole, found nowhere else in the graph
  const word = `zq${run}`;
  const target = `srch-${run}-target`;
  const decoys = Array.from({ length: 320 }, (_, i) => `srch-${run}-decoy-${i}`);
  try {
    await graph.write((tx) =>
      tx.run(
        `UNWIND $rows AS r
         CREATE (p:Policy {id: r.id, docNumber: '测试〔2025〕9号', issuer: '测试医保局', latestVersion: 1})
         // whole versions, as policy-admin writes them
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: r.id + '@1', policyId: r.id, version: 1,
                 title: r.title, body: r.body, searchText: r.searchText, summaries: '{}', rules: '[]', eligibility: '[]',
                 effectiveFrom: date('2020-01-01'), effectiveTo: null, publishedAt: datetime('2019-12-01T00:00:00Z')})
         WITH p, r
         OPTIONAL MATCH (reg:Region {code: r.region})
         FOREACH (_ IN CASE WHEN reg IS NULL THEN [] ELSE [1] END | CREATE (p)-[:APPLIES_IN]->(reg))`,
        {
          rows: [
            // in force in 653226 only, the word once in a long body: it scores below every decoy
            {
              id: target,
              region: "653226",
              title: "测试检索政策",
              body: `测试用的政策正文，内容较长，说明办理流程和所需材料，${word}，其余为说明文字。`,
              searchText: "测试",
            },
            // in force nowhere (no APPLIES_IN), the word everywhere: they fill the index's best hits
            ...decoys.map((id) => ({ id, region: null, title: word, body: word, searchText: word })),
          ],
        },
      )
    );
    const r = await call(suite.policy, "GET", `/v1/search?q=${word}&region=653226&limit=5`, {
      token: tokens.host,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((i: { id: string }) => i.id), [target]);
    assert.equal(r.body.total, 1);
    // the catalogue search (no region) still ranks the decoys above it
    const all = await call(suite.policy, "GET", `/v1/search?q=${word}&limit=5`, { token: tokens.host });
    assert.equal(all.status, 200);
    assert.ok(all.body.items.every((i: { id: string }) => i.id !== target));
  } finally {
    await graph.write((tx) =>
      tx.run(
        "MATCH (p:Policy) WHERE p.id IN $ids OPTIONAL MATCH (p)-[:HAS_VERSION]->(v) DETACH DELETE p, v",
        {
          ids: [target, ...decoys],
        },
      )
    );
    await graph.close();
    await suite.stop();
  }
});

Deno.test("search without a region - finds the versions valid on the date even when more than 1,000 expired versions score higher (the index is asked again for all), and counts every match up to 200", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const graph = testGraph();
  const { word, decoys, current, remove } = await seedOutscoringExpired(graph, "c");
  try {
    const r = await call(suite.policy, "GET", `/v1/search?q=${word}&limit=100&asOf=2025-06-01`, {
      token: tokens.host,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ids: string[] = r.body.items.map((i: { id: string }) => i.id);
    assert.ok(ids.every((id) => current.includes(id)), "only versions valid on the date");
    assert.equal(ids.length, 100);
    assert.equal(r.body.total, 200, "every match counts, up to the 200 candidates");
    for (const item of r.body.items) assert.equal(item.version, 2);
    // 230 match: the second page holds the rest of the 200 counted, the third nothing
    const pages = await Promise.all(
      [100, 200].map((offset) =>
        call(suite.policy, "GET", `/v1/search?q=${word}&limit=100&offset=${offset}&asOf=2025-06-01`, {
          token: tokens.host,
        })
      ),
    );
    assert.equal(pages[0]!.body.items.length, 100);
    assert.equal(pages[1]!.body.items.length, 0);
    // on a date when the decoys' old versions were valid, they are what is found
    const old = await call(suite.policy, "GET", `/v1/search?q=${word}&limit=5&asOf=2020-06-01`, {
      token: tokens.host,
    });
    assert.equal(old.status, 200);
    assert.ok(old.body.items.length > 0);
    assert.ok(
      old.body.items.every((i: { id: string; version: number }) => decoys.includes(i.id) && i.version === 1),
    );
  } finally {
    await remove();
    await graph.close();
    await suite.stop();
  }
});
