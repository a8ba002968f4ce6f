import { createRoute, z } from "@hono/zod-openapi";
import { policyIdSchema, shanghaiToday } from "@yibao/domain";
import type { OutboxRelay } from "@yibao/events";
import { actorOf, type Principal, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { asProblem, etagOf, revisionFromIfMatch } from "../problems.ts";
import type { AdminRepository, Amendment } from "../repository.ts";
import {
  amendmentIdParam,
  amendmentPatch,
  amendmentSchema,
  newAmendmentBody,
  newPolicyBody,
  returnBody,
} from "../schemas.ts";
import { checkEffectiveFrom, deskState } from "../workflow.ts";
import { publishAccess, readAccess, reviewAccess, security, writeAccess } from "./_access.ts";

function reply(c: Context, a: Amendment, status: 200 | 201 = 200, warnings?: unknown[]): never {
  c.header("ETag", etagOf(a.revision));
  if (status === 201) c.header("Location", `/v1/amendments/${a.id}`);
  return c.json(
    { ...a, state: deskState(a, shanghaiToday()), ...(warnings ? { warnings } : {}) },
    status,
  ) as never;
}

/** 422 naming `body.effectiveFrom` when the date has passed (Asia/Shanghai). */
function effectiveFromNotPast(effectiveFrom: string | undefined): void {
  if (effectiveFrom === undefined) return;
  try {
    checkEffectiveFrom(effectiveFrom, shanghaiToday(), "body.effectiveFrom");
  } catch (err) {
    asProblem(err);
  }
}

const ok = (description: string) => ({
  description,
  content: { "application/json": { schema: amendmentSchema } },
});

/** Policies, amendments and their workflow. */
export function registerAmendmentRoutes(app: ServiceApp, repo: AdminRepository, relay: OutboxRelay): void {
  const actor = (c: Context) => actorOf(c.get("principal") as Principal);
  const rid = (c: Context) => c.get("requestId") as string;

  app.use("/v1/policies", writeAccess);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/policies",
      operationId: "postPolicies",
      tags: ["policies"],
      summary: "新建政策（草稿）/ Create a policy (draft)",
      description:
        "Creates the policy and the draft amendment that will publish its first version after review.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: newPolicyBody } } } },
      responses: {
        201: ok("The policy's initial amendment, a draft"),
        ...problemResponses(400, 401, 403, 409, 415, 422),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      effectiveFromNotPast(b.effectiveFrom);
      const a = await repo.createPolicy(
        {
          id: b.id,
          docNumber: b.docNumber,
          issuer: b.issuer,
          regions: b.regions,
          audiences: b.audiences,
          topics: b.topics,
          ...(b.implements ? { implements: b.implements } : {}),
          ...(b.overrides ? { overrides: b.overrides } : {}),
          content: {
            title: b.title,
            body: b.body,
            summaries: b.summaries,
            rules: b.rules,
            eligibility: b.eligibility,
          },
          summary: b.summary,
          effectiveFrom: b.effectiveFrom,
        },
        actor(c),
        rid(c),
      ).catch(asProblem);
      return reply(c, a, 201);
    },
  );

  app.use("/v1/policies/:id/amendments", writeAccess);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/policies/{id}/amendments",
      operationId: "postPoliciesByIdAmendments",
      tags: ["amendments"],
      summary: "起草修订（结构化修改清单）/ Draft an amendment as a change list",
      description:
        "Each change names a field (title, body, summaries.<audience>, rules.<ruleId>.<path>, eligibility.<ruleId>.<path>) with what is there now (`before`) and what it becomes (`after`).",
      security,
      request: {
        params: z.object({ id: policyIdSchema.openapi({ param: { name: "id", in: "path" } }) }),
        body: { required: true, content: { "application/json": { schema: newAmendmentBody } } },
      },
      responses: { 201: ok("The draft"), ...problemResponses(400, 401, 403, 404, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      effectiveFromNotPast(c.req.valid("json").effectiveFrom);
      const a = await repo.createAmendment(id, c.req.valid("json"), actor(c), rid(c)).catch(asProblem);
      return reply(c, a, 201);
    },
  );

  app.use("/v1/amendments/:id", async (c, next) => {
    await (c.req.method === "GET" ? readAccess : writeAccess)(c, next);
  });
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/amendments/{id}",
      operationId: "getAmendmentsById",
      tags: ["amendments"],
      summary: "查看修订 / An amendment",
      security,
      request: { params: amendmentIdParam },
      responses: { 200: ok("The amendment (ETag: its revision)"), ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const a = await repo.get(c.req.valid("param").id);
      if (!a) {
        throw new ProblemError("notFound", {
          zh: "未找到该修订",
          en: `Amendment "${c.req.valid("param").id}" was not found`,
        });
      }
      // A draft lists the texts that still quote a figure its changes replace.
      const open = a.status !== "published" && a.status !== "withdrawn";
      return reply(c, a, 200, open ? (await repo.content(a.id))?.warnings ?? [] : undefined);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/amendments/{id}",
      operationId: "patchAmendmentsById",
      tags: ["amendments"],
      summary: "修改草稿（需 If-Match）/ Edit a draft (If-Match required)",
      security,
      request: {
        params: amendmentIdParam,
        headers: z.object({
          "if-match": z.string().optional().openapi({ description: "The ETag read last" }),
        }),
        body: { required: true, content: { "application/json": { schema: amendmentPatch } } },
      },
      responses: {
        200: ok("The edited draft"),
        ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422, 428),
      },
    }),
    async (c) => {
      effectiveFromNotPast(c.req.valid("json").effectiveFrom);
      const revision = revisionFromIfMatch(c.req.header("if-match"));
      if (revision === undefined) {
        throw new ProblemError("preconditionRequired", {
          zh: "修改修订须带 If-Match（读取时返回的 ETag），以免覆盖他人的修改",
          en: "Send If-Match with the ETag you read, so no one's edit is overwritten",
        }, { errors: [{ path: "header.if-match", message: { zh: "必须填写", en: "Required" } }] });
      }
      const a = await repo.update(
        c.req.valid("param").id,
        revision,
        c.req.valid("json"),
        actor(c),
        rid(c),
        shanghaiToday(),
      )
        .catch(asProblem);
      return reply(c, a);
    },
  );

  const step = (
    action: "submit" | "approve" | "publish" | "withdraw",
    summary: string,
    access: typeof writeAccess,
  ) => {
    app.use(`/v1/amendments/:id/${action}`, access);
    app.openapi(
      createRoute({
        method: "post",
        path: `/v1/amendments/{id}/${action}`,
        operationId: `${action}Amendment`,
        tags: ["amendments"],
        summary,
        security,
        request: {
          params: amendmentIdParam,
          headers: z.object({ "if-match": z.string().optional() }),
        },
        responses: {
          200: ok("The amendment after the step"),
          ...problemResponses(400, 401, 403, 404, 409, 412, 422),
        },
      }),
      async (c) => {
        const id = c.req.valid("param").id;
        const revision = revisionFromIfMatch(c.req.header("if-match"));
        const today = shanghaiToday();
        const who = actor(c);
        const a =
          await (action === "publish"
            ? repo.publish(id, who, rid(c), today, revision)
            : action === "withdraw"
            ? repo.withdraw(id, who, rid(c), today, revision)
            : repo.transition(id, action, who, rid(c), today, revision)).catch(asProblem);
        if (action === "publish" || action === "withdraw") relay.notify();
        return reply(c, a);
      },
    );
  };
  step("submit", "提交审核 / Submit for review", writeAccess);
  step("approve", "审核批准（不能批准自己起草的）/ Approve (never your own)", reviewAccess);

  app.use("/v1/amendments/:id/return", reviewAccess);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/amendments/{id}/return",
      operationId: "returnAmendment",
      tags: ["amendments"],
      summary: "退回修改（须写理由，不能退回自己起草的）/ Return to draft with a reason (never your own)",
      description:
        "A reviewer sends a submitted amendment back to its author's draft. The reason is kept in `returns`; the amendment's `state` is `returned` until its author submits it again. Honours If-Match.",
      security,
      request: {
        params: amendmentIdParam,
        headers: z.object({ "if-match": z.string().optional() }),
        body: { required: true, content: { "application/json": { schema: returnBody } } },
      },
      responses: {
        200: ok("The amendment, a draft again"),
        ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const revision = revisionFromIfMatch(c.req.header("if-match"));
      const a = await repo.returnToAuthor(
        id,
        c.req.valid("json").reason,
        actor(c),
        rid(c),
        shanghaiToday(),
        revision,
      )
        .catch(asProblem);
      return reply(c, a);
    },
  );
  step("publish", "发布（立即或在未来生效日）/ Publish, now or for a future effectiveFrom", publishAccess);
  step("withdraw", "撤回（生效前）/ Withdraw before it takes effect", publishAccess);
}
