/** The hosts' desk: the week view, the list of upcoming occurrences, the scheduling form, one session. */
import type { LiveSession, Occurrence } from "../api/sessions.ts";
import type { PolicyItem } from "../api/policy.ts";
import { label, type Lang, tr } from "../web/i18n.ts";
import {
  addDays,
  repeatText,
  type Wall,
  wallOf,
  weekdayNames,
  zoned,
  zoneEn,
  zoneNames,
  zoneZh,
} from "../web/zones.ts";
import { Csrf, Field, Notice, Select } from "./ui.tsx";

/** Streaming platforms, for people. */
export const platformLabels = {
  app: ["医保 App 直播间", "Yibao app"],
  wechatChannels: ["微信视频号", "WeChat Channels"],
  douyin: ["抖音", "Douyin"],
  kuaishou: ["快手", "Kuaishou"],
  bilibili: ["哔哩哔哩", "Bilibili"],
  weibo: ["微博", "Weibo"],
} as Record<string, [string, string]>;

/** One occurrence with its session, for the calendar and the list. */
export interface Slot {
  session: LiveSession;
  occurrence: Occurrence;
  wall: Wall;
  endWall: Wall;
}

/** The occurrences of the sessions, in start order, with their wall times in `zone`. */
export function slotsOf(sessions: LiveSession[], zone: string, includeCancelled = false): Slot[] {
  const out: Slot[] = [];
  for (const s of sessions) {
    for (const o of s.occurrences ?? []) {
      if (o.cancelled && !includeCancelled) continue;
      out.push({
        session: s,
        occurrence: o,
        wall: wallOf(Date.parse(o.startsAt), zone),
        endWall: wallOf(Date.parse(o.endsAt), zone),
      });
    }
  }
  return out.sort((a, b) => Date.parse(a.occurrence.startsAt) - Date.parse(b.occurrence.startsAt));
}

const sessionHref = (id: string) => `/host/sessions/${encodeURIComponent(id)}`;

/** A select of every IANA zone. */
export function ZoneSelect(p: { lang: Lang; name: string; value: string; label?: string; error?: string }) {
  return (
    <Select
      name={p.name}
      label={p.label ?? tr(p.lang, "时区", "Time zone")}
      value={p.value}
      error={p.error}
      options={zoneNames().map((z) => ({ value: z, label: z }))}
    />
  );
}

/** Props of {@linkcode HostDesk}. */
export interface HostDeskProps {
  lang: Lang;
  zone: string;
  monday: string;
  today: string;
  week: Slot[];
  upcoming: Slot[];
  done?: string | undefined;
  csrf: string;
  /** The host's calendar subscription: since when (null: none), and its address right after creating it. */
  feed: { since: string | null; url?: string | undefined };
}

/** `/host/sessions`: the week, then the list. */
export function HostDesk(p: HostDeskProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const days = Array.from({ length: 7 }, (_, i) => addDays(p.monday, i));
  const q = (week: string) => `/host/sessions?week=${week}&tz=${encodeURIComponent(p.zone)}`;
  const weekLabel = t(`${p.monday} 至 ${days[6]}`, `${p.monday} to ${days[6]}`);
  return (
    <section>
      <h1>{t("我的直播", "My sessions")}</h1>
      {p.done ? <Notice kind="ok">{p.done}</Notice> : null}
      <p class="row">
        <a class="button primary" href={`/host/sessions/new?tz=${encodeURIComponent(p.zone)}`}>
          {t("安排新场次", "Schedule a session")}
        </a>
        <a class="button" href="/host/sessions.ics">
          {t("下载日历文件（.ics）", "Download calendar (.ics)")}
        </a>
      </p>
      <form method="get" action="/host/sessions" class="filters">
        <input type="hidden" name="week" value={p.monday} />
        <ZoneSelect lang={p.lang} name="tz" value={p.zone} label={t("显示时区", "Show times in")} />
        <button type="submit">{t("切换时区", "Change zone")}</button>
      </form>
      <section aria-labelledby="week-h">
        <h2 id="week-h">
          {t(`一周日程：${weekLabel}（${zoneZh(p.zone)}）`, `Week of ${weekLabel} (${zoneEn(p.zone)})`)}
        </h2>
        <nav class="row" aria-label={t("切换周", "Weeks")}>
          <a href={q(addDays(p.monday, -7))}>{t("‹ 上一周", "‹ Previous week")}</a>
          <a href={q(p.today)}>{t("本周", "This week")}</a>
          <a href={q(addDays(p.monday, 7))}>{t("下一周 ›", "Next week ›")}</a>
        </nav>
        <p class="muted small" id="week-help">
          {t(
            "用左右方向键在各天之间移动，Tab 键进入当天的场次。",
            "Use the left and right arrow keys to move between days, Tab to reach a day's sessions.",
          )}
        </p>
        <ol class="week" data-enhance="week-grid" aria-describedby="week-help">
          {days.map((d, i) => {
            const slots = p.week.filter((s) => s.wall.date === d);
            const name = weekdayNames[i]!;
            return (
              <li
                class={d === p.today ? "day today" : "day"}
                tabindex={i === 0 ? 0 : -1}
                aria-labelledby={`day-${d}`}
              >
                <h3 id={`day-${d}`}>
                  {t(name[0], name[1])} <span class="muted small">{d.slice(5)}</span>
                  {d === p.today ? <span class="sr-only">{t("（今天）", " (today)")}</span> : null}
                </h3>
                {slots.length
                  ? (
                    <ul>
                      {slots.map((s) => (
                        <li>
                          <a href={sessionHref(s.session.id)}>
                            <span class="slot-time">{s.wall.time}–{s.endWall.time}</span> {s.session.title}
                          </a>
                          {s.occurrence.moved ? <span class="badge">{t("已改期", "Moved")}</span> : null}
                        </li>
                      ))}
                    </ul>
                  )
                  : <p class="muted small">{t("无场次", "Nothing")}</p>}
              </li>
            );
          })}
        </ol>
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">{t("接下来的场次", "Upcoming")}</h2>
        <SlotTable lang={p.lang} zone={p.zone} slots={p.upcoming} />
      </section>
      <CalendarFeed lang={p.lang} csrf={p.csrf} feed={p.feed} />
    </section>
  );
}

/** The calendar: a download, and a secret subscription address (shown once) that can be replaced or stopped. */
function CalendarFeed(p: { lang: Lang; csrf: string; feed: HostDeskProps["feed"] }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section aria-labelledby="feed-h" class="card">
      <h2 id="feed-h">{t("在日历应用中订阅", "Subscribe in a calendar app")}</h2>
      <p class="small">
        {t(
          "日历应用无法带上控制台的登录状态，所以订阅要用一个专属的秘密地址：知道地址的人都能看到您的场次，请勿外传；如有泄露，换一个新地址，旧地址立即失效。",
          "Calendar apps cannot carry your console sign-in, so subscribing uses a secret address of your own: anyone who has it sees your sessions, so keep it private; if it leaks, make a new one and the old one stops at once.",
        )}
      </p>
      {p.feed.url
        ? (
          <div class="notice ok" role="status">
            <p class="notice-title">
              {t("订阅地址（只显示这一次）", "Subscription address (shown only this once)")}
            </p>
            <Field
              name="feedUrl"
              label={t("订阅地址", "Subscription address")}
              value={p.feed.url}
              extra={{ readonly: "" }}
            />
          </div>
        )
        : p.feed.since
        ? (
          <p class="small">
            {t(
              `订阅地址已开启（创建于 ${zoned(p.feed.since, "Asia/Shanghai")}，北京时间）。`,
              `A subscription address is active (created ${
                zoned(p.feed.since, "Asia/Shanghai")
              }, China Standard Time).`,
            )}
          </p>
        )
        : <p class="small">{t("尚未开启订阅地址。", "No subscription address yet.")}</p>}
      <div class="row">
        <form method="post" action="/host/sessions/calendar-feed">
          <Csrf token={p.csrf} />
          <button type="submit" name="action" value="issue">
            {p.feed.since || p.feed.url
              ? t("换一个新订阅地址", "Make a new address")
              : t("生成订阅地址", "Make a subscription address")}
          </button>
        </form>
        {p.feed.since || p.feed.url
          ? (
            <form method="post" action="/host/sessions/calendar-feed">
              <Csrf token={p.csrf} />
              <button type="submit" name="action" value="revoke" class="danger">
                {t("停用订阅地址", "Stop the address")}
              </button>
            </form>
          )
          : null}
        <a href="/host/sessions.ics">
          {t("或下载此刻的日历文件（.ics）", "Or download the calendar as it is now (.ics)")}
        </a>
      </div>
    </section>
  );
}

/** The upcoming occurrences as a table. */
export function SlotTable(p: { lang: Lang; zone: string; slots: Slot[]; caption?: string }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (!p.slots.length) return <p>{t("暂无安排的场次。", "No sessions scheduled.")}</p>;
  return (
    <table>
      <caption>{p.caption ?? t(`时间为 ${p.zone} 时间`, `Times in ${p.zone}`)}</caption>
      <thead>
        <tr>
          <th scope="col">{t("时间", "When")}</th>
          <th scope="col">{t("场次", "Session")}</th>
          <th scope="col">{t("重复", "Repeats")}</th>
          <th scope="col">{t("渠道", "Channel")}</th>
          <th scope="col">{t("操作", "Actions")}</th>
        </tr>
      </thead>
      <tbody>
        {p.slots.map((s) => (
          <tr>
            <td>
              {s.wall.date} {s.wall.time}–{s.endWall.time}
              {s.occurrence.moved ? <span class="badge">{t("已改期", "Moved")}</span> : null}
            </td>
            <th scope="row">
              <a href={sessionHref(s.session.id)}>{s.session.title}</a>
              {s.session.needsRebrief
                ? <span class="badge badge-bad">{t("政策有更新", "Policy amended")}</span>
                : null}
            </th>
            <td>{repeatText(s.session.recurrence, p.lang, s.session.timeZone)}</td>
            <td>
              {label(platformLabels, s.session.channel, p.lang)} · {s.session.channelAccount}
            </td>
            <td>
              <a href={`${sessionHref(s.session.id)}/live`}>{t("进入直播间", "Live room")}</a>{" "}
              <a href={`${sessionHref(s.session.id)}/results`}>{t("学习效果", "Results")}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the scheduling form holds (as typed). */
export interface ScheduleForm {
  title: string;
  description: string;
  topic: string;
  date: string;
  time: string;
  zone: string;
  duration: string;
  channel: string;
  channelAccount: string;
  region: string;
  repeat: string;
  endKind: string;
  count: string;
  until: string;
  requiresReview: boolean;
  policies: { id: string; title: string }[];
  policyQuery: string;
}

/** A clash the sessions service named, with the other session's title. */
export interface ClashView {
  title: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  zone: string;
}

/** Props of {@linkcode ScheduleFormPage}. */
export interface ScheduleFormProps {
  lang: Lang;
  csrf: string;
  form: ScheduleForm;
  topics: { id: string; nameZh: string; nameEn: string }[];
  found: PolicyItem[] | null;
  errors: Record<string, string>;
  clashes: ClashView[];
  problem?: string | undefined;
}

/** `/host/sessions/new`: schedule a session. */
export function ScheduleFormPage(p: ScheduleFormProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const f = p.form;
  const e = p.errors;
  const chosen = new Set(f.policies.map((x) => x.id));
  const radio = (name: string, value: string, current: string, text: string) => (
    <label>
      <input type="radio" name={name} value={value} checked={current === value} /> {text}
    </label>
  );
  return (
    <section>
      <p class="crumbs">
        <a href="/host/sessions">{t("我的直播", "My sessions")}</a>
      </p>
      <h1>{t("安排新场次", "Schedule a session")}</h1>
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      <form method="post" action="/host/sessions/new" class="stack narrow">
        <Csrf token={p.csrf} />
        <Field name="title" label={t("标题", "Title")} value={f.title} error={e.title} required />
        <Field
          name="description"
          label={t("简介（可选）", "Description (optional)")}
          value={f.description}
          error={e.description}
          multiline
          rows={3}
        />
        <Select
          name="topic"
          label={t("主题", "Topic")}
          value={f.topic}
          any={t("不限主题", "No topic")}
          options={p.topics.map((x) => ({ value: x.id, label: tr(p.lang, x.nameZh, x.nameEn) }))}
          error={e.topic}
        />
        <fieldset>
          <legend>{t("涉及的政策", "Policies covered")}</legend>
          {f.policies.length || p.found?.length
            ? (
              <div class="checks">
                {f.policies.map((x) => (
                  <label>
                    <input type="checkbox" name="policy" value={`${x.id}|${x.title}`} checked /> {x.title}
                  </label>
                ))}
                {(p.found ?? []).filter((x) => !chosen.has(x.id)).map((x) => (
                  <label>
                    <input type="checkbox" name="policy" value={`${x.id}|${x.title}`} /> {x.title}
                    <span class="muted small">{x.docNumber}</span>
                  </label>
                ))}
              </div>
            )
            : <p class="muted small">{t("尚未选择政策。", "No policy chosen yet.")}</p>}
          {p.found && !p.found.length ? <p>{t("没有找到匹配的政策。", "No policy matches.")}</p> : null}
          {e.policies ? <p class="error" role="alert">{e.policies}</p> : null}
          <Field
            name="policyQuery"
            label={t("搜索政策", "Search policies")}
            value={f.policyQuery}
            type="search"
            hint={t(
              "输入关键词后按“搜索政策”，勾选要讲解的政策",
              "Type words, press “Search policies”, tick the ones covered",
            )}
          />
          <button type="submit" name="intent" value="search" formnovalidate>
            {t("搜索政策", "Search policies")}
          </button>
        </fieldset>
        <fieldset aria-describedby={p.clashes.length ? "clash-list" : undefined}>
          <legend>{t("时间", "When")}</legend>
          <div class="row">
            <Field name="date" label={t("日期", "Date")} type="date" value={f.date} error={e.date} required />
            <Field
              name="time"
              label={t("开始时间", "Start time")}
              type="time"
              value={f.time}
              error={e.time}
              required
            />
            <Field
              name="duration"
              label={t("时长（分钟）", "Duration (minutes)")}
              type="number"
              value={f.duration}
              error={e.duration}
              required
              extra={{ min: "5", max: "600" }}
            />
          </div>
          <ZoneSelect lang={p.lang} name="zone" value={f.zone} error={e.zone} />
          {p.clashes.length
            ? (
              <div class="notice error" id="clash-list" role="alert">
                <p class="notice-title">{t("时间冲突：", "This time clashes with:")}</p>
                <ul>
                  {p.clashes.map((c) => (
                    <li>
                      {t(`《${c.title}》`, `“${c.title}”`)}{" "}
                      {zoned(c.startsAt, c.zone)}–{zoned(c.endsAt, c.zone).slice(11)}
                      {t(`（${zoneZh(c.zone)}）`, ` (${zoneEn(c.zone)})`)}
                      {c.reason === "host"
                        ? t("，同一主播", ", same host")
                        : t("，同一直播渠道账号", ", same channel account")}
                    </li>
                  ))}
                </ul>
                <p>{t("请换一个时间或渠道。", "Pick another time or channel.")}</p>
              </div>
            )
            : null}
          <fieldset>
            <legend>{t("重复", "Repeats")}</legend>
            <div class="checks">
              {radio("repeat", "none", f.repeat, t("不重复", "Once"))}
              {radio("repeat", "weekly", f.repeat, t("每周同一天", "Weekly, same weekday"))}
              {radio("repeat", "biweekly", f.repeat, t("每两周同一天", "Every two weeks, same weekday"))}
              {radio(
                "repeat",
                "monthly",
                f.repeat,
                t(
                  "每月同一周的同一天（如第二个星期二）",
                  "Monthly, same weekday of the month (e.g. second Tuesday)",
                ),
              )}
            </div>
            {e.recurrence ? <p class="error" role="alert">{e.recurrence}</p> : null}
            <p class="muted small">{t("重复的场次在以下条件时结束：", "A repeating session ends:")}</p>
            <div class="checks">
              {radio("endKind", "count", f.endKind, t("按次数", "After a number of times"))}
              {radio("endKind", "until", f.endKind, t("到某一天", "On a date"))}
            </div>
            <div class="row">
              <Field
                name="count"
                label={t("次数", "Times")}
                type="number"
                value={f.count}
                error={e.count}
                extra={{ min: "1", max: "520" }}
              />
              <Field
                name="until"
                label={t("结束日期", "Last date")}
                type="date"
                value={f.until}
                error={e.until}
              />
            </div>
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t("直播渠道", "Channel")}</legend>
          <Select
            name="channel"
            label={t("平台", "Platform")}
            value={f.channel}
            options={Object.entries(platformLabels).map(([v, l]) => ({
              value: v,
              label: tr(p.lang, l[0], l[1]),
            }))}
            error={e.channel}
          />
          <Field
            name="channelAccount"
            label={t("直播账号", "Account streamed from")}
            value={f.channelAccount}
            error={e.channelAccount}
            required
          />
        </fieldset>
        <Field
          name="region"
          label={t("面向地区（名称或代码）", "Region (name or code)")}
          value={f.region}
          error={e.region}
          enhance="region-picker"
          extra={{ autocomplete: "off", "data-source": "/api/regions" }}
          required
        />
        <div class="checks">
          <label>
            <input type="checkbox" name="requiresReview" value="1" checked={f.requiresReview} />{" "}
            {t("观众提问先经我审核再公开", "I review audience questions before they are shown")}
          </label>
        </div>
        <button type="submit" name="intent" value="schedule" class="primary">
          {t("安排场次", "Schedule")}
        </button>
      </form>
    </section>
  );
}

/** Props of {@linkcode SessionPage}. */
export interface SessionPageProps {
  lang: Lang;
  csrf: string;
  session: LiveSession;
  slots: Slot[];
  policyTitles: Map<string, string>;
  done?: string | undefined;
  problem?: string | undefined;
}

/** `/host/sessions/:id`: one session, its next occurrences, move or cancel one. */
export function SessionPage(p: SessionPageProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const s = p.session;
  const zone = s.timeZone;
  const base = sessionHref(s.id);
  return (
    <section>
      <p class="crumbs">
        <a href="/host/sessions">{t("我的直播", "My sessions")}</a>
      </p>
      <h1>{s.title}</h1>
      {p.done ? <Notice kind="ok">{p.done}</Notice> : null}
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      {s.status === "cancelled"
        ? <Notice kind="warn">{t("这场直播已取消。", "This session is cancelled.")}</Notice>
        : null}
      <dl class="facts">
        <dt>{t("首次开始", "First start")}</dt>
        <dd>{zoned(s.startsAt, zone)}{t(`（${zoneZh(zone)}）`, ` (${zoneEn(zone)})`)}</dd>
        <dt>{t("时长", "Duration")}</dt>
        <dd>{t(`${s.durationMinutes} 分钟`, `${s.durationMinutes} min`)}</dd>
        <dt>{t("重复", "Repeats")}</dt>
        <dd>{repeatText(s.recurrence, p.lang, zone)}</dd>
        <dt>{t("渠道", "Channel")}</dt>
        <dd>{label(platformLabels, s.channel, p.lang)} · {s.channelAccount}</dd>
        <dt>{t("面向地区", "Region")}</dt>
        <dd>{s.region.name}</dd>
        <dt>{t("涉及的政策", "Policies covered")}</dt>
        <dd>
          {s.policies.length
            ? s.policies.map((id) => p.policyTitles.get(id) ?? t("（政策）", "(policy)")).join("；")
            : "—"}
        </dd>
      </dl>
      <p>
        <a class="button primary" href={`${base}/live`}>{t("进入直播间", "Open the live room")}</a>{" "}
        <a class="button" href={`${base}/results`}>{t("学习效果", "Results")}</a>
      </p>
      <section aria-labelledby="occ-h">
        <h2 id="occ-h">{t(`接下来的各次（${zoneZh(zone)}）`, `Next occurrences (${zoneEn(zone)})`)}</h2>
        {p.slots.length
          ? (
            <ul class="occurrences">
              {p.slots.map((o) => {
                const when = `${o.wall.date} ${o.wall.time}`;
                return (
                  <li class="card">
                    <p>
                      <strong>{when}–{o.endWall.time}</strong>
                      {o.occurrence.moved ? <span class="badge">{t("已改期", "Moved")}</span> : null}
                      {o.occurrence.cancelled
                        ? <span class="badge badge-bad">{t("已取消", "Cancelled")}</span>
                        : null}
                    </p>
                    {o.occurrence.cancelled ? null : (
                      <div class="row">
                        <form method="post" action={`${base}/occurrences/move`} class="row">
                          <Csrf token={p.csrf} />
                          <input type="hidden" name="originalStart" value={o.occurrence.originalStart} />
                          <input type="hidden" name="sequence" value={String(s.sequence)} />
                          <Field
                            name="date"
                            label={t(`${when} 改到日期`, `Move ${when} to date`)}
                            type="date"
                            value={o.wall.date}
                            required
                          />
                          <Field
                            name="time"
                            label={t(`${when} 改到时间`, `Move ${when} to time`)}
                            type="time"
                            value={o.wall.time}
                            required
                          />
                          <button type="submit">{t("改期这一次", "Move this one")}</button>
                        </form>
                        <form
                          method="post"
                          action={`${base}/occurrences/cancel`}
                          data-enhance="confirm"
                          data-confirm={t(`确定取消 ${when} 这一次吗？`, `Cancel the one on ${when}?`)}
                        >
                          <Csrf token={p.csrf} />
                          <input type="hidden" name="occurrenceStart" value={o.occurrence.originalStart} />
                          <button
                            type="submit"
                            class="danger"
                            aria-label={t(`取消这一次（${when}）`, `Cancel this one (${when})`)}
                          >
                            {t("取消这一次", "Cancel this one")}
                          </button>
                        </form>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )
          : <p>{t("接下来 90 天内没有场次。", "Nothing in the next 90 days.")}</p>}
      </section>
    </section>
  );
}
