/**
 * The host's polls, quizzes and surveys in the live room: the launch form (kind, purpose, ready
 * items to pick, timed or not, results shown at once or hidden) outside the live part, and inside it
 * each launch with its live results and its reveal / hide / close buttons. Plain forms: it works
 * without JavaScript.
 */
import type { Launch, ReadyItem } from "../api/launches.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { kindWords, purposeWords, ResultsView } from "./launch_results.tsx";
import { Csrf, Notice } from "./ui.tsx";

const base = (id: string) => `/host/sessions/${encodeURIComponent(id)}`;

/** The session's launches with results and actions (in the live fragment). */
export function LaunchPanel(p: { lang: Lang; csrf: string; sessionId: string; launches: Launch[] }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section class="card launches" aria-labelledby="launches-h">
      <h2 id="launches-h">{t("投票、测验与问卷", "Polls, quizzes and surveys")}</h2>
      {p.launches.length === 0
        ? (
          <p class="muted">
            {t("还没有发布。用下面的表单发布一组题目。", "Nothing launched yet: use the form below.")}
          </p>
        )
        : p.launches.map((l) => {
          const action = (name: "reveal" | "hide" | "close", text: string) => (
            <form method="post" action={`${base(p.sessionId)}/launches/${encodeURIComponent(l.id)}/${name}`}>
              <Csrf token={p.csrf} />
              <button type="submit">{text}</button>
            </form>
          );
          return (
            <article class="launch" id={l.id}>
              <h3>
                {kindWords(p.lang, l.kind)} · {purposeWords(p.lang, l.purpose)} · {l.status === "open"
                  ? t("作答中", "Open")
                  : l.status === "scheduled"
                  ? t(`待开放（${l.opensAt ?? ""}）`, `Scheduled (${l.opensAt ?? ""})`)
                  : t("已结束", "Closed")} ·{" "}
                {l.resultsVisible ? t("结果已公布", "Results shown") : t("结果未公布", "Results hidden")}
                {l.timed
                  ? t(`（限时，每题 ${l.secondsPerItem} 秒）`, ` (timed, ${l.secondsPerItem} s per item)`)
                  : null}
              </h3>
              <p class="small">
                {t(`共 ${l.results?.answers ?? 0} 份回答`, `${l.results?.answers ?? 0} answers in all`)}
              </p>
              {l.results ? <ResultsView lang={p.lang} launch={l} results={l.results} forHost /> : null}
              <div class="row">
                {l.resultsVisible
                  ? action("hide", t("隐藏结果", "Hide the results"))
                  : action("reveal", t("公布结果", "Reveal the results"))}
                {l.status !== "closed" ? action("close", t("结束作答", "Close answering")) : null}
              </div>
            </article>
          );
        })}
    </section>
  );
}

/** What the launch form remembers after a refusal. */
export interface LaunchTyped {
  kind?: string;
  purpose?: string;
  itemIds?: string[];
  idsText?: string;
  timed?: boolean;
  secondsPerItem?: string;
  resultsVisible?: boolean;
}

/** The launch form (outside the live part, so typing is never replaced). */
export function LaunchForm(
  p: {
    lang: Lang;
    csrf: string;
    sessionId: string;
    items: ReadyItem[] | null;
    typed?: LaunchTyped;
    problem?: string | undefined;
  },
) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const typed = p.typed ?? {};
  const picked = new Set(typed.itemIds ?? []);
  const kinds = ["quiz", "poll", "survey"] as const;
  const purposes = ["live", "preTest", "postTest", "satisfaction", "followUp"] as const;
  return (
    <section class="card" aria-labelledby="launch-h" id="launch">
      <h2 id="launch-h">{t("发布投票、测验或问卷", "Launch a poll, quiz or survey")}</h2>
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      <form method="post" action={`${base(p.sessionId)}/launches`} class="stack">
        <Csrf token={p.csrf} />
        <div class="field">
          <label for="launch-kind">{t("类型", "Kind")}</label>
          <select id="launch-kind" name="kind">
            {kinds.map((k) => <option value={k} selected={typed.kind === k}>{kindWords(p.lang, k)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="launch-purpose">{t("用途", "Purpose")}</label>
          <select id="launch-purpose" name="purpose">
            {purposes.map((k) => (
              <option value={k} selected={typed.purpose === k}>{purposeWords(p.lang, k)}</option>
            ))}
          </select>
        </div>
        {p.items?.length
          ? (
            <fieldset>
              <legend>{t("选择题目（只列出可以使用的题目）", "Pick items (ready ones only)")}</legend>
              {p.items.map((i) => (
                <label class="check">
                  <input type="checkbox" name="itemIds" value={i.id} checked={picked.has(i.id)} /> {i.stem}
                </label>
              ))}
            </fieldset>
          )
          : null}
        <div class="field">
          <label for="launch-ids">
            {t("题目编号（每行一个，可选）", "Item ids (one per line, optional)")}
          </label>
          <textarea id="launch-ids" name="idsText" rows={3}>{typed.idsText ?? ""}</textarea>
        </div>
        <label class="check">
          <input type="checkbox" name="resultsVisible" value="1" checked={typed.resultsVisible} /> {t(
            "立即向观众公布结果（不勾选则先隐藏，由您公布）",
            "Show results to the audience at once (otherwise hidden until you reveal them)",
          )}
        </label>
        <label class="check">
          <input type="checkbox" name="timed" value="1" checked={typed.timed} /> {t(
            "限时计分测验（默认不限时，照顾年长观众）",
            "Timed, scored quiz (untimed by default, kinder to older viewers)",
          )}
        </label>
        <div class="field">
          <label for="launch-seconds">{t("限时测验每题秒数", "Seconds per item (timed quizzes)")}</label>
          <input
            id="launch-seconds"
            name="secondsPerItem"
            inputmode="numeric"
            value={typed.secondsPerItem ?? "30"}
          />
        </div>
        <button type="submit" class="primary">{t("发布", "Launch")}</button>
      </form>
    </section>
  );
}
