/** The impact preview: typical visits estimated under the rules in force and under the draft. */
import type { ImpactCase, ImpactPreview, ImpactTotals } from "../api/eligibility.ts";
import { calendarDate, yuan } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";

const visitNames: Record<string, [string, string]> = {
  inpatient: ["住院", "Inpatient"],
  generalOutpatient: ["普通门诊", "General outpatient"],
  outpatientPooling: ["普通门诊", "General outpatient"],
  chronicSpecialOutpatient: ["门诊慢特病", "Chronic and special outpatient"],
  hypertensionDiabetes: ["两病门诊用药", "Hypertension and diabetes"],
};

const money = (fen: number | null | undefined, lang: Lang) =>
  fen === null || fen === undefined ? "—" : yuan(fen, lang);

function signed(fen: number | null | undefined, lang: Lang): string {
  if (fen === null || fen === undefined) return "—";
  if (fen === 0) return tr(lang, "不变", "no change");
  return `${fen > 0 ? "+" : ""}${yuan(fen, lang)}`;
}

function TotalsRow(p: { name: string; t: ImpactTotals; lang: Lang }) {
  return (
    <tr>
      <th scope="row">{p.name}</th>
      <td>{String(p.t.estimated)}</td>
      <td>{String(p.t.changed)}</td>
      <td>{money(p.t.averageFundPaysBeforeFen, p.lang)}</td>
      <td>{money(p.t.averageFundPaysAfterFen, p.lang)}</td>
      <td>{signed(p.t.averageChangeFen, p.lang)}</td>
    </tr>
  );
}

/** The panel; at most `limit` case rows, the cases that change first. */
export function ImpactPanel(p: { lang: Lang; preview: ImpactPreview; limit?: number }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const limit = p.limit ?? 40;
  const { summary, regions } = p.preview;
  const names = new Map(regions.map((r) => [r.code, r.fullName || r.name]));
  const estimated = p.preview.cases.filter((c) => !c.notEstimated);
  const shown: ImpactCase[] = [...estimated].sort((a, b) => Number(b.changed) - Number(a.changed)).slice(
    0,
    limit,
  );
  const notEstimated = p.preview.cases.filter((c) => c.notEstimated);
  const idle = regions.filter((r) => !r.policyInForce && !r.omitted);
  return (
    <div class="impact">
      <p>
        {t(
          `按 ${calendarDate(p.preview.asOf, "zh")}施行的规则与修订后的规则，测算 ${
            regions.filter((r) => !r.omitted).map((r) => r.fullName || r.name).join("、")
          } 的 ${summary.cases} 种典型就医情形（每种为当年首次就医，费用按甲类 70%、乙类 20%、自费 10% 拆分）。`,
          `${summary.cases} typical visits in ${
            regions.filter((r) => !r.omitted).map((r) => r.fullName || r.name).join(", ")
          }, estimated under the rules in force on ${
            calendarDate(p.preview.asOf, "en")
          } and as amended (each the first visit of the year; bills split 70% class A, 20% class B, 10% self-pay).`,
        )}
        {regions.some((r) => r.representative)
          ? t(
            " 全国或省级政策以代表性城市测算。",
            " National and provincial policies are estimated in representative cities.",
          )
          : ""}
      </p>
      {idle.length
        ? (
          <p class="notice warn">
            {t(
              `该政策在 ${
                idle.map((r) => r.name).join("、")
              } 当日未施行（尚未生效或被当地政策取代），这些地区的情形不会变化。`,
              `The policy is not in force in ${
                idle.map((r) => r.name).join(", ")
              } on that day (not yet effective, or replaced locally); those visits cannot change.`,
            )}
          </p>
        )
        : null}
      <table>
        <caption>
          {t("汇总（平均值只计两边都能测算的情形）", "Summary (averages over visits estimable both ways)")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("就医类型", "Visit type")}</th>
            <th scope="col">{t("可测算", "Estimable")}</th>
            <th scope="col">{t("有变化", "Changed")}</th>
            <th scope="col">{t("平均基金支付（现行）", "Average fund payment (now)")}</th>
            <th scope="col">{t("平均基金支付（修订后）", "Average fund payment (amended)")}</th>
            <th scope="col">{t("平均每次变化", "Average change")}</th>
          </tr>
        </thead>
        <tbody>
          <TotalsRow name={t("全部", "All")} t={summary} lang={p.lang} />
          {summary.byVisitType.map((v) => (
            <TotalsRow
              name={visitNames[v.visitType]
                ? tr(p.lang, visitNames[v.visitType]![0], visitNames[v.visitType]![1])
                : v.visitType}
              t={v}
              lang={p.lang}
            />
          ))}
        </tbody>
      </table>
      <table class="impact-table">
        <caption>
          {t(
            `各情形的基金支付（先列有变化的，最多 ${limit} 行）`,
            `Fund payment per visit (changes first, at most ${limit} rows)`,
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
            <tr class={c.changed ? "changed" : undefined}>
              <th scope="row">{tr(p.lang, c.description.zh, c.description.en)}</th>
              <td>{names.get(c.region) ?? c.region}</td>
              <td>{money(c.fundPaysBeforeFen, p.lang)}</td>
              <td>{money(c.fundPaysAfterFen, p.lang)}</td>
              <td>{signed(c.differenceFen, p.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notEstimated.length
        ? (
          <details>
            <summary>
              {t(
                `无法测算的情形（${notEstimated.length}）`,
                `Visits that cannot be estimated (${notEstimated.length})`,
              )}
            </summary>
            <ul>
              {notEstimated.slice(0, 60).map((c) => {
                const why = c.notEstimated?.after ?? c.notEstimated?.before;
                return (
                  <li>
                    {`${tr(p.lang, c.description.zh, c.description.en)}：${
                      why ? tr(p.lang, why.zh, why.en) : ""
                    }`}
                  </li>
                );
              })}
            </ul>
          </details>
        )
        : null}
    </div>
  );
}
