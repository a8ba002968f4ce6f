import assert from "node:assert/strict";
import { renderMessage, smsSegments, smsText, templatedEventTypes } from "./templates.ts";

const amendment = {
  eventType: "policy.amendment.published",
  policyTitle: "北京市职工门诊统筹",
  summary: "起付线下调。",
  effectiveFrom: "2025-07-01",
  keyFigure: { field: "rules.op.deductible", before: 1800, after: 1300 },
};

Deno.test("renderMessage() - elder-friendly Chinese puts the key number first and gives the 12393 hotline", () => {
  const m = renderMessage(amendment, "zh-CN", "elderFriendly");
  assert.ok(m.body.startsWith("1300（原为 1800）"), m.body);
  assert.match(m.body, /12393/);
  assert.match(m.body, /2025年7月1日起执行/);
  // short sentences: none longer than 30 characters
  for (const s of m.body.split("。").filter(Boolean)) assert.ok([...s].length <= 30, s);
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
