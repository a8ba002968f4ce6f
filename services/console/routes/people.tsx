/**
 * `/admin/people` (administrators only): the accounts, adding a person, changing a role, disabling
 * and re-enabling. Every write answers 303 back to the page with a `done` notice, or the page again
 * with the refusal (400 for a form to correct, 409 for a change that cannot be made). An
 * administrator cannot disable their own account or take away their own admin role, so the
 * console always keeps one administrator who can undo a mistake.
 */
import type { Graph } from "@yibao/graph";
import { type Role, roles, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import {
  type Account,
  createAccount,
  getAccount,
  listAccounts,
  LoginTaken,
  newAccountSchema,
  updateAccount,
} from "../accounts/mod.ts";
import { type NewPersonForm, type PeopleNotice, PeoplePage } from "../pages/people.tsx";
import { checkedForm, field, PageRefusal, requireRole } from "../web/guards.ts";
import { label, type Lang, roleLabels, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { web } from "../web/state.ts";
import { side } from "./_forms.ts";

const doneKinds = ["created", "role", "disabled", "enabled"] as const;
type Done = typeof doneKinds[number];

function doneText(kind: Done, who: Account | undefined, lang: Lang): string {
  const name = who?.name ?? tr(lang, "该人员", "the person");
  switch (kind) {
    case "created":
      return tr(lang, `已添加 ${name}。`, `${name} was added.`);
    case "role":
      return tr(
        lang,
        `已将 ${name} 的角色改为${who ? label(roleLabels, who.role, lang) : "新角色"}，立即生效。`,
        `${name}'s role is now ${who ? label(roleLabels, who.role, lang) : "changed"}, effective at once.`,
      );
    case "disabled":
      return tr(
        lang,
        `已停用 ${name}，其所有登录已结束。`,
        `${name} was disabled; all their sessions ended.`,
      );
    case "enabled":
      return tr(lang, `已重新启用 ${name}。`, `${name} was re-enabled.`);
  }
}

/** Registers the people pages. */
export function registerPeopleRoutes(app: ServiceApp, deps: { graph: Graph }): void {
  // requireRole() with no roles: administrators only (they pass every guard).
  const adminOnly = requireRole();

  async function page(
    c: Context,
    o: { status?: number; notice?: PeopleNotice; form?: NewPersonForm } = {},
  ): Promise<Response> {
    const w = web(c);
    const accounts = await listAccounts(deps.graph);
    let notice = o.notice;
    const done = doneKinds.find((d) => d === c.req.query("done"));
    if (!notice && done) {
      notice = { kind: "ok", text: doneText(done, accounts.find((a) => a.id === c.req.query("id")), w.lang) };
    }
    return renderPage(c, {
      title: tr(w.lang, "人员", "People"),
      page: "people",
      wide: true,
      status: o.status ?? 200,
      body: (
        <PeoplePage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          me={w.signedIn!.account.id}
          accounts={accounts}
          notice={notice}
          form={o.form}
        />
      ),
    });
  }

  const back = (c: Context, done: Done, id: string) =>
    c.redirect(`/admin/people?done=${done}&id=${encodeURIComponent(id)}`, 303);

  async function target(c: Context): Promise<Account> {
    const w = web(c);
    const account = await getAccount(deps.graph, c.req.param("id") ?? "");
    if (!account) {
      throw new PageRefusal(
        404,
        tr(w.lang, "没有这个人员", "No such person"),
        tr(
          w.lang,
          "这个账号不存在，可能已被删除。请返回人员列表。",
          "This account does not exist. Go back to People.",
        ),
      );
    }
    return account;
  }

  app.get("/admin/people", adminOnly, (c) => page(c));

  app.post("/admin/people", adminOnly, async (c) => {
    const form = await checkedForm(c);
    const w = web(c);
    const values = { login: field(form, "login"), name: field(form, "name"), role: field(form, "role") };
    const parsed = newAccountSchema.safeParse({ ...values, password: field(form, "password") });
    if (!parsed.success) {
      const errors: NewPersonForm["errors"] = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (key !== "login" && key !== "name" && key !== "role" && key !== "password") continue;
        errors[key] ??= key === "role"
          ? tr(w.lang, "请选择角色", "Choose a role")
          : side(issue.message, w.lang);
      }
      return page(c, { status: 400, form: { values, errors } });
    }
    try {
      const created = await createAccount(deps.graph, parsed.data, { createdBy: w.signedIn!.account.id });
      return back(c, "created", created.id);
    } catch (err) {
      if (!(err instanceof LoginTaken)) throw err;
      return page(c, {
        status: 409,
        form: {
          values,
          errors: {
            login: tr(
              w.lang,
              `账号“${parsed.data.login}”已被使用，请换一个。`,
              `The login "${parsed.data.login}" is taken; choose another.`,
            ),
          },
        },
      });
    }
  });

  app.post("/admin/people/:id/role", adminOnly, async (c) => {
    const form = await checkedForm(c);
    const w = web(c);
    const account = await target(c);
    const role = roles.find((r) => r === field(form, "role")) as Role | undefined;
    if (!role) {
      return page(c, {
        status: 400,
        notice: { kind: "error", text: tr(w.lang, "请选择一个角色。", "Choose a role.") },
      });
    }
    if (account.id === w.signedIn!.account.id && role !== "admin") {
      return page(c, {
        status: 409,
        notice: {
          kind: "error",
          text: tr(
            w.lang,
            "您不能取消自己的管理员角色。如确需调整，请另一位管理员操作。",
            "You cannot take away your own administrator role. Ask another administrator if it must change.",
          ),
        },
      });
    }
    await updateAccount(deps.graph, account.id, { role });
    return back(c, "role", account.id);
  });

  app.post("/admin/people/:id/disable", adminOnly, async (c) => {
    await checkedForm(c);
    const w = web(c);
    const account = await target(c);
    if (account.id === w.signedIn!.account.id) {
      return page(c, {
        status: 409,
        notice: {
          kind: "error",
          text: tr(
            w.lang,
            "您不能停用自己的账号。如确需停用，请另一位管理员操作。",
            "You cannot disable your own account. Ask another administrator if it must be disabled.",
          ),
        },
      });
    }
    // updateAccount ends the person's sessions in the same write.
    await updateAccount(deps.graph, account.id, { disabled: true });
    return back(c, "disabled", account.id);
  });

  app.post("/admin/people/:id/enable", adminOnly, async (c) => {
    await checkedForm(c);
    const account = await target(c);
    await updateAccount(deps.graph, account.id, { disabled: false });
    return back(c, "enabled", account.id);
  });
}
