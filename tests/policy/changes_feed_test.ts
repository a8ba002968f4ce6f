import assert from "node:assert/strict";
import { call, newPolicy, ownTopic, people, publishNewPolicy, startSuite } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

async function feed(suite: Awaited<ReturnType<typeof startSuite>>, token: string, query: string) {
  return await call(suite.policy, "GET", `/v1/changes?limit=500&${query}`, { token });
}

Deno.test("change feed - filtered by region (with the regions above), policy and topic; entries carry the title and the amendment's summary; a cursor never issued is a 400", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    // the feed's end before this test's changes
    let start = (await feed(suite, tokens.host, "")).body;
    while (start.hasMore) start = (await feed(suite, tokens.host, `since=${start.next}`)).body;
    const since = start.next as string;

    const [topicA, topicB] = [await ownTopic(), await ownTopic()];
    const pidA = `feed-a-${topicA.slice(1, 12).toLowerCase()}`;
    const pidB = `feed-b-${topicB.slice(1, 12).toLowerCase()}`;
    await publishNewPolicy(suite, newPolicy(pidA, topicA, ["320700"]), tokens); // 连云港市
    await publishNewPolicy(suite, newPolicy(pidB, topicB, ["370602"]), tokens); // 烟台市芝罘区

    const ids = (r: Json) => [...new Set(r.body.items.map((i: Json) => i.policyId))];
    const byPolicy = await feed(suite, tokens.host, `since=${since}&policyId=${pidA}`);
    assert.equal(byPolicy.status, 200, JSON.stringify(byPolicy.body));
    assert.deepEqual(ids(byPolicy), [pidA]);
    const entry = byPolicy.body.items[0];
    assert.equal(entry.policyTitle, `测试政策 ${pidA}`);
    assert.equal(entry.summary, "首次发布这项测试政策。");

    assert.deepEqual(ids(await feed(suite, tokens.host, `since=${since}&topic=${topicB}`)), [pidB]);

    // 连云区 (320703) is below 连云港市: A applies there, B does not
    const county = await feed(suite, tokens.host, `since=${since}&region=320703`);
    assert.ok(ids(county).includes(pidA), JSON.stringify(ids(county)));
    assert.ok(!ids(county).includes(pidB));
    assert.deepEqual(ids(await feed(suite, tokens.host, `since=${since}&region=370602`)), [pidB]);
    assert.equal((await feed(suite, tokens.host, `region=990000`)).status, 404);

    // a filtered page's next moves past everything read: the next page is empty
    const after = await feed(suite, tokens.host, `since=${byPolicy.body.next}&policyId=${pidA}`);
    assert.deepEqual(after.body.items, []);
    assert.equal(after.body.hasMore, false);

    // a well-formed cursor beyond the newest entry was never issued
    const head = (await feed(suite, tokens.host, `since=${since}`)).body.next as string;
    const seq = Number(atob(head).slice(4));
    const future = btoa(`seq:${seq + 1_000_000}`).replace(/=+$/, "");
    const bad = await feed(suite, tokens.host, `since=${future}`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ["query.since"]);
    assert.equal((await feed(suite, tokens.host, `since=${head}`)).status, 200);
  } finally {
    await suite.stop();
  }
});
