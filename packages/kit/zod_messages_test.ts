import assert from "node:assert/strict";
import { z } from "zod";
import { issueMessage } from "./zod_messages.ts";

function messages(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  assert.ok(!r.success);
  return r.error.issues.map(issueMessage);
}

Deno.test("issueMessage() - says what is expected in Chinese and English, never zod's words", () => {
  const cases: [z.ZodType, unknown, string, string][] = [
    [z.object({ a: z.string() }), {}, "必须填写", "Required"],
    [z.string(), 3, "须为文字", "Must be text"],
    [z.number().int(), 1.5, "须为整数", "Must be a whole number"],
    [z.string().min(4), "ab", "至少 4 个字符", "Must be at least 4 characters"],
    [z.string().min(1), "", "不能为空", "Must not be empty"],
    [z.array(z.number()).max(2), [1, 2, 3], "最多 2 项", "Must be at most 2 items"],
    [z.number().max(1000), 1001, "最多 1,000", "Must be at most 1,000"],
    [z.number().positive(), 0, "须大于 0", "Must be more than 0"],
    [z.iso.date(), "2025-13-45", "格式不对，须为日期（YYYY-MM-DD）", "Must be a date (YYYY-MM-DD)"],
    [
      z.enum(["employee", "resident"]),
      "x",
      "须为以下之一：employee, resident",
      "Must be one of: employee, resident",
    ],
    [z.object({}).strict(), { b: 1 }, "不认识的字段：b", "Unknown field: b"],
    [z.number().multipleOf(5), 3, "须为 5 的整数倍", "Must be a multiple of 5"],
    [
      z.number().refine((n) => n > 0, { params: { zh: "须为正数", en: "Must be positive" } }),
      -1,
      "须为正数",
      "Must be positive",
    ],
  ];
  for (const [schema, value, zh, en] of cases) {
    const [m] = messages(schema, value);
    assert.deepEqual(m, { zh, en }, `${JSON.stringify(value)}`);
  }
});

Deno.test("issueMessage() - no Chinese message holds zod's English", () => {
  const schema = z.object({ s: z.string(), n: z.number().int().min(0), e: z.enum(["a"]), d: z.iso.date() });
  for (const value of [{}, { s: 1, n: -1.5, e: "b", d: "x" }, null, []]) {
    const r = schema.safeParse(value);
    if (r.success) continue;
    for (const m of r.error.issues.map(issueMessage)) {
      assert.doesNotMatch(m.zh, /Invalid|expected|received|Too (big|small)/, m.zh);
    }
  }
});
