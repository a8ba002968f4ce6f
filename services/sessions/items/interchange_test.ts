import assert from "node:assert/strict";
import fc from "fast-check";
import { parseGift, toGift } from "./gift.ts";
import { type Imported, InterchangeRefused } from "./interchange.ts";
import type { Item } from "./model.ts";
import { parseQti, toQti } from "./qti.ts";
import { parseXml, XmlError } from "./xml.ts";

function item(x: Partial<Item> & Pick<Item, "kind">): Item {
  return {
    id: "itm-00000000",
    stem: "题干",
    choices: [],
    correctChoiceIds: [],
    explanation: "",
    tests: null,
    topics: [],
    audiences: [],
    anonymous: false,
    knowledge: true,
    status: "ready",
    review: null,
    createdBy: "user:x",
    createdAt: "2026-11-30T00:00:00.000Z",
    updatedAt: "2026-11-30T00:00:00.000Z",
    revision: 1,
    ...x,
  };
}

/** What survives a round trip: kind, stem, choice texts, the key as texts, explanation. */
function shape(x: Pick<Imported, "kind" | "stem" | "choices" | "correctChoiceIds" | "explanation">) {
  const text = (id: string) =>
    x.kind === "openText" ? id : x.choices.find((c) => c.id === id)?.text ?? `?${id}`;
  return {
    kind: x.kind,
    stem: x.stem,
    choices: x.choices.map((c) => c.text),
    key: x.correctChoiceIds.map(text).sort(),
    explanation: x.explanation,
  };
}

const samples: Item[] = [
  item({
    id: "itm-tf000001",
    kind: "trueFalse",
    stem: "跨省异地就医前需要先办理备案。",
    choices: [{ id: "true", text: "对" }, { id: "false", text: "错" }],
    correctChoiceIds: ["true"],
    explanation: "需要先备案：可在国家医保服务平台 App 上办理。",
  }),
  item({
    id: "itm-sc000001",
    kind: "singleChoice",
    stem: "门诊共济后，个人账户可以给谁用？",
    choices: [{ id: "a", text: "本人" }, { id: "b", text: "配偶、父母、子女" }, { id: "c", text: "任何人" }],
    correctChoiceIds: ["b"],
    explanation: "家庭成员（配偶、父母、子女）可以共济使用。",
  }),
  item({
    id: "itm-mc000001",
    kind: "multipleChoice",
    stem: "哪些渠道可以办理异地就医备案？{多选}",
    choices: [{ id: "a", text: "国家医保服务平台 App" }, { id: "b", text: "线下经办窗口" }, {
      id: "c",
      text: "彩票站",
    }],
    correctChoiceIds: ["a", "b"],
    explanation: "App 和经办窗口都可以；50% = 一半 #提示",
  }),
  item({
    id: "itm-ot000001",
    kind: "openText",
    stem: "医保服务热线是多少？",
    correctChoiceIds: ["12393", "１２３９３"],
    explanation: "全国统一的医保服务热线是 12393。",
  }),
];

Deno.test("GIFT - items round-trip through export and import", () => {
  const back = parseGift(toGift(samples));
  assert.deepEqual(back.map(shape), samples.map(shape));
  assert.deepEqual(back.map((b) => b.ident), samples.map((s) => s.id));
});

Deno.test("QTI 3.0 - items round-trip through export and import, ids kept", () => {
  const xml = toQti(samples);
  const back = parseQti(xml);
  assert.deepEqual(back.map(shape), samples.map(shape));
  assert.deepEqual(back.map((b) => b.ident), samples.map((s) => s.id));
  assert.deepEqual(back[1]!.choices.map((c) => c.id), ["a", "b", "c"]);
});

Deno.test("GIFT - reads Moodle's forms: titles, comments, T/F, weights, short answer, feedback", () => {
  const text = `// a comment
$CATEGORY: 医保知识

::q1:: 退休人员也要缴纳基本医疗保险费。{F ####达到缴费年限后退休不再缴费。}

::q2::[plain]起付线以下的费用由谁承担？{
  =个人 #对，起付线以下个人负担
  ~统筹基金
  ~医院
}

::q3:: 哪些属于门诊慢特病？{~%50%高血压 ~%50%糖尿病 ~%-100%感冒}

医保热线？{=12393 =12345}`;
  const items = parseGift(text);
  assert.deepEqual(items.map((i) => [i.ident, i.kind]), [
    ["q1", "trueFalse"],
    ["q2", "singleChoice"],
    ["q3", "multipleChoice"],
    ["q4", "openText"],
  ]);
  assert.deepEqual(items[0]!.correctChoiceIds, ["false"]);
  assert.equal(items[0]!.explanation, "达到缴费年限后退休不再缴费。");
  assert.deepEqual(items[1]!.correctChoiceIds, ["a"]);
  assert.equal(items[1]!.explanation, "对，起付线以下个人负担");
  assert.deepEqual(items[2]!.correctChoiceIds, ["a", "b"]);
  assert.deepEqual(items[3]!.correctChoiceIds, ["12393", "12345"]);
});

function refusal(f: () => unknown): InterchangeRefused {
  try {
    f();
  } catch (e) {
    if (e instanceof InterchangeRefused) return e;
    throw e;
  }
  throw new Error("not refused");
}

Deno.test("GIFT - refuses what is outside the subset, naming the item and the construct", () => {
  const r = refusal(() =>
    parseGift(`::q1:: 可以吗 {T}

::q2:: 配对 {=北京 -> 京 =上海 -> 沪}

::q3:: 多少岁？{#60:5}

::q4:: 这是 {=填空 ~错} 题`)
  );
  assert.deepEqual(r.refusals.map((x) => x.en), [
    "Item 2 (q2) uses matching, which is not supported",
    "Item 3 (q3) uses numerical, which is not supported",
    "Item 4 (q4) uses missing word (text after the answers), which is not supported",
  ]);
  assert.equal(r.refusals[0]!.zh, "第 2 题（标识 q2）使用了不支持的题型 matching");
});

Deno.test("QTI 3.0 - refuses other interactions naming the item and the interaction", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<qti-items>
  <qti-assessment-item identifier="ok1"><qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"/>
    <qti-item-body><qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><qti-prompt>选一个</qti-prompt>
      <qti-simple-choice identifier="A">甲</qti-simple-choice><qti-simple-choice identifier="B">乙</qti-simple-choice>
    </qti-choice-interaction></qti-item-body></qti-assessment-item>
  <qti-assessment-item identifier="m3"><qti-item-body><qti-match-interaction response-identifier="RESPONSE"/></qti-item-body></qti-assessment-item>
</qti-items>`;
  const r = refusal(() => parseQti(xml));
  assert.deepEqual(r.refusals.map((x) => x.en), [
    "Item 2 (m3) uses qti-match-interaction, which is not supported",
  ]);
  assert.equal(r.refusals[0]!.zh, "第 2 题（标识 m3）使用了不支持的题型 qti-match-interaction");
});

Deno.test("QTI 3.0 - a single item document with the stem in the body and a text entry", () => {
  const xml =
    `<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="te1" title="热线">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
    <qti-correct-response><qti-value>12393</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body><p>医保服务热线是 <qti-text-entry-interaction response-identifier="RESPONSE"/> 。</p></qti-item-body>
</qti-assessment-item>`;
  const [it] = parseQti(xml);
  assert.equal(it!.kind, "openText");
  assert.equal(it!.stem, "医保服务热线是 。");
  assert.deepEqual(it!.correctChoiceIds, ["12393"]);
});

Deno.test("xml - refuses DOCTYPE (no entity expansion) and malformed documents", () => {
  assert.throws(() => parseXml(`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`), XmlError);
  assert.throws(() => parseXml(`<a><b></a></b>`), XmlError);
  assert.throws(() => parseXml(`<a>x & y</a>`), XmlError);
  assert.throws(() => parseXml(`<a/><b/>`), XmlError);
  assert.throws(() => parseXml(`<a>&#xFFFFFFFF;</a>`), XmlError);
  assert.equal(parseXml(`<a t="1 &amp; 2">&#x4e2d;<![CDATA[<b>]]></a>`).children.join(""), "中<b>");
  assert.throws(() => parseQti("<oops"), InterchangeRefused);
});

Deno.test("GIFT and QTI - any texts, with special characters, round-trip (property)", () => {
  const seed = 15015;
  const chars = fc.constantFrom(..."医保备案 abc~=#{}:\\<>&\"'%-12393→".split(""));
  const text = fc.array(chars, { minLength: 1, maxLength: 30 }).map((cs) =>
    cs.join("").replace(/\s+/g, " ").trim()
  )
    .filter((s) => s.length > 0);
  const arb = fc.record({
    stem: text,
    choices: fc.uniqueArray(text, { minLength: 2, maxLength: 5 }),
    explanation: fc.oneof(fc.constant(""), text),
    multiple: fc.boolean(),
  });
  try {
    fc.assert(
      fc.property(arb, (x) => {
        const it = item({
          kind: x.multiple ? "multipleChoice" : "singleChoice",
          stem: x.stem,
          choices: x.choices.map((t, n) => ({ id: `c${n}`, text: t })),
          correctChoiceIds: x.multiple ? ["c0", "c1"] : ["c1"],
          explanation: x.explanation,
        });
        assert.deepEqual(parseGift(toGift([it])).map(shape), [shape(it)]);
        assert.deepEqual(parseQti(toQti([it])).map(shape), [shape(it)]);
      }),
      { seed, numRuns: 200 },
    );
  } catch (e) {
    console.error(`fast-check failed with seed ${seed}`);
    throw e;
  }
});

Deno.test("export - rating items are refused by both formats, naming the item", () => {
  const r = item({ id: "itm-rate0001", kind: "rating" });
  assert.equal(
    refusal(() => toGift([samples[0]!, r])).refusals[0]!.en,
    "Item 2 (itm-rate0001) uses rating (1–5), which is not supported",
  );
  assert.equal(refusal(() => toQti([r])).refusals[0]!.position, 1);
});
