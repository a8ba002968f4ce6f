/**
 * Zod's issues in words for people, Chinese and English, by issue code: what is expected in words
 * ("必须填写", "至少 4 个字符", "须为整数"), never zod's own English or a type name. A schema may give
 * its own words for a refinement with `params: { zh, en }` (`.refine(fn, { params: { zh, en } })`).
 */
import type { z } from "zod";
import type { Bilingual } from "./problem.ts";

type Issue = z.core.$ZodIssue;

const typeNames: Record<string, Bilingual> = {
  string: { zh: "文字", en: "text" },
  number: { zh: "数字", en: "a number" },
  int: { zh: "整数", en: "a whole number" },
  bigint: { zh: "整数", en: "a whole number" },
  boolean: { zh: "是或否（true / false）", en: "true or false" },
  array: { zh: "列表", en: "a list" },
  object: { zh: "对象", en: "an object" },
  date: { zh: "日期", en: "a date" },
  null: { zh: "空值", en: "null" },
};

const formatNames: Record<string, Bilingual> = {
  date: { zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)" },
  datetime: {
    zh: "带时区的时间（如 2025-01-01T09:00:00+08:00）",
    en: "a time with an offset (2025-01-01T09:00:00+08:00)",
  },
  time: { zh: "时间（HH:MM）", en: "a time (HH:MM)" },
  email: { zh: "电子邮箱地址", en: "an email address" },
  url: { zh: "网址", en: "a URL" },
  uuid: { zh: "UUID", en: "a UUID" },
  regex: { zh: "规定的格式", en: "the expected format" },
  starts_with: { zh: "规定的开头", en: "the expected beginning" },
  ends_with: { zh: "规定的结尾", en: "the expected ending" },
  includes: { zh: "规定的内容", en: "the expected content" },
};

function sizeWords(origin: string, n: number | bigint): Bilingual {
  const v = Number(n).toLocaleString("en-US");
  switch (origin) {
    case "string":
      return { zh: `${v} 个字符`, en: `${v} character${n === 1 ? "" : "s"}` };
    case "array":
    case "set":
      return { zh: `${v} 项`, en: `${v} item${n === 1 ? "" : "s"}` };
    case "file":
      return { zh: `${v} 字节`, en: `${v} byte${n === 1 ? "" : "s"}` };
    case "date":
      return {
        zh: new Date(Number(n)).toISOString().slice(0, 10),
        en: new Date(Number(n)).toISOString().slice(0, 10),
      };
    default:
      return { zh: v, en: v };
  }
}

function listOf(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
}

/** The message of one zod issue in Chinese and English. */
export function issueMessage(issue: Issue): Bilingual {
  switch (issue.code) {
    case "invalid_type": {
      // Zod drops the input from finished issues; its own message still says what it received.
      if (/received undefined$/.test(issue.message)) return { zh: "必须填写", en: "Required" };
      const t = typeNames[issue.expected] ?? { zh: "正确的类型", en: "the expected type" };
      return { zh: `须为${t.zh}`, en: `Must be ${t.en}` };
    }
    case "too_small": {
      const n = sizeWords(issue.origin, issue.minimum);
      if (issue.exact) return { zh: `须为 ${n.zh}`, en: `Must be exactly ${n.en}` };
      if (issue.origin === "date") return { zh: `不能早于 ${n.zh}`, en: `Must not be before ${n.en}` };
      if ((issue.origin === "string" || issue.origin === "array") && Number(issue.minimum) === 1) {
        return { zh: "不能为空", en: "Must not be empty" };
      }
      return issue.inclusive === false
        ? { zh: `须大于 ${n.zh}`, en: `Must be more than ${n.en}` }
        : { zh: `至少 ${n.zh}`, en: `Must be at least ${n.en}` };
    }
    case "too_big": {
      const n = sizeWords(issue.origin, issue.maximum);
      if (issue.exact) return { zh: `须为 ${n.zh}`, en: `Must be exactly ${n.en}` };
      if (issue.origin === "date") return { zh: `不能晚于 ${n.zh}`, en: `Must not be after ${n.en}` };
      return issue.inclusive === false
        ? { zh: `须小于 ${n.zh}`, en: `Must be less than ${n.en}` }
        : { zh: `最多 ${n.zh}`, en: `Must be at most ${n.en}` };
    }
    case "invalid_format": {
      const f = formatNames[issue.format] ?? formatNames.regex!;
      return { zh: `格式不对，须为${f.zh}`, en: `Must be ${f.en}` };
    }
    case "not_multiple_of":
      return issue.divisor === 1
        ? { zh: "须为整数", en: "Must be a whole number" }
        : { zh: `须为 ${issue.divisor} 的整数倍`, en: `Must be a multiple of ${issue.divisor}` };
    case "unrecognized_keys":
      return {
        zh: `不认识的字段：${issue.keys.join("、")}`,
        en: `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`,
      };
    case "invalid_value":
      return issue.values.length === 1
        ? { zh: `须为 ${listOf(issue.values)}`, en: `Must be ${listOf(issue.values)}` }
        : { zh: `须为以下之一：${listOf(issue.values)}`, en: `Must be one of: ${listOf(issue.values)}` };
    case "invalid_union":
      return { zh: "不符合任何一种允许的形式", en: "Matches none of the allowed forms" };
    case "invalid_key":
      return { zh: "含有无效的键", en: "Has an invalid key" };
    case "invalid_element":
      return { zh: "含有无效的元素", en: "Has an invalid element" };
    case "custom": {
      const p = issue.params as { zh?: unknown; en?: unknown } | undefined;
      if (typeof p?.zh === "string" && typeof p.en === "string") return { zh: p.zh, en: p.en };
      return { zh: "填写有误", en: issue.message };
    }
    default:
      return { zh: "填写有误", en: (issue as { message: string }).message };
  }
}
