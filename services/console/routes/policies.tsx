/** Policies: browse and search by region, audience, topic and date; one policy's versions, where it is in force, and diffs. */
import { audienceIds, audienceNames, type PolicyContent, shanghaiToday } from "@yibao/domain";
import type { ServiceApp } from "@yibao/kit";
import { ApiProblem } from "../api/client.ts";
import {
  contentOf,
  diff,
  getPolicy,
  listPolicies,
  type PolicyItem,
  type RegionRef,
  searchPolicies,
  searchRegions,
  versions,
  vocabulary,
} from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { ChangesView } from "../pages/diff.tsx";
import { Field, Notice, Select } from "../pages/ui.tsx";
import { calendarDate, dateTime, parameterText } from "../web/format.ts";
import { requireRole } from "../web/guards.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { fieldLabel, ruleName } from "../web/rule_labels.ts";
import { flattenContent } from "@yibao/domain";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import { regionFieldValue, regionInputMax, regionText, resolveRegionInput } from "../web/region_input.ts";

function PolicyList(p: { items: PolicyItem[]; lang: Lang }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (!p.items.length) return <p class="empty">{t("没有找到符合条件的政策。", "No policy matches.")}</p>;
  return (
    <ul class="policy-list">
      {p.items.map((x) => (
        <li>
          <a href={`/policies/${encodeURIComponent(x.id)}`}>{x.title}</a>
          <div class="muted small">
            {`${x.docNumber} · ${x.issuer} · ${t("第", "version ")}${x.version}${t(" 版", "")} · ${
              t("自", "from ")
            }${calendarDate(x.effectiveFrom, p.lang)}${t("起施行", "")}`}
          </div>
          {x.summary ? <p class="small">{x.summary.text}</p> : null}
          <div class="small">
            {t("适用地区：", "Applies in: ")}
            {x.appliesIn.map((r) => r.name).join("、")}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Registers `/policies`, `/policies/:id`, `/policies/:id/diff` and the region picker's `/api/regions`. */
export function registerPolicyRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;

  app.get("/api/regions", requireRole("operator", "reviewer", "host"), async (c) => {
    const q = (c.req.query("q") ?? "").trim().slice(0, 20);
    if (!q) return c.json({ items: [] });
    const items = await searchRegions(clients.policy, callerOf(c), q, 12);
    return c.json({ items: items.map((r) => ({ code: r.code, label: regionText(r, web(c).lang) })) });
  });

  app.get("/policies", requireRole("operator", "reviewer"), async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const regionInput = (c.req.query("region") ?? "").trim().slice(0, regionInputMax);
    const audience = audienceIds.find((a) => a === c.req.query("audience"));
    const topic = (c.req.query("topic") ?? "").trim().slice(0, 60) || undefined;
    const asOfRaw = c.req.query("asOf") ?? "";
    const asOf = /^\d{4}-\d{2}-\d{2}$/.test(asOfRaw) ? asOfRaw : undefined;
    const offset = Math.max(0, Math.min(10_000, Number(c.req.query("offset")) || 0));
    const topics = await vocabulary(clients.policy, caller, "topics").catch(() => []);
    let region: RegionRef | undefined;
    let regionChoices: RegionRef[] = [];
    let regionError: string | undefined;
    if (regionInput) {
      const r = await resolveRegionInput(clients.policy, caller, regionInput, w.lang);
      region = r.region;
      regionChoices = r.choices;
      regionError = r.error;
    }
    let items: PolicyItem[] = [];
    let total = 0;
    let problem: string | undefined;
    if (!regionError) {
      try {
        if (q) {
          const r = await searchPolicies(clients.policy, caller, {
            q,
            ...(region ? { region: region.code } : {}),
            ...(audience ? { audience } : {}),
            ...(topic ? { topic } : {}),
            ...(asOf ? { asOf } : {}),
          });
          items = r.items;
          total = r.total ?? r.items.length;
        } else {
          const r = await listPolicies(clients.policy, caller, {
            ...(region ? { region: region.code } : {}),
            ...(audience ? { audience } : {}),
            ...(topic ? { topic } : {}),
            ...(asOf ? { asOf } : {}),
            limit: 20,
            offset,
          });
          items = r.items;
          total = r.total;
        }
      } catch (err) {
        if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
        problem = err.detail || err.title;
      }
    }
    const params = new URLSearchParams(new URL(c.req.url).search);
    const page = (o: number) => {
      params.set("offset", String(o));
      return `/policies?${params}`;
    };
    return renderPage(c, {
      title: t("政策", "Policies"),
      page: "policies",
      wide: true,
      body: (
        <section>
          <h1>{t("政策", "Policies")}</h1>
          <form method="get" action="/policies" class="filters" role="search">
            <Field
              name="q"
              label={t("关键词", "Words")}
              value={q}
              type="search"
              hint={t("如：异地就医备案", "e.g. 异地就医备案")}
            />
            <Field
              name="region"
              label={t("地区（名称或代码）", "Region (name or code)")}
              value={region ? regionFieldValue(region) : regionInput}
              error={regionError}
              enhance="region-picker"
              extra={{ autocomplete: "off", "data-source": "/api/regions" }}
            />
            <Select
              name="audience"
              label={t("人群", "Audience")}
              value={audience}
              any={t("全部人群", "Every audience")}
              options={audienceIds.map((a) => ({
                value: a,
                label: tr(w.lang, audienceNames[a].nameZh, audienceNames[a].nameEn),
              }))}
            />
            <Select
              name="topic"
              label={t("主题", "Topic")}
              value={topic}
              any={t("全部主题", "Every topic")}
              options={topics.map((x) => ({ value: x.id, label: tr(w.lang, x.nameZh, x.nameEn) }))}
            />
            <Field
              name="asOf"
              label={t("日期", "On date")}
              type="date"
              value={asOf ?? ""}
              hint={t("默认今天", "Today if empty")}
            />
            <button type="submit">{t("查找", "Find")}</button>
          </form>
          {regionChoices.length
            ? (
              <ul class="choices" aria-label={t("候选地区", "Matching regions")}>
                {regionChoices.map((r) => {
                  params.set("region", r.code);
                  params.delete("offset");
                  return (
                    <li>
                      <a href={`/policies?${params}`}>{regionText(r, w.lang)}</a>
                    </li>
                  );
                })}
              </ul>
            )
            : null}
          {problem ? <Notice kind="error">{problem}</Notice> : null}
          {!regionError
            ? (
              <>
                <p class="muted">
                  {region
                    ? t(
                      `${region.fullName ?? region.name}现行有效的政策（含上级地区的政策）：共 ${total} 项`,
                      `In force in ${region.name} (with those of the regions above): ${total}`,
                    )
                    : t(`共 ${total} 项`, `${total} in all`)}
                </p>
                <PolicyList items={items} lang={w.lang} />
                {!q
                  ? (
                    <nav class="pager" aria-label={t("翻页", "Pages")}>
                      {offset > 0
                        ? <a href={page(Math.max(0, offset - 20))}>{t("上一页", "Previous page")}</a>
                        : null}
                      {offset + 20 < total
                        ? <a href={page(offset + 20)} rel="next">{t("下一页", "Next page")}</a>
                        : null}
                    </nav>
                  )
                  : null}
              </>
            )
            : null}
        </section>
      ),
    });
  });

  app.get("/policies/:id", requireRole("operator", "reviewer"), async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const id = c.req.param("id");
    const [p, list] = await Promise.all([
      getPolicy(clients.policy, caller, id),
      versions(clients.policy, caller, id),
    ]);
    const content = contentOf(p);
    const sorted = [...list].sort((a, b) => b.version - a.version);
    const from = Number(c.req.query("from")) || (sorted[1]?.version ?? sorted[0]?.version ?? 1);
    const to = Number(c.req.query("to")) || (sorted[0]?.version ?? 1);
    const changes = from !== to
      ? (await diff(clients.policy, caller, id, Math.min(from, to), Math.max(from, to))).changes
      : [];
    const today = shanghaiToday();
    return renderPage(c, {
      title: p.title,
      page: "policy",
      wide: true,
      body: (
        <article>
          <p class="crumbs">
            <a href="/policies">{t("政策", "Policies")}</a>
          </p>
          <h1>{p.title}</h1>
          <p class="muted">{`${p.docNumber} · ${p.issuer}`}</p>
          {caller.account.role === "operator" || caller.account.role === "admin"
            ? (
              <p>
                <a class="button primary" href={`/policies/${encodeURIComponent(id)}/amend`}>
                  {t("起草修订", "Draft an amendment")}
                </a>
              </p>
            )
            : null}
          <section aria-labelledby="where-h" class="card">
            <h2 id="where-h">{t("在哪里施行", "Where it is in force")}</h2>
            <p>
              {t("适用于以下地区及其下辖全部地区：", "In these regions and every region below them: ")}
              {p.appliesIn.map((r) => regionText(r, w.lang)).join("、")}
            </p>
            {p.overrides?.length
              ? <p>{t("在本地区取代：", "Replaces here: ")}{p.overrides.join("、")}</p>
              : null}
            <p>
              {t(
                `${calendarDate(today, "zh")}适用第 ${p.version} 版（自 ${
                  calendarDate(p.effectiveFrom, "zh")
                } 起）。`,
                `On ${calendarDate(today, "en")} version ${p.version} applies (from ${
                  calendarDate(p.effectiveFrom, "en")
                }).`,
              )}
              {p.latestVersion > p.version
                ? t(
                  ` 第 ${p.latestVersion} 版已发布，尚未生效。`,
                  ` Version ${p.latestVersion} is published and not yet in force.`,
                )
                : ""}
            </p>
          </section>
          <section aria-labelledby="versions-h">
            <h2 id="versions-h">{t("历次版本", "Versions")}</h2>
            <table>
              <caption class="sr-only">
                {t("版本、施行期间与对应修订", "Versions, when each applies, and its amendment")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("版本", "Version")}</th>
                  <th scope="col">{t("施行期间", "In force")}</th>
                  <th scope="col">{t("发布时间", "Published")}</th>
                  <th scope="col">{t("修订", "Amendment")}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((v) => (
                  <tr>
                    <th scope="row">{t(`第 ${v.version} 版`, `Version ${v.version}`)}</th>
                    <td>
                      {`${calendarDate(v.effectiveFrom, w.lang)} – ${
                        v.effectiveTo ? calendarDate(v.effectiveTo, w.lang) : t("至今", "now")
                      }`}
                    </td>
                    <td>{dateTime(v.publishedAt)}</td>
                    <td>
                      {v.amendmentId
                        ? <a href={`/amendments/${encodeURIComponent(v.amendmentId)}`}>{t("查看", "Open")}</a>
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {sorted.length > 1
            ? (
              <section aria-labelledby="diff-h">
                <h2 id="diff-h">{t("比较两个版本", "Compare two versions")}</h2>
                <form method="get" class="filters">
                  <Select
                    name="from"
                    label={t("较早版本", "Earlier")}
                    value={String(Math.min(from, to))}
                    options={sorted.map((v) => ({
                      value: String(v.version),
                      label: t(`第 ${v.version} 版`, `Version ${v.version}`),
                    }))}
                  />
                  <Select
                    name="to"
                    label={t("较新版本", "Later")}
                    value={String(Math.max(from, to))}
                    options={sorted.map((v) => ({
                      value: String(v.version),
                      label: t(`第 ${v.version} 版`, `Version ${v.version}`),
                    }))}
                  />
                  <button type="submit">{t("比较", "Compare")}</button>
                </form>
                <ChangesView changes={changes} content={content} lang={w.lang} />
              </section>
            )
            : null}
          <section aria-labelledby="text-h">
            <h2 id="text-h">{t(`现行文本（第 ${p.version} 版）`, `Text in force (version ${p.version})`)}</h2>
            <p class="prose">{p.body}</p>
            <h3>{t("通俗解读", "Plain summaries")}</h3>
            <dl class="summaries">
              {Object.entries(p.summaries).map(([a, text]) => (
                <div>
                  <dt>
                    {audienceNames[a as keyof typeof audienceNames]
                      ? tr(
                        w.lang,
                        audienceNames[a as keyof typeof audienceNames].nameZh,
                        audienceNames[a as keyof typeof audienceNames].nameEn,
                      )
                      : a}
                  </dt>
                  <dd>{text}</dd>
                </div>
              ))}
            </dl>
          </section>
          <RulesTable content={content} lang={w.lang} />
        </article>
      ),
    });
  });
}

/** Every money and rate parameter of the rules in force, in yuan and percent. */
function RulesTable(p: { content: PolicyContent; lang: Lang }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (!p.content.rules.length) return null;
  const rows = [...flattenContent(p.content)].filter(([f, v]) =>
    f.startsWith("rules.") && (typeof v === "number" || v === null) && /(Fen|Bp)(\.\d+)?$/.test(f)
  );
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">{t("待遇规则参数", "Benefit rule parameters")}</h2>
      {p.content.rules.map((r) => (
        <table class="params">
          <caption>{ruleName(p.content, r.id, p.lang)}</caption>
          <tbody>
            {rows.filter(([f]) => f.startsWith(`rules.${r.id}.`)).map(([f, v]) => (
              <tr>
                <th scope="row">{fieldLabel(f, p.content, p.lang, { withRule: false })}</th>
                <td>{parameterText(f, v, p.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
