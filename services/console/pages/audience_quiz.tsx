/**
 * The audience page's polls, quizzes and surveys: each open launch as one plain form (radio
 * buttons, check boxes, a 1–5 rating, a short text; large touch targets), "已提交 / Submitted" once
 * sent, and, when the host reveals them, the results — for a quiz the right answer with its
 * explanation. Rendered on the server; kept live by the audience script's EventSource enhancer, and
 * re-rendered only when what this person sees changes (a half-filled form is never replaced by
 * someone else's answer: results stay out of view until one has answered).
 */
import type { Launch, LaunchItem } from "../api/launches.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { kindWords, ResultsView } from "./launch_results.tsx";

function ItemInput(p: { lang: Lang; item: LaunchItem; n: number; error?: string | undefined }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const { item } = p;
  const name = `answer-${item.id}`;
  const legend = <legend class="a-q">{`${p.n + 1}. ${item.stem}`}</legend>;
  const err = p.error ? <p class="a-error" role="alert">{p.error}</p> : null;
  if (item.kind === "openText") {
    return (
      <fieldset class="a-item">
        {legend}
        <label for={`${name}-text`}>{t("您的回答", "Your answer")}</label>
        <textarea id={`${name}-text`} name={name} rows={3} maxlength={500}></textarea>
        {err}
      </fieldset>
    );
  }
  const options = item.kind === "rating"
    ? [1, 2, 3, 4, 5].map((r) => ({ id: String(r), text: t(`${r} 分`, `${r} of 5`) }))
    : item.choices;
  const type = item.kind === "multipleChoice" ? "checkbox" : "radio";
  return (
    <fieldset class="a-item">
      {legend}
      {item.kind === "multipleChoice" ? <p class="a-who">{t("可以多选", "Choose all that apply")}</p> : null}
      {item.kind === "rating"
        ? <p class="a-who">{t("1 分最低，5 分最高", "1 is lowest, 5 highest")}</p>
        : null}
      {options.map((o) => (
        <label class="a-choice">
          <input type={type} name={name} value={o.id} /> <span>{o.text}</span>
        </label>
      ))}
      {err}
    </fieldset>
  );
}

/** The live polls, quizzes and surveys of the session, for one audience member. */
export function AudienceQuiz(p: {
  lang: Lang;
  ref: string;
  csrf: string;
  launches: Launch[];
  /** Per launch, the items this person answered. */
  answered: ReadonlyMap<string, ReadonlySet<string>>;
  errors?: Record<string, string>;
}) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const shown = p.launches.filter((l) => l.status === "open" || (l.status === "closed" && l.resultsVisible));
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((l) => {
        const mine = p.answered.get(l.id) ?? new Set<string>();
        const todo = l.status === "open" ? l.items.filter((i) => !mine.has(i.id)) : [];
        const done = l.items.length > 0 && todo.length === 0 && mine.size > 0;
        return (
          <section class="a-card a-launch" aria-labelledby={`h-${l.id}`} id={`launch-${l.id}`}>
            <h2 id={`h-${l.id}`}>
              {t(`现场${kindWords(p.lang, l.kind)}`, `Live ${kindWords(p.lang, l.kind).toLowerCase()}`)}
              {l.status === "closed" ? t("（已结束）", " (closed)") : null}
            </h2>
            {l.timed && l.deadline && l.status === "open"
              ? (
                <p class="a-who">
                  {t(`限时作答：每题 ${l.secondsPerItem} 秒。`, `Timed: ${l.secondsPerItem} s per item.`)}
                </p>
              )
              : null}
            {todo.length
              ? (
                <form method="post" action={`/s/${p.ref}/answer`} class="a-form">
                  <input type="hidden" name="_csrf" value={p.csrf} />
                  <input type="hidden" name="launch" value={l.id} />
                  {todo.map((item) => (
                    <ItemInput
                      lang={p.lang}
                      item={item}
                      n={l.items.indexOf(item)}
                      error={p.errors?.[item.id]}
                    />
                  ))}
                  <button type="submit" class="a-primary">{t("提交", "Submit")}</button>
                  <p class="a-who">{t("提交后不能修改。", "Answers cannot be changed once sent.")}</p>
                </form>
              )
              : null}
            {done ? <p class="a-voted" role="status">{t("已提交 ✓", "Submitted ✓")}</p> : null}
            {l.resultsVisible && l.results && (done || l.status === "closed")
              ? <ResultsView lang={p.lang} launch={l} results={l.results} forHost={false} />
              : done
              ? (
                <p class="a-who">
                  {t("主播公布结果后会显示在这里。", "Results appear here once the host reveals them.")}
                </p>
              )
              : null}
          </section>
        );
      })}
    </>
  );
}
