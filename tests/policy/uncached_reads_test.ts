import assert from "node:assert/strict";
import { call, people, startSuite } from "./_suite.ts";

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
