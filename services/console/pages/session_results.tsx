/**
 * `/host/sessions/:id/results` (the session's host): who learned what. Per item and per policy the
 * share answering correctly with its Wilson 95% interval and n (pre-tests left out; "达到 80% 目标" only
 * when the lower bound reaches 80%, "样本太少，无法判断" under 60 answers), the pre/post comparison
 * paired by respondent (mean gain, Hake's g, paired n, only-pre, only-post), the satisfaction ratings,
 * the hardest items with their explanations, and the answers as CSV.
 */
import type { PrePost, SessionAwareness } from "../api/items.ts";
import type { Launch } from "../api/launches.ts";
import { percent } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { ItemTable, PolicyTable, Rate, share, Verdict } from "./awareness.tsx";

/** A rating summary of one satisfaction item. */
export interface RatingSummary {
  itemId: string;
  stem: string;
  answered: number;
  meanRating: number | null;
  counts: Record<string, number>;
}

/** What the page needs. */
export interface SessionResultsProps {
  lang: Lang;
  session: { id: string; title: string };
  awareness: SessionAwareness;
  ratings: RatingSummary[];
  /** Item id → the explanation of its right answer (from the launches' results). */
  explanations: Record<string, string>;
}

/** The satisfaction ratings of a session's launches (purpose `satisfaction`, rating items). */
export function ratingSummaries(launches: Launch[]): RatingSummary[] {
  const out: RatingSummary[] = [];
  for (const l of launches) {
    if (l.purpose !== "satisfaction" || !l.results) continue;
    for (const r of l.results.items) {
      if (r.kind !== "rating") continue;
      out.push({
        itemId: r.itemId,
        stem: l.items.find((i) => i.id === r.itemId)?.stem ?? r.itemId,
        answered: r.answered,
        meanRating: r.meanRating,
        counts: r.counts,
      });
    }
  }
  return out;
}

/** Item id → explanation, from every launch's results. */
export function explanationsOf(launches: Launch[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of launches) {
    for (const r of l.results?.items ?? []) if (r.explanation) out[r.itemId] = r.explanation;
  }
  return out;
}

/** A signed gain in percentage points, one decimal at most: 0.5 → "+50 个百分点". */
export function gainWords(lang: Lang, gain: number): string {
  const bp = Math.round(gain * 1000) * 10;
  const n = percent(Math.abs(bp)).replace(/%$/, "");
  const s = `${bp > 0 ? "+" : bp < 0 ? "−" : ""}${n}`;
  return tr(lang, `${s} 个百分点`, `${s} percentage points`);
}

function PrePostList(p: { lang: Lang; pp: PrePost; label: string }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const pp = p.pp;
  return (
    <dl class="facts" aria-label={p.label}>
      <dt>{t("前后都作答的人数", "Answered both (paired)")}</dt>
      <dd>{pp.paired}</dd>
      <dt>{t("只参加了课前测验", "Pre-test only")}</dt>
      <dd>{pp.onlyPre}</dd>
      <dt>{t("只参加了课后测验", "Post-test only")}</dt>
      <dd>{pp.onlyPost}</dd>
      <dt>{t("课前平均得分", "Mean pre-test score")}</dt>
      <dd>{pp.meanPre === null ? "—" : share(pp.meanPre)}</dd>
      <dt>{t("课后平均得分", "Mean post-test score")}</dt>
      <dd>{pp.meanPost === null ? "—" : share(pp.meanPost)}</dd>
      <dt>{t("平均个人提升", "Mean individual gain")}</dt>
      <dd>{pp.meanGain === null ? "—" : gainWords(p.lang, pp.meanGain)}</dd>
      <dt>{t("标准化提升（Hake g）", "Normalised gain (Hake's g)")}</dt>
      <dd>{pp.hakeG === null ? "—" : pp.hakeG.toFixed(2)}</dd>
    </dl>
  );
}

/** The session results page. */
export function SessionResultsPage(p: SessionResultsProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const a = p.awareness;
  const base = `/host/sessions/${encodeURIComponent(p.session.id)}`;
  const hardest = a.items.filter((i) => i.n > 0 && i.correct < i.n).slice(0, 5);
  const pp = a.prePost.overall;
  return (
    <article>
      <p class="crumbs">
        <a href="/host/sessions">{t("我的直播", "My sessions")}</a> › <a href={base}>{p.session.title}</a> ›
        {" "}
        <a href={`${base}/live`}>{t("直播间", "Live room")}</a>
      </p>
      <h1>{t(`学习效果：${p.session.title}`, `What the audience learned: ${p.session.title}`)}</h1>
      <p class="lead">
        {t(
          "答对比例附 95% 置信区间和作答数；只有区间下限达到 80% 才算达到目标，少于 60 个作答时样本太少，无法判断。课前测验不计入答对比例，只用于前后对比。",
          "Each share answering correctly comes with its 95% interval and the number of answers; it meets the target only when the lower bound reaches 80%, and under 60 answers the sample is too small to tell. Pre-tests are left out of the shares and used for the before-and-after comparison only.",
        )}
      </p>
      <p>
        <a class="button" href={`${base}/results/answers.csv`} download>
          {t("下载全部作答（CSV）", "Download every answer (CSV)")}
        </a>
      </p>

      <section aria-labelledby="overall-h">
        <h2 id="overall-h">{t("总体", "Overall")}</h2>
        <p>
          <Rate lang={p.lang} a={a.overall} /> <Verdict lang={p.lang} a={a.overall} />
        </p>
      </section>

      <section aria-labelledby="items-h">
        <h2 id="items-h">{t("各题", "By item")}</h2>
        {a.items.length
          ? (
            <ItemTable
              lang={p.lang}
              label={t("各题答对比例", "Share correct by item")}
              rows={a.items}
              answers
            />
          )
          : <p class="empty">{t("还没有测验作答。", "No quiz answers yet.")}</p>}
      </section>

      <section aria-labelledby="policies-h">
        <h2 id="policies-h">{t("各项政策", "By policy")}</h2>
        {a.policies.length
          ? (
            <PolicyTable
              lang={p.lang}
              label={t("各项政策的知晓率", "Awareness by policy")}
              rows={a.policies}
            />
          )
          : <p class="empty">{t("还没有测验作答。", "No quiz answers yet.")}</p>}
      </section>

      <section aria-labelledby="prepost-h">
        <h2 id="prepost-h">{t("课前与课后对比", "Before and after")}</h2>
        {pp.paired + pp.onlyPre + pp.onlyPost === 0
          ? (
            <p class="empty">
              {t(
                "这一场没有课前和课后测验。",
                "This session had no pre-test and post-test.",
              )}
            </p>
          )
          : (
            <>
              <p class="small muted">
                {t(
                  "按同一位观众（化名）配对，只比较前后都作答的人；匿名题无法配对。",
                  "Paired by the same (pseudonymous) audience member; only people who answered both are compared. Anonymous items cannot be paired.",
                )}
              </p>
              <PrePostList lang={p.lang} pp={pp} label={t("课前与课后对比", "Before and after")} />
            </>
          )}
      </section>

      <section aria-labelledby="ratings-h">
        <h2 id="ratings-h">{t("满意度评分", "Satisfaction ratings")}</h2>
        {p.ratings.length
          ? (
            <table class="audit" aria-label={t("满意度评分", "Satisfaction ratings")}>
              <thead>
                <tr>
                  <th scope="col">{t("题目", "Item")}</th>
                  <th scope="col">{t("平均分（满分 5）", "Mean (out of 5)")}</th>
                  <th scope="col">{t("评分人数", "Ratings")}</th>
                  <th scope="col">{t("分布（1–5 分）", "Spread (1–5)")}</th>
                </tr>
              </thead>
              <tbody>
                {p.ratings.map((r) => (
                  <tr>
                    <th scope="row">{r.stem}</th>
                    <td>{r.meanRating === null ? "—" : r.meanRating.toFixed(1)}</td>
                    <td>{r.answered}</td>
                    <td>
                      {["1", "2", "3", "4", "5"].map((k) =>
                        t(`${k} 分：${r.counts[k] ?? 0}`, `${k}: ${r.counts[k] ?? 0}`)
                      ).join(t("；", "; "))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
          : <p class="empty">{t("这一场没有满意度调查。", "This session had no satisfaction survey.")}</p>}
      </section>

      <section aria-labelledby="hardest-h">
        <h2 id="hardest-h">{t("答错最多的题目", "The items most people got wrong")}</h2>
        {hardest.length
          ? (
            <ol class="hardest">
              {hardest.map((i) => (
                <li>
                  <p>
                    <strong>{i.stem}</strong> {t(
                      `答错 ${i.n - i.correct} 人次，答对比例 ${
                        percent(Math.round((i.rate ?? 0) * 1000) * 10)
                      }`,
                      `${i.n - i.correct} wrong, ${percent(Math.round((i.rate ?? 0) * 1000) * 10)} right`,
                    )}
                  </p>
                  {p.explanations[i.itemId]
                    ? <p class="explanation">{t("解析：", "Why: ")}{p.explanations[i.itemId]}</p>
                    : null}
                </li>
              ))}
            </ol>
          )
          : <p class="empty">{t("没有答错的题目。", "No item was answered wrongly.")}</p>}
      </section>
    </article>
  );
}
