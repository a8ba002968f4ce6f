/**
 * A claim carries each delivery's event texts even when it spans more events than the repository keeps
 * (`eventTextsKept`): the texts of this claim are its own, whatever the bounded cache drops. Real Neo4j.
 */
import assert from "node:assert/strict";
import { eventTextsKept, NotificationsRepository } from "../../services/notifications/repository.ts";
import { testGraph, unique } from "../harness/mod.ts";

Deno.test("notifications claim - every delivery has its event's texts when one claim spans more events than are kept", async () => {
  const graph = testGraph();
  try {
    const repo = new NotificationsRepository(graph);
    const events = eventTextsKept + 6;
    const keys: string[] = [];
    for (let i = 0; i < events; i++) {
      const id = unique(`claim-texts-event-${i}`);
      await repo.upsertEvent({
        id,
        type: "policy.amended",
        policyId: null,
        amendmentId: null,
        sessionId: null,
        context: JSON.stringify({ n: i }),
        payload: JSON.stringify({ id, n: i }),
      });
      const key = `${id}|sub|webhook`;
      await repo.createDeliveries({ id, type: "policy.amended", amendmentId: null, policyId: null }, [{
        key,
        noticeKey: null,
        id: unique("delivery"),
        subscriberId: unique("claim-texts-sub"),
        channel: "webhook",
        status: "pending",
        dueAt: Date.now(),
        digest: false,
      }]);
      keys.push(key);
    }
    const claimed = await repo.claim(keys, unique("claim-texts-worker"), 60_000);
    assert.equal(claimed.length, events);
    for (const c of claimed) {
      assert.ok(c.event, `delivery ${c.delivery.key} has its event's texts`);
      assert.equal((JSON.parse(c.event.payload) as { id: string }).id, c.delivery.eventId);
    }
  } finally {
    await graph.close();
  }
});
