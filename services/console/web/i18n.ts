/**
 * Words for people: Chinese by default, English when the person chose it (the `yb_lang` cookie)
 * or, before they choose, when the browser prefers English. Labels for the domain's identifiers
 * (roles, amendment states, audiences, scopes) live here once, so no page shows an internal value.
 */
import type { Role, Scope } from "@yibao/kit";

/** The two languages of the console. */
export type Lang = "zh" | "en";

/** Chinese or English. */
export function tr(lang: Lang, zh: string, en: string): string {
  return lang === "en" ? en : zh;
}

/** The language of a request: the cookie, else the browser's first preference, else Chinese. */
export function langOf(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie === "en" || cookie === "zh") return cookie;
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh";
}

const pairs = <K extends string>(o: Record<K, [string, string]>) => o;

/** Roles. */
export const roleLabels = pairs<Role>({
  operator: ["运营人员", "Operator"],
  reviewer: ["审核人员", "Reviewer"],
  host: ["主播", "Host"],
  admin: ["管理员", "Administrator"],
});

/** The amendment desk's states. */
export const stateLabels = pairs({
  draft: ["草稿", "Draft"],
  returned: ["已退回", "Returned"],
  submitted: ["待审核", "Submitted"],
  approved: ["已批准", "Approved"],
  scheduled: ["待生效", "Scheduled"],
  published: ["已发布", "Published"],
  withdrawn: ["已撤回", "Withdrawn"],
});

/** An amendment state. */
export type AmendmentState = keyof typeof stateLabels;

/** The order the board shows states in. */
export const boardStates: AmendmentState[] = [
  "draft",
  "returned",
  "submitted",
  "approved",
  "scheduled",
  "published",
  "withdrawn",
];

/** API-key scopes. */
export const scopeLabels = pairs<Scope>({
  "policy:read": ["读取政策", "Read policies"],
  "policy:write": ["起草和发布修订", "Draft and publish amendments"],
  "eligibility:read": ["资格判断与报销测算", "Eligibility checks and estimates"],
  "sessions:read": ["读取直播场次", "Read live sessions"],
  "sessions:write": ["管理直播场次", "Manage live sessions"],
  "notifications:read": ["读取推送记录", "Read notifications"],
  "notifications:write": ["管理订阅与推送", "Manage subscribers and pushes"],
  admin: ["全部权限", "Everything"],
});

/** Dependent channels of an amendment's propagation. */
export const channelLabels = pairs({
  "policy-cache": ["政策查询缓存", "Policy lookup cache"],
  "eligibility-rules": ["资格与报销规则", "Eligibility and estimate rules"],
  sessions: ["直播场次", "Live sessions"],
  notifications: ["订阅推送", "Notifications"],
  items: ["题目", "Quiz items"],
});

/** Notification delivery channels and statuses. */
export const deliveryChannelLabels = pairs({
  appPush: ["App 推送", "App push"],
  sms: ["短信", "SMS"],
  wechat: ["微信", "WeChat"],
  email: ["电子邮件", "Email"],
  webhook: ["合作方回调", "Partner webhook"],
});

/** Delivery statuses. */
export const deliveryStatusLabels = pairs({
  pending: ["待发送", "Pending"],
  deferred: ["免打扰顺延", "Deferred (quiet hours)"],
  retrying: ["重试中", "Retrying"],
  sent: ["已送达", "Delivered"],
  delivered: ["已送达", "Delivered"],
  failed: ["失败", "Failed"],
  dead: ["已放弃", "Given up"],
  skipped: ["已跳过", "Skipped"],
  cancelled: ["已取消", "Cancelled"],
});

/** A label from one of the tables above, or the fallback when the value is unknown. */
export function label<K extends string>(
  table: Record<K, [string, string]>,
  key: string,
  lang: Lang,
  fallback?: string,
): string {
  const pair = (table as Record<string, [string, string] | undefined>)[key];
  if (!pair) return fallback ?? tr(lang, "其他", "Other");
  return lang === "en" ? pair[1] : pair[0];
}

/** Kinds of quiz and poll items. */
export const itemKindLabels = pairs({
  singleChoice: ["单选题", "Single choice"],
  multipleChoice: ["多选题", "Multiple choice"],
  trueFalse: ["判断题", "True or false"],
  rating: ["评分题（1–5 分）", "Rating (1–5)"],
  openText: ["简答题", "Short answer"],
});

/** States of an item. */
export const itemStatusLabels = pairs({
  ready: ["可以使用", "Ready"],
  needsReview: ["待复核", "Needs review"],
});
