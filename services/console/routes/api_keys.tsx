/**
 * `/admin/api-keys` (administrators only): the partner apps' keys, issuing one and revoking one.
 * Issuing answers with the full key on the page itself (201, `no-store`), the only time it is
 * shown; the graph keeps its hash. Revoking answers 303 back to the list with a notice.
 */
import type { Graph } from "@yibao/graph";
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { issueApiKey, listApiKeys, newKeySchema, revocationDelaySeconds, revokeKey } from "../keys/mod.ts";
import { ApiKeysPage, IssuedKeyPage, type NewKeyForm } from "../pages/api_keys.tsx";
import { checkedForm, field, fields, PageRefusal, requireRole } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { web } from "../web/state.ts";
import { side } from "./_forms.ts";

/** Registers the API key pages. */
export function registerApiKeyRoutes(app: ServiceApp, deps: { graph: Graph }): void {
  // requireRole() with no roles: administrators only.
  const adminOnly = requireRole();

  async function page(c: Context, o: { status?: number; form?: NewKeyForm } = {}): Promise<Response> {
    const w = web(c);
    const keys = await listApiKeys(deps.graph);
    const revoked = c.req.query("done") === "revoked"
      ? keys.find((k) => k.id === c.req.query("id"))
      : undefined;
    return renderPage(c, {
      title: tr(w.lang, "API 密钥", "API keys"),
      page: "api-keys",
      wide: true,
      status: o.status ?? 200,
      body: (
        <ApiKeysPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          keys={keys}
          revocationDelaySeconds={revocationDelaySeconds}
          form={o.form}
          notice={revoked
            ? {
              kind: "ok",
              text: tr(
                w.lang,
                `已吊销“${revoked.name}”。各服务将在 ${revocationDelaySeconds} 秒内拒绝它。`,
                `"${revoked.name}" was revoked. Every service refuses it within ${revocationDelaySeconds} s.`,
              ),
            }
            : undefined}
        />
      ),
    });
  }

  app.get("/admin/api-keys", adminOnly, (c) => page(c));

  app.post("/admin/api-keys", adminOnly, async (c) => {
    const form = await checkedForm(c);
    const w = web(c);
    const values = { name: field(form, "name"), scopes: fields(form, "scopes") };
    const parsed = newKeySchema.safeParse(values);
    if (!parsed.success) {
      const errors: NewKeyForm["errors"] = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (key === "name") errors.name ??= side(issue.message, w.lang);
        if (key === "scopes") {
          errors.scopes ??= issue.path.length > 1
            ? tr(w.lang, "请只选择列出的权限", "Choose only the permissions listed")
            : side(issue.message, w.lang);
        }
      }
      return page(c, { status: 400, form: { values, errors } });
    }
    const account = w.signedIn!.account;
    const issued = await issueApiKey(deps.graph, parsed.data, {
      id: `user:${account.id}`,
      name: account.name,
    });
    return renderPage(c, {
      title: tr(w.lang, "密钥已签发", "Key issued"),
      page: "api-key-issued",
      status: 201,
      body: <IssuedKeyPage lang={w.lang} issued={issued} />,
    });
  });

  app.post("/admin/api-keys/:id/revoke", adminOnly, async (c) => {
    await checkedForm(c);
    const w = web(c);
    const id = c.req.param("id") ?? "";
    const account = w.signedIn!.account;
    if (!(await revokeKey(deps.graph, id, { id: `user:${account.id}`, name: account.name }))) {
      throw new PageRefusal(
        404,
        tr(w.lang, "没有这个密钥", "No such key"),
        tr(
          w.lang,
          "这个 API 密钥不存在。请返回密钥列表。",
          "This API key does not exist. Go back to API keys.",
        ),
      );
    }
    return c.redirect(`/admin/api-keys?done=revoked&id=${encodeURIComponent(id)}`, 303);
  });
}
