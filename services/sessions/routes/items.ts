/** The item bank: create, list, read, edit, confirm after review, import and export (QTI 3.0, GIFT). */
import { createRoute, z } from "@hono/zod-openapi";
import { audienceIdSchema, policyIdSchema, topicIdSchema } from "@yibao/domain";
import {
  actorOf,
  type FieldError,
  type Principal,
  ProblemError,
  problemResponses,
  requireAccess,
  type ServiceApp,
} from "@yibao/kit";
import type { Context } from "hono";
import { Unacceptable } from "../errors.ts";
import { parseGift, toGift } from "../items/gift.ts";
import type { Imported } from "../items/interchange.ts";
import {
  type Item,
  itemIdSchema,
  type ItemInput,
  itemPatch,
  itemProblems,
  itemSchema,
  itemStatuses,
  newItemBody,
} from "../items/model.ts";
import { asItemProblem, revisionFromIfMatch } from "../items/problems.ts";
import { parseQti, toQti } from "../items/qti.ts";
import { ItemNotFound, type ItemRepository } from "../items/repository.ts";
import { security } from "./_access.ts";

/** Who reads items: operators, reviewers, hosts (and admins), or keys with `sessions:read`. */
export const itemReaders = requireAccess({
  roles: ["operator", "reviewer", "host"],
  scopes: ["sessions:read"],
});
/** Who writes items: hosts (their own), operators (and admins), or keys with `sessions:write`. */
export const itemWriters = requireAccess({ roles: ["operator", "host"], scopes: ["sessions:write"] });

const itemIdParam = z.object({ id: itemIdSchema.openapi({ param: { name: "id", in: "path" } }) });
const one = (description: string) => ({
  description,
  content: { "application/json": { schema: itemSchema } },
});

const listQuery = z.object({
  topic: topicIdSchema.optional(),
  audience: audienceIdSchema.optional(),
  policy: policyIdSchema.optional(),
  status: z.enum(itemStatuses).optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: "Words in the stem" }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const formats = ["qti", "gift"] as const;
const importQuery = z.object({
  format: z.enum(formats),
  policy: policyIdSchema.optional().openapi({
    description: "The policy every knowledge item of the file tests (files carry no citation)",
  }),
  version: z.coerce.number().int().min(1).max(100_000).optional().openapi({
    description: "With `policy`: its version",
  }),
  topics: z.string().max(500).optional().openapi({ description: "Comma-separated topic ids for every item" }),
  audiences: z.string().max(500).optional().openapi({
    description: "Comma-separated audience ids for every item",
  }),
});
const exportQuery = z.object({
  format: z.enum(formats),
  ids: z.string().min(1).max(200 * 42).openapi({ description: "Comma-separated item ids (at most 200)" }),
});

function reply(c: Context, item: Item, status: 200 | 201 = 200): never {
  c.header("ETag", `"r${item.revision}"`);
  if (status === 201) c.header("Location", `/v1/items/${item.id}`);
  return c.json(item, status) as never;
}

/** The imported items as inputs, cited and tagged as the query says; 422 naming each item's problems. */
export function importedInputs(
  items: Imported[],
  q: { policy?: string | undefined; version?: number | undefined; topics: string[]; audiences: string[] },
): ItemInput[] {
  const problems: FieldError[] = [];
  if (q.policy && q.version === undefined) {
    problems.push({
      path: "query.version",
      message: { zh: "指定政策时要写版本", en: "is required with policy" },
    });
  }
  const inputs = items.map((it, n): ItemInput => {
    const knowledge = it.correctChoiceIds.length > 0;
    const input: ItemInput = {
      kind: it.kind,
      stem: it.stem,
      choices: it.choices,
      correctChoiceIds: it.correctChoiceIds,
      explanation: it.explanation,
      tests: knowledge && q.policy && q.version !== undefined
        ? { policyId: q.policy, version: q.version }
        : null,
      topics: q.topics,
      audiences: q.audiences,
      anonymous: false,
    };
    const checked = newItemBody.safeParse(input);
    const found: FieldError[] = checked.success
      ? itemProblems(input, `body.items.${n}.`)
      : checked.error.issues.map((
        i,
      ) => ({ path: `body.items.${n}.${i.path.join(".")}`, message: i.message }));
    for (const p of found) {
      const m = typeof p.message === "string" ? { zh: p.message, en: p.message } : p.message;
      const tests = p.path.endsWith(".tests");
      const tag = /\.(topics|audiences)(\.\d+)?$/.exec(p.path)?.[1];
      problems.push({
        path: tests ? "query.policy" : tag ? `query.${tag}` : p.path,
        message: {
          zh: `第 ${n + 1} 题（标识 ${it.ident}）：${
            tests ? "有标准答案，要用 policy 和 version 注明考查的政策" : m.zh
          }`,
          en: `Item ${n + 1} (${it.ident}): ${
            tests ? "has a key: name the policy and version it tests (policy, version)" : m.en
          }`,
        },
      });
    }
    return input;
  });
  if (problems.length) throw new Unacceptable(problems, "导入的题目有误，请按提示修改");
  return inputs;
}

const list = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

/** Registers the item bank's routes. */
export function registerItemRoutes(app: ServiceApp, items: ItemRepository): void {
  const principal = (c: Context) => c.get("principal") as Principal;
  const by = (c: Context) => ({
    actor: actorOf(principal(c)),
    requestId: (c.get("requestId") as string | undefined) ?? null,
    principal: principal(c),
  });

  app.use("/v1/items", (c, next) => (c.req.method === "POST" ? itemWriters : itemReaders)(c, next));
  app.use("/v1/items/*", (c, next) => (c.req.method === "GET" ? itemReaders : itemWriters)(c, next));

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/items",
      operationId: "postItems",
      tags: ["items"],
      summary: "出题 / Write an item",
      description:
        "Hosts, operators, admins. A knowledge item (with a key) needs an explanation and the policy " +
        "and version it tests (422 naming `body.tests.policyId` / `body.tests.version` when unknown).",
      security,
      request: { body: { required: true, content: { "application/json": { schema: newItemBody } } } },
      responses: { 201: one("The item (ETag: its revision)"), ...problemResponses(400, 401, 403, 415, 422) },
    }),
    async (c) => reply(c, await items.create(c.req.valid("json"), by(c)).catch(asItemProblem), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/items",
      operationId: "getItems",
      tags: ["items"],
      summary: "题库 / The item bank",
      description: "Newest first; `nextCursor` reads the next page. Operators, reviewers, hosts, admins.",
      security,
      request: { query: listQuery },
      responses: {
        200: {
          description: "A page of items",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(itemSchema), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await items.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/items/import",
      operationId: "postItemsImport",
      tags: ["items"],
      summary: "导入题目 / Import items (QTI 3.0 or GIFT subset)",
      description:
        "The body is the file: QTI 3.0 XML (`text/xml`, `application/xml`) with choice and text-entry " +
        "interactions, or Moodle GIFT text (`text/plain`) with multiple choice, true/false and short answer. " +
        "All items or none are created. Anything outside the subset is 422, naming each item (position and " +
        "identifier) and the construct. Knowledge items cite `policy` and `version` from the query.",
      security,
      request: {
        query: importQuery,
        body: {
          required: true,
          content: {
            "text/plain": { schema: z.string() },
            "text/xml": { schema: z.string() },
            "application/xml": { schema: z.string() },
          },
        },
      },
      responses: {
        201: {
          description: "The items created, in the file's order",
          content: {
            "application/json": { schema: z.object({ items: z.array(itemSchema), count: z.number() }) },
          },
        },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const expected = q.format === "qti" ? ["text/xml", "application/xml"] : ["text/plain"];
      if (!expected.includes(type)) {
        throw new ProblemError("unsupportedMediaType", {
          zh: `${q.format === "qti" ? "QTI 文件" : "GIFT 文件"}的内容类型应为 ${expected.join(" 或 ")}`,
          en: `A ${q.format === "qti" ? "QTI" : "GIFT"} file is sent as ${expected.join(" or ")}`,
        }, { errors: [{ path: "header.content-type", message: `expected ${expected.join(" or ")}` }] });
      }
      const text = await c.req.text();
      try {
        const parsed = q.format === "qti" ? parseQti(text) : parseGift(text);
        const inputs = importedInputs(parsed, { ...q, topics: list(q.topics), audiences: list(q.audiences) });
        const created = await items.createMany(inputs, by(c));
        return c.json({ items: created, count: created.length }, 201);
      } catch (e) {
        asItemProblem(e);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/items/export",
      operationId: "getItemsExport",
      tags: ["items"],
      summary: "导出题目 / Export items (QTI 3.0 or GIFT subset)",
      description:
        "QTI 3.0 as one XML document (`<qti-items>` holding a `qti-assessment-item` per item) or GIFT " +
        "text. Rating items have no form in either subset: 422 naming them. Unknown ids are 404.",
      security,
      request: { query: exportQuery },
      responses: {
        200: {
          description: "The file",
          content: { "application/xml": { schema: z.string() }, "text/plain": { schema: z.string() } },
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const ids = [...new Set(list(q.ids))];
      const bad = ids.filter((id) => !itemIdSchema.safeParse(id).success);
      if (bad.length || ids.length > 200) {
        throw new ProblemError("validationFailed", {
          zh: "ids 应为逗号分隔的题目标识（最多 200 个）",
          en: "Bad ids",
        }, {
          errors: [{
            path: "query.ids",
            message: bad.length ? `not item ids: ${bad.join(", ")}` : "more than 200",
          }],
        });
      }
      const found = await items.getMany(ids);
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) {
        throw new ProblemError("notFound", {
          zh: `未找到题目「${missing.join("、")}」`,
          en: `Item(s) ${missing.map((m) => `"${m}"`).join(", ")} were not found`,
        });
      }
      try {
        const body = q.format === "qti" ? toQti(found) : toGift(found);
        const [type, ext] = q.format === "qti" ? ["application/xml", "xml"] : ["text/plain", "gift.txt"];
        return c.body(body, 200, {
          "content-type": `${type}; charset=utf-8`,
          "content-disposition": `attachment; filename="items.${ext}"`,
        }) as never;
      } catch (e) {
        asItemProblem(e);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/items/{id}",
      operationId: "getItemsById",
      tags: ["items"],
      summary: "一道题 / One item",
      security,
      request: { params: itemIdParam },
      responses: { 200: one("The item (ETag: its revision)"), ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const item = await items.get(id);
      if (!item) return asItemProblem(new ItemNotFound(id));
      return reply(c, item);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/items/{id}",
      operationId: "patchItemsById",
      tags: ["items"],
      summary: "修改题目 / Edit an item",
      description:
        'Any field; a host edits the items they wrote, operators and admins any. If-Match (`"r<revision>"`) ' +
        "is optional, a stale one is 412. An edit clears needs-review (the editor has seen the item); to keep the " +
        "item but move it to the amended version, change `tests.version` here or confirm it.",
      security,
      request: {
        params: itemIdParam,
        body: { required: true, content: { "application/json": { schema: itemPatch } } },
      },
      responses: { 200: one("The changed item"), ...problemResponses(400, 401, 403, 404, 412, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const ifMatch = revisionFromIfMatch(c.req.header("if-match"));
      const patch = c.req.valid("json") as Partial<ItemInput>;
      return reply(c, await items.update(id, patch, { ...by(c), ifMatch }).catch(asItemProblem));
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/items/{id}/confirm",
      operationId: "postItemsByIdConfirm",
      tags: ["items"],
      summary: "确认题目仍然正确 / Confirm an item after review",
      description:
        "The item is still right under the amended policy: it is ready again and tests `version` " +
        "(by default the policy's newest). Same role rules as an edit; If-Match optional.",
      security,
      request: {
        params: itemIdParam,
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.object({ version: z.number().int().min(1).max(100_000).optional() }),
            },
          },
        },
      },
      responses: { 200: one("The confirmed item"), ...problemResponses(400, 401, 403, 404, 412, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const ifMatch = revisionFromIfMatch(c.req.header("if-match"));
      const version = (c.req.valid("json") as { version?: number } | undefined)?.version;
      return reply(c, await items.confirm(id, version, { ...by(c), ifMatch }).catch(asItemProblem));
    },
  );
}
