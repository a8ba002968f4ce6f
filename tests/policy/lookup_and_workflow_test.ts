import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { eventually, testGraph, unique } from "../harness/mod.ts";
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

Deno.test("policy lookup - inheritance and shadowing across national, province, city and county", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const id = (s: string) => `${s}-${topic.toLowerCase()}`;
  try {
    const national = newPolicy(id("nat"), topic, ["000000"]);
    await publishNewPolicy(suite, national, tokens);
    await publishNewPolicy(suite, newPolicy(id("bj"), topic, ["110000"], { overrides: national.id }), tokens);
    await publishNewPolicy(
      suite,
      newPolicy(id("bj-city"), topic, ["110100"], { overrides: id("bj") }),
      tokens,
    );
    await publishNewPolicy(
      suite,
      newPolicy(id("chaoyang"), topic, ["110105"], { overrides: id("bj-city") }),
      tokens,
    );
    // a local policy that adds to what is inherited, overriding nothing
    await publishNewPolicy(suite, newPolicy(id("bj-extra"), topic, ["110000"]), tokens);

    const inForce = async (region: string, asOf?: string) => {
      const r = await call(
        suite.policy,
        "GET",
        `/v1/policies?region=${region}&topic=${topic}${asOf ? `&asOf=${asOf}` : ""}`,
        {
          token: tokens.host,
        },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items.map((i: { id: string }) => i.id).sort();
    };
    assert.deepEqual(
      await inForce("110105"),
      [id("bj-extra"), id("chaoyang")].sort(),
      "the county's own policy shadows the chain",
    );
    assert.deepEqual(
      await inForce("110106"),
      [id("bj-city"), id("bj-extra")].sort(),
      "a sibling county inherits the city's",
    );
    assert.deepEqual(await inForce("110100"), [id("bj-city"), id("bj-extra")].sort());
    assert.deepEqual(await inForce("110000"), [id("bj"), id("bj-extra")].sort());
    assert.deepEqual(await inForce("120101"), [id("nat")], "another province inherits the national policy");
    assert.deepEqual(
      await inForce("110105", addDays(shanghaiToday(), -1)),
      [],
      "nothing was in force the day before",
    );

    const one = await call(
      suite.policy,
      "GET",
      `/v1/policies?region=110105&topic=${topic}&audience=elderly`,
      { token: tokens.host },
    );
    const chaoyang = one.body.items.find((i: { id: string }) => i.id === id("chaoyang"));
    assert.equal(chaoyang.summary.audience, "elderly");
    assert.match(chaoyang.summary.text, /老年朋友/);
    assert.equal(chaoyang.docNumber.length > 0, true);
    assert.deepEqual(chaoyang.overrides, [id("bj-city")]);
  } finally {
    await suite.stop();
  }
});

Deno.test("policy-admin - four eyes, optimistic concurrency, audit trail and bad input", async (t) => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `fe-${topic.toLowerCase()}`;
  try {
    const created = await call(suite.admin, "POST", "/v1/policies", {
      token: tokens.operator,
      body: newPolicy(pid, topic, ["370600"]),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const amd = created.body.id;

    await t.step("publishing without approval is 409", async () => {
      const r = await call(suite.admin, "POST", `/v1/amendments/${amd}/publish`, { token: tokens.operator });
      assert.equal(r.status, 409);
      assert.equal(r.body.code, "conflict");
    });
    await t.step("a host may not draft; an operator may not approve", async () => {
      assert.equal(
        (await call(suite.admin, "POST", "/v1/policies", {
          token: tokens.host,
          body: newPolicy(`${pid}-x`, topic, ["370600"]),
        })).status,
        403,
      );
      await call(suite.admin, "POST", `/v1/amendments/${amd}/submit`, { token: tokens.operator });
      assert.equal(
        (await call(suite.admin, "POST", `/v1/amendments/${amd}/approve`, { token: tokens.operator2 }))
          .status,
        403,
      );
    });
    await t.step(
      "reviewers cannot draft; the author cannot approve their own amendment, even as an admin",
      async () => {
        const reviewerDraft = await call(suite.admin, "POST", "/v1/policies", {
          token: tokens.reviewer,
          body: newPolicy(`${pid}-rev`, topic, ["370600"]),
        });
        assert.equal(reviewerDraft.status, 403);
        // an admin may do every step, but never approve what they drafted
        const own = await call(suite.admin, "POST", "/v1/policies", {
          token: tokens.admin,
          body: newPolicy(`${pid}-adm`, topic, ["370600"]),
        });
        assert.equal(own.status, 201, JSON.stringify(own.body));
        assert.equal(
          (await call(suite.admin, "POST", `/v1/amendments/${own.body.id}/submit`, { token: tokens.admin }))
            .status,
          200,
        );
        const selfApproval = await call(suite.admin, "POST", `/v1/amendments/${own.body.id}/approve`, {
          token: tokens.admin,
        });
        assert.equal(selfApproval.status, 403);
        assert.equal(selfApproval.body.code, "forbidden");
        assert.equal(
          (await call(suite.admin, "POST", `/v1/amendments/${own.body.id}/approve`, {
            token: tokens.reviewer,
          })).status,
          200,
        );
      },
    );
    await t.step("a reviewer approves and the operator publishes", async () => {
      const approved = await call(suite.admin, "POST", `/v1/amendments/${amd}/approve`, {
        token: tokens.reviewer,
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.approvedBy, "user:rev-cai");
      const published = await call(suite.admin, "POST", `/v1/amendments/${amd}/publish`, {
        token: tokens.operator,
      });
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.version, 1);
    });

    let draft: string;
    let etag: string;
    await t.step("a draft amendment: changes that change nothing are 422, stale ones 422", async () => {
      const same = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "不改变任何内容",
          effectiveFrom: addDays(shanghaiToday(), 1),
          changes: [{ field: "title", before: `测试政策 ${pid}`, after: `测试政策 ${pid}` }],
        },
      });
      assert.equal(same.status, 422);
      const wrongBefore = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "前值不对的修改",
          effectiveFrom: addDays(shanghaiToday(), 1),
          changes: [{ field: "title", before: "别的标题", after: "新标题" }],
        },
      });
      assert.equal(wrongBefore.status, 422);
      const ok = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "2025 年起调整说明文字",
          effectiveFrom: addDays(shanghaiToday(), 1),
          changes: [{
            field: "summaries.elderly",
            before: "老年朋友：这项待遇可以用，有疑问请拨打 12393。",
            after: "老年朋友：明天起新规生效，有疑问请拨打 12393。",
          }],
        },
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      draft = ok.body.id;
      etag = ok.headers.get("etag")!;
      assert.equal(etag, '"r1"');
    });
    await t.step("edits need If-Match: none is 428, stale is 412, current is 200", async () => {
      const body = { summary: "2025 年起调整说明文字（修订）" };
      assert.equal(
        (await call(suite.admin, "PATCH", `/v1/amendments/${draft}`, { token: tokens.operator, body }))
          .status,
        428,
      );
      const ok = await call(suite.admin, "PATCH", `/v1/amendments/${draft}`, {
        token: tokens.operator2,
        body,
        headers: { "if-match": etag },
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.headers.get("etag"), '"r2"');
      const stale = await call(suite.admin, "PATCH", `/v1/amendments/${draft}`, {
        token: tokens.operator,
        body,
        headers: { "if-match": etag },
      });
      assert.equal(stale.status, 412);
      assert.equal(stale.body.code, "preconditionFailed");
    });
    await t.step("the audit trail says who did what, with before and after", async () => {
      const r = await call(suite.admin, "GET", `/v1/audit?entityId=${amd}`, { token: tokens.reviewer });
      assert.equal(r.status, 200);
      const actions = r.body.items.map((e: { action: string }) => e.action).reverse();
      assert.deepEqual(actions, [
        "amendment.create",
        "amendment.submit",
        "amendment.approve",
        "amendment.publish",
      ]);
      const approve = r.body.items.find((e: { action: string }) => e.action === "amendment.approve");
      assert.equal(approve.actorId, "user:rev-cai");
      assert.equal(approve.before.status, "submitted");
      assert.equal(approve.after.status, "approved");
      const edits = await call(suite.admin, "GET", `/v1/audit?entityId=${draft}`, { token: tokens.operator });
      assert.equal(edits.body.items[0].action, "amendment.update");
      assert.equal(edits.body.items[0].actorId, "user:op-bo");
    });
    await t.step("bad input answers problem+json naming the field", async () => {
      const bad = await call(suite.admin, "POST", "/v1/policies", {
        token: tokens.operator,
        body: { ...newPolicy(`${pid}-bad`, topic, ["999999"]), audiences: ["nobody"] },
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.errors.some((e: { path: string }) => e.path.startsWith("body.audiences")));
      const unknownRegion = await call(suite.admin, "POST", "/v1/policies", {
        token: tokens.operator,
        body: newPolicy(`${pid}-r`, topic, ["999999"]),
      });
      assert.equal(unknownRegion.status, 400);
      assert.deepEqual(unknownRegion.body.errors.map((e: { path: string }) => e.path), ["body.regions"]);
      const dup = await call(suite.admin, "POST", "/v1/policies", {
        token: tokens.operator,
        body: newPolicy(pid, topic, ["370600"]),
      });
      assert.equal(dup.status, 409);
      const graph = testGraph();
      try {
        const leftovers = await graph.read(async (tx) =>
          (await tx.run("MATCH (p:Policy) WHERE p.id IN $ids RETURN count(p) AS n", {
            ids: [`${pid}-bad`, `${pid}-r`],
          })).records[0]!.get("n")
        );
        assert.equal(leftovers, 0, "nothing half-written survives a failed request");
      } finally {
        await graph.close();
      }
      assert.equal(
        (await call(suite.admin, "GET", `/v1/amendments/amd-${crypto.randomUUID()}`, {
          token: tokens.operator,
        })).status,
        404,
      );
    });
  } finally {
    await suite.stop();
  }
});

Deno.test("policy lookup - as of before and after a scheduled change, versions, diff, change feed, cache invalidation", async (t) => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `sched-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const tomorrow = addDays(today, 1);
  try {
    const feedStart = await call(suite.policy, "GET", "/v1/changes?limit=500", { token: tokens.host });
    let cursor = feedStart.body.next;
    while (
      (await call(suite.policy, "GET", `/v1/changes?since=${cursor}&limit=500`, { token: tokens.host })).body
        .hasMore
    ) {
      cursor =
        (await call(suite.policy, "GET", `/v1/changes?since=${cursor}&limit=500`, { token: tokens.host }))
          .body.next;
    }
    await publishNewPolicy(suite, newPolicy(pid, topic, ["320700"]), tokens);
    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    assert.equal(v1.status, 200);
    assert.equal(v1.body.version, 1);
    const etag = v1.headers.get("etag")!;
    assert.equal(
      (await call(suite.policy, "GET", `/v1/policies/${pid}`, {
        token: tokens.host,
        headers: { "if-none-match": etag },
      })).status,
      304,
    );

    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "明天起正文调整",
        effectiveFrom: tomorrow,
        changes: [{
          field: "body",
          before: v1.body.body,
          after: `${v1.body.body}自明日起，办理渠道增加线上入口。`,
        }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);

    await t.step("as of today the old version, as of tomorrow the new one", async () => {
      // version 1 was cached before the amendment: the published event drops it (eventually)
      assert.ok(
        await eventually(async () =>
          (await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${today}`, { token: tokens.host })).body
            .effectiveTo === tomorrow
        ),
      );
      const now = await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${today}`, {
        token: tokens.host,
      });
      assert.equal(now.body.version, 1);
      const later = await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${tomorrow}`, {
        token: tokens.host,
      });
      assert.equal(later.body.version, 2);
      assert.match(later.body.body, /线上入口/);
      const before = await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${addDays(today, -3)}`, {
        token: tokens.host,
      });
      assert.equal(before.status, 404);
    });
    await t.step("versions and a field-level diff", async () => {
      const versions = await call(suite.policy, "GET", `/v1/policies/${pid}/versions`, {
        token: tokens.host,
      });
      assert.deepEqual(versions.body.versions.map((v: { version: number }) => v.version), [1, 2]);
      const diff = await call(suite.policy, "GET", `/v1/policies/${pid}/diff?from=1&to=2`, {
        token: tokens.host,
      });
      assert.equal(diff.status, 200);
      assert.deepEqual(diff.body.changes.map((c: { field: string }) => c.field), ["body"]);
      assert.equal(diff.body.changes[0].before, v1.body.body);
      assert.equal(
        (await call(suite.policy, "GET", `/v1/policies/${pid}/diff?from=1&to=9`, { token: tokens.host }))
          .status,
        404,
      );
    });
    await t.step("the change feed lists the publications in order, paged by cursor", async () => {
      const r = await call(suite.policy, "GET", `/v1/changes?since=${cursor}&limit=500`, {
        token: tokens.host,
      });
      const mine = r.body.items.filter((i: { policyId: string }) => i.policyId === pid);
      assert.deepEqual(mine.map((i: { kind: string; version: number }) => `${i.kind}:${i.version}`), [
        "published:1",
        "effective:1",
        "published:2",
      ]);
      const seqs = r.body.items.map((i: { seq: number }) => i.seq);
      assert.deepEqual(seqs, [...seqs].sort((a: number, b: number) => a - b));
      const bad = await call(suite.policy, "GET", "/v1/changes?since=not-a-cursor", { token: tokens.host });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ["query.since"]);
    });
    await t.step(
      "a published amendment invalidates the cache and is acknowledged with channel.synced",
      async () => {
        const cachedToday = await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${tomorrow}`, {
          token: tokens.host,
        });
        assert.equal(cachedToday.body.version, 2);
        const amend = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
          token: tokens.operator,
          body: {
            summary: "标题调整，后天生效",
            effectiveFrom: addDays(today, 2),
            changes: [{ field: "title", before: `测试政策 ${pid}`, after: `测试政策 ${pid}（修订）` }],
          },
        });
        await reviewAndPublish(suite.admin, amend.body.id, tokens);
        assert.ok(
          await eventually(
            async () =>
              (await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${tomorrow}`, {
                token: tokens.host,
              }))
                .body.effectiveTo === addDays(today, 2),
            10_000,
          ),
          "the cached version 2 was dropped and re-read with its new end date",
        );
        assert.ok(
          await eventually(async () => {
            const p = await call(suite.admin, "GET", `/v1/amendments/${amend.body.id}/propagation`, {
              token: tokens.operator,
            });
            return p.body.channels.some((ch: { channel: string }) => ch.channel === "policy-cache");
          }, 10_000),
          "the policy cache acknowledged the amendment",
        );
      },
    );
    await t.step("withdrawing a scheduled amendment restores the version before it", async () => {
      const audit = await call(suite.admin, "GET", `/v1/audit?entityId=${pid}&limit=50`, {
        token: tokens.operator,
      });
      const last = audit.body.items.find((e: { action: string }) => e.action === "amendment.publish");
      const w = await call(suite.admin, "POST", `/v1/amendments/${last.entityId}/withdraw`, {
        token: tokens.operator,
      });
      assert.equal(w.status, 200, JSON.stringify(w.body));
      assert.equal(w.body.status, "withdrawn");
      assert.ok(
        await eventually(async () =>
          (await call(suite.policy, "GET", `/v1/policies/${pid}?asOf=${addDays(today, 5)}`, {
            token: tokens.host,
          })).body.version === 2
        ),
      );
    });
    await t.step("bad input: unknown region and policy 404, malformed date 400", async () => {
      assert.equal(
        (await call(suite.policy, "GET", "/v1/policies?region=990000", { token: tokens.host })).status,
        404,
      );
      assert.equal(
        (await call(suite.policy, "GET", `/v1/policies/no-such-policy-${unique("x")}`, {
          token: tokens.host,
        })).status,
        404,
      );
      const bad = await call(suite.policy, "GET", "/v1/policies?region=110105&asOf=2025-02-30", {
        token: tokens.host,
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ["query.asOf"]);
      assert.equal((await call(suite.policy, "GET", "/v1/policies?region=110105")).status, 401);
    });
  } finally {
    await suite.stop();
  }
});
