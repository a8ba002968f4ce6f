/** The amendment desk: the board by state, and one amendment (diff, impact preview, workflow). */
import type { ServiceApp } from "@yibao/kit";
import { listAmendments } from "../api/admin.ts";
import type { Clients } from "../api/services.ts";
import { AmendmentTable } from "../pages/amendment_table.tsx";
import { Field } from "../pages/ui.tsx";
import { requireRole } from "../web/guards.ts";
import { boardStates, label, stateLabels, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";

/** Registers `/amendments`. */
export function registerDeskRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  app.get("/amendments", requireRole("operator", "reviewer"), async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const state = boardStates.find((s) => s === c.req.query("state"));
    const waitingForMe = c.req.query("waitingForMe") === "true";
    const mine = c.req.query("mine") === "true";
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const policyId = (c.req.query("policyId") ?? "").trim().slice(0, 100);
    const cursor = c.req.query("cursor");
    const page = await listAmendments(deps.clients.admin, caller, {
      ...(state ? { state: [state] } : {}),
      ...(waitingForMe ? { waitingForMe: true } : {}),
      ...(mine ? { authorId: `user:${caller.account.id}` } : {}),
      ...(q ? { q } : {}),
      ...(policyId ? { policyId } : {}),
      ...(cursor ? { cursor } : {}),
      limit: 25,
    });
    const link = (o: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      const merged: Record<string, string | undefined> = {
        state,
        waitingForMe: waitingForMe ? "true" : undefined,
        mine: mine ? "true" : undefined,
        q: q || undefined,
        policyId: policyId || undefined,
        ...o,
      };
      for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
      const s = params.toString();
      return `/amendments${s ? `?${s}` : ""}`;
    };
    const total = Object.values(page.counts).reduce((a, b) => a + (b ?? 0), 0);
    return renderPage(c, {
      title: t("审核台", "Amendment desk"),
      page: "amendments",
      wide: true,
      body: (
        <section>
          <h1>{t("审核台", "Amendment desk")}</h1>
          <nav aria-label={t("按状态筛选", "Filter by state")} class="tabs">
            <ul>
              <li>
                <a
                  href={link({ state: undefined, cursor: undefined })}
                  aria-current={!state ? "page" : undefined}
                >
                  {t("全部", "All")} <span class="count">{total}</span>
                </a>
              </li>
              {boardStates.map((s) => (
                <li>
                  <a
                    href={link({ state: s, cursor: undefined })}
                    aria-current={state === s ? "page" : undefined}
                  >
                    {label(stateLabels, s, w.lang)} <span class="count">{page.counts[s] ?? 0}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form method="get" action="/amendments" class="filters" role="search">
            {state ? <input type="hidden" name="state" value={state} /> : null}
            <Field
              name="q"
              label={t("搜索修订说明或政策标题", "Search summaries and policy titles")}
              value={q}
              type="search"
            />
            <Field name="policyId" label={t("政策编号", "Policy id")} value={policyId} />
            <div class="field checks">
              <label>
                <input type="checkbox" name="waitingForMe" value="true" checked={waitingForMe} />{" "}
                {t("等待我审核", "Waiting for my review")}
              </label>
              <label>
                <input type="checkbox" name="mine" value="true" checked={mine} />{" "}
                {t("我起草的", "Drafted by me")}
              </label>
            </div>
            <button type="submit">{t("筛选", "Filter")}</button>
          </form>
          <AmendmentTable
            lang={w.lang}
            items={page.items}
            caption={state
              ? t(`状态：${label(stateLabels, state, "zh")}`, `State: ${label(stateLabels, state, "en")}`)
              : t("全部修订，最近更新的在前", "Every amendment, most recently updated first")}
          />
          <nav class="pager" aria-label={t("翻页", "Pages")}>
            {cursor ? <a href={link({ cursor: undefined })}>{t("回到第一页", "First page")}</a> : null}
            {page.nextCursor
              ? <a href={link({ cursor: page.nextCursor })} rel="next">{t("下一页", "Next page")}</a>
              : null}
          </nav>
        </section>
      ),
    });
  });
}
