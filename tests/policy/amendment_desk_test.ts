import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { publishEvent, syncedEvent } from "@yibao/events";
import { issueToken } from "@yibao/kit";
import { eventually, testBus, testGraph, testTokenSecret, unique } from "../harness/mod.ts";
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

/** People of this test only (unique ids), so filters by author see nothing of other tests. */
async function ownPeople() {
  const t = (role: "operator" | "reviewer" | "admin") => {
    const sub = unique(role.slice(0, 3));
    return issueToken(testTokenSecret, { sub, role, name: `测试${role}` }).then((token) => ({
      token,
      id: `user:${sub}`,
    }));
  };
  const operator = await t("operator");
  const reviewer = await t("reviewer");
  const admin = await t("admin");
  return {
    operator,
    reviewer,
    admin,
    /** The shape `publishNewPolicy` and `reviewAndPublish` take. */
    tokens: { ...(await people()), operator: operator.token, reviewer: reviewer.token },
  };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

Deno.test("amendment desk - every state filter, waitingForMe, counts, complete cursor paging, return with a reason", async (t) => {
  const suite = await startSuite();
  const me = await ownPeople();
  const topic = await ownTopic();
  const pid = `desk-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const as = (token: string) => ({ token });
  try {
    const initial = await publishNewPolicy(suite, newPolicy(pid, topic, ["370600"]), me.tokens);
    const title = `测试政策 ${pid}`;
    const draftOf = async (token: string, n: number, effectiveFrom = addDays(today, 10 + n)) => {
      const r = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token,
        body: {
          summary: `第 ${n} 号修订说明`,
          effectiveFrom,
          changes: [{ field: "title", before: title, after: `${title}（第 ${n} 次修订）` }],
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const step = async (id: string, action: string, token: string, body?: unknown) => {
      const r = await call(suite.admin, "POST", `/v1/amendments/${id}/${action}`, {
        token,
        ...(body ? { body } : {}),
      });
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    // scheduled: published, in effect from the day after tomorrow
    const scheduled = await draftOf(me.operator.token, 1, addDays(today, 2));
    await reviewAndPublish(suite.admin, scheduled, me.tokens);
    const titleNow = `${title}（第 1 次修订）`;
    const draftAgainstNow = async (token: string, n: number) => {
      const r = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token,
        body: {
          summary: `第 ${n} 号修订说明`,
          effectiveFrom: addDays(today, 10 + n),
          changes: [{ field: "title", before: titleNow, after: `${title}（第 ${n} 次修订）` }],
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const draft = await draftAgainstNow(me.operator.token, 2);
    const returned = await draftAgainstNow(me.operator.token, 3);
    await step(returned, "submit", me.operator.token);
    await step(returned, "return", me.reviewer.token, { reason: "  请补充依据文件的文号。  " });
    const submitted = await draftAgainstNow(me.operator.token, 4);
    await step(submitted, "submit", me.operator.token);
    const approved = await draftAgainstNow(me.operator.token, 5);
    await step(approved, "submit", me.operator.token);
    await step(approved, "approve", me.reviewer.token);
    const withdrawn = await draftAgainstNow(me.operator.token, 6);
    await step(withdrawn, "withdraw", me.operator.token);
    // an admin's own submission: in the reviewer's queue, not in the admin's
    const adminOwn = await draftAgainstNow(me.admin.token, 7);
    await step(adminOwn, "submit", me.admin.token);
    const all = [initial.id, scheduled, draft, returned, submitted, approved, withdrawn, adminOwn];

    const board = async (query: string, token = me.operator.token) => {
      const r = await call(suite.admin, "GET", `/v1/amendments?policyId=${pid}&${query}`, as(token));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };

    await t.step("each state filter finds exactly its amendments", async () => {
      const expected: Record<string, string[]> = {
        draft: [draft],
        returned: [returned],
        submitted: [submitted, adminOwn],
        approved: [approved],
        scheduled: [scheduled],
        published: [initial.id],
        withdrawn: [withdrawn],
      };
      for (const [state, want] of Object.entries(expected)) {
        const page = await board(`state=${state}`);
        assert.deepEqual(ids(page.items), [...want].sort(), state);
        for (const item of page.items) assert.equal(item.state, state);
      }
      assert.deepEqual(ids((await board("state=draft,returned")).items), [draft, returned].sort());
      assert.deepEqual(ids((await board("state=draft&state=scheduled")).items), [draft, scheduled].sort());
      const bad = await call(suite.admin, "GET", "/v1/amendments?state=lost", as(me.operator.token));
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ["query.state"]);
    });

    await t.step("items carry the policy, people, dates and the latest return", async () => {
      const { items } = await board("limit=100");
      const byId = new Map(items.map((i: { id: string }) => [i.id, i]));
      // deno-lint-ignore no-explicit-any -- JSON items
      const r = byId.get(returned) as any;
      assert.equal(r.policyTitle, titleNow);
      assert.ok(r.docNumber.startsWith("测试"));
      assert.equal(r.authorId, me.operator.id);
      assert.equal(r.authorName, "测试operator");
      assert.equal(r.latestReturn.reason, "请补充依据文件的文号。", "trimmed");
      assert.equal(r.latestReturn.by, me.reviewer.id);
      assert.equal(r.latestReturn.byName, "测试reviewer");
      assert.ok(r.submittedAt);
      // deno-lint-ignore no-explicit-any -- JSON items
      const a = byId.get(approved) as any;
      assert.equal(a.approvedBy, me.reviewer.id);
      assert.equal(a.approvedByName, "测试reviewer");
      assert.equal(a.latestReturn, null);
      assert.equal(typeof a.revision, "number");
      const times = items.map((i: { updatedAt: string }) => i.updatedAt);
      assert.deepEqual(times, [...times].sort().reverse(), "newest updatedAt first");
    });

    await t.step("counts by state ignore the state filter and follow the others", async () => {
      const counts = (await board("state=draft")).counts;
      assert.deepEqual(counts, {
        draft: 1,
        returned: 1,
        submitted: 2,
        approved: 1,
        scheduled: 1,
        published: 1,
        withdrawn: 1,
      });
      const mine = (await board(`authorId=${encodeURIComponent(me.admin.id)}`)).counts;
      assert.equal(mine.submitted, 1);
      assert.equal(mine.draft, 0);
    });

    await t.step("waitingForMe: submitted amendments the caller did not author", async () => {
      assert.deepEqual(
        ids((await board("waitingForMe=true", me.reviewer.token)).items),
        [submitted, adminOwn].sort(),
      );
      const adminQueue = await board("waitingForMe=true", me.admin.token);
      assert.deepEqual(
        ids(adminQueue.items),
        [submitted],
        "the admin's own submission is not theirs to review",
      );
      assert.equal(adminQueue.counts.submitted, 1);
      assert.equal(adminQueue.counts.draft, 0);
    });

    await t.step("cursor paging is complete, without duplicates, and ends with nextCursor null", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await board(`limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.equal(new Set(seen).size, seen.length, "no duplicates");
      assert.deepEqual([...seen].sort(), [...all].sort(), "every amendment once");
      assert.deepEqual(seen, (await board("limit=100")).items.map((i: { id: string }) => i.id), "one order");
      const bad = await call(suite.admin, "GET", "/v1/amendments?cursor=not-a-cursor", as(me.operator.token));
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ["query.cursor"]);
      const tooMany = await call(suite.admin, "GET", "/v1/amendments?limit=101", as(me.operator.token));
      assert.equal(tooMany.status, 400);
      assert.equal((await call(suite.admin, "GET", "/v1/amendments", as(me.tokens.host))).status, 403);
    });

    await t.step(
      "the author sees the returned state and the reason; resubmitting makes it submitted",
      async () => {
        const got = await call(suite.admin, "GET", `/v1/amendments/${returned}`, as(me.operator.token));
        assert.equal(got.body.state, "returned");
        assert.equal(got.body.status, "draft");
        assert.equal(got.body.returns.length, 1);
        assert.equal(got.body.returns[0].reason, "请补充依据文件的文号。");
        assert.equal(got.body.returns[0].by, me.reviewer.id);
        const again = await step(returned, "submit", me.operator.token);
        assert.equal(again.state, "submitted");
        assert.equal(again.returns.length, 1, "the history stays");
        const audit = await call(suite.admin, "GET", `/v1/audit?entityId=${returned}`, as(me.reviewer.token));
        const ret = audit.body.items.find((e: { action: string }) => e.action === "amendment.return");
        assert.equal(ret.actorId, me.reviewer.id);
        assert.equal(ret.before.status, "submitted");
        assert.equal(ret.after.status, "draft");
        assert.equal(ret.after.returns[0].reason, "请补充依据文件的文号。");
      },
    );

    await t.step(
      "return: the author never returns their own, a reason is required, only from submitted",
      async () => {
        const own = await call(suite.admin, "POST", `/v1/amendments/${adminOwn}/return`, {
          token: me.admin.token,
          body: { reason: "自己退回自己" },
        });
        assert.equal(own.status, 403);
        assert.equal(own.body.code, "forbidden");
        for (const body of [{}, { reason: "   " }, { reason: "短" }, { reason: "长".repeat(1001) }]) {
          const r = await call(suite.admin, "POST", `/v1/amendments/${submitted}/return`, {
            token: me.reviewer.token,
            body,
          });
          assert.equal(r.status, 400, JSON.stringify(body));
          assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), ["body.reason"]);
        }
        const fromDraft = await call(suite.admin, "POST", `/v1/amendments/${draft}/return`, {
          token: me.reviewer.token,
          body: { reason: "草稿不能退回" },
        });
        assert.equal(fromDraft.status, 409);
        const byOperator = await call(suite.admin, "POST", `/v1/amendments/${submitted}/return`, {
          token: me.tokens.operator2,
          body: { reason: "运营人员不能退回" },
        });
        assert.equal(byOperator.status, 403, "returning is a reviewer's step");
        const stale = await call(suite.admin, "POST", `/v1/amendments/${submitted}/return`, {
          token: me.reviewer.token,
          body: { reason: "版本号不对" },
          headers: { "if-match": '"r1"' },
        });
        assert.equal(stale.status, 412);
        assert.equal((await board("state=returned")).items.length, 0, "nothing returned after the refusals");
      },
    );
  } finally {
    await suite.stop();
  }
});

Deno.test("effectiveFrom in the past is refused on create, PATCH and submit, naming the field", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `past-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const yesterday = addDays(today, -1);
  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
  try {
    const created = await call(suite.admin, "POST", "/v1/policies", {
      token: tokens.operator,
      body: newPolicy(`${pid}-x`, topic, ["370600"], { effectiveFrom: yesterday }),
    });
    assert.equal(created.status, 422, JSON.stringify(created.body));
    assert.deepEqual(paths(created.body), ["body.effectiveFrom"]);

    await publishNewPolicy(suite, newPolicy(pid, topic, ["370600"]), tokens);
    const body = (effectiveFrom: string) => ({
      summary: "调整标题",
      effectiveFrom,
      changes: [{ field: "title", before: `测试政策 ${pid}`, after: `测试政策 ${pid}（新）` }],
    });
    const past = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: body(yesterday),
    });
    assert.equal(past.status, 422);
    assert.deepEqual(paths(past.body), ["body.effectiveFrom"]);

    const ok = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: body(addDays(today, 3)),
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const patch = await call(suite.admin, "PATCH", `/v1/amendments/${ok.body.id}`, {
      token: tokens.operator,
      body: { effectiveFrom: yesterday },
      headers: { "if-match": ok.headers.get("etag")! },
    });
    assert.equal(patch.status, 422);
    assert.deepEqual(paths(patch.body), ["body.effectiveFrom"]);

    // A draft whose day passed while it waited (written here as the calendar would have it).
    const graph = testGraph();
    try {
      await graph.write((tx) =>
        tx.run("MATCH (a:Amendment {id: $id}) SET a.effectiveFrom = date($d)", {
          id: ok.body.id,
          d: yesterday,
        })
      );
    } finally {
      await graph.close();
    }
    const submit = await call(suite.admin, "POST", `/v1/amendments/${ok.body.id}/submit`, {
      token: tokens.operator,
    });
    assert.equal(submit.status, 422, JSON.stringify(submit.body));
    assert.deepEqual(paths(submit.body), ["effectiveFrom"]);
    const fixed = await call(suite.admin, "PATCH", `/v1/amendments/${ok.body.id}`, {
      token: tokens.operator,
      body: { effectiveFrom: today },
      headers: { "if-match": '"r1"' },
    });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(
      (await call(suite.admin, "POST", `/v1/amendments/${ok.body.id}/submit`, { token: tokens.operator }))
        .status,
      200,
      "today is fine",
    );
  } finally {
    await suite.stop();
  }
});

Deno.test("amendment content - base and draft for a rule parameter change; null draft naming the field once stale", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `content-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const rule = {
    id: `${pid}-chronic`,
    insuranceType: "resident",
    visitType: "chronicSpecialOutpatient",
    source: { region: "411402", year: 2026, note: "测试规则，参数为示意" },
    deductible: { kind: "none" },
    rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 7000 }] },
    classBSelfPayBp: 0,
    annualCapFen: 100_000,
  };
  const field = `rules.${rule.id}.annualCapFen`;
  const content = async (id: string) => {
    const r = await call(suite.admin, "GET", `/v1/amendments/${id}/content`, { token: tokens.reviewer });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  try {
    const initial = await publishNewPolicy(
      suite,
      { ...newPolicy(pid, topic, ["411402"]), rules: [rule] } as never,
      tokens,
    );
    const first = await content(initial.id);
    assert.equal(first.base, null, "a new policy has no base");
    assert.equal(first.baseVersion, 0);
    assert.equal(first.draft.rules[0].annualCapFen, 100_000);

    const draft = async (after: number, days: number) => {
      const r = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "年度支付限额调整",
          effectiveFrom: addDays(today, days),
          changes: [{ field, before: 100_000, after }],
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const a = await draft(300_000, 1);
    const b = await draft(200_000, 2);
    const c1 = await content(a);
    assert.equal(c1.policyId, pid);
    assert.equal(c1.baseVersion, 1);
    assert.equal(c1.base.rules[0].annualCapFen, 100_000);
    assert.equal(c1.draft.rules[0].annualCapFen, 300_000);
    assert.equal(c1.draft.title, c1.base.title, "the rest as it is");
    assert.deepEqual(c1.changes, [{ field, before: 100_000, after: 300_000 }]);
    assert.deepEqual(c1.problems, []);

    await reviewAndPublish(suite.admin, a, tokens);
    const published = await content(a);
    assert.equal(published.baseVersion, 1, "a published amendment shows the version before it");
    assert.equal(published.base.rules[0].annualCapFen, 100_000);
    assert.equal(published.draft.rules[0].annualCapFen, 300_000);

    const stale = await content(b);
    assert.equal(stale.baseVersion, 2);
    assert.equal(stale.base.rules[0].annualCapFen, 300_000);
    assert.equal(stale.draft, null, "its change no longer applies");
    assert.deepEqual(stale.problems.map((p: { field: string }) => p.field), [field]);
    assert.equal(
      (await call(suite.admin, "GET", `/v1/amendments/amd-${crypto.randomUUID()}/content`, {
        token: tokens.reviewer,
      })).status,
      404,
    );
    assert.equal(
      (await call(suite.admin, "GET", `/v1/amendments/${a}/content`, { token: tokens.host })).status,
      403,
    );
    const spec = await call(suite.admin, "GET", "/openapi.json");
    assert.equal(spec.status, 200);
    for (
      const [path, method, operationId] of [
        ["/v1/amendments", "get", "getAmendments"],
        ["/v1/amendments/{id}/content", "get", "getAmendmentsByIdContent"],
        ["/v1/amendments/{id}/return", "post", "returnAmendment"],
      ] as const
    ) {
      assert.equal(spec.body.paths[path]?.[method]?.operationId, operationId, path);
    }
  } finally {
    await suite.stop();
  }
});

Deno.test("propagation report - channel detail, event ids, expected channels; audit filters by policy and time", async (t) => {
  const suite = await startSuite();
  const bus = await testBus();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `prop-${topic.toLowerCase()}`;
  try {
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const amendment = await publishNewPolicy(suite, newPolicy(pid, topic, ["370600"]), tokens);
    await new Promise((r) => setTimeout(r, 5));
    const t1 = new Date().toISOString();
    assert.ok(amendment.publishedEventId);
    assert.ok(amendment.effectiveEventId, "it takes effect today");
    assert.equal(amendment.approvedByName, "rev-cai");
    assert.equal(amendment.publishedByName, "op-ann");

    await t.step("a channel's detail is kept, and the expected channels say who acknowledged", async () => {
      await publishEvent(
        bus,
        syncedEvent({
          channel: "notifications",
          consumer: "notifications",
          source: "/tests/policy",
          eventId: amendment.publishedEventId,
          eventType: "policy.amendment.published",
          policyId: pid,
          amendmentId: amendment.id,
          detail: {
            subscribers: 5,
            reached: 4,
            total: 5,
            byChannel: [{ channel: "webhook", reached: 4, total: 5 }],
          },
        }),
      );
      const report = async () =>
        (await call(suite.admin, "GET", `/v1/amendments/${amendment.id}/propagation`, {
          token: tokens.operator,
        })).body;
      assert.ok(
        await eventually(async () => {
          const r = await report();
          return ["notifications", "policy-cache"].every((ch) =>
            r.expectedChannels.find((e: { channel: string }) => e.channel === ch).acknowledged
          );
        }, 15_000),
        JSON.stringify(await report()),
      );
      const r = await report();
      assert.equal(r.publishedAt, amendment.publishedAt);
      assert.equal(r.publishedEventId, amendment.publishedEventId);
      assert.equal(r.effectiveEventId, amendment.effectiveEventId);
      const n = r.channels.find((c: { channel: string }) => c.channel === "notifications");
      assert.deepEqual(n.acknowledgements[0].detail, {
        subscribers: 5,
        reached: 4,
        total: 5,
        byChannel: [{ channel: "webhook", reached: 4, total: 5 }],
      });
      assert.deepEqual(
        r.expectedChannels.map((e: { channel: string }) => e.channel),
        ["policy-cache", "eligibility-rules", "sessions", "notifications", "items"],
      );
      const exp = r.expectedChannels.find((e: { channel: string }) => e.channel === "notifications");
      assert.equal(exp.firstSyncedAt, n.acknowledgements[0].syncedAt);
      assert.equal(typeof exp.secondsAfterPublication, "number");
      assert.ok(exp.secondsAfterPublication >= 0 && exp.secondsAfterPublication < 60);
      const sessions = r.expectedChannels.find((e: { channel: string }) => e.channel === "sessions");
      assert.deepEqual(sessions, {
        channel: "sessions",
        acknowledged: false,
        firstSyncedAt: null,
        secondsAfterPublication: null,
      });
    });

    await t.step("audit by policyId and from/to", async () => {
      const audit = async (q: string) => {
        const r = await call(suite.admin, "GET", `/v1/audit?${q}`, { token: tokens.reviewer });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.items as { action: string; policyId: string; at: string }[];
      };
      const byPolicy = await audit(`policyId=${pid}`);
      assert.deepEqual(byPolicy.map((e) => e.action).sort(), [
        "amendment.approve",
        "amendment.create",
        "amendment.publish",
        "amendment.submit",
        "policy.create",
      ]);
      assert.ok(byPolicy.every((e) => e.policyId === pid));
      const within = await audit(
        `policyId=${pid}&from=${encodeURIComponent(t0)}&to=${encodeURIComponent(t1)}`,
      );
      assert.equal(within.length, 5);
      assert.equal((await audit(`policyId=${pid}&from=${encodeURIComponent(t1)}`)).length, 0);
      assert.equal((await audit(`policyId=${pid}&to=${encodeURIComponent(t0)}`)).length, 0);
      const publishedAt = byPolicy[0]!.at;
      const fromPublish = await audit(`policyId=${pid}&from=${encodeURIComponent(publishedAt)}`);
      assert.deepEqual(fromPublish.map((e) => e.action), ["amendment.publish"], "from is inclusive");
      const toPublish = await audit(`policyId=${pid}&to=${encodeURIComponent(publishedAt)}`);
      assert.equal(toPublish.length, 4, "to is exclusive");
      for (
        const [q, path] of [
          ["from=yesterday", "query.from"],
          ["to=2026-01-01", "query.to"],
          [`from=${encodeURIComponent(t1)}&to=${encodeURIComponent(t0)}`, "query.to"],
          ["policyId=Not%20A%20Policy", "query.policyId"],
        ]
      ) {
        const r = await call(suite.admin, "GET", `/v1/audit?${q}`, { token: tokens.reviewer });
        assert.equal(r.status, 400, q);
        assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), [path], q);
      }
    });
  } finally {
    await bus.close();
    await suite.stop();
  }
});
