/**
 * The audit trail in words, for the audit page and its CSV export alike: what an action means
 * ("amendment.approve" → 批准修订 / Approved an amendment), who acted (name and role), and what a
 * change did, as labelled field / before / after rows rather than JSON. Plain functions over
 * plain data.
 */
import type { AuditEntry } from "../api/admin.ts";
import { calendarDate, dateTime } from "../web/format.ts";
import { label, type Lang, roleLabels, stateLabels, tr } from "../web/i18n.ts";

const pairs = <K extends string>(o: Record<K, [string, string]>) => o;

/** Actions of the audit trail. */
export const actionLabels = pairs({
  "policy.create": ["新建政策", "Created a policy"],
  "amendment.create": ["起草修订", "Drafted an amendment"],
  "amendment.update": ["修改修订草稿", "Edited an amendment"],
  "amendment.submit": ["提交审核", "Submitted an amendment for review"],
  "amendment.approve": ["批准修订", "Approved an amendment"],
  "amendment.return": ["退回修订", "Returned an amendment"],
  "amendment.publish": ["发布修订", "Published an amendment"],
  "amendment.withdraw": ["撤回修订", "Withdrew an amendment"],
  "version.effective": ["新版本生效", "A version took effect"],
  "version.supersede": ["同日更正取代了该版本", "A same-day correction superseded a version"],
  "session.schedule": ["安排直播场次", "Scheduled a session"],
  "session.update": ["修改直播场次", "Changed a session"],
  "session.moveOccurrence": ["调整某一次直播的时间", "Moved one occurrence of a session"],
  "session.cancel": ["取消直播场次", "Cancelled a session"],
  "session.cancelOccurrence": ["取消某一次直播", "Cancelled one occurrence of a session"],
  "question.approve": ["通过观众提问", "Approved a question"],
  "question.dismiss": ["不采用观众提问", "Dismissed a question"],
  "question.merge": ["合并观众提问", "Merged a question"],
  "question.pin": ["置顶观众提问", "Pinned a question"],
  "question.unpin": ["取消置顶观众提问", "Unpinned a question"],
  "question.answer": ["回答观众提问", "Answered a question"],
  "question.reopen": ["重新打开观众提问", "Reopened a question"],
  "subscriber.create": ["登记订阅者", "Registered a subscriber"],
  "subscriber.update": ["修改订阅者", "Changed a subscriber"],
  "subscriber.channels": ["订阅者的接收渠道变了", "A subscriber's channels changed"],
  "subscriber.erase": ["抹除订阅者的个人信息", "Erased a subscriber"],
  "webhookEndpoint.create": ["新增 Webhook 地址", "Added a webhook endpoint"],
  "webhookEndpoint.update": ["修改 Webhook 地址", "Changed a webhook endpoint"],
  "webhookEndpoint.delete": ["删除 Webhook 地址", "Deleted a webhook endpoint"],
  "webhookEndpoint.rotate": ["更换 Webhook 签名密钥", "Rotated a webhook endpoint's secret"],
});

/** The kinds of things the audit trail can be filtered by (the API's `entityType`). */
export const entityTypeLabels = pairs({
  amendment: ["修订", "Amendments"],
  policy: ["政策及其版本", "Policies and their versions"],
  session: ["直播场次", "Live sessions"],
  question: ["观众提问", "Audience questions"],
  subscriber: ["订阅者", "Subscribers"],
  webhookEndpoint: ["Webhook 地址", "Webhook endpoints"],
});

/** An action in words; an action this console does not know yet reads as "other" with its kind. */
export function actionText(action: string, lang: Lang): string {
  if (action in actionLabels) return label(actionLabels, action, lang);
  const kind = action.split(".")[0] ?? "";
  const of = kind === "policy"
    ? tr(lang, "（政策）", " (policy)")
    : kind === "amendment"
    ? tr(lang, "（修订）", " (amendment)")
    : kind in entityTypeLabels
    ? tr(lang, "（", " (") + label(entityTypeLabels, kind, lang) + tr(lang, "）", ")")
    : "";
  return tr(lang, "其他操作", "Other action") + of;
}

/** The actor's role in words: a person's role, a partner app's key, or the system. */
export function actorRoleText(entry: Pick<AuditEntry, "actorId" | "actorRole">, lang: Lang): string {
  if (entry.actorId.startsWith("system:")) return tr(lang, "系统", "System");
  if (entry.actorRole === "apiKey" || entry.actorId.startsWith("key:")) {
    return tr(lang, "合作方应用（API 密钥）", "Partner app (API key)");
  }
  return label(roleLabels, entry.actorRole ?? "", lang, tr(lang, "未知角色", "Unknown role"));
}

/** The actor's name, or their id when the entry has none. */
export function actorName(entry: Pick<AuditEntry, "actorId" | "actorName">): string {
  return entry.actorName || entry.actorId;
}

/** Fields of policies and amendments in words. */
const fieldLabels = pairs({
  id: ["编号", "Id"],
  policyId: ["政策编号", "Policy id"],
  amendmentId: ["修订编号", "Amendment id"],
  status: ["状态", "State"],
  state: ["状态", "State"],
  summary: ["修订说明", "Summary"],
  effectiveFrom: ["生效日期", "Effective from"],
  baseVersion: ["基于版本", "Based on version"],
  version: ["版本", "Version"],
  initial: ["首次发布", "First publication"],
  changes: ["内容改动", "Content changes"],
  authorId: ["起草人编号", "Author id"],
  authorName: ["起草人", "Author"],
  revision: ["修改次数", "Revision"],
  createdAt: ["创建时间", "Created"],
  updatedAt: ["更新时间", "Updated"],
  submittedAt: ["提交时间", "Submitted"],
  approvedBy: ["审核人编号", "Reviewer id"],
  approvedByName: ["审核人", "Reviewer"],
  approvedAt: ["批准时间", "Approved"],
  publishedBy: ["发布人编号", "Publisher id"],
  publishedByName: ["发布人", "Publisher"],
  publishedAt: ["发布时间", "Published"],
  withdrawnAt: ["撤回时间", "Withdrawn"],
  publishedEventId: ["发布事件编号", "Publication event id"],
  effectiveEventId: ["生效事件编号", "Effective event id"],
  returns: ["退回记录", "Returns"],
  lastReturn: ["最近一次退回", "Last return"],
  reason: ["原因", "Reason"],
  docNumber: ["文号", "Document number"],
  issuer: ["发文机关", "Issuer"],
  title: ["标题", "Title"],
  regions: ["适用地区", "Regions"],
  audiences: ["适用人群", "Audiences"],
  topics: ["主题", "Topics"],
  implements: ["实施的上级政策", "Implements"],
  overrides: ["替代的政策", "Overrides"],
  supersededBy: ["被哪个版本取代", "Superseded by version"],
  supersededByAmendmentId: ["取代它的修订", "Superseded by amendment"],
  effectiveTo: ["失效日期", "Effective until"],
  host: ["主播", "Host"],
  startsAt: ["开始时间", "Starts"],
  startsAtLocal: ["开始时间（当地）", "Starts (local time)"],
  endsAt: ["结束时间", "Ends"],
  durationMinutes: ["时长（分钟）", "Duration (minutes)"],
  timeZone: ["时区", "Time zone"],
  channel: ["直播平台", "Platform"],
  channelAccount: ["直播账号", "Account"],
  recurrence: ["重复规则", "Recurrence"],
  exceptions: ["单次调整", "Changed occurrences"],
  occurrenceStart: ["取消的那一次", "Cancelled occurrence"],
  text: ["问题", "Question"],
  answer: ["回答", "Answer"],
  pinned: ["置顶", "Pinned"],
  mergedInto: ["合并到", "Merged into"],
  dismissReason: ["不采用的原因", "Reason for dismissal"],
  channels: ["接收渠道", "Channels"],
  changed: ["改动的项目", "Changed"],
  erased: ["已抹除", "Erased"],
  deliveriesAnonymised: ["匿名化的投递记录数", "Deliveries anonymised"],
  url: ["地址", "URL"],
  eventTypes: ["事件类型", "Event types"],
  secretRotated: ["已更换密钥", "Secret rotated"],
  previousSecretUntil: ["旧密钥有效至", "Previous secret valid until"],
});

/** A field name in words (a field this console does not know keeps its name). */
export function fieldText(field: string, lang: Lang): string {
  return label(fieldLabels, field, lang, field);
}

const instantFields = /At$/;

/** A value in words: states, dates, yes/no, lists; objects summarised, never JSON. */
export function valueText(field: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === "") return tr(lang, "（无）", "(none)");
  if (typeof value === "boolean") return value ? tr(lang, "是", "yes") : tr(lang, "否", "no");
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    if ((field === "status" || field === "state") && value in stateLabels) {
      return label(stateLabels, value, lang);
    }
    if (instantFields.test(field) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value);
    if (field === "effectiveFrom" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return calendarDate(value, lang);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string" || typeof v === "number")) {
      return value.length ? value.join(tr(lang, "、", ", ")) : tr(lang, "（无）", "(none)");
    }
    return tr(lang, `${value.length} 项`, `${value.length} item${value.length === 1 ? "" : "s"}`);
  }
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldText(k, lang)}${tr(lang, "：", ": ")}${valueText(k, v, lang)}`)
      .join(tr(lang, "；", "; "));
  }
  return String(value);
}

/** One changed field. */
export interface ChangeRow {
  field: string;
  label: string;
  before: string;
  after: string;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields an entry changed (every field of a creation), labelled, with both values in words. */
export function changeRows(entry: Pick<AuditEntry, "before" | "after">, lang: Lang): ChangeRow[] {
  const record = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? v as Record<string, unknown> : {};
  const before = record(entry.before);
  const after = record(entry.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => !same(before[k], after[k]))
    .map((k) => ({
      field: k,
      label: fieldText(k, lang),
      before: k in before ? valueText(k, before[k], lang) : tr(lang, "（无）", "(none)"),
      after: k in after ? valueText(k, after[k], lang) : tr(lang, "（无）", "(none)"),
    }));
}

/** The one-line summary of what changed: "状态：已提交 → 已批准" or "改动了 3 项：…". */
export function changeSummary(entry: Pick<AuditEntry, "before" | "after">, lang: Lang): string {
  const rows = changeRows(entry, lang);
  if (rows.length === 0) return tr(lang, "没有字段变化", "No field changed");
  const created = entry.before === null || entry.before === undefined;
  const status = rows.find((r) => r.field === "status" || r.field === "state");
  if (!created && status) return `${status.label}${tr(lang, "：", ": ")}${status.before} → ${status.after}`;
  const names = rows.slice(0, 4).map((r) => r.label).join(tr(lang, "、", ", "));
  const more = rows.length > 4 ? tr(lang, ` 等 ${rows.length} 项`, ` and ${rows.length - 4} more`) : "";
  return created ? tr(lang, `新建：${names}${more}`, `Created: ${names}${more}`) : tr(
    lang,
    `改动：${names}${more}`,
    `Changed: ${names}${more}`,
  );
}
