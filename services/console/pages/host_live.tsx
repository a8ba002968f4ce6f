/**
 * The live room: the banner when a covered policy was amended, the questions in pending / approved /
 * answered columns (re-rendered live), the page of one question (approve with an edit, merge, answer
 * with cited policy versions), and the replay and transcript after the session.
 */
import type { PolicyItem } from "../api/policy.ts";
import type { LiveSession, Question } from "../api/sessions.ts";
import { parameterText } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { fieldLabel } from "../web/rule_labels.ts";
import { zoned, zoneEn, zoneZh } from "../web/zones.ts";
import { Csrf, Field, Notice } from "./ui.tsx";
import type { Child } from "hono/jsx";
import type { Launch } from "../api/launches.ts";
import { LaunchPanel } from "./host_launches.tsx";

/** A policy cited or covered, for people. */
export interface PolicyName {
  title: string;
  version: number | null;
}

/** What the live fragment shows. */
export interface LiveView {
  session: LiveSession;
  pending: Question[];
  approved: Question[];
  answered: Question[];
  /** Every question of the session by id (near-duplicate suggestions name them). */
  byId: Map<string, Question>;
  policies: Map<string, PolicyName>;
  sort: "votes" | "time";
  /** The session's polls, quizzes and surveys with results. */
  launches?: Launch[];
}

const base = (id: string) => `/host/sessions/${encodeURIComponent(id)}`;

/** The "a covered policy was amended" banner with what changed. */
export function RebriefBanner(p: { lang: Lang; csrf: string; view: LiveView }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.view.session;
  if (!s.needsRebrief) return null;
  return (
    <section class="notice warn rebrief" aria-labelledby="rebrief-h">
      <h2 id="rebrief-h" class="notice-title">
        {t(
          "本场涉及的政策有修订，请在直播前重新了解",
          "A policy this session covers was amended: read up before going live",
        )}
      </h2>
      {s.rebriefs.map((r) => {
        const name = p.view.policies.get(r.policyId)?.title ?? t("涉及的政策", "A covered policy");
        return (
          <div class="rebrief-item">
            <p>
              <strong>{name}</strong>
              {r.version ? t(`（第 ${r.version} 版）`, ` (version ${r.version})`) : null}
              <span class="muted small">
                {t(
                  `，记录于 ${zoned(r.flaggedAt, s.timeZone)}（${zoneZh(s.timeZone)}）`,
                  `, noted ${zoned(r.flaggedAt, s.timeZone)} (${zoneEn(s.timeZone)})`,
                )}
              </span>
            </p>
            {r.summary ? <p>{r.summary}</p> : null}
            {r.changes.length
              ? (
                <ul>
                  {r.changes.map((ch) => (
                    <li>
                      {ch.field.startsWith("rules.") ? t("待遇规则 · ", "Benefit rule · ") : null}
                      {ch.field.startsWith("eligibility.") ? t("资格规则 · ", "Eligibility rule · ") : null}
                      {fieldLabel(ch.field, null, p.lang, { withRule: false })}：{parameterText(
                        ch.field,
                        ch.before,
                        p.lang,
                      )} → {parameterText(ch.field, ch.after, p.lang)}
                    </li>
                  ))}
                </ul>
              )
              : null}
          </div>
        );
      })}
      <form method="post" action={`${base(s.id)}/rebrief-read`}>
        <Csrf token={p.csrf} />
        <button type="submit">{t("我已了解这些修订", "I have read these changes")}</button>
      </form>
    </section>
  );
}

function QuestionCard(p: { lang: Lang; csrf: string; view: LiveView; q: Question }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const { q, view } = p;
  const s = view.session;
  const action = `${base(s.id)}/questions/${encodeURIComponent(q.id)}`;
  const button = (value: string, text: string, label: string, cls?: string) => (
    <button type="submit" name="action" value={value} class={cls} aria-label={label}>{text}</button>
  );
  const short = q.text.length > 16 ? `${q.text.slice(0, 16)}…` : q.text;
  const handle = q.status === "pending"
    ? t("修改后通过、合并…", "Edit, merge…")
    : t("回答、合并…", "Answer, merge…");
  const similar = (q.similarTo ?? []).map((id) => view.byId.get(id)).filter((x): x is Question =>
    !!x && (x.status === "approved" || x.status === "answered")
  );
  return (
    <li class={q.pinned ? "question pinned" : "question"} id={q.id}>
      <p class="q-text">{q.text}</p>
      <p class="muted small">
        <span class="votes">{t(`${q.votes} 票`, `${q.votes} votes`)}</span> ·{" "}
        {q.askerName ?? t("匿名", "Anonymous")} · {zoned(q.createdAt, s.timeZone).slice(11)}
        {q.pinned ? <span class="badge badge-ok">{t("置顶中", "Pinned")}</span> : null}
      </p>
      {q.status === "answered"
        ? (
          <div class="answer">
            <p>
              <strong>{t("回答：", "Answer: ")}</strong>
              {q.answer}
            </p>
            {(q.citations ?? q.citedPolicies.map((id) => ({ policyId: id, version: null }))).length
              ? (
                <p class="small">
                  {t("引用：", "Cites: ")}
                  {(q.citations ?? q.citedPolicies.map((id) => ({ policyId: id, version: null }))).map((
                    c,
                    i,
                  ) => (
                    <span>
                      {i ? t("；", "; ") : null}
                      {t(
                        `《${view.policies.get(c.policyId)?.title ?? "政策"}》`,
                        `“${view.policies.get(c.policyId)?.title ?? "policy"}”`,
                      )}
                      {c.version ? t(`第 ${c.version} 版`, ` version ${c.version}`) : null}
                    </span>
                  ))}
                </p>
              )
              : null}
          </div>
        )
        : null}
      {similar.length
        ? (
          <div class="similar small">
            <p>{t("相似的问题：", "Reads like:")}</p>
            <ul>
              {similar.map((x) => (
                <li>
                  「{x.text}」
                  <form method="post" action={action} class="inline">
                    <Csrf token={p.csrf} />
                    <input type="hidden" name="sort" value={view.sort} />
                    <input type="hidden" name="into" value={x.id} />
                    {button(
                      "merge",
                      t("合并过去", "Merge into it"),
                      t(
                        `合并过去：把「${short}」并入「${x.text}」`,
                        `Merge into it: “${short}” into “${x.text}”`,
                      ),
                    )}
                  </form>
                </li>
              ))}
            </ul>
          </div>
        )
        : null}
      <form method="post" action={action} class="row actions">
        <Csrf token={p.csrf} />
        <input type="hidden" name="sort" value={view.sort} />
        {q.status === "pending"
          ? button("approve", t("通过", "Approve"), t(`通过「${short}」`, `Approve “${short}”`), "primary")
          : null}
        {q.status === "pending" || q.status === "approved"
          ? button("dismiss", t("驳回", "Dismiss"), t(`驳回「${short}」`, `Dismiss “${short}”`))
          : null}
        {q.status === "approved" && !q.pinned
          ? button("pin", t("置顶", "Pin"), t(`置顶「${short}」`, `Pin “${short}”`))
          : null}
        {q.status === "approved" && q.pinned
          ? button("unpin", t("取消置顶", "Unpin"), t(`取消置顶「${short}」`, `Unpin “${short}”`))
          : null}
        {q.status === "answered"
          ? button("reopen", t("重新打开", "Reopen"), t(`重新打开「${short}」`, `Reopen “${short}”`))
          : null}
      </form>
      {q.status !== "answered"
        ? (
          <p class="small">
            <a href={action} aria-label={`${handle}${t(`：「${short}」`, `: “${short}”`)}`}>{handle}</a>
          </p>
        )
        : null}
    </li>
  );
}

/** The live part of the room: the banner and the three columns (re-rendered on each event). */
export function LiveColumns(p: { lang: Lang; csrf: string; view: LiveView }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const v = p.view;
  const column = (key: string, title: string, items: Question[], empty: string) => (
    <section class="column" aria-labelledby={`col-${key}`}>
      <h2 id={`col-${key}`}>
        {title} <span class="count">{items.length}</span>
      </h2>
      {items.length
        ? <ul class="questions">{items.map((q) => <QuestionCard {...p} q={q} />)}</ul>
        : <p class="muted">{empty}</p>}
    </section>
  );
  return (
    <>
      <RebriefBanner {...p} />
      <div class="columns">
        {column("pending", t("待审核", "Pending"), v.pending, t("没有待审核的问题。", "Nothing waiting."))}
        {column(
          "approved",
          t("已通过", "Approved"),
          v.approved,
          t("还没有通过的问题。", "Nothing approved yet."),
        )}
        {column(
          "answered",
          t("已回答", "Answered"),
          v.answered,
          t("还没有回答的问题。", "Nothing answered yet."),
        )}
      </div>
      {v.launches
        ? <LaunchPanel lang={p.lang} csrf={p.csrf} sessionId={v.session.id} launches={v.launches} />
        : null}
    </>
  );
}

/** Props of {@linkcode LiveRoom}. */
export interface LiveRoomProps {
  lang: Lang;
  csrf: string;
  view: LiveView;
  nextStart: string | null;
  done?: string | undefined;
  problem?: string | undefined;
  /** The launch form (polls, quizzes, surveys), outside the live part. */
  launchForm?: Child;
}

/** `/host/sessions/:id/live`. */
export function LiveRoom(p: LiveRoomProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.view.session;
  const sortLink = (sort: "votes" | "time", text: string) => (
    <a href={`${base(s.id)}/live?sort=${sort}`} aria-current={p.view.sort === sort ? "true" : undefined}>
      {text}
    </a>
  );
  return (
    <article>
      <p class="crumbs">
        <a href="/host/sessions">{t("我的直播", "My sessions")}</a> › <a href={base(s.id)}>{s.title}</a>
      </p>
      <h1>{t(`直播间：${s.title}`, `Live room: ${s.title}`)}</h1>
      <p class="lead">
        {p.nextStart
          ? t(
            `下一次开始：${zoned(p.nextStart, s.timeZone)}（${zoneZh(s.timeZone)}）`,
            `Next start: ${zoned(p.nextStart, s.timeZone)} (${zoneEn(s.timeZone)})`,
          )
          : t("这一场已经结束。", "This session is over.")}
        {t(`　提问时间为 ${s.timeZone} 时间。`, ` Question times in ${s.timeZone}.`)}
      </p>
      {p.done ? <Notice kind="ok">{p.done}</Notice> : null}
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      <nav class="row tabs-inline" aria-label={t("排序", "Sort")}>
        <span>{t("排序：", "Sort: ")}</span>
        {sortLink("votes", t("按票数", "By votes"))}
        {sortLink("time", t("按时间", "By time"))}
      </nav>
      <div
        data-enhance="live-fragment"
        data-source={`${base(s.id)}/live/stream?sort=${p.view.sort}`}
        aria-live="off"
      >
        <LiveColumns lang={p.lang} csrf={p.csrf} view={p.view} />
      </div>
      <p class="muted small">
        {t("新问题和票数会实时出现，无需刷新。", "New questions and votes appear live, without reloading.")}
        {" "}
        <a href={`${base(s.id)}/live?sort=${p.view.sort}`}>{t("手动刷新", "Reload")}</a>
      </p>
      <p>
        <a href={`${base(s.id)}/results`}>
          {t("查看学习效果（测验结果）", "What the audience learned (quiz results)")}
        </a>
      </p>
      {p.launchForm ?? null}
      <section aria-labelledby="after-h" class="card">
        <h2 id="after-h">{t("直播结束后：回放与文字稿", "After the session: replay and transcript")}</h2>
        <form method="post" action={`${base(s.id)}/replay`} class="stack">
          <Csrf token={p.csrf} />
          <Field
            name="replayUrl"
            label={t("回放地址", "Replay address")}
            type="url"
            value={s.replayUrl ?? ""}
            hint={t("以 https:// 开头；留空则不显示回放", "Starting https://; empty for none")}
          />
          <Field
            name="transcript"
            label={t("文字稿", "Transcript")}
            value={s.transcript ?? ""}
            multiline
            rows={6}
          />
          <button type="submit">{t("保存回放与文字稿", "Save replay and transcript")}</button>
        </form>
      </section>
    </article>
  );
}

/** Props of {@linkcode QuestionPage}. */
export interface QuestionPageProps {
  lang: Lang;
  csrf: string;
  session: LiveSession;
  question: Question;
  /** Approved or answered questions it may merge into, near-duplicates first. */
  targets: { q: Question; similar: boolean }[];
  /** Policies offered for citing: the session's, those ticked, and those found. */
  offered: (PolicyItem | { id: string; title: string; version: number; docNumber?: string })[];
  cited: Set<string>;
  answer: string;
  policyQuery: string;
  searched: boolean;
  problem?: string | undefined;
}

/** `/host/sessions/:id/questions/:qid`: approve with an edit, merge, answer with citations. */
export function QuestionPage(p: QuestionPageProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.session;
  const q = p.question;
  const action = `${base(s.id)}/questions/${encodeURIComponent(q.id)}`;
  return (
    <article>
      <p class="crumbs">
        <a href="/host/sessions">{t("我的直播", "My sessions")}</a> ›{" "}
        <a href={`${base(s.id)}/live`}>{t(`直播间：${s.title}`, `Live room: ${s.title}`)}</a>
      </p>
      <h1>{t("处理问题", "Handle a question")}</h1>
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      <blockquote class="card">
        <p>{q.text}</p>
        <p class="muted small">
          {t(`${q.votes} 票`, `${q.votes} votes`)} · {q.askerName ?? t("匿名", "Anonymous")} ·{" "}
          {zoned(q.createdAt, s.timeZone)}（{s.timeZone}）
        </p>
      </blockquote>
      {q.status === "pending"
        ? (
          <section aria-labelledby="approve-h">
            <h2 id="approve-h">{t("修改后通过", "Approve with an edit")}</h2>
            <form method="post" action={action} class="stack narrow">
              <Csrf token={p.csrf} />
              <Field
                name="text"
                label={t("公开显示的问题文字", "The question as shown")}
                value={q.text}
                multiline
                rows={3}
              />
              <button type="submit" name="action" value="approve" class="primary">
                {t("通过", "Approve")}
              </button>
            </form>
          </section>
        )
        : null}
      {p.targets.length
        ? (
          <section aria-labelledby="merge-h">
            <h2 id="merge-h">{t("合并到另一个问题", "Merge into another question")}</h2>
            <form method="post" action={action} class="stack narrow">
              <Csrf token={p.csrf} />
              <div class="field">
                <label for="merge-into">{t("合并到", "Merge into")}</label>
                <select id="merge-into" name="into">
                  {p.targets.map((x) => (
                    <option value={x.q.id}>{x.similar ? t("【相似】", "[similar] ") : ""}{x.q.text}</option>
                  ))}
                </select>
              </div>
              <button type="submit" name="action" value="merge">
                {t("合并（票数随之转移）", "Merge (votes move)")}
              </button>
            </form>
          </section>
        )
        : null}
      {q.status === "approved"
        ? (
          <section aria-labelledby="answer-h">
            <h2 id="answer-h">{t("回答并引用政策", "Answer, citing policies")}</h2>
            <form method="post" action={action} class="stack narrow">
              <Csrf token={p.csrf} />
              <Field name="answer" label={t("回答", "Answer")} value={p.answer} multiline rows={4} />
              <fieldset>
                <legend>{t("引用的政策（所在版本）", "Policies cited (their version)")}</legend>
                {p.offered.length
                  ? (
                    <div class="checks">
                      {p.offered.map((x) => (
                        <label>
                          <input
                            type="checkbox"
                            name="cite"
                            value={`${x.id}@${x.version}|${x.title}`}
                            checked={p.cited.has(x.id)}
                          />{" "}
                          {t(`《${x.title}》第 ${x.version} 版`, `“${x.title}” version ${x.version}`)}
                        </label>
                      ))}
                    </div>
                  )
                  : (
                    <p class="muted small">
                      {t("还没有可引用的政策，请先搜索。", "No policy to cite yet: search first.")}
                    </p>
                  )}
                {p.searched && p.offered.length === p.cited.size
                  ? <p>{t("没有找到更多匹配的政策。", "No more policies match.")}</p>
                  : null}
                <Field
                  name="policyQuery"
                  label={t("搜索政策", "Search policies")}
                  value={p.policyQuery}
                  type="search"
                  hint={t(
                    "输入关键词后按“搜索政策”，勾选要引用的政策",
                    "Type words, press “Search policies”, tick those to cite",
                  )}
                />
                <button type="submit" name="action" value="search">{t("搜索政策", "Search policies")}</button>
              </fieldset>
              <button type="submit" name="action" value="answer" class="primary">
                {t("标记为已回答", "Mark as answered")}
              </button>
            </form>
          </section>
        )
        : null}
    </article>
  );
}
