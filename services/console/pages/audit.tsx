/** `/audit`: who did what to which policy or amendment, when, with the change in words; filters, paging, CSV. */
import type { AuditEntry } from "../api/admin.ts";
import { dateTime } from "../web/format.ts";
import { label, type Lang, tr } from "../web/i18n.ts";
import type { AuditFilterValues } from "../routes/audit_filters.ts";
import {
  actionText,
  actorName,
  actorRoleText,
  changeRows,
  changeSummary,
  entityTypeLabels,
} from "./audit_words.ts";
import { Field, Notice, Select } from "./ui.tsx";

/** What the audit page needs. */
export interface AuditProps {
  lang: Lang;
  values: AuditFilterValues;
  errors: Partial<Record<keyof AuditFilterValues, string>>;
  people: { value: string; label: string }[];
  entries: AuditEntry[];
  /** The link to older entries, when there may be some. */
  olderHref: string | null;
  /** The link back to the newest entries, when paged. */
  newestHref: string | null;
  csvHref: string;
  csvLimit: number;
}

/** The audit page. */
export function AuditPage(p: AuditProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section>
      <h1>{t("审计记录", "Audit trail")}</h1>
      <p class="lead">
        {t(
          "政策、修订、直播场次、观众提问、订阅者和 Webhook 地址的每一次操作：谁、何时、做了什么、改了哪些内容。最新的在前。",
          "Every action on policies, amendments, live sessions, audience questions, subscribers and webhook endpoints: who, when, what, and what changed. Newest first.",
        )}
      </p>
      <form method="get" action="/audit" class="filters" role="search">
        <Select
          name="person"
          label={t("人员", "Person")}
          value={p.values.person}
          options={p.people}
          any={t("所有人", "Everyone")}
          error={p.errors.person}
        />
        <Field
          name="actor"
          label={t("或其他操作者编号", "Or another actor id")}
          value={p.values.actor}
          error={p.errors.actor}
          hint={t(
            "例如 API 密钥写作 key:密钥编号；填写后优先于上面的人员。",
            "E.g. key:<key id> for an API key; when filled in, it is used instead of the person above.",
          )}
        />
        <Field name="policyId" label={t("政策编号", "Policy id")} value={p.values.policyId} />
        <Select
          name="entityType"
          label={t("对象类别", "Kind of thing")}
          value={p.values.entityType}
          options={Object.keys(entityTypeLabels).map((k) => ({
            value: k,
            label: label(entityTypeLabels, k, p.lang),
          }))}
          any={t("全部", "All")}
          error={p.errors.entityType}
        />
        <Field
          name="from"
          type="date"
          label={t("开始日期（含）", "From (inclusive)")}
          value={p.values.from}
          error={p.errors.from}
        />
        <Field
          name="to"
          type="date"
          label={t("结束日期（含）", "To (inclusive)")}
          value={p.values.to}
          error={p.errors.to}
        />
        <button type="submit">{t("筛选", "Filter")}</button>
        <a href="/audit">{t("清除筛选", "Clear filters")}</a>
      </form>
      <p>
        <a href={p.csvHref} download>
          {t(
            `按当前筛选导出 CSV（最多 ${p.csvLimit.toLocaleString("en-US")} 条）`,
            `Export CSV with these filters (up to ${p.csvLimit.toLocaleString("en-US")} entries)`,
          )}
        </a>
      </p>
      {Object.keys(p.errors).length
        ? <Notice kind="error">{t("请修改标出的筛选条件。", "Correct the filters marked above.")}</Notice>
        : null}
      {p.entries.length === 0
        ? <p class="empty">{t("没有符合条件的记录。", "No entries match.")}</p>
        : <AuditTable lang={p.lang} entries={p.entries} />}
      <nav class="pager" aria-label={t("翻页", "Pages")}>
        {p.newestHref ? <a href={p.newestHref}>{t("回到最新", "Newest")}</a> : null}
        {p.olderHref ? <a href={p.olderHref} rel="next">{t("更早的记录", "Older")}</a> : null}
      </nav>
    </section>
  );
}

function Which(p: { lang: Lang; entry: AuditEntry }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const e = p.entry;
  const policy = e.policyId
    ? (
      <div>
        {t("政策 ", "Policy ")}
        <a href={`/policies/${encodeURIComponent(e.policyId)}`}>{e.policyId}</a>
      </div>
    )
    : null;
  if (e.entityType === "amendment" || e.action.startsWith("amendment.")) {
    return (
      <>
        {policy}
        <div>
          {t("修订 ", "Amendment ")}
          <a href={`/amendments/${encodeURIComponent(e.entityId)}`}>{e.entityId}</a>
        </div>
      </>
    );
  }
  if (e.entityType === "policyVersion") {
    const version = e.entityId.split("@")[1];
    return (
      <>
        {policy}
        {version ? <div>{t(`第 ${version} 版`, `Version ${version}`)}</div> : null}
      </>
    );
  }
  return policy ?? <span>{e.entityId}</span>;
}

function AuditTable(p: { lang: Lang; entries: AuditEntry[] }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <table class="audit">
      <caption class="sr-only">{t("审计记录，最新的在前", "Audit entries, newest first")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("时间", "When")}</th>
          <th scope="col">{t("操作人", "Who")}</th>
          <th scope="col">{t("操作", "What")}</th>
          <th scope="col">{t("对象", "Which")}</th>
          <th scope="col">{t("改动", "Changes")}</th>
        </tr>
      </thead>
      <tbody>
        {p.entries.map((e) => {
          const rows = changeRows(e, p.lang);
          return (
            <tr>
              <td>
                <time datetime={e.at}>{dateTime(e.at)}</time>
              </td>
              <td>
                {actorName(e)}
                <div class="muted small">{actorRoleText(e, p.lang)}</div>
              </td>
              <td>{actionText(e.action, p.lang)}</td>
              <td>
                <Which lang={p.lang} entry={e} />
              </td>
              <td>
                {rows.length === 0 ? t("没有字段变化", "No field changed") : (
                  <details>
                    <summary>{changeSummary(e, p.lang)}</summary>
                    <table class="changes">
                      <thead>
                        <tr>
                          <th scope="col">{t("内容", "Field")}</th>
                          <th scope="col">{t("之前", "Before")}</th>
                          <th scope="col">{t("之后", "After")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((r) => (
                          <tr>
                            <th scope="row">{r.label}</th>
                            <td>{r.before}</td>
                            <td>{r.after}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
