/**
 * The audience page (观众页): public, phone-first and elder-friendly — large text, high contrast,
 * one main action per screen, big touch targets. Its own frame, stylesheet and small script
 * (`audience.js`: Faro without tracing, and the live fragment), none of the console's navigation.
 */
import type { Child } from "hono/jsx";
import type { AudienceQuestion } from "../api/audience.ts";
import { asset } from "../web/asset_names.ts";
import { type Lang, tr } from "../web/i18n.ts";

/** What the frame needs. */
export interface AudienceLayoutProps {
  lang: Lang;
  title: string;
  page: string;
  path: string;
  telemetry: { app: string; version: string; environment: string };
  /** Whether the session shown reviews questions before showing them (unknown: no session, say neither). */
  reviewed?: boolean;
  children?: Child;
}

/** The audience pages' frame. */
export function AudienceLayout(p: AudienceLayoutProps) {
  const other = p.lang === "en" ? "zh" : "en";
  return (
    <html lang={p.lang === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · ${tr(p.lang, "医保政策面对面", "Medical insurance Q&A")}`}</title>
        <meta name="yibao-telemetry" content={JSON.stringify({ ...p.telemetry, collectUrl: "/collect" })} />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={asset("audience-styles.css")} />
        <script type="module" src={asset("audience.js")}></script>
      </head>
      <body data-page={p.page} class="audience">
        <header class="a-top">
          <span class="a-brand">{tr(p.lang, "医保政策面对面", "Medical insurance Q&A")}</span>
          <a
            class="a-lang"
            href={`/lang/${other}?next=${encodeURIComponent(p.path)}`}
            lang={other === "en" ? "en" : "zh-CN"}
          >
            {other === "en" ? "English" : "中文"}
          </a>
        </header>
        <main id="main">{p.children}</main>
        <footer class="a-foot">
          {tr(
            p.lang,
            `不需要登录。${
              p.reviewed === true
                ? "您的提问经主播审核后公开；"
                : p.reviewed === false
                ? "您的提问提交后大家就能看到；"
                : ""
            }不公开姓名请选择匿名。医保服务热线 12393。`,
            `No sign-in needed. ${
              p.reviewed === true
                ? "Questions are shown once the host approves them; "
                : p.reviewed === false
                ? "Questions are shown to everyone once sent; "
                : ""
            }choose anonymous to hide your name. Medical insurance hotline 12393.`,
          )}
        </footer>
      </body>
    </html>
  );
}

/** The join screen: type the code read out on the livestream. */
export function JoinPage(p: { lang: Lang; code?: string; error?: string }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section class="a-card">
      <h1>{t("加入直播答疑", "Join the live Q&A")}</h1>
      <p>{t("请输入主播告诉您的 6 位加入码。", "Enter the 6-digit code the host gave you.")}</p>
      <form method="get" action="/join" class="a-form">
        <label for="code">{t("加入码", "Join code")}</label>
        <input
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="off"
          maxlength={6}
          value={p.code ?? ""}
          aria-invalid={p.error ? "true" : undefined}
          aria-describedby={p.error ? "code-error" : undefined}
          required
        />
        {p.error ? <p id="code-error" class="a-error" role="alert">{p.error}</p> : null}
        <button type="submit" class="a-primary">{t("进入", "Join")}</button>
      </form>
    </section>
  );
}

/** A covered policy in plain words. */
export interface PlainPolicy {
  title: string;
  summary: string | null;
}

/** What the session screen shows. */
export interface SessionScreen {
  ref: string;
  title: string;
  description: string;
  hostName: string;
  time: string;
  joinCode: string | null;
  topics: string[];
  policies: PlainPolicy[];
  closed: string | null;
  notice: string | null;
  streamUrl: string | null;
}

/** The session screen: what it is about, the one main action (ask), then the questions, live. */
export function SessionPage(p: { lang: Lang; s: SessionScreen; live: Child }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.s;
  return (
    <>
      {s.notice ? <p class="a-notice" role="status">{s.notice}</p> : null}
      <section class="a-card">
        <h1>{s.title}</h1>
        <p class="a-time">{s.time}</p>
        <p>{t("主播", "Host")}：{s.hostName}</p>
        {s.topics.length ? <p>{t("主题", "Topics")}：{s.topics.join("、")}</p> : null}
        {s.description ? <p>{s.description}</p> : null}
        {s.joinCode
          ? (
            <p class="a-code">
              {t("加入码", "Join code")} <strong>{s.joinCode.split("").join(" ")}</strong>
            </p>
          )
          : null}
        {s.streamUrl
          ? (
            <p>
              <a href={s.streamUrl}>{t("打开直播间", "Open the livestream")}</a>
            </p>
          )
          : null}
      </section>
      {s.closed ? <p class="a-notice">{s.closed}</p> : (
        <p>
          <a class="a-primary a-block" href={`/s/${s.ref}/ask`}>{t("我要提问", "Ask a question")}</a>
        </p>
      )}
      {s.policies.length
        ? (
          <section class="a-card">
            <h2>{t("这场讲的政策", "Policies covered")}</h2>
            {s.policies.map((pol) => (
              <article class="a-policy">
                <h3>{pol.title}</h3>
                <p>{pol.summary ?? t("解读整理中。", "A plain explanation is being prepared.")}</p>
              </article>
            ))}
          </section>
        )
        : null}
      {p.live}
    </>
  );
}

const statusWords: Record<AudienceQuestion["status"], [string, string]> = {
  pending: ["待审核", "Waiting for review"],
  approved: ["已公开，等待回答", "Shown, waiting for an answer"],
  answered: ["已回答", "Answered"],
  dismissed: ["未采用", "Not taken up"],
  merged: ["已并入相同的问题", "Merged into the same question"],
};

/** The live part: the person's own questions, then everyone's with answers and votes. */
export function AudienceLive(p: {
  lang: Lang;
  ref: string;
  csrf: string;
  open: boolean;
  questions: AudienceQuestion[];
  mine: AudienceQuestion[];
  voted: ReadonlySet<string>;
}) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const mineIds = new Set(p.mine.map((q) => q.id));
  return (
    <>
      {p.mine.length
        ? (
          <section class="a-card" aria-labelledby="mine-h">
            <h2 id="mine-h">{t("我的提问", "My questions")}</h2>
            <ul class="a-list">
              {p.mine.map((q) => (
                <li>
                  <p class="a-q">{q.text}</p>
                  <p class={`a-status a-${q.status}`}>{tr(p.lang, ...statusWords[q.status])}</p>
                  {q.answer ? <p class="a-answer">{t("回答", "Answer")}：{q.answer}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        )
        : null}
      <section class="a-card" aria-labelledby="all-h">
        <h2 id="all-h">{t("大家的问题", "Everyone's questions")}</h2>
        {p.questions.length === 0
          ? <p>{t("还没有公开的问题。", "No questions shown yet.")}</p>
          : (
            <ul class="a-list">
              {p.questions.map((q) => (
                <li id={q.id} class={q.pinned ? "a-pinned" : undefined}>
                  {q.pinned ? <p class="a-tag">{t("正在回答", "Being answered now")}</p> : null}
                  <p class="a-q">{q.text}</p>
                  <p class="a-who">
                    {q.askerName ? q.askerName : t("匿名", "Anonymous")}
                    {mineIds.has(q.id) ? t("（我）", " (me)") : ""}
                  </p>
                  {q.answer ? <p class="a-answer">{t("主播回答", "The host's answer")}：{q.answer}</p> : null}
                  {p.voted.has(q.id)
                    ? (
                      <p class="a-voted">
                        {t(`已点赞 ✓ · ${q.votes} 人点赞`, `You voted ✓ · ${q.votes} votes`)}
                      </p>
                    )
                    : p.open && !mineIds.has(q.id)
                    ? (
                      <form method="post" action={`/s/${p.ref}/vote`} class="a-vote">
                        <input type="hidden" name="_csrf" value={p.csrf} />
                        <input type="hidden" name="question" value={q.id} />
                        <button type="submit" class="a-secondary">
                          {t(`我也想问（${q.votes} 人点赞）`, `I want to know too (${q.votes} votes)`)}
                        </button>
                      </form>
                    )
                    : <p class="a-who">{t(`${q.votes} 人点赞`, `${q.votes} votes`)}</p>}
                </li>
              ))}
            </ul>
          )}
      </section>
    </>
  );
}

/** The ask screen: one question, a name or anonymous, one button. */
export function AskPage(p: {
  lang: Lang;
  ref: string;
  title: string;
  csrf: string;
  text?: string;
  name?: string;
  anonymous?: boolean;
  error?: string;
  maxLength: number;
}) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section class="a-card">
      <p>
        <a href={`/s/${p.ref}`}>‹ {t("返回", "Back")}：{p.title}</a>
      </p>
      <h1>{t("我要提问", "Ask a question")}</h1>
      <form method="post" action={`/s/${p.ref}/ask`} class="a-form">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label for="text">{t("您的问题", "Your question")}</label>
        <textarea
          id="text"
          name="text"
          rows={5}
          maxlength={p.maxLength}
          required
          aria-invalid={p.error ? "true" : undefined}
          aria-describedby={p.error ? "text-error" : "text-hint"}
        >
          {p.text ?? ""}
        </textarea>
        <p id="text-hint" class="a-hint">
          {t(`最多 ${p.maxLength} 个字。`, `Up to ${p.maxLength} characters.`)}
        </p>
        {p.error ? <p id="text-error" class="a-error" role="alert">{p.error}</p> : null}
        <label for="name">{t("您的称呼（可不填）", "Your name (optional)")}</label>
        <input id="name" name="name" maxlength={40} autocomplete="nickname" value={p.name ?? ""} />
        <p class="a-check">
          <input id="anonymous" type="checkbox" name="anonymous" value="1" checked={p.anonymous} />
          <label for="anonymous">{t("匿名提问（不显示称呼）", "Ask anonymously (hide my name)")}</label>
        </p>
        <button type="submit" class="a-primary">{t("提交问题", "Send my question")}</button>
      </form>
    </section>
  );
}

/** A message screen (no such session, cancelled…). */
export function AudienceMessage(p: { lang: Lang; heading: string; text: string }) {
  return (
    <section class="a-card">
      <h1>{p.heading}</h1>
      <p>{p.text}</p>
      <p>
        <a class="a-primary a-block" href="/join">{tr(p.lang, "输入加入码", "Enter a join code")}</a>
      </p>
    </section>
  );
}
