import assert from "node:assert/strict";
import { call, newPolicy, ownTopic, people, publishNewPolicy, startSuite } from "./_suite.ts";

type Hit = { code: string; name: string; level: string; fullName: string };

Deno.test("GET /v1/regions - a region picker: by name anywhere, exact before prefix, by code, bounded", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const find = (query: string) => call(suite.policy, "GET", `/v1/regions?${query}`, { token: tokens.host });
  try {
    let r = await find(`q=${encodeURIComponent("朝阳")}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const chaoyang = r.body.items.find((h: Hit) => h.code === "110105");
    assert.deepEqual(chaoyang, {
      code: "110105",
      name: "朝阳区",
      level: "county",
      fullName: "北京市 朝阳区",
    });
    assert.ok(r.body.items.every((h: Hit) => h.name.includes("朝阳")), JSON.stringify(r.body.items));
    const levels = r.body.items.map((h: Hit) => h.level);
    assert.equal(r.body.items[0].code, "211300", "朝阳市, a city, before the counties of the same prefix");
    assert.ok(levels.indexOf("county") > levels.indexOf("city"));
    assert.ok(r.body.total >= r.body.items.length);

    // 攀枝花市 东区 is named exactly 东区; 中山市 东区街道 only starts with it (and its code sorts first)
    r = await find(`q=${encodeURIComponent("东区")}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.slice(0, 2).map((h: Hit) => h.code), ["510402", "442000002"]);
    assert.equal(r.body.items[0].fullName, "四川省 攀枝花市 东区");
    const firstContains = r.body.items.findIndex((h: Hit) => !h.name.startsWith("东区"));
    assert.ok(firstContains === -1 || firstContains >= 2, "names that only contain q come last");

    r = await find("q=110105");
    assert.deepEqual(r.body.items, [chaoyang], "a 6-digit q is the code");
    r = await find("q=441900125");
    assert.equal(r.body.items[0]?.code, "441900125", "so is a 9-digit one");

    r = await find(`q=${encodeURIComponent("朝阳")}&level=city`);
    assert.deepEqual(r.body.items.map((h: Hit) => h.code), ["211300"]);

    r = await find(`q=${encodeURIComponent("区")}`);
    assert.equal(r.body.items.length, 20, "20 by default");
    assert.ok(r.body.total > 20);
    r = await find(`q=${encodeURIComponent("区")}&limit=50`);
    assert.equal(r.body.items.length, 50);
    assert.ok(
      r.body.items.every((h: Hit) => !h.name.endsWith("市辖区")),
      "statistical groupings are not offered",
    );

    for (
      const [query, path] of [
        ["q=", "query.q"],
        ["", "query.q"],
        [`q=${encodeURIComponent("一".repeat(21))}`, "query.q"],
        ["q=x&limit=0", "query.limit"],
        ["q=x&limit=51", "query.limit"],
        ["q=x&level=town", "query.level"],
      ]
    ) {
      r = await find(query!);
      assert.equal(r.status, 400, `${query}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), [path], query);
    }

    assert.equal((await call(suite.policy, "GET", "/v1/regions?q=x")).status, 401, "no credentials");
    const etag = (await find(`q=${encodeURIComponent("朝阳")}`)).headers.get("etag");
    assert.ok(etag);
    const again = await call(suite.policy, "GET", `/v1/regions?q=${encodeURIComponent("朝阳")}`, {
      token: tokens.host,
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status, 304);
  } finally {
    await suite.stop();
  }
});

Deno.test("GET /v1/policies without region - the catalogue of every region, filtered, paged, nothing shadowed", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const id = (s: string) => `${s}-${topic.toLowerCase()}`;
  const list = (query: string) => call(suite.policy, "GET", `/v1/policies?${query}`, { token: tokens.host });
  try {
    // the demo policies about inpatient care: one national, five local
    let r = await list("topic=inpatient&asOf=2026-06-01&limit=100");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ids = r.body.items.map((i: { id: string }) => i.id);
    for (
      const demo of [
        "nat-inpatient-benefits",
        "bj-employee-inpatient-benefits",
        "yt-employee-inpatient-benefits",
        "nm-county-cross-region-inpatient",
      ]
    ) assert.ok(ids.includes(demo), `${demo} in ${ids}`);
    assert.ok(r.body.items.every((i: { topics: string[] }) => i.topics.includes("inpatient")));
    const bj = r.body.items.find((i: { id: string }) => i.id === "bj-employee-inpatient-benefits");
    assert.deepEqual(bj.appliesIn, [{ code: "110000", name: "北京市", level: "province" }]);
    assert.equal(typeof bj.summary.text, "string");
    assert.equal(ids.indexOf("nm-county-cross-region-inpatient"), 0, "most local first");
    assert.equal(ids.at(-1), "nat-inpatient-benefits", "national last");

    r = await list("topic=inpatient&asOf=2019-01-01");
    assert.equal(r.body.total, 0, "nothing was in force yet");

    // a national policy and a local one that overrides it: the catalogue lists both, a region only one
    const national = newPolicy(id("nat"), topic, ["000000"]);
    await publishNewPolicy(suite, national, tokens);
    await publishNewPolicy(suite, newPolicy(id("sz"), topic, ["440300"], { overrides: national.id }), tokens);
    r = await list(`topic=${topic}`);
    assert.deepEqual(r.body.items.map((i: { id: string }) => i.id), [id("sz"), id("nat")]);
    assert.equal(r.body.total, 2);
    r = await list(`topic=${topic}&limit=1&offset=1`);
    assert.deepEqual(r.body.items.map((i: { id: string }) => i.id), [id("nat")]);
    assert.equal(r.body.total, 2);
    r = await list(`topic=${topic}&region=440305`);
    assert.deepEqual(
      r.body.items.map((i: { id: string }) => i.id),
      [id("sz")],
      "the region rule is unchanged",
    );
    r = await list(`topic=${topic}&audience=flexibleWorker`);
    assert.equal(r.body.total, 0, "the audience filter holds");

    const first = await list(`topic=${topic}`);
    const etag = first.headers.get("etag");
    assert.ok(etag);
    const again = await call(suite.policy, "GET", `/v1/policies?topic=${topic}`, {
      token: tokens.host,
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status, 304);
  } finally {
    await suite.stop();
  }
});
