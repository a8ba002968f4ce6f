/** An amendment's propagation: every dependent channel expected, which acknowledged and when, and notification reach. */
import type { Propagation } from "../api/admin.ts";
import type { EventReach } from "../api/notifications.ts";
import { age, dateTime } from "../web/format.ts";
import {
  channelLabels,
  deliveryChannelLabels,
  deliveryStatusLabels,
  label,
  type Lang,
  tr,
} from "../web/i18n.ts";
import { Badge, Notice } from "./ui.tsx";

/** The channels every published amendment reaches. */
export const expectedChannels = ["policy-cache", "eligibility-rules", "sessions", "notifications", "items"];

/** What the live part of the page shows. */
export interface PropagationView {
  report: Propagation;
  reach: EventReach | null;
  lateAfterSeconds: number;
  now: number;
}

function seconds(s: number, lang: Lang): string {
  if (s < 60) return tr(lang, `${s} 秒`, `${s} s`);
  return tr(lang, `${Math.floor(s / 60)} 分 ${s % 60} 秒`, `${Math.floor(s / 60)} min ${s % 60} s`);
}

/** The state of each channel, from the report. */
export function channelRows(v: PropagationView) {
  const published = v.report.publishedAt ? Date.parse(v.report.publishedAt) : null;
  const sinceSeconds = published === null ? 0 : Math.max(0, Math.round((v.now - published) / 1000));
  const names = new Set([...expectedChannels, ...(v.report.expectedChannels ?? []).map((c) => c.channel)]);
  return [...names].map((channel) => {
    const acks = v.report.channels.find((c) => c.channel === channel)?.acknowledgements ?? [];
    const first = acks.reduce<string | null>((m, a) => (m === null || a.syncedAt < m ? a.syncedAt : m), null);
    const after = first && published !== null
      ? Math.max(0, Math.round((Date.parse(first) - published) / 1000))
      : null;
    const state = first ? "acknowledged" : sinceSeconds > v.lateAfterSeconds ? "late" : "waiting";
    return { channel, acks, first, after, state, sinceSeconds };
  });
}

/** The live fragment (replaced as a whole on each update). */
export function PropagationLive(p: { lang: Lang; view: PropagationView }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const rows = channelRows(p.view);
  const done = rows.filter((r) => r.state === "acknowledged").length;
  const reach = p.view.reach;
  if (!p.view.report.publishedAt) {
    return (
      <div id="propagation-live">
        <Notice kind="info">
          {t(
            "这份修订尚未发布。发布后，这里会实时显示各渠道的确认情况。",
            "This amendment is not published yet. Once it is, each channel's acknowledgement appears here as it arrives.",
          )}
        </Notice>
      </div>
    );
  }
  return (
    <div id="propagation-live">
      <p class="lead" aria-live="polite">
        {t(
          `已确认 ${done} / ${rows.length} 个渠道；发布于 ${dateTime(p.view.report.publishedAt)}（${
            age(p.view.report.publishedAt, "zh", p.view.now)
          }）`,
          `${done} of ${rows.length} channels acknowledged; published ${
            dateTime(p.view.report.publishedAt)
          } (${age(p.view.report.publishedAt, "en", p.view.now)})`,
        )}
      </p>
      <table>
        <caption>{t("各依赖渠道的确认情况", "Acknowledgement by each dependent channel")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("渠道", "Channel")}</th>
            <th scope="col">{t("状态", "State")}</th>
            <th scope="col">{t("确认时间", "Acknowledged at")}</th>
            <th scope="col">{t("发布后用时", "After publication")}</th>
            <th scope="col">{t("确认实例数", "Acknowledging instances")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-channel={r.channel} data-state={r.state}>
              <th scope="row">{label(channelLabels, r.channel, p.lang, r.channel)}</th>
              <td>
                {r.state === "acknowledged"
                  ? <Badge kind="ok">{t("已确认", "Acknowledged")}</Badge>
                  : r.state === "late"
                  ? (
                    <Badge kind="bad">
                      {t(
                        `超时未确认（已 ${seconds(r.sinceSeconds, "zh")}）`,
                        `Late (${seconds(r.sinceSeconds, "en")})`,
                      )}
                    </Badge>
                  )
                  : <Badge kind="wait">{t("等待确认", "Waiting")}</Badge>}
              </td>
              <td>{r.first ? dateTime(r.first) : "—"}</td>
              <td>{r.after !== null ? seconds(r.after, p.lang) : "—"}</td>
              <td>{String(r.acks.length)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("订阅推送触达", "Notification reach")}</h2>
      {reach
        ? (
          <>
            <p>
              {t(
                `已送达 ${reach.reached} / ${reach.total} 条（${reach.subscribers} 位订阅者）${
                  reach.settledAt ? "，已全部处理完毕" : "，仍在发送"
                }`,
                `${reach.reached} of ${reach.total} delivered (${reach.subscribers} subscribers)${
                  reach.settledAt ? "; all settled" : "; still sending"
                }`,
              )}
            </p>
            {reach.channels.length
              ? (
                <table>
                  <caption>{t("按推送渠道和状态统计", "By channel and status")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("推送渠道", "Channel")}</th>
                      <th scope="col">{t("已送达 / 总数", "Delivered / all")}</th>
                      <th scope="col">{t("各状态", "By status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reach.channels.map((ch) => (
                      <tr data-delivery-channel={ch.channel}>
                        <th scope="row">{label(deliveryChannelLabels, ch.channel, p.lang, ch.channel)}</th>
                        <td>{`${ch.reached} / ${ch.total}`}</td>
                        <td>
                          {Object.entries(ch.statuses).filter(([, n]) => n > 0).map(([s, n]) =>
                            `${label(deliveryStatusLabels, s, p.lang, s)} ${n}`
                          ).join("，") || "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
              : (
                <p class="muted">
                  {t("这项修订没有匹配的订阅者。", "No subscriber follows this amendment.")}
                </p>
              )}
          </>
        )
        : (
          <p class="muted">
            {t(
              "推送服务尚未开始处理这次发布。",
              "The notification service has not started on this publication yet.",
            )}
          </p>
        )}
    </div>
  );
}
