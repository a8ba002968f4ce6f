import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { createOutboxRelay, startConsumer, subjectFor } from "@yibao/events";
import type { Actor } from "@yibao/kit";
import { AdminRepository } from "../../services/policy-admin/repository.ts";
import { eventually, runCrashingRelay, testBus, testGraph, unique } from "../harness/mod.ts";
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

const operator: Actor = { id: "user:op-ann", role: "operator", name: "op-ann" };
const reviewer: Actor = { id: "user:rev-cai", role: "reviewer", name: "rev-cai" };

Deno.test("policy.amendment.published arrives exactly once downstream across a relay crash", async () => {
  const graph = testGraph();
  const bus = await testBus();
  const repo = new AdminRepository(graph);
  const topic = await ownTopic();
  const pid = `crash-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const received: string[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("published-downstream"),
    filterSubject: subjectFor("policy.amendment.published"),
  }, (e) => {
    if ((e.data as { policyId: string }).policyId === pid) received.push(e.id);
    return Promise.resolve();
  });
  try {
    const p = newPolicy(pid, topic, ["511600"]);
    const created = await repo.createPolicy(
      {
        ...p,
        content: { title: p.title, body: p.body, summaries: p.summaries, rules: [], eligibility: [] },
      },
      operator,
      "req-crash",
    );
    await repo.transition(created.id, "submit", operator, "req-crash", today);
    await repo.transition(created.id, "approve", reviewer, "req-crash", today);
    const published = await repo.publish(created.id, operator, "req-crash", today);
    assert.ok(published.publishedEventId);

    const crashed = await runCrashingRelay(published.publishedEventId!);
    assert.equal(crashed.signal, "SIGKILL", crashed.stderr);
    await new Promise((r) => setTimeout(r, 1_200));
    await createOutboxRelay(graph, bus).runOnce();
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(received, [published.publishedEventId], "exactly one published event downstream");
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
  }
});

Deno.test("two policy-admin instances emit policy.version.effective once when a scheduled version comes into force", async () => {
  const suite = await startSuite({ admins: 2 });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `eff-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const bus = await testBus();
  const effective: { version: number; id: string }[] = [];
  const consumer = await startConsumer(bus, {
    durable: unique("effective-downstream"),
    filterSubject: subjectFor("policy.version.effective"),
  }, (e) => {
    const d = e.data as { policyId: string; version: number };
    if (d.policyId === pid) effective.push({ version: d.version, id: e.id });
    return Promise.resolve();
  });
  const graph = testGraph();
  try {
    await publishNewPolicy(suite, newPolicy(pid, topic, ["150000"]), tokens);
    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "明日起调整正文",
        effectiveFrom: addDays(today, 1),
        changes: [{ field: "body", before: v1.body.body, after: `${v1.body.body}（明日起施行新办法）` }],
      },
    });
    await reviewAndPublish(suite.admins[1]!, draft.body.id, tokens);
    assert.ok(
      await eventually(() => effective.some((e) => e.version === 1), 10_000),
      "version 1 took effect on publication",
    );
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(
      effective.filter((e) => e.version === 2).length,
      0,
      "version 2 is not in force before its day",
    );

    // The day arrives: both instances' announcers race for it.
    await graph.write(async (tx) => {
      await tx.run("MATCH (v:PolicyVersion {id: $id}) SET v.effectiveFrom = date($today)", {
        id: `${pid}@2`,
        today,
      });
      await tx.run("MATCH (v:PolicyVersion {id: $id}) SET v.effectiveTo = date($today)", {
        id: `${pid}@1`,
        today,
      });
    });
    assert.ok(await eventually(() => effective.some((e) => e.version === 2), 10_000), "version 2 announced");
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepEqual(effective.filter((e) => e.version === 2).length, 1, "announced exactly once");
    const feed = await graph.read(async (tx) =>
      (await tx.run(
        "MATCH (c:ChangeFeedEntry {policyId: $pid, kind: 'effective', version: 2}) RETURN count(c) AS n",
        { pid },
      )).records[0]!.get("n")
    );
    assert.equal(feed, 1, "one change-feed entry");
    const now = await eventually(async () =>
      (await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host })).body.version === 2
    );
    assert.ok(now, "the lookup serves version 2 once it is in force");
  } finally {
    await consumer.stop();
    await bus.close();
    await graph.close();
    await suite.stop();
  }
});

Deno.test("every policy instance drops its cache on an amendment and acknowledges it", async () => {
  const suite = await startSuite({ policies: 2 });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `cache2-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  try {
    await publishNewPolicy(suite, newPolicy(pid, topic, ["440300"]), tokens);
    // both instances cache version 1 with its open end
    for (const p of suite.policies) {
      assert.ok(
        await eventually(async () =>
          (await call(p, "GET", `/v1/policies/${pid}`, { token: tokens.host })).body.version === 1
        ),
      );
    }
    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    assert.equal(v1.body.effectiveTo, null);
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "后天起标题调整",
        effectiveFrom: addDays(today, 2),
        changes: [{ field: "title", before: v1.body.title, after: `${v1.body.title}（新）` }],
      },
    });
    await reviewAndPublish(suite.admin, draft.body.id, tokens);
    for (const p of suite.policies) {
      assert.ok(
        await eventually(async () =>
          (await call(p, "GET", `/v1/policies/${pid}`, { token: tokens.host })).body.effectiveTo ===
            addDays(today, 2)
        ),
        "each instance serves the new end date of version 1",
      );
    }
    assert.ok(
      await eventually(async () => {
        const r = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/propagation`, {
          token: tokens.operator,
        });
        const cache = r.body.channels.find((c: { channel: string }) => c.channel === "policy-cache");
        return new Set(cache?.acknowledgements.map((a: { consumer: string }) => a.consumer)).size === 2;
      }, 10_000),
      "both instances acknowledged",
    );
  } finally {
    await suite.stop();
  }
});
