import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { eventually } from "../harness/mod.ts";
import {
  addDays,
  newPolicy,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";
import { createItem, knowledgeItem, ownPolicy } from "./_items.ts";
import { call, ownPlaces, startSessions } from "./_suite.ts";

Deno.test("stale items: an amendment flags the items citing it with the change list, shows in the propagation report; confirm and edit clear it", async () => {
  const suite = await startSuite();
  const svc = await startSessions(2);
  try {
    const s = svc.instances[0]!;
    const tokens = await people();
    const places = await ownPlaces();
    const pid = `items-${places.topic.toLowerCase()}`;
    await publishNewPolicy(suite, newPolicy(pid, places.topic, ["110000"]), tokens);
    const otherPolicy = await ownPolicy("items-untouched", 1);
    const a = await createItem(s, tokens.operator, knowledgeItem(pid, 1));
    const b = await createItem(s, tokens.operator, knowledgeItem(pid, 1, { stem: "备案以后可以直接结算。" }));
    const unrelated = await createItem(s, tokens.operator, knowledgeItem(otherPolicy, 1));
    const opinion = await createItem(s, tokens.operator, { kind: "rating", stem: "讲得清楚吗？" });

    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "备案渠道调整，明天起执行",
        effectiveFrom: addDays(shanghaiToday(), 1),
        changes: [{ field: "title", before: v1.body.title, after: `${v1.body.title}（修订）` }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);

    const read = async (id: string) =>
      (await call(s, "GET", `/v1/items/${id}`, { token: tokens.reviewer })).body;
    assert.ok(await eventually(async () => (await read(a.id)).status === "needsReview", 15_000), "flagged");
    const flagged = await read(a.id);
    assert.equal(flagged.review.amendmentId, draft.body.id);
    assert.equal(flagged.review.summary, "备案渠道调整，明天起执行");
    assert.deepEqual(flagged.review.changes[0].field, "title");
    assert.equal(flagged.review.testedVersion, 1);
    assert.equal((await read(b.id)).status, "needsReview");
    assert.equal((await read(unrelated.id)).status, "ready");
    assert.equal((await read(opinion.id)).status, "ready");
    const listed = await call(s, "GET", `/v1/items?status=needsReview&policy=${pid}`, {
      token: tokens.reviewer,
    });
    assert.deepEqual(listed.body.items.map((i: { id: string }) => i.id).sort(), [a.id, b.id].sort());

    // The propagation report names the items channel with the count flagged (one acknowledgement
    // although two instances consume).
    assert.ok(
      await eventually(async () => {
        const r = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/propagation`, {
          token: tokens.operator,
        });
        const items = r.body.channels?.find((c: { channel: string }) => c.channel === "items");
        const expected = r.body.expectedChannels?.find((c: { channel: string }) => c.channel === "items");
        return items?.acknowledgements.length === 1 && items.acknowledgements[0].detail.itemsFlagged === 2 &&
          expected?.acknowledged === true;
      }, 15_000),
      "channel.synced from items recorded with itemsFlagged = 2",
    );

    // A host (not the author) may not confirm; the operator confirms a (now testing the newest version).
    const host = await call(s, "POST", `/v1/items/${a.id}/confirm`, { token: tokens.host });
    assert.equal(host.status, 403);
    const confirmed = await call(s, "POST", `/v1/items/${a.id}/confirm`, { token: tokens.operator });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.status, "ready");
    assert.equal(confirmed.body.review, null);
    assert.ok(confirmed.body.tests.version > 1, "tests the amended version");
    // An edit clears b's flag too.
    const edited = await call(s, "PATCH", `/v1/items/${b.id}`, {
      token: tokens.operator,
      body: { explanation: "按新规定，备案后可以直接结算。" },
    });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.status, "ready");
  } finally {
    await svc.stop();
    await suite.stop();
  }
});
