/**
 * The hosts' desk: `/host/sessions` (the week and the list), `/host/sessions/new` (schedule, with
 * policies found by search and clashes shown next to the time), `/host/sessions/:id` (move or
 * cancel one occurrence), `/host/sessions.ics` (the host's calendar file), and the secret, revocable
 * subscription address `/calendar.ics?key=…` that calendar apps can poll without the console's cookie.
 */
import type { Graph } from "@yibao/graph";
import type { ServiceApp } from "@yibao/kit";
import { feedAccount, feedIssuedAt, issueFeed, revokeFeed } from "../calendar/feed.ts";
import type { Context } from "hono";
import { ApiProblem, type Caller } from "../api/client.ts";
import { getPolicy, type PolicyItem, searchPolicies, searchRegions, vocabulary } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import {
  cancelSession,
  getSession,
  hostFeed,
  hostSessions,
  type NewSession,
  patchSession,
  scheduleSession,
} from "../api/sessions.ts";
import {
  type ClashView,
  HostDesk,
  type ScheduleForm,
  ScheduleFormPage,
  SessionPage,
  slotsOf,
} from "../pages/host_sessions.tsx";
import { checkedForm, field, fields, PageRefusal, requireRole } from "../web/guards.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import {
  addDays,
  defaultZone,
  instantOf,
  isZone,
  mondayOf,
  type Repeat,
  rruleOf,
  wallOf,
} from "../web/zones.ts";

const day = 86_400_000;

/** The "done" notices after a redirect. */
function doneText(lang: Lang, done: string | undefined): string | undefined {
  const t = (zh: string, en: string) => tr(lang, zh, en);
  switch (done) {
    case "scheduled":
      return t("场次已安排。", "The session is scheduled.");
    case "moved":
      return t("这一次已改期。", "That occurrence has moved.");
    case "cancelled":
      return t("这一次已取消。", "That occurrence is cancelled.");
    case "feed-revoked":
      return t(
        "日历订阅地址已停用，旧地址不再有效。",
        "The calendar address is stopped; the old one no longer works.",
      );
    default:
      return undefined;
  }
}

/** A problem from the sessions service in the person's words. */
export function problemText(lang: Lang, err: ApiProblem): string {
  if (err.status === 412) {
    return tr(
      lang,
      "场次在您操作期间被修改了，页面已刷新为最新内容，请再试一次。",
      "The session changed while you were working on it; the page now shows it as it is. Try again.",
    );
  }
  return err.detail || err.title;
}

/** Throws a 404 page for a session that does not exist, and lets other problems through. */
export function notFoundPage(lang: Lang, err: unknown): never {
  if (err instanceof ApiProblem && err.status === 404) {
    throw new PageRefusal(
      404,
      tr(lang, "未找到场次", "Session not found"),
      tr(lang, "这场直播不存在或已被删除。", "This session does not exist."),
    );
  }
  throw err;
}

/** Registers the hosts' desk. */
export function registerHostSessionRoutes(app: ServiceApp, deps: { clients: Clients; graph: Graph }): void {
  const { clients } = deps;
  const guard = requireRole("host");

  async function desk(c: Context, feedUrl?: string) {
    const w = web(c);
    const caller = callerOf(c);
    const zoneAsked = c.req.query("tz") ?? "";
    const zone = isZone(zoneAsked) ? zoneAsked : defaultZone;
    const today = wallOf(Date.now(), zone).date;
    const weekAsked = c.req.query("week") ?? "";
    const monday = mondayOf(/^\d{4}-\d{2}-\d{2}$/.test(weekAsked) ? weekAsked : today);
    const weekFrom = instantOf(monday, "00:00", zone)!;
    const weekTo = instantOf(addDays(monday, 7), "00:00", zone)!;
    const now = Date.now();
    const inRange = (ms: number) => Math.min(Math.max(ms, now - 360 * day), now + 4 * 365 * day);
    const [week, upcoming] = await Promise.all([
      hostSessions(clients.sessions, caller, {
        host: caller.account.id,
        from: new Date(inRange(weekFrom)).toISOString(),
        to: new Date(inRange(weekTo) + 1000).toISOString(),
      }),
      hostSessions(clients.sessions, caller, {
        host: caller.account.id,
        from: new Date(now).toISOString(),
        to: new Date(now + 30 * day).toISOString(),
      }),
    ]);
    const feedSince = await feedIssuedAt(deps.graph, caller.account.id);
    return renderPage(c, {
      title: tr(w.lang, "我的直播", "My sessions"),
      page: "host-sessions",
      wide: true,
      body: (
        <HostDesk
          lang={w.lang}
          zone={zone}
          monday={monday}
          today={today}
          week={slotsOf(week, zone)}
          upcoming={slotsOf(upcoming, zone).slice(0, 50)}
          done={doneText(w.lang, c.req.query("done"))}
          csrf={w.signedIn!.csrf}
          feed={{ since: feedSince, url: feedUrl }}
        />
      ),
    });
  }

  app.get("/host/sessions", guard, (c) => desk(c));

  // the subscription address: created (or replaced) and shown once, or stopped
  app.post("/host/sessions/calendar-feed", guard, async (c) => {
    const form = await checkedForm(c);
    const caller = callerOf(c);
    if (field(form, "action") === "revoke") {
      await revokeFeed(deps.graph, caller.account.id);
      return c.redirect("/host/sessions?done=feed-revoked", 303);
    }
    const secret = await issueFeed(deps.graph, caller.account.id);
    return desk(c, `${new URL(c.req.url).origin}/calendar.ics?key=${secret}`);
  });

  // what a calendar app polls: no cookie, the secret names the host
  app.get("/calendar.ics", async (c) => {
    const account = await feedAccount(deps.graph, c.req.query("key") ?? "");
    if (!account) {
      return c.body("This calendar address is not valid (any more).\n", 404, {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
      });
    }
    const caller: Caller = {
      account,
      lang: "zh",
      requestId: (c.get("requestId") as string | undefined) ?? crypto.randomUUID(),
      timing: { apiMs: 0, calls: 0 },
    };
    const text = await hostFeed(clients.sessions, caller, account.id);
    return c.body(text, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, max-age=300",
      "referrer-policy": "no-referrer",
    });
  });

  app.get("/host/sessions.ics", guard, async (c) => {
    const caller = callerOf(c);
    const text = await hostFeed(clients.sessions, caller, caller.account.id);
    return c.body(text, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'attachment; filename="my-sessions.ics"',
      "cache-control": "no-store",
    });
  });

  function emptyForm(zone: string): ScheduleForm {
    const tomorrow = addDays(wallOf(Date.now(), zone).date, 1);
    return {
      title: "",
      description: "",
      topic: "",
      date: tomorrow,
      time: "19:30",
      zone,
      duration: "60",
      channel: "app",
      channelAccount: "",
      region: "全国（000000）",
      repeat: "none",
      endKind: "count",
      count: "8",
      until: "",
      requiresReview: true,
      policies: [],
      policyQuery: "",
    };
  }

  async function formPage(
    c: Context,
    form: ScheduleForm,
    extra: {
      found?: PolicyItem[] | null;
      errors?: Record<string, string>;
      clashes?: ClashView[];
      problem?: string;
      status?: number;
    } = {},
  ) {
    const w = web(c);
    const topics = await vocabulary(clients.policy, callerOf(c), "topics").catch(() => []);
    return renderPage(c, {
      title: tr(w.lang, "安排新场次", "Schedule a session"),
      page: "host-schedule",
      status: extra.status ?? 200,
      body: (
        <ScheduleFormPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          form={form}
          topics={topics}
          found={extra.found ?? null}
          errors={extra.errors ?? {}}
          clashes={extra.clashes ?? []}
          problem={extra.problem}
        />
      ),
    });
  }

  app.get("/host/sessions/new", guard, (c) => {
    const z = c.req.query("tz") ?? "";
    return formPage(c, emptyForm(isZone(z) ? z : defaultZone));
  });

  function readForm(form: Record<string, unknown>): ScheduleForm {
    return {
      title: field(form, "title").trim(),
      description: field(form, "description").trim(),
      topic: field(form, "topic"),
      date: field(form, "date"),
      time: field(form, "time"),
      zone: field(form, "zone") || defaultZone,
      duration: field(form, "duration"),
      channel: field(form, "channel"),
      channelAccount: field(form, "channelAccount").trim(),
      region: field(form, "region").trim(),
      repeat: field(form, "repeat") || "none",
      endKind: field(form, "endKind") || "count",
      count: field(form, "count"),
      until: field(form, "until"),
      requiresReview: field(form, "requiresReview") === "1",
      policies: fields(form, "policy").map((v) => {
        const [id, ...rest] = v.split("|");
        return { id: id!, title: rest.join("|") || id! };
      }).filter((p) => /^[a-z0-9][a-z0-9-]{2,80}$/.test(p.id)),
      policyQuery: field(form, "policyQuery").trim(),
    };
  }

  app.post("/host/sessions/new", guard, async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const form = await checkedForm(c);
    const f = readForm(form);
    if (field(form, "intent") === "search") {
      const found = f.policyQuery
        ? (await searchPolicies(clients.policy, caller, { q: f.policyQuery })).items.slice(0, 15)
        : [];
      return formPage(c, f, { found });
    }
    const errors: Record<string, string> = {};
    if (f.title.length < 2 || f.title.length > 120) {
      errors.title = t("标题须为 2–120 个字", "2–120 characters");
    }
    if (!isZone(f.zone)) errors.zone = t("请选择时区", "Pick a time zone");
    const start = isZone(f.zone) ? instantOf(f.date, f.time, f.zone) : null;
    if (start === null) errors.date = t("请填写有效的日期和时间", "Enter a valid date and time");
    else if (start < Date.now()) errors.date = t("开始时间已经过去", "The start is in the past");
    const duration = Number(f.duration);
    if (!Number.isInteger(duration) || duration < 5 || duration > 600) {
      errors.duration = t("时长须为 5–600 分钟", "5–600 minutes");
    }
    if (!f.channelAccount) errors.channelAccount = t("请填写直播账号", "Enter the account");
    const repeat =
      (["none", "weekly", "biweekly", "monthly"].includes(f.repeat) ? f.repeat : "none") as Repeat;
    let recurrence: string | null = null;
    if (repeat !== "none") {
      if (f.endKind === "until") {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(f.until) || f.until < f.date) {
          errors.until = t("请填写不早于开始日期的结束日期", "Enter a last date on or after the start");
        }
      } else {
        const n = Number(f.count);
        if (!Number.isInteger(n) || n < 1 || n > 520) errors.count = t("次数须为 1–520", "1–520 times");
      }
      if (!errors.until && !errors.count) {
        recurrence = rruleOf(
          repeat,
          f.date,
          f.zone,
          f.endKind === "until" ? { until: f.until } : { count: Number(f.count) },
        );
      }
    }
    // the region: a code in the text, else a name that names exactly one region
    let region = /(\d{9}|\d{6})/.exec(f.region)?.[1] ?? null;
    if (!region && f.region) {
      const found = await searchRegions(clients.policy, caller, f.region, 5).catch(() => []);
      if (found.length === 1) region = found[0]!.code;
    }
    if (!region) {
      errors.region = t(
        "请从列表中选择一个地区，或填写地区代码",
        "Pick one region from the list, or type its code",
      );
    }
    if (Object.keys(errors).length) return formPage(c, f, { errors, status: 422 });

    const body: NewSession = {
      title: f.title,
      ...(f.description ? { description: f.description } : {}),
      startsAt: new Date(start!).toISOString(),
      durationMinutes: duration,
      timeZone: f.zone,
      channel: f.channel,
      channelAccount: f.channelAccount,
      ...(recurrence ? { recurrence } : {}),
      policies: f.policies.map((p) => p.id),
      topics: f.topic ? [f.topic] : [],
      region: region!,
      requiresReview: f.requiresReview,
    };
    try {
      await scheduleSession(clients.sessions, caller, body);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      if (err.status === 409 && Array.isArray(err.extra.conflicts)) {
        const conflicts = err.extra.conflicts as {
          sessionId: string;
          reason: string;
          startsAt: string;
          endsAt: string;
        }[];
        const clashes = await Promise.all(conflicts.map(async (x) => ({
          title: await getSession(clients.sessions, caller, x.sessionId).then(
            (r) => r.session.title,
            () => t("另一场直播", "another session"),
          ),
          startsAt: x.startsAt,
          endsAt: x.endsAt,
          reason: x.reason,
          zone: f.zone,
        })));
        return formPage(c, f, { clashes, status: 409 });
      }
      const byField: Record<string, string> = {};
      const map: Record<string, string> = {
        "body.title": "title",
        "body.description": "description",
        "body.startsAt": "date",
        "body.durationMinutes": "duration",
        "body.timeZone": "zone",
        "body.channel": "channel",
        "body.channelAccount": "channelAccount",
        "body.recurrence": "recurrence",
        "body.policies": "policies",
        "body.topics": "topic",
        "body.region": "region",
      };
      for (const e of err.errors) {
        const name = map[e.path] ?? Object.entries(map).find(([k]) => e.path.startsWith(`${k}.`))?.[1];
        if (name) byField[name] = t(`此项无效：${err.detail || err.title}`, `Not accepted: ${e.message}`);
      }
      return formPage(c, f, {
        errors: byField,
        problem: Object.keys(byField).length ? undefined : problemText(w.lang, err),
        status: err.status,
      });
    }
    return c.redirect(`/host/sessions?done=scheduled&tz=${encodeURIComponent(f.zone)}&week=${f.date}`, 303);
  });

  async function sessionPage(c: Context, id: string, extra: { problem?: string; status?: number } = {}) {
    const w = web(c);
    const caller = callerOf(c);
    const { session } = await getSession(clients.sessions, caller, id).catch((e) => notFoundPage(w.lang, e));
    const now = Date.now();
    const [listed] = await hostSessions(clients.sessions, caller, {
      host: session.host.id,
      from: new Date(now).toISOString(),
      to: new Date(now + 90 * day).toISOString(),
    }).then((all) => all.filter((s) => s.id === id));
    const policyTitles = await titlesOf(caller, session.policies);
    return renderPage(c, {
      title: session.title,
      page: "host-session",
      status: extra.status ?? 200,
      body: (
        <SessionPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          session={session}
          slots={listed ? slotsOf([listed], session.timeZone, true).slice(0, 30) : []}
          policyTitles={policyTitles}
          done={doneText(w.lang, c.req.query("done"))}
          problem={extra.problem}
        />
      ),
    });
  }

  async function titlesOf(caller: Caller, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await Promise.all(ids.map(async (id) => {
      const p = await getPolicy(clients.policy, caller, id).catch(() => null);
      if (p) out.set(id, p.title);
    }));
    return out;
  }

  app.get("/host/sessions/:id{ses-[a-z0-9-]+}", guard, (c) => sessionPage(c, c.req.param("id")));

  app.post("/host/sessions/:id{ses-[a-z0-9-]+}/occurrences/:step{move|cancel}", guard, async (c) => {
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id");
    const form = await checkedForm(c);
    try {
      if (c.req.param("step") === "move") {
        const { session } = await getSession(clients.sessions, caller, id).catch((e) =>
          notFoundPage(w.lang, e)
        );
        const to = instantOf(field(form, "date"), field(form, "time"), session.timeZone);
        if (to === null) {
          return sessionPage(c, id, {
            problem: tr(w.lang, "请填写有效的日期和时间", "Enter a valid date and time"),
            status: 422,
          });
        }
        const seq = field(form, "sequence");
        await patchSession(clients.sessions, caller, id, {
          occurrence: { originalStart: field(form, "originalStart"), startsAt: new Date(to).toISOString() },
        }, /^\d+$/.test(seq) ? `"s${seq}"` : undefined);
      } else {
        await cancelSession(clients.sessions, caller, id, {
          occurrenceStart: field(form, "occurrenceStart"),
        });
      }
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      if (err.status === 404) notFoundPage(w.lang, err);
      return sessionPage(c, id, { problem: problemText(w.lang, err), status: err.status });
    }
    return c.redirect(
      `/host/sessions/${id}?done=${c.req.param("step") === "move" ? "moved" : "cancelled"}`,
      303,
    );
  });
}
