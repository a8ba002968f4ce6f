/** One amendment: its diff, the impact preview, the workflow steps; and the editor for new and existing drafts. */
import { applyChanges, type Change, diffContent, type PolicyContent, shanghaiToday } from "@yibao/domain";
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import {
  type Amendment,
  amendmentContent,
  draftAmendment,
  editAmendment,
  getAmendment,
  type Step,
  takeStep,
} from "../api/admin.ts";
import { ApiProblem, type Caller } from "../api/client.ts";
import { type ImpactPreview, impactPreview } from "../api/eligibility.ts";
import { contentOf, getPolicy, versions } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { AmendmentForm } from "../pages/amendment_form.tsx";
import { ChangesView } from "../pages/diff.tsx";
import { ImpactPanel } from "../pages/impact.tsx";
import { Badge, Csrf, Field, Notice } from "../pages/ui.tsx";
import { contentFromForm, type DraftForm, formOf, inputForError, readDraftForm } from "../web/draft_form.ts";
import { age, calendarDate, dateTime } from "../web/format.ts";
import { fieldLabel } from "../web/rule_labels.ts";
import { checkedForm, field, PageRefusal, requireRole } from "../web/guards.ts";
import { label, type Lang, stateLabels, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";

const steps: Step[] = ["submit", "approve", "return", "publish", "withdraw"];

const done: Record<string, [string, string]> = {
  drafted: ["草稿已保存。", "The draft is saved."],
  saved: ["修改已保存。", "Your changes are saved."],
  submit: ["已提交审核。", "Submitted for review."],
  approve: ["已批准。", "Approved."],
  return: ["已退回起草人修改。", "Returned to the author."],
  publish: ["已发布。", "Published."],
  withdraw: ["已撤回。", "Withdrawn."],
};

/** Registers `/amendments/:id…` and `/policies/:id/amend`. */
export function registerAmendmentRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;

  async function detail(
    c: Context,
    id: string,
    o: { status?: number; error?: string; reason?: string; reasonError?: string } = {},
  ): Promise<Response> {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const { amendment: a, etag } = await getAmendment(clients.admin, caller, id);
    const [content, policy] = await Promise.all([
      amendmentContent(clients.admin, caller, id),
      getPolicy(clients.policy, caller, a.policyId).catch(() => null),
    ]);
    const policyTitle = policy?.title ?? content.draft?.title ?? content.base?.title ?? a.policyId;
    const role = caller.account.role;
    const me = `user:${caller.account.id}`;
    const isAuthor = a.authorId === me;
    const state = a.state ?? a.status;
    const lastReturn = a.latestReturn ?? a.returns?.at(-1);
    const open = state === "draft" || state === "returned" || state === "submitted" || state === "approved";
    const changesRules = a.changes.some((ch) => ch.field.startsWith("rules."));
    let preview: ImpactPreview | null = null;
    let previewError: string | null = null;
    if (open && changesRules) {
      try {
        preview = await impactPreview(clients.eligibility, caller, a.id);
      } catch (err) {
        if (!(err instanceof ApiProblem)) throw err;
        previewError = err.detail || err.title;
      }
    }
    const stepForm = (step: Step, text: string, kind = "", extra: unknown = null, confirm?: string) => (
      <form
        method="post"
        action={`/amendments/${encodeURIComponent(a.id)}/${step}`}
        class="inline"
        data-enhance={confirm ? "confirm" : undefined}
        data-confirm={confirm}
      >
        <Csrf token={w.signedIn!.csrf} />
        {etag ? <input type="hidden" name="etag" value={etag} /> : null}
        {extra}
        <button type="submit" class={kind}>{text}</button>
      </form>
    );
    const canEdit = (role === "operator" || role === "admin") && (state === "draft" || state === "returned");
    const canReview = (role === "reviewer" || role === "admin") && state === "submitted" && !isAuthor;
    const canPublish = state === "approved";
    const canWithdraw = state !== "withdrawn" && !(state === "published");
    const doneMsg = done[c.req.query("done") ?? ""];
    const today = shanghaiToday();
    return renderPage(c, {
      title: `${t("修订", "Amendment")} · ${policyTitle}`,
      page: "amendment",
      wide: true,
      status: o.status ?? 200,
      body: (
        <article>
          <p class="crumbs">
            <a href="/amendments">{t("审核台", "Amendment desk")}</a> ›{" "}
            <a href={`/policies/${encodeURIComponent(a.policyId)}`}>{policyTitle}</a>
          </p>
          <h1>
            {policyTitle} <Badge kind={state}>{label(stateLabels, state, w.lang)}</Badge>
          </h1>
          {doneMsg ? <Notice kind="ok">{tr(w.lang, doneMsg[0], doneMsg[1])}</Notice> : null}
          {o.error ? <Notice kind="error">{o.error}</Notice> : null}
          {state === "returned" && lastReturn
            ? (
              <Notice kind="warn" title={t("审核人退回了这份修订", "A reviewer returned this amendment")}>
                <p>
                  {`${lastReturn.byName ?? ""}（${dateTime(lastReturn.at)}）：${lastReturn.reason}`}
                </p>
              </Notice>
            )
            : null}
          <section aria-labelledby="note-h" class="card">
            <h2 id="note-h">{t("起草人的说明", "The author's note")}</h2>
            <p class="prose">{a.summary}</p>
            <dl class="facts">
              <div>
                <dt>{t("起草人", "Author")}</dt>
                <dd>{a.authorName}</dd>
              </div>
              <div>
                <dt>{t("创建", "Created")}</dt>
                <dd>{`${dateTime(a.createdAt)}（${age(a.createdAt, w.lang)}）`}</dd>
              </div>
              <div>
                <dt>{t("生效日期", "Effective from")}</dt>
                <dd>{calendarDate(a.effectiveFrom, w.lang)}</dd>
              </div>
              {a.approvedByName
                ? (
                  <div>
                    <dt>{t("批准人", "Approved by")}</dt>
                    <dd>{`${a.approvedByName}（${dateTime(a.approvedAt)}）`}</dd>
                  </div>
                )
                : null}
              {a.publishedAt
                ? (
                  <div>
                    <dt>{t("发布", "Published")}</dt>
                    <dd>{dateTime(a.publishedAt)}</dd>
                  </div>
                )
                : null}
            </dl>
          </section>
          <section aria-labelledby="actions-h" class="card actions-card">
            <h2 id="actions-h">{t("下一步", "Next step")}</h2>
            {canEdit
              ? (
                <p class="row">
                  <a class="button" href={`/amendments/${encodeURIComponent(a.id)}/edit`}>
                    {t("编辑草稿", "Edit the draft")}
                  </a>
                  {stepForm("submit", t("提交审核", "Submit for review"), "primary")}
                </p>
              )
              : null}
            {state === "submitted" && isAuthor
              ? (
                <p class="muted">
                  {t(
                    "等待其他审核人员审核。按双人复核规定，您不能审核自己起草的修订。",
                    "Waiting for another reviewer. Under the four-eyes rule you cannot review your own amendment.",
                  )}
                </p>
              )
              : null}
            {canReview
              ? (
                <div class="review-actions">
                  {stepForm("approve", t("批准", "Approve"), "primary")}
                  <form
                    method="post"
                    action={`/amendments/${encodeURIComponent(a.id)}/return`}
                    class="return-form"
                  >
                    <Csrf token={w.signedIn!.csrf} />
                    {etag ? <input type="hidden" name="etag" value={etag} /> : null}
                    <Field
                      name="reason"
                      label={t("退回原因（起草人会看到）", "Why you return it (the author reads this)")}
                      value={o.reason}
                      error={o.reasonError}
                      multiline
                      rows={2}
                      required
                    />
                    <button type="submit">{t("退回修改", "Return for changes")}</button>
                  </form>
                </div>
              )
              : null}
            {canPublish
              ? stepForm(
                "publish",
                a.effectiveFrom <= today ? t("立即发布（今天生效）", "Publish now (in force today)") : t(
                  `发布并定于 ${calendarDate(a.effectiveFrom, "zh")} 生效`,
                  `Publish, in force from ${calendarDate(a.effectiveFrom, "en")}`,
                ),
                "primary",
              )
              : null}
            {(state === "published" || state === "scheduled") && a.publishedAt
              ? (
                <p>
                  <a class="button" href={`/amendments/${encodeURIComponent(a.id)}/propagation`}>
                    {t("查看传播情况", "See how it propagated")}
                  </a>
                </p>
              )
              : null}
            {canWithdraw && (role === "operator" || role === "reviewer" || role === "admin")
              ? stepForm(
                "withdraw",
                t("撤回这份修订", "Withdraw this amendment"),
                "danger",
                null,
                t("撤回后不能恢复，确定撤回吗？", "A withdrawn amendment cannot be restored. Withdraw it?"),
              )
              : null}
            {!canEdit && !canReview && !canPublish && state !== "submitted" && state !== "published" &&
                state !== "scheduled"
              ? (
                <p class="muted">
                  {t("这份修订已经结束，不需要操作。", "This amendment is closed; nothing to do.")}
                </p>
              )
              : null}
          </section>
          <section aria-labelledby="diff-h">
            <h2 id="diff-h">{t("修改内容", "What changes")}</h2>
            {content.draft === null && content.problems?.length
              ? (
                <Notice kind="warn">
                  {t(
                    "政策在这份草稿起草之后已有新版本，部分修改不再适用：",
                    "The policy has a newer version than this draft; some changes no longer apply:",
                  )}
                  <ul>
                    {content.problems.map((x) => (
                      <li>{`${fieldLabel(x.field, content.base, w.lang)}：${x.message}`}</li>
                    ))}
                  </ul>
                </Notice>
              )
              : null}
            {content.warnings?.length
              ? (
                <Notice kind="warn">
                  {t(
                    "以下文字仍写着修改前的数字，请确认是否一并修改：",
                    "These texts still quote the figure before the change; check whether they should change too:",
                  )}
                  <ul>
                    {content.warnings.map((x) => (
                      <li>{`${fieldLabel(x.field, content.base, w.lang)}：「${x.quote}」`}</li>
                    ))}
                  </ul>
                </Notice>
              )
              : null}
            <ChangesView changes={a.changes} content={content.base ?? content.draft} lang={w.lang} />
          </section>
          {open
            ? (
              <section aria-labelledby="impact-h">
                <h2 id="impact-h">{t("影响测算", "Impact preview")}</h2>
                {!changesRules
                  ? (
                    <p>
                      {t(
                        "这份修订不改变待遇规则，报销金额不受影响。",
                        "This amendment changes no benefit rule; no payment changes.",
                      )}
                    </p>
                  )
                  : preview
                  ? <ImpactPanel lang={w.lang} preview={preview} />
                  : (
                    <Notice kind="warn">
                      {previewError ?? t("暂时无法测算。", "The preview is not available now.")}
                    </Notice>
                  )}
              </section>
            )
            : null}
          {a.returns?.length
            ? (
              <section aria-labelledby="returns-h">
                <h2 id="returns-h">{t("退回记录", "Returns")}</h2>
                <ul>
                  {a.returns.map((r) => <li>{`${dateTime(r.at)} ${r.byName ?? ""}：${r.reason}`}</li>)}
                </ul>
              </section>
            )
            : null}
        </article>
      ),
    });
  }

  app.get("/amendments/:id", requireRole("operator", "reviewer"), (c) => detail(c, c.req.param("id")));

  for (const step of steps) {
    app.post(`/amendments/:id/${step}`, requireRole("operator", "reviewer"), async (c) => {
      const form = await checkedForm(c);
      const id = c.req.param("id");
      const w = web(c);
      const reason = field(form, "reason").trim();
      if (step === "return" && reason.length < 4) {
        return detail(c, id, {
          status: 400,
          reason,
          reasonError: tr(
            w.lang,
            "请写明退回原因（至少 4 个字）",
            "Say why you return it (at least 4 characters)",
          ),
        });
      }
      try {
        const etag = field(form, "etag");
        await takeStep(clients.admin, callerOf(c), id, step, {
          ...(etag ? { etag } : {}),
          ...(step === "return" ? { reason } : {}),
        });
      } catch (err) {
        if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
        const stale = err.status === 412;
        return detail(c, id, {
          status: err.status === 412 ? 409 : err.status,
          reason,
          ...(step === "return" && err.fieldMessage("body.reason")
            ? { reasonError: err.fieldMessage("body.reason")! }
            : {}),
          error: stale
            ? tr(
              w.lang,
              "这份修订刚被别人改动过，页面已更新为最新内容，请确认后再操作。",
              "Someone changed this amendment a moment ago; the page now shows the latest. Check it and try again.",
            )
            : `${err.title}：${err.detail}${
              err.errors.length ? `（${err.errors.map((e) => e.message).join("；")}）` : ""
            }`,
        });
      }
      return c.redirect(`/amendments/${encodeURIComponent(id)}?done=${step}`, 303);
    });
  }

  async function latestContent(
    caller: Caller,
    policyId: string,
  ): Promise<{ title: string; content: PolicyContent }> {
    const list = await versions(clients.policy, caller, policyId);
    const latest = list.reduce((a, b) => (b.version > a.version ? b : a), list[0]!);
    const p = await getPolicy(clients.policy, caller, policyId, latest?.effectiveFrom);
    return { title: p.title, content: contentOf(p) };
  }

  function editor(
    c: Context,
    o: {
      action: string;
      title: string;
      base: PolicyContent;
      form: DraftForm;
      errors?: Record<string, string>;
      otherErrors?: string[];
      etag?: string;
      readChanges?: string;
      conflict?: { who: string; changes: Change[] } | null;
      isNew: boolean;
      status?: number;
    },
  ): Response {
    const w = web(c);
    return renderPage(c, {
      title: o.isNew
        ? tr(w.lang, "起草修订", "Draft an amendment")
        : tr(w.lang, "编辑草稿", "Edit the draft"),
      page: "amendment-edit",
      status: o.status ?? 200,
      body: (
        <section>
          <h1>
            {`${
              o.isNew
                ? tr(w.lang, "起草修订", "Draft an amendment")
                : tr(w.lang, "编辑草稿", "Edit the draft")
            }：${o.title}`}
          </h1>
          <AmendmentForm
            lang={w.lang}
            csrf={w.signedIn!.csrf}
            action={o.action}
            policyTitle={o.title}
            base={o.base}
            form={o.form}
            errors={o.errors ?? {}}
            otherErrors={o.otherErrors ?? []}
            {...(o.etag ? { etag: o.etag } : {})}
            {...(o.readChanges ? { readChanges: o.readChanges } : {})}
            conflict={o.conflict ?? null}
            today={shanghaiToday()}
            isNew={o.isNew}
          />
        </section>
      ),
    });
  }

  /** The service's field errors placed on inputs; the rest listed. */
  function placeErrors(err: ApiProblem, changes: Change[]) {
    const errors: Record<string, string> = {};
    const otherErrors: string[] = [];
    for (const e of err.errors) {
      const input = inputForError(e.path, changes);
      if (input && !errors[input]) errors[input] = e.message;
      else otherErrors.push(e.message);
    }
    if (!err.errors.length) otherErrors.push(err.detail || err.title);
    else if (!Object.keys(errors).length && !otherErrors.length) otherErrors.push(err.detail);
    return { errors, otherErrors };
  }

  function noChangeError(lang: Lang) {
    return tr(
      lang,
      "没有任何修改：请至少改动一处再保存。",
      "Nothing changed: change at least one field before saving.",
    );
  }

  app.get("/policies/:id/amend", requireRole("operator"), async (c) => {
    const caller = callerOf(c);
    const id = c.req.param("id");
    const { title, content } = await latestContent(caller, id);
    return editor(c, {
      action: `/policies/${encodeURIComponent(id)}/amend`,
      title,
      base: content,
      form: formOf(content, { summary: "", effectiveFrom: shanghaiToday() }),
      isNew: true,
    });
  });

  app.post("/policies/:id/amend", requireRole("operator"), async (c) => {
    const form = await checkedForm(c);
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id");
    const { title, content: base } = await latestContent(caller, id);
    const typed = readDraftForm(form);
    const { content, errors } = contentFromForm(base, typed, w.lang);
    const changes = diffContent(base, content);
    const again = (status: number, e: Record<string, string>, other: string[]) =>
      editor(c, {
        action: `/policies/${encodeURIComponent(id)}/amend`,
        title,
        base,
        form: typed,
        errors: e,
        otherErrors: other,
        isNew: true,
        status,
      });
    if (Object.keys(errors).length) return again(400, errors, []);
    if (!changes.length) return again(400, {}, [noChangeError(w.lang)]);
    try {
      const a = await draftAmendment(clients.admin, caller, id, {
        summary: typed.summary,
        effectiveFrom: typed.effectiveFrom,
        changes,
      });
      return c.redirect(`/amendments/${encodeURIComponent(a.id)}?done=drafted`, 303);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      const placed = placeErrors(err, changes);
      return again(err.status, placed.errors, placed.otherErrors);
    }
  });

  app.get("/amendments/:id/edit", requireRole("operator"), async (c) => {
    const caller = callerOf(c);
    const id = c.req.param("id");
    const { amendment: a, etag } = await getAmendment(clients.admin, caller, id);
    editable(c, a);
    const content = await amendmentContent(clients.admin, caller, id);
    const base = content.base ?? content.draft!;
    const draft = content.draft ?? base;
    return editor(c, {
      action: `/amendments/${encodeURIComponent(id)}/edit`,
      title: draft.title,
      base,
      form: formOf(draft, { summary: a.summary, effectiveFrom: a.effectiveFrom }),
      ...(etag ? { etag } : {}),
      readChanges: JSON.stringify(a.changes),
      isNew: false,
    });
  });

  function editable(c: Context, a: Amendment): void {
    const state = a.state ?? a.status;
    if (state !== "draft" && state !== "returned") {
      throw new PageRefusal(
        409,
        tr(web(c).lang, "不能编辑", "Cannot be edited"),
        tr(
          web(c).lang,
          "只有草稿可以编辑；这份修订已提交或已结束。",
          "Only drafts can be edited; this one was submitted or is closed.",
        ),
      );
    }
  }

  app.post("/amendments/:id/edit", requireRole("operator"), async (c) => {
    const form = await checkedForm(c);
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id");
    const content = await amendmentContent(clients.admin, caller, id);
    const base = content.base ?? content.draft!;
    const typed = readDraftForm(form);
    const built = contentFromForm(base, typed, w.lang);
    const changes = diffContent(base, built.content);
    const etag = field(form, "etag");
    const readChanges = field(form, "readChanges");
    const again = (
      status: number,
      o: {
        errors?: Record<string, string>;
        other?: string[];
        etag?: string;
        conflict?: { who: string; changes: Change[] } | null;
        readChanges?: string;
      },
    ) =>
      editor(c, {
        action: `/amendments/${encodeURIComponent(id)}/edit`,
        title: typed.title || base.title,
        base,
        form: typed,
        errors: o.errors ?? {},
        otherErrors: o.other ?? [],
        etag: o.etag ?? etag,
        readChanges: o.readChanges ?? readChanges,
        conflict: o.conflict ?? null,
        isNew: false,
        status,
      });
    if (Object.keys(built.errors).length) return again(400, { errors: built.errors });
    if (!changes.length) return again(400, { other: [noChangeError(w.lang)] });
    try {
      await editAmendment(clients.admin, caller, id, etag, {
        summary: typed.summary,
        effectiveFrom: typed.effectiveFrom,
        changes,
      });
      return c.redirect(`/amendments/${encodeURIComponent(id)}?done=saved`, 303);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      if (err.status === 412) {
        // Keep what the person typed; show what the other person changed since the draft was read.
        const current = await getAmendment(clients.admin, caller, id);
        editable(c, current.amendment);
        let read: Change[] = [];
        try {
          read = JSON.parse(readChanges);
        } catch { /* unreadable: compare with the base */ }
        let underneath: Change[];
        try {
          underneath = diffContent(applyChanges(base, read), applyChanges(base, current.amendment.changes));
        } catch {
          underneath = current.amendment.changes;
        }
        return again(409, {
          ...(current.etag ? { etag: current.etag } : {}),
          readChanges: JSON.stringify(current.amendment.changes),
          conflict: { who: tr(w.lang, "其他人", "Someone else"), changes: underneath },
        });
      }
      const placed = placeErrors(err, changes);
      return again(err.status, { errors: placed.errors, other: placed.otherErrors });
    }
  });
}
