import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { createEvent, publishEvent } from "@yibao/events";
import { toPlain } from "@yibao/graph";
import { eventually, testGraph } from "../harness/mod.ts";
import { call, type NotifySuite, ownPolicy, startNotifications } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

const amendmentSummary =
  "在职职工普通门诊年度起付线由1800元降到1500元，自生效之日起按新标准结算；退休人员起付线不变，社区卫生服务机构报销比例不变。";
const changes = [
  { field: "summaries.retired", before: "旧的退休人员解读。", after: "新的退休人员解读。" },
  { field: "rules.t-op.deductible.amountFen", before: 180000, after: 150000 },
];

/**
 * A policy's second version and the amendment that made it, as policy-admin writes them: summaries by
 * audience, a benefit rule, and the amendment's summary, changes and publication time.
 */
async function amendedPolicy(publishedAt: string, effectiveFrom: string) {
  const { policyId } = await ownPolicy("370600", ["insured", "retired", "elderly"]);
  const amendmentId = `amd-${crypto.randomUUID()}`;
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run(
        `MATCH (p:Policy {id: $policyId})-[:HAS_VERSION]->(v1:PolicyVersion {version: 1})
         SET p.latestVersion = 2, v1.effectiveTo = date($effectiveFrom)
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: $policyId + '@2', policyId: $policyId, version: 2,
                 title: '测试市职工普通门诊待遇', effectiveFrom: date($effectiveFrom), amendmentId: $amendmentId,
                 summaries: $summaries, rules: $rules, eligibility: '[]', body: '测试市职工普通门诊待遇的正文。',
                 publishedAt: datetime($publishedAt)})
         CREATE (:Amendment {id: $amendmentId, policyId: $policyId, status: 'published', summary: $summary,
                 changes: $changes, effectiveFrom: date($effectiveFrom), publishedAt: $publishedAt, version: 2})
                 -[:AMENDS]->(p)`,
        {
          policyId,
          amendmentId,
          effectiveFrom,
          publishedAt,
          summary: amendmentSummary,
          changes: JSON.stringify(changes),
          summaries: JSON.stringify({
            insured: "职工看普通门诊，一年先自付起付线，在职1500元、退休1300元，之后按比例报销。",
            retired: "退休人员看普通门诊，一年起付线1300元，在社区看病报销90%。",
            elderly: "老年朋友：一年先自己付1300元，之后在社区医院看病能报九成。",
          }),
          rules: JSON.stringify([{
            id: "t-op",
            insuranceType: "employee",
            visitType: "generalOutpatient",
            deductible: { kind: "perYear", amountFen: 150000 },
          }]),
        },
      )
    );
  } finally {
    await graph.close();
  }
  return { policyId, amendmentId };
}

function published(policyId: string, amendmentId: string, effectiveFrom: string) {
  return createEvent({
    type: "policy.amendment.published",
    source: "/tests/notifications",
    subject: policyId,
    data: { amendmentId, policyId, version: 2, effectiveFrom, summary: amendmentSummary, changes },
  });
}

function effective(policyId: string, amendmentId: string, effectiveFrom: string) {
  return createEvent({
    id: `effective:${policyId}@2`,
    type: "policy.version.effective",
    source: "/tests/notifications",
    subject: policyId,
    data: { policyId, version: 2, effectiveFrom, amendmentId },
  });
}

async function fannedOut(eventIds: string[]): Promise<boolean> {
  const graph = testGraph();
  try {
    return await graph.read(async (tx) =>
      toPlain(
        (await tx.run(
          "MATCH (e:NotificationEvent) WHERE e.id IN $ids AND e.fannedOutAt IS NOT NULL RETURN count(e) AS n",
          { ids: eventIds },
        )).records[0]!.get("n"),
      ) === eventIds.length
    );
  } finally {
    await graph.close();
  }
}

/** The amendment's deliveries across its events, and the most any subscriber and channel has. */
async function deliveriesPerNotice(amendmentId: string): Promise<{ deliveries: number; most: number }> {
  const graph = testGraph();
  try {
    return await graph.read(async (tx) => {
      const r = (await tx.run(
        `MATCH (d:Delivery {amendmentId: $amendmentId})
         WITH d.subscriberId AS s, d.channel AS c, count(*) AS n
         RETURN sum(n) AS deliveries, max(n) AS most`,
        { amendmentId },
      )).records[0]!;
      return { deliveries: toPlain(r.get("deliveries")) as number, most: toPlain(r.get("most")) as number };
    });
  } finally {
    await graph.close();
  }
}

async function person(s: NotifySuite, policyId: string, body: Record<string, unknown>) {
  const r = await call(s.svc, "POST", "/v1/subscribers", {
    token: s.tokens.operator,
    body: { follows: { policies: [policyId] }, ...body },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as string;
}

const rawValue = /150000|180000|（原为|rules\.|amountFen|summaries\.|undefined/;

Deno.test("words - an amendment in force the day it is published reaches a citizen once per channel, in yuan, with the summaries, the date in Chinese and 12393", async () => {
  const s = await startNotifications();
  try {
    const today = shanghaiToday();
    const [y, m, d] = today.split("-").map(Number);
    const todayZh = `${y}年${m}月${d}日`;
    const { policyId, amendmentId } = await amendedPolicy(new Date().toISOString(), today);
    const phone = `1390${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const openId = `o${crypto.randomUUID().replace(/-/g, "")}`;
    await person(s, policyId, {
      channels: [{ type: "sms", phone }, { type: "wechat", openId }],
      audiences: ["retired", "elderly"],
      elderFriendly: true,
    });
    const plainEmail = `${crypto.randomUUID().slice(0, 8)}@example.com`;
    await person(s, policyId, { channels: [{ type: "email", email: plainEmail }], audiences: ["retired"] });
    const englishEmail = `${crypto.randomUUID().slice(0, 8)}@example.org`;
    await person(s, policyId, { channels: [{ type: "email", email: englishEmail }], language: "en" });
    const endpoint = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: s.tokens.operator,
      body: { url: `${s.sink.url}/webhook/${amendmentId}` },
    });
    assert.equal(endpoint.status, 201);
    await person(s, policyId, {
      kind: "partnerApp",
      channels: [{ type: "webhook", endpointId: endpoint.body.id }],
    });

    // policy-admin writes both events in one transaction; replicas may fan them out in either order
    const pub = published(policyId, amendmentId, today);
    const eff = effective(policyId, amendmentId, today);
    await Promise.all([publishEvent(s.bus, eff), publishEvent(s.bus, pub)]);
    assert.ok(await eventually(() => fannedOut([pub.id, eff.id]), 20_000), "both events fanned out");
    const mine = () =>
      s.sink.messages().filter((x) => x.body.includes(pub.id) || x.body.includes(eff.id)).map((x) => ({
        ...x,
        json: JSON.parse(x.body) as Json,
      }));
    assert.ok(await eventually(() => mine().length >= 5, 20_000), JSON.stringify(mine()));
    await new Promise((r) => setTimeout(r, 1_000)); // a second message would have arrived by now
    // a message repeated under the same idempotency key (a claim that expired on a busy machine) is
    // one message to the receiver: count deliveries, as the receiver dedupes them
    const seen = new Set<string>();
    const all = mine().filter((x) => {
      const key = `${x.channel}|${x.json.deliveryId ?? x.json.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const x of all.filter((x) => x.channel === "sms" || x.channel === "wechat")) {
      console.log(`${x.channel} (${x.json.eventType}): ${x.json.title} | ${x.json.body}`);
    }
    // one message per amendment and channel: SMS, WeChat, two e-mails, the webhook
    assert.deepEqual(all.map((x) => x.channel).sort(), ["email", "email", "sms", "webhook", "wechat"]);
    assert.deepEqual(await deliveriesPerNotice(amendmentId), { deliveries: 5, most: 1 });

    const sms = all.find((x) => x.channel === "sms")!.json;
    const wechat = all.find((x) => x.channel === "wechat")!.json;
    console.log(`SMS: ${[...sms.body].length} characters, ${sms.segments} parts`);
    assert.ok(sms.body.startsWith("【医保政策通】"), sms.body);
    assert.match(sms.body, /起付线由 1,800 元降低到 1,500 元/);
    assert.match(sms.body, new RegExp(`${todayZh}起执行`));
    assert.match(sms.body, /12393/);
    assert.ok([...sms.body].length <= 134, sms.body);
    assert.ok(sms.segments <= 2);
    assert.doesNotMatch(sms.body, rawValue);
    // WeChat: the key figure first, the amendment's summary, the elderly summary, the date, 12393
    assert.ok(wechat.body.startsWith("职工普通门诊起付线由 1,800 元降低到 1,500 元。"), wechat.body);
    assert.match(wechat.body, /在职职工普通门诊年度起付线由1800元降到1500元/);
    assert.match(wechat.body, /老年朋友：一年先自己付1300元/);
    assert.match(wechat.body, new RegExp(`${todayZh}起执行`));
    assert.match(wechat.body, /12393/);
    assert.doesNotMatch(`${wechat.title}${wechat.body}`, rawValue);

    const plain = all.find((x) => x.json.to === plainEmail)!.json;
    assert.match(plain.body, /政策解读：退休人员看普通门诊/);
    assert.doesNotMatch(plain.body, rawValue);
    const en = all.find((x) => x.json.to === englishEmail)!.json;
    assert.match(en.body, /Deductible for employees' outpatient care: from 1,800 yuan to 1,500 yuan/);
    assert.match(en.body, /12393/);
    assert.doesNotMatch(en.body, rawValue);

    // the webhook: the CloudEvent with its structured changes, and the words a person reads
    const hook = all.find((x) => x.channel === "webhook")!.json;
    assert.deepEqual(hook.data.changes, changes);
    assert.match(hook.data.message.body, /1,500 元/);
    assert.equal(hook.data.message.policyTitle, "测试市职工普通门诊待遇");
    assert.doesNotMatch(hook.data.message.body, rawValue);
  } finally {
    await s.stop();
  }
});

Deno.test("words - an amendment taking effect on a later day: one message on publication and one on the day", async () => {
  const s = await startNotifications();
  try {
    const today = shanghaiToday();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const { policyId, amendmentId } = await amendedPolicy(yesterday, today);
    const email = `${crypto.randomUUID().slice(0, 8)}@example.com`;
    await person(s, policyId, { channels: [{ type: "email", email }] });
    const pub = published(policyId, amendmentId, today);
    await publishEvent(s.bus, pub);
    assert.ok(await eventually(() => s.sink.messages().some((x) => x.body.includes(pub.id)), 20_000));
    const eff = effective(policyId, amendmentId, today);
    await publishEvent(s.bus, eff);
    assert.ok(await eventually(() => s.sink.messages().some((x) => x.body.includes(eff.id)), 20_000));
    const texts = [
      ...new Map(
        s.sink.messages({ channel: "email" }).map((x) => JSON.parse(x.body) as Json).filter((x) =>
          x.to === email
        )
          .map((x) => [x.deliveryId, x]),
      ).values(),
    ];
    assert.deepEqual(texts.map((x) => x.title), [
      "政策调整：测试市职工普通门诊待遇",
      "今天起执行：测试市职工普通门诊待遇",
    ]);
  } finally {
    await s.stop();
  }
});
