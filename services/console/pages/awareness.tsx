/**
 * `/awareness` (operators, reviewers): awareness (知晓率) by policy, region, audience and dates, each
 * with n and its Wilson 95% interval; "meets the 80% target" only when the lower bound is at least
 * 80%, "too few answers to tell" under 60; the hardest items, and the least-known policies in a region.
 */
import type { AwarenessFigures, ItemAwareness, PolicyAwareness } from "../api/items.ts";
import { percent } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { Badge, Field, Notice, Select } from "./ui.tsx";
import type { RegionRef } from "../api/policy.ts";
import { regionText } from "../web/region_input.ts";

/** A share (0–1) in percent, one decimal. */
export function share(x: number): string {
  return percent(Math.round(x * 1000) * 10);
}

/** What a segment's figures say, as words and a badge kind. */
export function verdictOf(a: AwarenessFigures, lang: Lang): { text: string; kind: string } {
  if (a.tooSmall) return { text: tr(lang, "样本太少，无法判断", "too few answers to tell"), kind: "none" };
  if (a.meetsTarget) return { text: tr(lang, "达到 80% 目标", "meets the 80% target"), kind: "ok" };
  return { text: tr(lang, "未达到 80% 目标", "not shown to meet the 80% target"), kind: "returned" };
}

/** A share correct with its interval and n. */
export function Rate(p: { lang: Lang; a: AwarenessFigures }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (p.a.n === 0) return <span class="muted">{t("还没有作答", "No answers yet")}</span>;
  return (
    <span>
      <strong>{share(p.a.rate ?? 0)}</strong>{" "}
      <span class="small">
        {t(
          `（95% 区间 ${share(p.a.lower)}–${share(p.a.upper)}，n = ${p.a.n}）`,
          ` (95% interval ${share(p.a.lower)}–${share(p.a.upper)}, n = ${p.a.n})`,
        )}
      </span>
    </span>
  );
}

/** The verdict as a badge. */
export function Verdict(p: { lang: Lang; a: AwarenessFigures }) {
  const v = verdictOf(p.a, p.lang);
  return <Badge kind={v.kind}>{v.text}</Badge>;
}

/** What the page needs. */
export interface AwarenessProps {
  lang: Lang;
  values: { policy: string; region: string; audience: string; from: string; to: string };
  errors: Partial<Record<"policy" | "region" | "audience" | "from" | "to", string>>;
  audiences: { id: string; nameZh: string; nameEn: string }[];
  regionName: string | null;
  /** Regions matching what was typed, when it named none in particular. */
  regionChoices?: RegionRef[];
  overall: AwarenessFigures | null;
  policies: PolicyAwareness[];
  hardest: ItemAwareness[];
  lowest: PolicyAwareness[] | null;
  problem?: string | undefined;
}

/** Awareness per item: the question, the rate with its interval and n, optionally the answers, the verdict. */
export function ItemTable(
  p: { lang: Lang; label: string; rows: ItemAwareness[]; answers?: boolean },
) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <table class="audit" aria-label={p.label}>
      <thead>
        <tr>
          <th scope="col">{t("题目", "Item")}</th>
          <th scope="col">{t("答对比例", "Answered correctly")}</th>
          {p.answers ? <th scope="col">{t("作答数", "Answers")}</th> : null}
          <th scope="col">{t("结论", "Verdict")}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((i) => (
          <tr>
            <th scope="row">{i.stem}</th>
            <td>
              <Rate lang={p.lang} a={i} />
            </td>
            {p.answers ? <td>{i.n}</td> : null}
            <td>
              <Verdict lang={p.lang} a={i} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Awareness per policy: the rate with its interval and n, the people, and the verdict. */
export function PolicyTable(p: { lang: Lang; label: string; rows: PolicyAwareness[] }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <table class="audit" aria-label={p.label}>
      <thead>
        <tr>
          <th scope="col">{t("政策", "Policy")}</th>
          <th scope="col">{t("答对比例", "Answered correctly")}</th>
          <th scope="col">{t("作答人数", "People")}</th>
          <th scope="col">{t("结论", "Verdict")}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={`/policies/${encodeURIComponent(r.policyId)}`}>{r.title ?? r.policyId}</a>
            </th>
            <td>
              <Rate lang={p.lang} a={r} />
            </td>
            <td>{r.respondents}</td>
            <td>
              <Verdict lang={p.lang} a={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The awareness page. */
/** The page's query with `region` set to a chosen region's code. */
function choiceQuery(values: AwarenessProps["values"], code: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== "region") q.set(k, v);
  q.set("region", code);
  return q.toString();
}

export function AwarenessPage(p: AwarenessProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section>
      <h1>{t("政策知晓率", "Policy awareness")}</h1>
      <p class="lead">
        {t(
          "直播测验中答对的比例，附 95% 置信区间和作答数。只有区间下限达到 80% 才算达到目标；少于 60 个作答时样本太少，无法判断。直播前的摸底测验不计入。",
          "The share answering quiz items correctly in live sessions, with its 95% interval and the number of answers. A segment meets the target only when the interval's lower bound reaches 80%; under 60 answers the sample is too small to tell. Pre-tests are left out.",
        )}
      </p>
      <form method="get" action="/awareness" class="filters" role="search">
        <Field
          name="policy"
          label={t("政策编号", "Policy id")}
          value={p.values.policy}
          error={p.errors.policy}
        />
        <Field
          name="region"
          label={t("地区（名称或代码）", "Region (name or code)")}
          value={p.values.region}
          error={p.errors.region}
          hint={t("含下级地区", "With the regions below it")}
          enhance="region-picker"
          extra={{ autocomplete: "off", "data-source": "/api/regions" }}
        />
        <Select
          name="audience"
          label={t("人群", "Audience")}
          value={p.values.audience}
          options={p.audiences.map((a) => ({ value: a.id, label: p.lang === "en" ? a.nameEn : a.nameZh }))}
          any={t("全部", "All")}
          error={p.errors.audience}
        />
        <Field
          name="from"
          type="date"
          label={t("开始日期（含）", "From (inclusive)")}
          value={p.values.from}
          error={p.errors.from}
        />
        <Field
          name="to"
          type="date"
          label={t("结束日期（含）", "To (inclusive)")}
          value={p.values.to}
          error={p.errors.to}
        />
        <button type="submit">{t("查看", "Show")}</button>
        <a href="/awareness">{t("清除筛选", "Clear filters")}</a>
      </form>
      {p.regionChoices?.length
        ? (
          <ul class="choices" aria-label={t("候选地区", "Matching regions")}>
            {p.regionChoices.map((r) => (
              <li>
                <a href={`/awareness?${choiceQuery(p.values, r.code)}`}>{regionText(r, p.lang)}</a>
              </li>
            ))}
          </ul>
        )
        : null}
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      {p.overall
        ? (
          <section aria-labelledby="overall-h">
            <h2 id="overall-h">
              {p.regionName
                ? t(`总体（${p.regionName}及下级地区）`, `Overall (${p.regionName} and below)`)
                : t("总体", "Overall")}
            </h2>
            <p>
              <Rate lang={p.lang} a={p.overall} /> <Verdict lang={p.lang} a={p.overall} />
            </p>
          </section>
        )
        : null}
      {p.overall
        ? (
          <section aria-labelledby="by-policy-h">
            <h2 id="by-policy-h">{t("各项政策", "By policy")}</h2>
            {p.policies.length
              ? (
                <PolicyTable
                  lang={p.lang}
                  label={t("各项政策的知晓率", "Awareness by policy")}
                  rows={p.policies}
                />
              )
              : <p class="empty">{t("没有符合条件的作答。", "No answers match.")}</p>}
          </section>
        )
        : null}
      {p.lowest
        ? (
          <section aria-labelledby="lowest-h">
            <h2 id="lowest-h">
              {t(
                "知晓率最低的政策（下一场讲什么）",
                "Least-known policies (what the next session should cover)",
              )}
            </h2>
            {p.lowest.length
              ? (
                <PolicyTable
                  lang={p.lang}
                  label={t("知晓率最低的政策", "Least-known policies")}
                  rows={p.lowest}
                />
              )
              : <p class="empty">{t("没有符合条件的作答。", "No answers match.")}</p>}
          </section>
        )
        : null}
      {p.overall
        ? (
          <section aria-labelledby="hardest-h">
            <h2 id="hardest-h">{t("答错最多的题目", "The items most people get wrong")}</h2>
            {p.hardest.length
              ? <ItemTable lang={p.lang} label={t("答错最多的题目", "Hardest items")} rows={p.hardest} />
              : <p class="empty">{t("没有符合条件的作答。", "No answers match.")}</p>}
          </section>
        )
        : null}
    </section>
  );
}
