import assert from "node:assert/strict";
import { figureLines } from "./change_words.ts";
import {
  type MessageContext,
  renderMessage,
  smsMaxCharacters,
  smsSegments,
  smsText,
  templatedEventTypes,
  truncateClean,
} from "./templates.ts";

const rules = [{ id: "bj-emp-op", insuranceType: "employee", visitType: "generalOutpatient" }];
const changes = [
  { field: "title", before: "旧标题", after: "新标题" },
  { field: "rules.bj-emp-op.deductible.amountFen", before: 180000, after: 150000 },
  { field: "rules.bj-emp-op.rates.bands.0.rateBp", before: 9000, after: 9250 },
];
const amendment: MessageContext = {
  eventType: "policy.amendment.published",
  policyTitle: "北京市职工基本医疗保险门诊待遇",
  summary: "在职职工门诊起付线由1800元降到1500元，社区报销比例提高到92.5%。",
  effectiveFrom: "2027-01-01",
  summaries: {
    insured: "北京职工门诊：一年起付线在职1500元；社区卫生服务机构报销92.5%。",
    retired: "退休人员门诊年度起付线1300元，在社区看病报92.5%。",
    elderly: "退休老人看门诊，一年先自付1300元，之后在社区医院能报九成多。",
  },
  figures: figureLines(changes, rules),
};
const raw = /150000|180000|9250|9000|rules\.|amountFen|rateBp|undefined/;

Deno.test("figureLines() - rule figures in yuan and percent, named for people; text changes left to the summary", () => {
  assert.deepEqual(figureLines(changes, rules), [
    {
      zh: "职工普通门诊起付线由 1,800 元降低到 1,500 元",
      en: "Deductible for employees' outpatient care: from 1,800 yuan to 1,500 yuan",
    },
    {
      zh: "职工普通门诊报销比例由 90%提高到 92.5%",
      en: "Reimbursement rate for employees' outpatient care: from 90% to 92.5%",
    },
  ]);
  assert.deepEqual(figureLines([{ field: "rules.x", before: null, after: { a: 1 } }]), []);
  assert.deepEqual(figureLines("nonsense"), []);
  assert.equal(
    figureLines([{ field: "rules.x.secondLayer.annualCapFen", before: null, after: 40_000_000 }])[0]?.zh,
    "大病保险年度封顶线定为 400,000 元",
  );
});

Deno.test("renderMessage() - a citizen reads the amendment's summary, the figures in yuan and percent, the date in Chinese and 12393", () => {
  const m = renderMessage(amendment, "zh-CN", "plain", { audiences: ["retired"] });
  assert.equal(m.title, "政策调整：北京市职工基本医疗保险门诊待遇");
  assert.match(m.body, /在职职工门诊起付线由1800元降到1500元/);
  assert.match(m.body, /1,800 元降低到 1,500 元/);
  assert.match(m.body, /90%提高到 92\.5%/);
  // the retired reader gets the retirees' summary
  assert.match(m.body, /政策解读：退休人员门诊年度起付线1300元/);
  assert.match(m.body, /自2027年1月1日起执行/);
  assert.match(m.body, /12393/);
  assert.doesNotMatch(m.body, raw);
  // no audience of their own: the general summary
  assert.match(renderMessage(amendment, "zh-CN", "plain").body, /政策解读：北京职工门诊/);
});

Deno.test("renderMessage() - elder-friendly: the key figure first, the elderly summary, the date and the hotline", () => {
  const m = renderMessage(amendment, "zh-CN", "elderFriendly", { audiences: ["retired"] });
  assert.ok(m.body.startsWith("职工普通门诊起付线由 1,800 元降低到 1,500 元。"), m.body);
  assert.match(m.body, /简单说：退休老人看门诊/);
  assert.match(m.body, /2027年1月1日起执行。不清楚请打 12393。$/);
  assert.doesNotMatch(m.body, raw);
});

Deno.test("renderMessage() - English readers get English, dates and amounts included", () => {
  const m = renderMessage(amendment, "en", "plain");
  assert.equal(m.title, "Policy change: 北京市职工基本医疗保险门诊待遇");
  assert.match(
    m.body,
    /Deductible for employees' outpatient care: from 1,800 yuan to 1,500 yuan/,
  );
  assert.match(m.body, /In force from 1 January 2027\./);
  assert.match(m.body, /12393/);
  assert.doesNotMatch(m.body, raw);
  const e = renderMessage(amendment, "en", "elderFriendly");
  assert.match(e.body, /^Deductible .* 1,500 yuan\. /);
  assert.match(e.body, /It starts on 1 January 2027\./);
});

Deno.test("renderMessage() - contexts stored before figures existed still never show a raw value", () => {
  const old = {
    eventType: "policy.amendment.published",
    policyTitle: "北京市职工门诊统筹",
    summary: "起付线下调。",
    effectiveFrom: "2025-07-01",
    keyFigure: { field: "rules.op.deductible.amountFen", before: 180000, after: 150000 },
  };
  for (const style of ["plain", "elderFriendly"] as const) {
    const m = renderMessage(old, "zh-CN", style);
    assert.doesNotMatch(`${m.title}${m.body}${m.sms}`, /150000|180000|（原为/);
    assert.match(m.body, /1,500 元/);
  }
});

Deno.test(`smsText() - an amendment's SMS fits ${smsMaxCharacters} characters (two parts), the summary cut with "…", date and 12393 kept`, () => {
  const long = {
    ...amendment,
    summary:
      "普通门诊统筹年度支付限额由5000元提高到1.5万元左右（各地在5000元至2万元之间确定），统筹基金支付比例由50%提高到60%—80%，并将心理咨询、物理治疗等20项医疗服务项目纳入门诊报销，自2025年1月1日起执行。",
  };
  for (const lang of ["zh-CN", "en"] as const) {
    for (const style of ["plain", "elderFriendly"] as const) {
      const text = smsText(renderMessage(long, lang, style), lang);
      assert.ok([...text].length <= smsMaxCharacters, `${lang} ${style}: ${[...text].length} ${text}`);
      assert.ok(smsSegments(text).segments <= 2, text);
      assert.match(text, /12393/);
      assert.match(text, lang === "zh-CN" ? /2027年1月1日/ : /1 Jan 2027/);
      assert.doesNotMatch(text, raw);
    }
  }
  const zh = smsText(renderMessage(long, "zh-CN", "plain"), "zh-CN");
  assert.ok(zh.startsWith("【医保政策通】北京市职工基本医疗保险门诊待遇调整：普通门诊统筹"), zh);
  assert.match(zh, /…自2027年1月1日起执行，详询12393。$/);
  // a short summary is not cut
  const short = smsText(renderMessage(amendment, "zh-CN", "plain"), "zh-CN");
  assert.match(short, /社区报销比例提高到92\.5%。自2027年1月1日起执行，详询12393。$/);
});

Deno.test("truncateClean() - cuts at a clause mark in the second half, else hard, and marks the cut", () => {
  assert.equal(truncateClean("一二三", 5), "一二三");
  assert.equal(truncateClean("一二三四，五六七八九十", 8), "一二三四…");
  assert.equal(truncateClean("一二三四五六七八九十", 5), "一二三四…");
});

Deno.test("renderMessage() - every event type renders in both languages and both styles", () => {
  for (const eventType of templatedEventTypes) {
    for (const lang of ["zh-CN", "en"] as const) {
      for (const style of ["plain", "elderFriendly"] as const) {
        const m = renderMessage(
          { eventType, policyTitle: "T", startsAt: "2025-07-01T12:00:00Z", effectiveFrom: "2025-07-01" },
          lang,
          style,
        );
        assert.ok(m.title && m.body, `${eventType} ${lang} ${style}`);
        assert.doesNotMatch(m.body, /undefined/);
      }
    }
  }
  assert.match(
    renderMessage({ eventType: "session.reminder", startsAt: "2025-07-01T12:00:00Z" }, "en", "plain").body,
    /20:00/,
  );
});

Deno.test("renderMessage() - a digest numbers its items in one message", () => {
  const m = renderMessage(
    { eventType: "digest", items: [amendment, { ...amendment, policyTitle: "另一项" }] },
    "zh-CN",
    "plain",
  );
  assert.match(m.title, /2条/);
  assert.match(m.body, /^1\. .*\n2\. /s);
});

Deno.test("smsSegments() - 70 Chinese characters per message, 67 per part beyond; GSM-7 160/153", () => {
  assert.deepEqual(smsSegments("医".repeat(70)), { encoding: "UCS-2", characters: 70, segments: 1 });
  assert.equal(smsSegments("医".repeat(71)).segments, 2);
  assert.equal(smsSegments("医".repeat(134)).segments, 2);
  assert.equal(smsSegments("医".repeat(135)).segments, 3);
  assert.deepEqual(smsSegments("a".repeat(160)), { encoding: "GSM-7", characters: 160, segments: 1 });
  assert.equal(smsSegments("a".repeat(161)).segments, 2);
  assert.equal(smsSegments("a".repeat(159) + "医").encoding, "UCS-2");
  const text = smsText(renderMessage(amendment, "zh-CN", "elderFriendly"), "zh-CN");
  assert.ok(text.startsWith("【医保政策通】"));
  assert.ok(smsSegments(text).segments <= 2, text);
});
