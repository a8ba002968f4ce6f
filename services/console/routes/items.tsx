/**
 * The item bank (题库): `/items` (operators, reviewers, hosts), `/items/new` and `/items/:id/edit`
 * (operators and hosts; the sessions service lets a host change only their own items),
 * `POST /items/:id/confirm`, `POST /items/import` (a pasted QTI or GIFT file) and `/items/export`.
 * Everything through the sessions service's API.
 */
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { ApiProblem } from "../api/client.ts";
import {
  confirmItem,
  createItem,
  exportItems,
  getItem,
  importItems,
  type Item,
  listItems,
  patchItem,
} from "../api/items.ts";
import { getPolicy, vocabulary } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { ItemBankPage, ItemFormPage } from "../pages/items.tsx";
import { checkedForm, field, PageRefusal, requireRole } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { bodyOfForm, emptyItemForm, formFieldOf, formOfItem, type ItemFormValues } from "../web/item_form.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";

const itemIdPattern = /^itm-[a-z0-9-]{8,40}$/;

/** Registers the item bank's pages. */
export function registerItemRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;
  const readers = requireRole("operator", "reviewer", "host");
  const writers = requireRole("operator", "host");
  const canWrite = (c: Context) => ["operator", "host", "admin"].includes(web(c).signedIn!.account.role);

  async function words(c: Context) {
    const caller = callerOf(c);
    const [topics, audiences] = await Promise.all([
      vocabulary(clients.policy, caller, "topics").catch(() => []),
      vocabulary(clients.policy, caller, "audiences").catch(() => []),
    ]);
    return { topics, audiences };
  }

  async function bank(
    c: Context,
    extra: {
      importForm?: { format: string; text: string; policy: string; version: string };
      importErrors?: string[];
      status?: number;
    } = {},
  ) {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const q = (n: string) => (c.req.query(n) ?? "").trim();
    const filters = {
      q: q("q"),
      status: q("status"),
      topic: q("topic"),
      audience: q("audience"),
      policy: q("policy"),
    };
    const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
    const [page, review, named] = await Promise.all([
      listItems(clients.sessions, caller, { ...clean, cursor: q("cursor") || undefined, limit: 50 }),
      listItems(clients.sessions, caller, { status: "needsReview", limit: 100 }),
      words(c),
    ]);
    // Policies by their titles, not their ids (one call per distinct policy on the page).
    const cited = [
      ...new Set([...page.items, ...review.items].flatMap((i) => i.tests ? [i.tests.policyId] : [])),
    ];
    const titles = new Map<string, string>();
    await Promise.all(
      cited.map((id) =>
        getPolicy(clients.policy, caller, id).then((p) => titles.set(id, p.title), () => undefined)
      ),
    );
    const done = c.req.query("done");
    const params = new URLSearchParams({ ...clean, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
    return renderPage(c, {
      title: t("题库", "Item bank"),
      page: "items",
      wide: true,
      status: extra.status ?? 200,
      body: (
        <ItemBankPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          canWrite={canWrite(c)}
          filters={filters}
          items={page.items}
          needsReview={review.items}
          policyTitles={titles}
          nextHref={page.nextCursor ? `/items?${params}` : null}
          topics={named.topics}
          audiences={named.audiences}
          done={done === "created"
            ? t("题目已保存。", "The item is saved.")
            : done === "confirmed"
            ? t("已确认，这道题可以再次使用。", "Confirmed: the item can be used again.")
            : done?.startsWith("imported-")
            ? t(`已导入 ${done.slice(9)} 道题。`, `${done.slice(9)} items imported.`)
            : undefined}
          {...(extra.importForm ? { importForm: extra.importForm } : {})}
          {...(extra.importErrors ? { importErrors: extra.importErrors } : {})}
        />
      ),
    });
  }

  async function formPage(
    c: Context,
    o: {
      editing: Item | null;
      etag: string | null;
      values: ItemFormValues;
      errors?: Partial<Record<keyof ItemFormValues, string>>;
      problem?: string;
      status?: number;
    },
  ) {
    const w = web(c);
    const named = await words(c);
    return renderPage(c, {
      title: o.editing ? tr(w.lang, "修改题目", "Edit item") : tr(w.lang, "新建题目", "New item"),
      page: "item-form",
      status: o.status ?? 200,
      body: (
        <ItemFormPage
          lang={w.lang}
          csrf={w.signedIn!.csrf}
          action={o.editing ? `/items/${o.editing.id}/edit` : "/items/new"}
          editing={o.editing}
          etag={o.etag}
          values={o.values}
          errors={o.errors ?? {}}
          problem={o.problem}
          topics={named.topics}
          audiences={named.audiences}
        />
      ),
    });
  }

  function readForm(form: Record<string, unknown>): ItemFormValues {
    return {
      kind: field(form, "kind"),
      stem: field(form, "stem"),
      choices: field(form, "choices"),
      key: field(form, "key"),
      explanation: field(form, "explanation"),
      policy: field(form, "policy").trim(),
      version: field(form, "version").trim(),
      topic: field(form, "topic"),
      audience: field(form, "audience"),
      anonymous: field(form, "anonymous") === "1",
    };
  }

  /** The service's refusal as errors next to the fields (or one problem when no field is named). */
  function refusal(err: ApiProblem) {
    const errors: Partial<Record<keyof ItemFormValues, string>> = {};
    for (const e of err.errors) {
      const name = formFieldOf(e.path);
      if (name && !errors[name]) errors[name] = e.message;
    }
    return Object.keys(errors).length ? { errors } : { problem: err.detail || err.title };
  }

  async function loadItem(c: Context, id: string) {
    const w = web(c);
    if (!itemIdPattern.test(id)) throw new PageRefusal(404, tr(w.lang, "没有这道题", "No such item"), id);
    try {
      return await getItem(clients.sessions, callerOf(c), id);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 404) {
        throw new PageRefusal(
          404,
          tr(w.lang, "没有这道题", "No such item"),
          tr(w.lang, "题目不存在或已删除。", "The item does not exist."),
        );
      }
      throw err;
    }
  }

  app.get("/items", readers, (c) => bank(c));

  app.get("/items/new", writers, (c) => formPage(c, { editing: null, etag: null, values: emptyItemForm }));
  app.post("/items/new", writers, async (c) => {
    const form = await checkedForm(c);
    const values = readForm(form);
    try {
      await createItem(clients.sessions, callerOf(c), bodyOfForm(values));
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      return formPage(c, { editing: null, etag: null, values, ...refusal(err), status: err.status });
    }
    return c.redirect("/items?done=created", 303);
  });

  app.get("/items/:id/edit", writers, async (c) => {
    const { item, etag } = await loadItem(c, c.req.param("id"));
    return formPage(c, { editing: item, etag, values: formOfItem(item) });
  });
  app.post("/items/:id/edit", writers, async (c) => {
    const form = await checkedForm(c);
    const { item, etag } = await loadItem(c, c.req.param("id"));
    const values = readForm(form);
    try {
      await patchItem(
        clients.sessions,
        callerOf(c),
        item.id,
        bodyOfForm(values, item),
        field(form, "etag") || undefined,
      );
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      if (err.status === 412) {
        return formPage(c, {
          editing: item,
          etag,
          values,
          problem: tr(
            web(c).lang,
            "题目在您修改期间被别人改过了。下面仍是您填写的内容，请核对后再保存。",
            "Someone changed the item while you were editing. Your input is kept below: check it and save again.",
          ),
          status: 412,
        });
      }
      return formPage(c, { editing: item, etag, values, ...refusal(err), status: err.status });
    }
    return c.redirect("/items?done=created", 303);
  });

  app.post("/items/:id/confirm", writers, async (c) => {
    await checkedForm(c);
    const id = c.req.param("id");
    if (!itemIdPattern.test(id)) {
      throw new PageRefusal(404, tr(web(c).lang, "没有这道题", "No such item"), id);
    }
    try {
      await confirmItem(clients.sessions, callerOf(c), id);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      throw new PageRefusal(
        err.status === 404 ? 404 : err.status === 403 ? 403 : 409,
        tr(web(c).lang, "无法确认这道题", "The item cannot be confirmed"),
        err.detail || err.title,
      );
    }
    return c.redirect("/items?done=confirmed", 303);
  });

  app.post("/items/import", writers, async (c) => {
    const form = await checkedForm(c);
    const importForm = {
      format: field(form, "format") === "qti" ? "qti" : "gift",
      text: field(form, "text"),
      policy: field(form, "policy").trim(),
      version: field(form, "version").trim(),
    };
    const t = (zh: string, en: string) => tr(web(c).lang, zh, en);
    if (!importForm.text.trim()) {
      return bank(c, {
        importForm,
        importErrors: [t("请粘贴文件内容。", "Paste the file's contents.")],
        status: 400,
      });
    }
    const version = Number(importForm.version);
    try {
      const r = await importItems(clients.sessions, callerOf(c), {
        format: importForm.format as "qti" | "gift",
        text: importForm.text,
        ...(importForm.policy ? { policy: importForm.policy } : {}),
        ...(Number.isInteger(version) && version > 0 ? { version } : {}),
      });
      return c.redirect(`/items?done=imported-${r.count}`, 303);
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
      const list = err.errors.length ? err.errors.map((e) => e.message) : [err.detail || err.title];
      return bank(c, { importForm, importErrors: list, status: err.status });
    }
  });

  app.get("/items/export", readers, async (c) => {
    const ids = (c.req.queries("ids") ?? []).filter((id) => itemIdPattern.test(id)).slice(0, 200);
    const format = c.req.query("format") === "qti" ? "qti" : "gift";
    if (!ids.length) return c.redirect("/items", 303);
    const r = await exportItems(clients.sessions, callerOf(c), { format, ids });
    if (r.status !== 200) {
      let detail = "";
      try {
        const body = JSON.parse(r.text);
        detail = (body.errors ?? []).map((e: { message: string }) => e.message).join("；") || body.detail;
      } catch { /* not JSON */ }
      throw new PageRefusal(
        r.status === 404 ? 404 : 409,
        tr(web(c).lang, "无法导出", "Cannot export"),
        detail,
      );
    }
    return c.body(r.text, 200, {
      "content-type": r.type,
      "content-disposition": `attachment; filename="items.${format === "qti" ? "xml" : "gift.txt"}"`,
      "cache-control": "no-store",
    });
  });
}
