/** A table of amendments: policy, summary, state, author, reviewer, age and effective date. */
import type { AmendmentItem } from "../api/admin.ts";
import { age, calendarDate } from "../web/format.ts";
import { label, type Lang, stateLabels, tr } from "../web/i18n.ts";
import { Badge } from "./ui.tsx";

/** The table; `caption` names it for screen readers. */
export function AmendmentTable(p: { lang: Lang; items: AmendmentItem[]; caption: string }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (p.items.length === 0) return <p class="empty">{t("没有符合条件的修订。", "No amendments match.")}</p>;
  return (
    <table class="desk">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("政策与修订说明", "Policy and summary")}</th>
          <th scope="col">{t("状态", "State")}</th>
          <th scope="col">{t("起草人", "Author")}</th>
          <th scope="col">{t("审核人", "Reviewer")}</th>
          <th scope="col">{t("更新于", "Updated")}</th>
          <th scope="col">{t("生效日期", "Effective")}</th>
        </tr>
      </thead>
      <tbody>
        {p.items.map((a) => (
          <tr>
            <td>
              <a href={`/amendments/${encodeURIComponent(a.id)}`}>{a.policyTitle ?? a.policyId}</a>
              <div class="muted small">{a.summary}</div>
              {a.state === "returned" && a.latestReturn
                ? <div class="small warn-text">{t("退回原因：", "Returned: ")}{a.latestReturn.reason}</div>
                : null}
            </td>
            <td>
              <Badge kind={a.state}>{label(stateLabels, a.state, p.lang)}</Badge>
            </td>
            <td>{a.authorName}</td>
            <td>{a.approvedByName ?? (a.latestReturn?.byName ?? "—")}</td>
            <td>
              <time datetime={a.updatedAt}>{age(a.updatedAt, p.lang)}</time>
            </td>
            <td>{calendarDate(a.effectiveFrom, p.lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
