/**
 * The live room, `/host/sessions/:id/live`, and its stream: the console follows the sessions
 * service's event stream for the session (with a role token of its own; the browser never sees
 * the service) and, on its events, re-renders the columns and pushes them as a `fragment` — at
 * most one render per {@linkcode renderEveryMs}, however many events arrive. Every action is a
 * plain form answered with a redirect, so the room works without JavaScript.
 */
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { ApiProblem, type Caller } from "../api/client.ts";
import { getPolicy, type PolicyItem, searchPolicies } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import {
  getSession,
  hostSessions,
  listQuestions,
  type LiveSession,
  moderate,
  type Moderation,
  patchSession,
} from "../api/sessions.ts";
import { createLaunch, launchAction, type NewLaunch, readyItems, sessionLaunches } from "../api/launches.ts";
import { LaunchForm, type LaunchTyped } from "../pages/host_launches.tsx";
import { LiveColumns, LiveRoom, type LiveView, type PolicyName, QuestionPage } from "../pages/host_live.tsx";
import { checkedForm, field, fields, PageRefusal, requireRole } from "../web/guards.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import { notFoundPage, problemText } from "./host_sessions.tsx";

/** At most one render of the columns this often while events keep coming. */
export const renderEveryMs = 250;
/** How long one stream stays open before the browser reconnects (EventSource does so by itself). */
const streamMinutes = 10;

const sid = (id: string) => `/host/sessions/${encodeURIComponent(id)}`;

/** Registers the live room. */
export function registerHostLiveRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;
  const guard = requireRole("host");

  /** Titles and current versions of policies, cached for the life of one page or stream. */
  function policyNames(caller: Caller, cache = new Map<string, PolicyName | null>()) {
    return async (ids: string[]): Promise<Map<string, PolicyName>> => {
      await Promise.all(
        ids.filter((id) => !cache.has(id)).map(async (id) => {
          const p = await getPolicy(clients.policy, caller, id).catch(() => null);
          cache.set(id, p ? { title: p.title, version: p.version } : null);
        }),
      );
      const out = new Map<string, PolicyName>();
      for (const id of ids) {
        const n = cache.get(id);
        if (n) out.set(id, n);
      }
      return out;
    };
  }

  async function view(
    caller: Caller,
    id: string,
    sort: "votes" | "time",
    names: (ids: string[]) => Promise<Map<string, PolicyName>>,
  ): Promise<LiveView> {
    const [{ session }, all, launches] = await Promise.all([
      getSession(clients.sessions, caller, id),
      listQuestions(clients.sessions, caller, id, { sort, status: ["pending", "approved", "answered"] }),
      // polls, quizzes and surveys; the room still works when they cannot be read
      sessionLaunches(clients.sessions, caller, id).catch(() => undefined),
    ]);
    const cited = all.flatMap((q) => q.citedPolicies);
    const policies = await names([
      ...new Set([...session.policies, ...session.rebriefs.map((r) => r.policyId), ...cited]),
    ]);
    return {
      session,
      pending: all.filter((q) => q.status === "pending"),
      approved: all.filter((q) => q.status === "approved"),
      answered: all.filter((q) => q.status === "answered"),
      byId: new Map(all.map((q) => [q.id, q])),
      policies,
      sort,
      ...(launches ? { launches } : {}),
    };
  }

  const sortOf = (s: string | undefined): "votes" | "time" => (s === "time" ? "time" : "votes");

  async function nextStart(caller: Caller, s: LiveSession): Promise<string | null> {
    const now = Date.now();
    const listed = await hostSessions(clients.sessions, caller, {
      host: s.host.id,
      from: new Date(now - 6 * 3_600_000).toISOString(),
      to: new Date(now + 366 * 86_400_000).toISOString(),
    }).catch(() => []);
    const mine = listed.find((x) => x.id === s.id);
    const next = mine?.occurrences?.find((o) => !o.cancelled && Date.parse(o.endsAt) > now);
    return next?.startsAt ?? null;
  }

  function doneText(lang: Lang, done: string | undefined): string | undefined {
    const t = (zh: string, en: string) => tr(lang, zh, en);
    const words: Record<string, string> = {
      approve: t("问题已通过。", "Approved."),
      dismiss: t("问题已驳回。", "Dismissed."),
      merge: t("问题已合并。", "Merged."),
      pin: t("问题已置顶。", "Pinned."),
      unpin: t("已取消置顶。", "Unpinned."),
      answer: t("已标记为已回答。", "Marked as answered."),
      reopen: t("问题已重新打开。", "Reopened."),
      launch: t("已发布。", "Launched."),
      reveal: t("结果已公布。", "Results revealed."),
      hide: t("结果已隐藏。", "Results hidden."),
      close: t("已结束作答。", "Answering closed."),
      rebrief: t("已记录您了解了这些修订。", "Noted: you have read the changes."),
      replay: t("回放与文字稿已保存。", "Replay and transcript saved."),
    };
    return done ? words[done] : undefined;
  }

  async function livePage(
    c: Context,
    extra: { problem?: string; status?: number; launch?: { typed: LaunchTyped; problem: string } } = {},
  ) {
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id")!;
    const sort = sortOf(c.req.query("sort"));
    const v = await view(caller, id, sort, policyNames(caller)).catch((e) => notFoundPage(w.lang, e));
    const items = await readyItems(clients.sessions, caller).catch(() => null);
    return renderPage(c, {
      title: tr(w.lang, `直播间：${v.session.title}`, `Live room: ${v.session.title}`),
      page: "host-live",
      wide: true,
      status: extra.status ?? 200,
      body: (
        <LiveRoom
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          view={v}
          nextStart={await nextStart(caller, v.session)}
          done={doneText(w.lang, c.req.query("done"))}
          problem={extra.problem}
          launchForm={
            <LaunchForm
              lang={w.lang}
              csrf={w.signedIn!.csrf}
              sessionId={id}
              items={items}
              typed={extra.launch?.typed}
              problem={extra.launch?.problem}
            />
          }
        />
      ),
    });
  }

  app.get("/host/sessions/:id{ses-[a-z0-9-]+}/live", guard, (c) => livePage(c));

  app.get("/host/sessions/:id{ses-[a-z0-9-]+}/live/stream", guard, (c) => {
    const w = web(c);
    const caller = callerOf(c);
    const csrf = w.signedIn!.csrf;
    const id = c.req.param("id");
    const sort = sortOf(c.req.query("sort"));
    const names = policyNames(caller);
    return streamSSE(c, async (stream) => {
      const until = Date.now() + streamMinutes * 60_000;
      const upstream = new AbortController();
      stream.onAbort(() => upstream.abort());
      let dirty = true;
      const waiting: { wake: (() => void) | null } = { wake: null };
      const poke = () => {
        dirty = true;
        waiting.wake?.();
      };
      let upstreamDone = false;
      // follow the service's stream: every event (not the comments that keep it open) marks the view dirty
      (async () => {
        try {
          const res = await clients.sessions.raw(
            caller,
            "GET",
            `/v1/sessions/${encodeURIComponent(id)}/events`,
            {
              accept: "text/event-stream",
              signal: upstream.signal,
            },
          );
          if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
          let buffer = "";
          for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
            buffer += chunk;
            const frames = buffer.split(/\r?\n\r?\n/);
            buffer = frames.pop() ?? "";
            if (frames.some((f) => /^(event|data):/m.test(f))) poke();
          }
        } catch { /* aborted, or the service went away: the browser reconnects and gets a fresh render */ }
        upstreamDone = true;
        waiting.wake?.();
      })();
      await stream.writeSSE({ event: "hello", data: "", retry: 2_000 });
      let last = "";
      let n = 0;
      while (!stream.aborted && !stream.closed && !upstreamDone && Date.now() < until) {
        if (!dirty) {
          // wait for an event, or send a comment after 15 s of quiet so proxies keep the stream open
          let quiet: ReturnType<typeof setTimeout> | undefined;
          await new Promise<void>((resolve) => {
            waiting.wake = resolve;
            quiet = setTimeout(resolve, 15_000);
          });
          clearTimeout(quiet);
          waiting.wake = null;
          if (!dirty) {
            await stream.write(": ping\n\n");
            continue;
          }
        }
        dirty = false;
        try {
          caller.timing = { apiMs: 0, calls: 0 };
          const html = String(
            <LiveColumns lang={w.lang} csrf={csrf} view={await view(caller, id, sort, names)} />,
          );
          if (html !== last) {
            await stream.writeSSE({ event: "fragment", data: html, id: String(++n) });
            last = html;
          }
        } catch (err) {
          await stream.writeSSE({
            event: "unavailable",
            data: String(err instanceof Error ? err.name : "error"),
          });
        }
        await stream.sleep(renderEveryMs);
      }
      upstream.abort();
    });
  });

  // Polls, quizzes and surveys: launch from ready items, reveal, hide, close.
  app.post("/host/sessions/:id{ses-[a-z0-9-]+}/launches", guard, async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const form = await checkedForm(c);
    const id = c.req.param("id");
    const idsText = field(form, "idsText");
    const itemIds = [
      ...new Set([...fields(form, "itemIds"), ...idsText.split(/[\s,，]+/).filter(Boolean)]),
    ];
    const typed: LaunchTyped = {
      kind: field(form, "kind"),
      purpose: field(form, "purpose"),
      itemIds,
      idsText,
      timed: field(form, "timed") === "1",
      secondsPerItem: field(form, "secondsPerItem"),
      resultsVisible: field(form, "resultsVisible") === "1",
    };
    if (itemIds.length === 0) {
      return livePage(c, {
        status: 422,
        launch: { typed, problem: t("请至少选择一道题目。", "Pick at least one item.") },
      });
    }
    const seconds = Number(typed.secondsPerItem);
    const body: NewLaunch = {
      kind: typed.kind as NewLaunch["kind"],
      purpose: (typed.purpose || "live") as NewLaunch["purpose"],
      itemIds,
      timed: typed.timed!,
      resultsVisible: typed.resultsVisible!,
      ...(typed.timed && Number.isInteger(seconds) ? { secondsPerItem: seconds } : {}),
    };
    try {
      await createLaunch(clients.sessions, callerOf(c), id, body);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      const fieldsText = err.errors.map((e) => e.message).join("；");
      return livePage(c, {
        status: err.status,
        launch: { typed, problem: [problemText(w.lang, err), fieldsText].filter(Boolean).join(" ") },
      });
    }
    return c.redirect(`${sid(id)}/live?done=launch#launches-h`, 303);
  });

  app.post(
    "/host/sessions/:id{ses-[a-z0-9-]+}/launches/:lid{lau-[a-z0-9-]+}/:action{reveal|hide|close}",
    guard,
    async (c) => {
      const w = web(c);
      await checkedForm(c);
      const id = c.req.param("id");
      const action = c.req.param("action") as "reveal" | "hide" | "close";
      try {
        await launchAction(clients.sessions, callerOf(c), c.req.param("lid"), action);
      } catch (err) {
        if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
        return livePage(c, { problem: problemText(w.lang, err), status: err.status });
      }
      return c.redirect(`${sid(id)}/live?done=${action}#${c.req.param("lid")}`, 303);
    },
  );

  app.post("/host/sessions/:id{ses-[a-z0-9-]+}/rebrief-read", guard, async (c) => {
    const w = web(c);
    await checkedForm(c);
    const id = c.req.param("id");
    try {
      await patchSession(clients.sessions, callerOf(c), id, { needsRebrief: false });
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      return livePage(c, { problem: problemText(w.lang, err), status: err.status });
    }
    return c.redirect(`${sid(id)}/live?done=rebrief`, 303);
  });

  app.post("/host/sessions/:id{ses-[a-z0-9-]+}/replay", guard, async (c) => {
    const w = web(c);
    const form = await checkedForm(c);
    const id = c.req.param("id");
    const replayUrl = field(form, "replayUrl").trim();
    const transcript = field(form, "transcript").trim();
    if (replayUrl && !/^https?:\/\/\S+$/.test(replayUrl)) {
      return livePage(c, {
        problem: tr(w.lang, "回放地址须以 https:// 开头", "The replay address must start with https://"),
        status: 422,
      });
    }
    try {
      await patchSession(clients.sessions, callerOf(c), id, {
        replayUrl: replayUrl || null,
        transcript: transcript || null,
      });
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      return livePage(c, { problem: problemText(w.lang, err), status: err.status });
    }
    return c.redirect(`${sid(id)}/live?done=replay`, 303);
  });

  async function questionPage(
    c: Context,
    typed: {
      answer?: string;
      policyQuery?: string;
      cited?: { id: string; title: string; version: number }[];
    } = {},
    extra: { found?: PolicyItem[]; problem?: string; status?: number } = {},
  ) {
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id")!;
    const qid = c.req.param("qid")!;
    const [{ session }, all] = await Promise.all([
      getSession(clients.sessions, caller, id).catch((e) => notFoundPage(w.lang, e)),
      listQuestions(clients.sessions, caller, id, {
        sort: "votes",
        status: ["pending", "approved", "answered", "dismissed", "merged"],
      }),
    ]);
    const question = all.find((q) => q.id === qid);
    if (!question) {
      throw new PageRefusal(
        404,
        tr(w.lang, "未找到问题", "Question not found"),
        tr(w.lang, "这个问题不在本场直播中。", "This question is not in this session."),
      );
    }
    const similar = new Set(question.similarTo ?? []);
    const targets = all
      .filter((q) => q.id !== qid && (q.status === "approved" || q.status === "answered"))
      .map((q) => ({ q, similar: similar.has(q.id) }))
      .sort((a, b) => Number(b.similar) - Number(a.similar));
    const covered = [...(await policyNames(caller)(session.policies)).entries()]
      .flatMap(([pid, n]) => (n.version ? [{ id: pid, title: n.title, version: n.version }] : []));
    const cited = typed.cited ?? [];
    const seen = new Set<string>();
    const offered = [...cited, ...covered, ...(extra.found ?? [])].filter((x) => {
      if (seen.has(x.id)) return false;
      seen.add(x.id);
      return true;
    });
    return renderPage(c, {
      title: tr(w.lang, "处理问题", "Handle a question"),
      page: "host-question",
      status: extra.status ?? 200,
      body: (
        <QuestionPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          session={session}
          question={question}
          targets={targets}
          offered={offered}
          cited={new Set(cited.map((x) => x.id))}
          answer={typed.answer ?? ""}
          policyQuery={typed.policyQuery ?? ""}
          searched={extra.found !== undefined}
          problem={extra.problem}
        />
      ),
    });
  }

  const questionPath = "/host/sessions/:id{ses-[a-z0-9-]+}/questions/:qid{q-[a-z0-9-]+}";
  app.get(questionPath, guard, (c) => questionPage(c));

  app.post(questionPath, guard, async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const form = await checkedForm(c);
    const id = c.req.param("id");
    const qid = c.req.param("qid");
    const action = field(form, "action");
    const sort = sortOf(field(form, "sort"));
    const cited = fields(form, "cite").flatMap((v) => {
      const m = /^([a-z0-9][a-z0-9-]{2,80})@(\d{1,6})\|(.*)$/s.exec(v);
      return m ? [{ id: m[1]!, version: Number(m[2]), title: m[3]! }] : [];
    });
    const typed = { answer: field(form, "answer"), policyQuery: field(form, "policyQuery").trim(), cited };
    if (action === "search") {
      const found = typed.policyQuery
        ? (await searchPolicies(clients.policy, caller, { q: typed.policyQuery })).items.slice(0, 15)
        : [];
      return questionPage(c, typed, { found });
    }
    let step: Moderation;
    switch (action) {
      case "approve": {
        const text = field(form, "text").trim();
        step = text ? { action: "approve", text } : { action: "approve" };
        break;
      }
      case "dismiss":
      case "pin":
      case "unpin":
      case "reopen":
        step = { action };
        break;
      case "merge":
        step = { action: "merge", into: field(form, "into") };
        break;
      case "answer":
        if (!typed.answer.trim()) {
          return questionPage(c, typed, { problem: t("请填写回答", "Write the answer"), status: 422 });
        }
        step = {
          action: "answer",
          answer: typed.answer.trim(),
          citations: cited.map((x) => ({ policyId: x.id, version: x.version })),
        };
        break;
      default:
        throw new PageRefusal(400, t("无法处理", "Not understood"), t("未知的操作。", "Unknown action."));
    }
    try {
      await moderate(clients.sessions, caller, qid, step);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      return questionPage(c, typed, { problem: problemText(w.lang, err), status: err.status });
    }
    return c.redirect(`${sid(id)}/live?sort=${sort}&done=${step.action}#${qid}`, 303);
  });
}
