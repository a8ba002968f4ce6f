/** The impact preview: typical visits estimated under the rules in force and under the draft. */
import type { ImpactCase, ImpactPreview } from "../api/eligibility.ts";
import { yuan } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";

const text = (v: { zh: string; en: string } | string | null | undefined, lang: Lang) =>
  v === null || v === undefined ? "" : typeof v === "string" ? v : tr(lang, v.zh, v.en);

const money = (fen: number | null | undefined, lang: Lang) =>
  fen === null || fen === undefined ? "—" : yuan(fen, lang);

function signed(fen: number | null | undefined, lang: Lang): string {
  if (fen === null || fen === undefined) return "—";
  if (fen === 0) return tr(lang, "不变", "no change");
  return `${fen > 0 ? "+" : ""}${yuan(fen, lang)}`;
}

/** The panel; at most `limit` rows, the cases that change first. */
export function ImpactPanel(p: { lang: Lang; preview: ImpactPreview; limit?: number }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.preview.summary ?? {};
  const cases: ImpactCase[] = [...(p.preview.cases ?? [])].sort((a, b) =>
    Number(b.differenceFen !== 0 && b.differenceFen !== null) -
    Number(a.differenceFen !== 0 && a.differenceFen !== null)
  );
  const shown = cases.slice(0, p.limit ?? 40);
  const notEstimable = p.preview.notEstimable ?? [];
  return (
    <div class="impact">
      <dl class="facts">
        <div>
          <dt>{t("测算的典型就医情形", "Typical visits estimated")}</dt>
          <dd>{String(s.cases ?? cases.length)}</dd>
        </div>
        <div>
          <dt>{t("基金支付有变化的情形", "Visits whose fund payment changes")}</dt>
          <dd>{String(s.changed ?? cases.filter((c) => c.differenceFen).length)}</dd>
        </div>
        <div>
          <dt>{t("平均基金支付（现行 → 修订后）", "Average fund payment (now → after)")}</dt>
          <dd>{`${money(s.averageBeforeFen, p.lang)} → ${money(s.averageAfterFen, p.lang)}`}</dd>
        </div>
        <div>
          <dt>{t("平均每次变化", "Average change per visit")}</dt>
          <dd>{signed(s.averageDifferenceFen, p.lang)}</dd>
        </div>
      </dl>
      {p.preview.note ? <p class="muted small">{text(p.preview.note, p.lang)}</p> : null}
      <table class="impact-table">
        <caption>
          {t(
            `各情形的基金支付（先列有变化的，最多 ${p.limit ?? 40} 行）`,
            `Fund payment per visit (changes first, at most ${p.limit ?? 40} rows)`,
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("情形", "Visit")}</th>
            <th scope="col">{t("地区", "Region")}</th>
            <th scope="col">{t("现行规则", "Rules in force")}</th>
            <th scope="col">{t("修订后", "As amended")}</th>
            <th scope="col">{t("变化", "Change")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr class={c.differenceFen ? "changed" : undefined}>
              <th scope="row">{text(c.description, p.lang)}</th>
              <td>{typeof c.region === "string" ? c.region : c.region?.name ?? "—"}</td>
              <td>{money(c.beforeFen, p.lang)}</td>
              <td>{money(c.afterFen, p.lang)}</td>
              <td>{signed(c.differenceFen, p.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notEstimable.length
        ? (
          <details>
            <summary>
              {t(
                `无法测算的情形（${notEstimable.length}）`,
                `Visits that cannot be estimated (${notEstimable.length})`,
              )}
            </summary>
            <ul>
              {notEstimable.slice(0, 50).map((c) => (
                <li>{`${text(c.description, p.lang)}：${text(c.reason, p.lang)}`}</li>
              ))}
            </ul>
          </details>
        )
        : null}
    </div>
  );
}
