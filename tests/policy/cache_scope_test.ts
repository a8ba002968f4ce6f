/**
 * An amendment drops only the cached answers it can change (the policy's own, and the lists and
 * searches of the regions it reaches) and keeps every other region's: against the real graph and
 * event stream, with two policy instances.
 *
 * To tell a kept entry from one read again, the test edits each policy's version title in the
 * graph behind the services' backs (no event): an answer still cached shows the old title, an
 * answer read again shows the edit.
 */
import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { eventually, testGraph } from "../harness/mod.ts";
import {
  addDays,
  call,
  newPolicy,
  ownTopic,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "./_suite.ts";

/** Appends `（改）` to every version title of the policies, without an event. */
async function editBehindTheCache(ids: string[]): Promise<void> {
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run(
        "MATCH (p:Policy)-[:HAS_VERSION]->(v) WHERE p.id IN $ids SET v.title = v.title + '（改）'",
        { ids },
      )
    );
  } finally {
    await graph.close();
  }
}

Deno.test("an amendment in one province keeps another province's cached answers and drops the ones it reaches", async () => {
  const suite = await startSuite({ policies: 2 });
  const tokens = await people();
  const topic = await ownTopic();
  const t = topic.toLowerCase();
  // Shenzhen (a city in Guangdong), Guangdong itself, and Jiangsu
  const city = `cs-sz-${t}`;
  const guangdong = `cs-gd-${t}`;
  const jiangsu = `cs-js-${t}`;
  const today = shanghaiToday();
  const asOf = addDays(today, 3);
  const list = (region: string) => `/v1/policies?region=${region}&topic=${topic}&asOf=${asOf}`;
  const titles = async (svc: (typeof suite.policies)[number], path: string): Promise<string[]> => {
    const r = await call(svc, "GET", path, { token: tokens.host });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((i: { title: string }) => i.title).sort();
  };
  const bothCachesSynced = (amendmentId: string) =>
    eventually(async () => {
      const r = await call(suite.admin, "GET", `/v1/amendments/${amendmentId}/propagation`, {
        token: tokens.operator,
      });
      const cache = r.body.channels?.find((c: { channel: string }) => c.channel === "policy-cache");
      return new Set(cache?.acknowledgements.map((a: { consumer: string }) => a.consumer)).size === 2;
    }, 15_000);
  try {
    const published = [
      await publishNewPolicy(suite, newPolicy(city, topic, ["440300"]), tokens),
      await publishNewPolicy(suite, newPolicy(guangdong, topic, ["440000"]), tokens),
      await publishNewPolicy(suite, newPolicy(jiangsu, topic, ["320000"]), tokens),
    ];
    // the publications' own events must have reached both caches before the test fills them
    for (const a of published) assert.ok(await bothCachesSynced(a.id), `both caches synced ${a.id}`);
    const before = {
      nanshan: await titles(suite.policy, list("440305")), // a county in Shenzhen: both Guangdong policies
      gd: await titles(suite.policy, list("440000")), // the province: only its own policy
      js: await titles(suite.policy, list("320102")), // a county in Jiangsu
      jsPolicy:
        (await call(suite.policy, "GET", `/v1/policies/${jiangsu}?asOf=${asOf}`, { token: tokens.host }))
          .body.title as string,
    };
    assert.equal(before.nanshan.length, 2);
    assert.equal(before.gd.length, 1);
    assert.equal(before.js.length, 1);
    // every instance holds the same answers in its cache
    for (const p of suite.policies.slice(1)) {
      assert.deepEqual(await titles(p, list("440305")), before.nanshan);
      assert.deepEqual(await titles(p, list("440000")), before.gd);
      assert.deepEqual(await titles(p, list("320102")), before.js);
    }

    await editBehindTheCache([city, guangdong, jiangsu]);
    // cached: the edit is not seen yet
    assert.deepEqual(await titles(suite.policy, list("440305")), before.nanshan);

    // an amendment of the Shenzhen policy, in force from two days on
    const v1 = await call(suite.policy, "GET", `/v1/policies/${city}?asOf=${today}`, { token: tokens.host });
    const newTitle = `深圳新标题 ${t}`;
    const draft = await call(suite.admin, "POST", `/v1/policies/${city}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "两天后起标题调整",
        effectiveFrom: addDays(today, 2),
        changes: [{ field: "title", before: v1.body.title, after: newTitle }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);
    assert.ok(await bothCachesSynced(draft.body.id), "both caches acknowledged the amendment");

    for (const p of suite.policies) {
      // dropped and read again: the amended policy's new version, and the edit of its neighbour
      assert.ok(
        await eventually(async () => (await titles(p, list("440305"))).includes(newTitle), 15_000),
        "the county under the amended city answers with the new version",
      );
      assert.deepEqual(await titles(p, list("440305")), [newTitle, `${before.gd[0]}（改）`].sort());
      // kept: the province above the city and the other province still answer from the cache
      assert.deepEqual(await titles(p, list("440000")), before.gd, "Guangdong's own list was kept");
      assert.deepEqual(await titles(p, list("320102")), before.js, "Jiangsu's list was kept");
    }
    const jsPolicy = await call(suite.policy, "GET", `/v1/policies/${jiangsu}?asOf=${asOf}`, {
      token: tokens.host,
    });
    assert.equal(jsPolicy.body.title, before.jsPolicy, "another policy's own entry was kept");
    const cityPolicy = await call(suite.policy, "GET", `/v1/policies/${city}?asOf=${asOf}`, {
      token: tokens.host,
    });
    assert.equal(cityPolicy.body.title, newTitle, "the amended policy's own entry was dropped");

    // the kit's /metrics counts what was dropped by events and what is still held
    const metrics = await (await suite.policy.app.request("/metrics")).text();
    assert.match(metrics, /^policy_cache_dropped_total [1-9]\d*$/m);
    assert.match(metrics, /^policy_cache_entries [1-9]\d*$/m);
  } finally {
    await suite.stop();
  }
});
