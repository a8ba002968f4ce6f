/**
 * The public audience page (观众页), no account: `/join` (type a code), `/s/:ref` (the session by
 * its join code or id: what it covers in plain words, my questions, everyone's questions with
 * answers and votes), `/s/:ref/ask`, `POST /s/:ref/ask`, `POST /s/:ref/vote`, and `/s/:ref/live`
 * (SSE of the live part, from one shared upstream stream per session; see `audience/live_hub.ts`).
 * Forms work without JavaScript (post, then redirect); with it the live part updates itself.
 */
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AudienceCaller, AudienceClient, AudienceQuestion, AudienceSession } from "../api/audience.ts";
import { ApiProblem, type Caller } from "../api/client.ts";
import { getPolicy, vocabulary } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { audienceCsrf, audienceToken, csrfMatches, setAudienceCookie } from "../audience/identity.ts";
import type { AudienceHub } from "../audience/live_hub.ts";
import { sessionTime } from "../audience/time.ts";
import {
  AskPage,
  AudienceLayout,
  AudienceLive,
  AudienceMessage,
  JoinPage,
  type PlainPolicy,
  SessionPage,
} from "../pages/audience.tsx";
import { AudienceQuiz } from "../pages/audience_quiz.tsx";
import type { Launch } from "../api/launches.ts";
import { securityHeaders } from "../security_headers.ts";
import { csrfRefusal, field, refuseCrossSite } from "../web/guards.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { telemetrySettings } from "../web/render.tsx";
import { web } from "../web/state.ts";

/** What the audience routes need. */
export interface AudienceDeps {
  clients: Clients;
  audience: AudienceClient;
  hub: AudienceHub;
  secret: string;
  frameAncestors: string[];
  maxLength?: number;
}

const refPattern = /^([1-9]{6}|ses-[a-z0-9-]{8,40})$/;
/** How long one live stream stays open before the browser reconnects. */
const streamMinutes = 10;

/** The summary an audience reads: for elders when the session is for them, else the insured's. */
function plainSummary(summaries: Record<string, string>, audiences: string[]): string | null {
  for (const a of ["elderly", ...audiences, "insured"]) {
    if (a === "elderly" && !audiences.includes("elderly")) continue;
    if (summaries[a]) return summaries[a]!;
  }
  return Object.values(summaries)[0] ?? null;
}

/** Registers the audience pages. */
export function registerAudienceRoutes(app: ServiceApp, deps: AudienceDeps): void {
  const { audience, hub } = deps;
  const maxLength = deps.maxLength ?? 300;
  const framing = securityHeaders({ frameAncestors: deps.frameAncestors });
  app.use("/s/*", framing);
  app.use("/join", framing);
  app.use("/join/*", framing);

  let topicNames: { at: number; names: Map<string, { zh: string; en: string }> } | null = null;

  function render(
    c: Context,
    o: { title: string; page: string; body: unknown; status?: number; reviewed?: boolean },
  ): Response {
    const w = web(c);
    const html = "<!doctype html>" + String(
      <AudienceLayout
        lang={w.lang}
        title={o.title}
        page={o.page}
        path={c.req.path + (new URL(c.req.url).search || "")}
        telemetry={telemetrySettings}
        {...(o.reviewed === undefined ? {} : { reviewed: o.reviewed })}
      >
        {o.body as never}
      </AudienceLayout>,
    );
    const total = performance.now() - w.started;
    return c.body(html, (o.status ?? 200) as 200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "server-timing": `api;dur=${w.timing.apiMs.toFixed(1)};desc="${w.timing.calls} calls", total;dur=${
        total.toFixed(1)
      }`,
    });
  }

  function message(c: Context, status: number, heading: string, text: string): Response {
    const w = web(c);
    return render(c, {
      title: heading,
      page: "audience",
      status,
      body: <AudienceMessage lang={w.lang} heading={heading} text={text} />,
    });
  }

  const notFound = (c: Context) => {
    const t = (zh: string, en: string) => tr(web(c).lang, zh, en);
    return message(
      c,
      404,
      t("没有找到这场直播", "Session not found"),
      t("请核对加入码或链接，或向主播再要一次。", "Check the code or the link, or ask the host again."),
    );
  };

  /** The audience member's identity: the cookie's token, or a new one from the sessions service. */
  async function identity(c: Context, fresh = false): Promise<{ who: AudienceCaller; csrf: string }> {
    const w = web(c);
    const base = { address: w.address, lang: w.lang, requestId: c.get("requestId") as string };
    let token = fresh ? undefined : audienceToken(c);
    if (!token) {
      const issued = await audience.issueToken(base);
      token = issued.token;
      setAudienceCookie(c, token, {
        expiresAt: issued.expiresAt,
        secure: w.secure,
        embeddable: deps.frameAncestors.length > 0,
      });
    }
    return { who: { ...base, token }, csrf: await audienceCsrf(deps.secret, token) };
  }

  /** Runs `fn` as the member; an expired or refused token is replaced once. */
  async function asMember<T>(c: Context, fn: (who: AudienceCaller, csrf: string) => Promise<T>): Promise<T> {
    const id = await identity(c);
    try {
      return await fn(id.who, id.csrf);
    } catch (err) {
      if (!(err instanceof ApiProblem && err.status === 401)) throw err;
      const again = await identity(c, true);
      return await fn(again.who, again.csrf);
    }
  }

  function policyCaller(c: Context): Caller {
    const w = web(c);
    // policy reads only: the audience page reads published policies with the least role that may
    return {
      account: { id: "console-audience-page", name: "观众页", role: "host" },
      lang: w.lang,
      requestId: c.get("requestId") as string,
      timing: w.timing,
    };
  }

  async function topics(c: Context): Promise<Map<string, { zh: string; en: string }>> {
    if (topicNames && Date.now() - topicNames.at < 10 * 60_000) return topicNames.names;
    const items = await vocabulary(deps.clients.policy, policyCaller(c), "topics").catch(() => []);
    topicNames = { at: Date.now(), names: new Map(items.map((i) => [i.id, { zh: i.nameZh, en: i.nameEn }])) };
    return topicNames.names;
  }

  // Sessions read in the last few seconds, by ref: a crowd asking and voting at once costs one read.
  const recent = new Map<string, { at: number; session: AudienceSession }>();

  /** The session a ref names, or null (unknown, malformed); `cached` accepts one read up to 5 s ago. */
  async function sessionOf(c: Context, ref: string, cached = false) {
    if (!refPattern.test(ref)) return null;
    const hit = recent.get(ref);
    if (cached && hit && Date.now() - hit.at < 5_000) return hit.session;
    const w = web(c);
    try {
      const session = await audience.session({ address: w.address, lang: w.lang }, ref);
      if (recent.size > 1_000) recent.clear();
      recent.set(ref, { at: Date.now(), session });
      return session;
    } catch (err) {
      if (err instanceof ApiProblem && (err.status === 404 || err.status === 400)) return null;
      throw err;
    }
  }

  const isOpen = (s: { status: string; lastEndsAt: string | null }) =>
    s.status !== "cancelled" && !(s.lastEndsAt && Date.parse(s.lastEndsAt) < Date.now());

  async function checkForm(c: Context): Promise<Record<string, unknown>> {
    refuseCrossSite(c);
    const form = await c.req.parseBody() as Record<string, unknown>;
    const token = audienceToken(c);
    if (!token || !(await csrfMatches(deps.secret, token, field(form, "_csrf")))) {
      throw csrfRefusal(web(c).lang);
    }
    return form;
  }

  app.get("/join", async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const code = (c.req.query("code") ?? "").replace(/\s+/g, "");
    let error: string | undefined;
    if (code) {
      if (!/^[1-9]{6}$/.test(code)) {
        error = t(
          "加入码是 6 位数字（1 到 9），请再看一下。",
          "A join code is 6 digits (1 to 9); check it again.",
        );
      } else if (await sessionOf(c, code)) {
        return c.redirect(`/s/${code}`, 303);
      } else {
        error = t(
          "没有找到这个加入码的直播，请核对后再试。",
          "No session has this code; check it and try again.",
        );
      }
    }
    return render(c, {
      title: t("加入直播答疑", "Join the live Q&A"),
      page: "audience-join",
      status: !error ? 200 : /^[1-9]{6}$/.test(code) ? 404 : 400,
      body: <JoinPage lang={w.lang} code={code} {...(error ? { error } : {})} />,
    });
  });

  app.get("/join/:code", (c) => c.redirect(`/s/${encodeURIComponent(c.req.param("code"))}`, 303));

  app.get("/s/:ref", async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const ref = c.req.param("ref");
    const s = await sessionOf(c, ref);
    if (!s) return notFound(c);
    const [names, policies, live] = await Promise.all([
      topics(c),
      Promise.all(
        s.policies.slice(0, 6).map(async (id): Promise<PlainPolicy | null> => {
          const p = await getPolicy(deps.clients.policy, policyCaller(c), id).catch(() => null);
          return p ? { title: p.title, summary: plainSummary(p.summaries, s.audiences) } : null;
        }),
      ),
      asMember(c, async (who, csrf) => {
        const [questions, mine, launches] = await Promise.all([
          audience.questions(who, s.id),
          audience.mine(who, s.id),
          audience.launches(who, s.id).catch(() => [] as Launch[]),
        ]);
        return { questions, mine, csrf, launches };
      }),
    ]);
    const open = isOpen(s);
    const notices: Record<string, [string, string]> = {
      sent: [
        "问题已提交。主播审核后会公开，您可以在“我的提问”里看到进度。",
        "Your question was sent. It is shown once the host approves it; follow it under “My questions”.",
      ],
      shown: [
        "问题已提交，大家已经能看到了。主播的回答会出现在“我的提问”里。",
        "Your question was sent and everyone can see it now. The host's answer will appear under “My questions”.",
      ],
      voted: ["已点赞，谢谢！", "Vote counted, thank you!"],
      received: ["已收到您的点赞，稍后计入。", "Your vote was received and will be counted shortly."],
      limited: [
        "操作太频繁了，请稍后再试。",
        "Too many at once; please try again shortly.",
      ],
      closed: ["这场直播已结束或已取消，不能再提问或点赞。", "This session is over or cancelled."],
      answered: ["已提交 ✓ 谢谢参与！", "Submitted ✓ Thank you!"],
      answeredBefore: [
        "这道题您已经答过了，提交后不能修改。",
        "You answered this already; answers cannot be changed.",
      ],
      quizClosed: ["这组题目已结束作答。", "This set of items is closed."],
      answerMissing: ["请先选择或填写答案再提交。", "Choose or write an answer before submitting."],
    };
    const n = notices[c.req.query("n") ?? ""];
    const ordered = sortQuestions(live.questions);
    return render(c, {
      title: s.title,
      reviewed: s.requiresReview,
      page: "audience",
      body: (
        <SessionPage
          lang={w.lang}
          s={{
            ref,
            title: s.title,
            description: s.description,
            hostName: s.host.name,
            time: sessionTime(s.startsAt, s.endsAt, s.timeZone, w.lang),
            joinCode: s.joinCode,
            topics: s.topics.map((id) => names.get(id)).filter((x) => !!x).map((x) =>
              w.lang === "en" ? x!.en : x!.zh
            ),
            policies: policies.filter((p): p is PlainPolicy => p !== null),
            closed: open
              ? null
              : s.status === "cancelled"
              ? t("这场直播已取消。", "This session was cancelled.")
              : t("这场直播已结束，不能再提问或点赞。", "This session is over: no more questions or votes."),
            notice: n ? tr(w.lang, ...n) : null,
            streamUrl: s.streamUrl,
          }}
          live={
            <>
              <div data-enhance="live-fragment" data-source={`/s/${ref}/quiz`} id="quiz">
                <AudienceQuiz
                  lang={w.lang}
                  ref={ref}
                  csrf={live.csrf}
                  launches={live.launches}
                  answered={answeredOf(live.launches)}
                />
              </div>
              <div data-enhance="live-fragment" data-source={`/s/${ref}/live`} id="live">
                <AudienceLive
                  lang={w.lang}
                  ref={ref}
                  csrf={live.csrf}
                  open={open}
                  questions={ordered}
                  mine={live.mine.items}
                  voted={new Set(live.mine.voted)}
                />
              </div>
            </>
          }
        />
      ),
    });
  });

  app.get("/s/:ref/ask", async (c) => {
    const w = web(c);
    const ref = c.req.param("ref");
    const s = await sessionOf(c, ref);
    if (!s) return notFound(c);
    if (!isOpen(s)) return c.redirect(`/s/${ref}?n=closed`, 303);
    const { csrf } = await identity(c);
    return render(c, {
      title: tr(w.lang, "我要提问", "Ask a question"),
      page: "audience-ask",
      reviewed: s.requiresReview,
      body: <AskPage lang={w.lang} ref={ref} title={s.title} csrf={csrf} maxLength={maxLength} />,
    });
  });

  app.post("/s/:ref/ask", async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const ref = c.req.param("ref");
    const form = await checkForm(c);
    // the sessions service refuses questions to a closed session itself (409), so a recent read will do
    const s = await sessionOf(c, ref, true);
    if (!s) return notFound(c);
    const text = field(form, "text").trim();
    const name = field(form, "name").trim();
    const anonymous = field(form, "anonymous") === "1";
    const again = async (error: string, status: number) =>
      render(c, {
        title: t("我要提问", "Ask a question"),
        page: "audience-ask",
        reviewed: s.requiresReview,
        status,
        body: (
          <AskPage
            lang={w.lang}
            ref={ref}
            title={s.title}
            csrf={(await identity(c)).csrf}
            text={text}
            name={name}
            anonymous={anonymous}
            error={error}
            maxLength={maxLength}
          />
        ),
      });
    if (!text) return await again(t("请写下您的问题。", "Please write your question."), 400);
    let asked: Awaited<ReturnType<typeof audience.ask>>;
    try {
      asked = await asMember(
        c,
        (who) =>
          audience.ask(who, s.id, {
            text,
            anonymous,
            ...(name && !anonymous ? { name: name.slice(0, 40) } : {}),
          }),
      );
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      if (err.status === 409) return c.redirect(`/s/${ref}?n=closed`, 303);
      if (err.status === 429) {
        return await again(
          t(
            "提问太频繁了，请过一会儿再提交。",
            "Too many questions just now; please send it again in a moment.",
          ),
          429,
        );
      }
      if (err.status === 400 || err.status === 422) {
        return await again(err.fieldMessage("body.text") ? err.detail : err.detail || err.title, 400);
      }
      throw err;
    }
    // a session that reviews questions shows them once approved; otherwise everyone sees it at once
    const notice = asked.question.status === "pending" ? "sent" : "shown";
    return c.redirect(`/s/${ref}?n=${notice}#live`, 303);
  });

  app.post("/s/:ref/vote", async (c) => {
    const ref = c.req.param("ref");
    const form = await checkForm(c);
    const question = field(form, "question");
    if (!/^q-[a-z0-9-]{8,40}$/.test(question) || !refPattern.test(ref)) return notFound(c);
    let n = "voted";
    try {
      const r = await asMember(c, (who) => audience.vote(who, question));
      if (r.received) n = "received";
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      if (err.status === 429) n = "limited";
      else if (err.status === 409) n = "closed";
      else if (err.status === 404) return notFound(c);
      else throw err;
    }
    return c.redirect(`/s/${ref}?n=${n}#${question}`, 303);
  });

  registerAudienceQuizRoutes(app, deps, { sessionOf, notFound, checkForm, asMember });

  app.get("/s/:ref/live", async (c) => {
    const w = web(c);
    const ref = c.req.param("ref");
    const s = await sessionOf(c, ref, true);
    if (!s) return notFound(c);
    const token = audienceToken(c);
    const who: AudienceCaller = { address: w.address, lang: w.lang, ...(token ? { token } : {}) };
    const csrf = token ? await audienceCsrf(deps.secret, token) : "";
    const live = hub.session(s.id);
    return streamSSE(c, async (stream) => {
      let mine: { items: AudienceQuestion[]; voted: string[] } = { items: [], voted: [] };
      const loadMine = async () => {
        if (!token) return;
        mine = await audience.mine(who, s.id).catch(() => mine);
      };
      let last = "";
      let n = 0;
      let pending: Promise<void> = Promise.resolve();
      const send = (lang: Lang) => {
        const html = String(
          <AudienceLive
            lang={lang}
            ref={ref}
            csrf={csrf}
            open={isOpen(s)}
            questions={live.sorted()}
            mine={mine.items}
            voted={new Set(mine.voted)}
          />,
        );
        if (html === last) return Promise.resolve();
        last = html;
        return stream.writeSSE({ event: "fragment", data: html, id: String(++n) });
      };
      const stop = live.listen((changed) => {
        pending = pending.then(async () => {
          const mineIds = new Set(mine.items.map((q) => q.id));
          if ([...changed].some((id) => mineIds.has(id) || id === "session")) await loadMine();
          await send(w.lang);
        }).catch(() => {});
      });
      stream.onAbort(stop);
      try {
        await stream.writeSSE({ event: "hello", data: "", retry: 2_000 });
        await Promise.all([live.ready(), loadMine()]);
        const until = Date.now() + streamMinutes * 60_000;
        while (!stream.aborted && !stream.closed && Date.now() < until) await stream.sleep(1_000);
      } catch {
        await stream.writeSSE({ event: "unavailable", data: "error" }).catch(() => {});
      } finally {
        stop();
      }
    });
  });
}

/** Per launch, the items the member answered (from the launches read with their token). */
function answeredOf(launches: Launch[]): Map<string, Set<string>> {
  return new Map(launches.map((l) => [l.id, new Set(l.answeredItemIds ?? [])]));
}

/** Polls, quizzes and surveys on the audience page: answer by form, follow live. */
function registerAudienceQuizRoutes(
  app: ServiceApp,
  deps: AudienceDeps,
  helpers: {
    sessionOf: (c: Context, ref: string, cached?: boolean) => Promise<AudienceSession | null>;
    notFound: (c: Context) => Response;
    checkForm: (c: Context) => Promise<Record<string, unknown>>;
    asMember: <T>(c: Context, fn: (who: AudienceCaller, csrf: string) => Promise<T>) => Promise<T>;
  },
): void {
  const { audience, hub } = deps;

  app.post("/s/:ref/answer", async (c) => {
    const ref = c.req.param("ref");
    const form = await helpers.checkForm(c);
    const launchId = field(form, "launch");
    if (!/^lau-[a-z0-9-]{8,40}$/.test(launchId) || !refPattern.test(ref)) return helpers.notFound(c);
    const s = await helpers.sessionOf(c, ref, true);
    if (!s) return helpers.notFound(c);
    let n = "answered";
    try {
      await helpers.asMember(c, async (who) => {
        const launch = (await audience.launches(who, s.id)).find((l) => l.id === launchId);
        if (!launch || launch.status !== "open") {
          n = "quizClosed";
          return;
        }
        const answered = new Set(launch.answeredItemIds ?? []);
        const answers = launch.items.filter((i) => !answered.has(i.id)).flatMap(
          (item): { itemId: string; choiceIds?: string[]; rating?: number; text?: string }[] => {
            const raw = form[`answer-${item.id}`];
            const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).filter((
              v,
            ) => v.trim() !== "");
            if (values.length === 0) return [];
            if (item.kind === "openText") return [{ itemId: item.id, text: values[0]! }];
            if (item.kind === "rating") return [{ itemId: item.id, rating: Number(values[0]) }];
            return [{ itemId: item.id, choiceIds: values }];
          },
        );
        if (answers.length === 0) {
          n = "answerMissing";
          return;
        }
        await audience.answer(who, launchId, answers);
      });
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      if (err.status === 409) {
        n = (err.extra as { reason?: string }).reason === "alreadyAnswered" ? "answeredBefore" : "quizClosed";
      } else if (err.status === 422 || err.status === 400) n = "answerMissing";
      else if (err.status === 404) return helpers.notFound(c);
      else throw err;
    }
    return c.redirect(`/s/${ref}?n=${n}#launch-${launchId}`, 303);
  });

  app.get("/s/:ref/quiz", async (c) => {
    const w = web(c);
    const ref = c.req.param("ref");
    const s = await helpers.sessionOf(c, ref, true);
    if (!s) return helpers.notFound(c);
    const token = audienceToken(c);
    const who: AudienceCaller = { address: w.address, lang: w.lang, ...(token ? { token } : {}) };
    const csrf = token ? await audienceCsrf(deps.secret, token) : "";
    const live = hub.session(s.id);
    return streamSSE(c, async (stream) => {
      let answered = new Map<string, Set<string>>();
      const loadMine = async () => {
        if (!token) return;
        answered = answeredOf(await audience.launches(who, s.id).catch(() => [] as Launch[]));
      };
      let last = "";
      let n = 0;
      let pending: Promise<void> = Promise.resolve();
      const send = () => {
        const html = String(
          <AudienceQuiz lang={w.lang} ref={ref} csrf={csrf} launches={live.launches} answered={answered} />,
        );
        if (html === last) return Promise.resolve();
        last = html;
        return stream.writeSSE({ event: "fragment", data: html, id: String(++n) });
      };
      const stop = live.listen((changed) => {
        if (!changed.has("launches") && !changed.has("launchSet")) return;
        pending = pending.then(async () => {
          if (changed.has("launchSet")) await loadMine();
          await send();
        }).catch(() => {});
      });
      stream.onAbort(stop);
      try {
        await stream.writeSSE({ event: "hello", data: "", retry: 2_000 });
        await Promise.all([live.ready(), loadMine(), live.reloadLaunches()]);
        // a launch opened or revealed between the page's render and this stream shows at once
        await send();
        const until = Date.now() + 10 * 60_000;
        while (!stream.aborted && !stream.closed && Date.now() < until) await stream.sleep(1_000);
      } catch {
        await stream.writeSSE({ event: "unavailable", data: "error" }).catch(() => {});
      } finally {
        stop();
      }
    });
  });
}

/** Pinned first, then most votes, then newest. */
function sortQuestions(items: AudienceQuestion[]): AudienceQuestion[] {
  return [...items].sort((a, b) =>
    Number(b.pinned) - Number(a.pinned) || b.votes - a.votes || b.createdAt.localeCompare(a.createdAt)
  );
}
