/**
 * A launch's results as people read them, for the host's live room and the audience page: per item
 * the answers per choice (count and percent, with a bar drawn by a `<meter>`), the share answering
 * right with the right answer and its explanation (knowledge items), the mean rating, and for a
 * timed quiz the leaderboard under pseudonymous names. Words Chinese first, English second.
 */
import type { Launch, LaunchItem, LaunchResults } from "../api/launches.ts";
import { percent } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";

/** Kind of launch, for people. */
export function kindWords(lang: Lang, kind: Launch["kind"]): string {
  const words: Record<Launch["kind"], [string, string]> = {
    poll: ["投票", "Poll"],
    quiz: ["测验", "Quiz"],
    survey: ["问卷", "Survey"],
  };
  return tr(lang, ...words[kind]);
}

/** Purpose of a launch, for people. */
export function purposeWords(lang: Lang, purpose: Launch["purpose"]): string {
  const words: Record<Launch["purpose"], [string, string]> = {
    live: ["现场", "Live"],
    preTest: ["课前测", "Pre-test"],
    postTest: ["课后测", "Post-test"],
    satisfaction: ["满意度", "Satisfaction"],
    followUp: ["回访", "Follow-up"],
  };
  return tr(lang, ...words[purpose]);
}

/** The share of `n` in `of`, in percent as the console writes rates. */
const share = (n: number, of: number) => (of > 0 ? percent(Math.round((n / of) * 10_000)) : "—");

function choiceText(lang: Lang, item: LaunchItem, id: string): string {
  if (item.kind === "rating") return tr(lang, `${id} 分`, `${id} of 5`);
  return item.choices.find((c) => c.id === id)?.text ?? id;
}

/** One launch's results. */
export function ResultsView(p: { lang: Lang; launch: Launch; results: LaunchResults; forHost: boolean }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const byId = new Map(p.results.items.map((r) => [r.itemId, r]));
  return (
    <div class="launch-results">
      {p.launch.items.map((item, n) => {
        const r = byId.get(item.id);
        if (!r) return null;
        const keys = Object.keys(r.counts);
        return (
          <section class="item-results" aria-label={t(`第 ${n + 1} 题结果`, `Results of item ${n + 1}`)}>
            <h4>{`${n + 1}. ${item.stem}`}</h4>
            <p class="small">{t(`${r.answered} 人作答`, `${r.answered} answered`)}</p>
            {keys.length
              ? (
                <ul class="bars">
                  {keys.map((k) => {
                    const right = r.correctChoiceIds?.includes(k);
                    return (
                      <li class={right ? "right" : undefined}>
                        <span class="bar-label">
                          {choiceText(p.lang, item, k)}
                          {right ? t("（正确答案）", " (right answer)") : null}
                        </span>
                        <meter min={0} max={Math.max(1, r.answered)} value={r.counts[k] ?? 0}></meter>
                        <span class="bar-figure">
                          {t(
                            `${r.counts[k] ?? 0} 人，${share(r.counts[k] ?? 0, r.answered)}`,
                            `${r.counts[k] ?? 0}, ${share(r.counts[k] ?? 0, r.answered)}`,
                          )}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )
              : null}
            {r.shareCorrect !== null
              ? (
                <p class="share-correct">
                  <strong>
                    {t(
                      `答对 ${r.correct} 人，占 ${share(r.correct ?? 0, r.answered)}`,
                      `${r.correct} right, ${share(r.correct ?? 0, r.answered)}`,
                    )}
                  </strong>
                </p>
              )
              : null}
            {r.explanation ? <p class="explanation">{t("解析：", "Why: ")}{r.explanation}</p> : null}
            {r.meanRating !== null
              ? <p>{t(`平均 ${r.meanRating} 分（满分 5 分）`, `Mean ${r.meanRating} of 5`)}</p>
              : null}
            {p.forHost && r.texts?.length
              ? (
                <ul class="texts">
                  {r.texts.slice(0, 10).map((x) => <li>{x}</li>)}
                </ul>
              )
              : null}
          </section>
        );
      })}
      {p.results.leaderboard?.length
        ? (
          <section aria-label={t("排行榜", "Leaderboard")}>
            <h4>{t("排行榜（化名）", "Leaderboard (pseudonyms)")}</h4>
            <ol>
              {p.results.leaderboard.map((row) => (
                <li>
                  {row.displayName}：{t(
                    `答对 ${row.correct} 题，用时 ${row.totalSeconds} 秒`,
                    `${row.correct} right in ${row.totalSeconds} s`,
                  )}
                </li>
              ))}
            </ol>
          </section>
        )
        : null}
    </div>
  );
}
