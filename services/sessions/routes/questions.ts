import { createRoute, z } from "@hono/zod-openapi";
import { policyIdSchema } from "@yibao/domain";
import { actorOf, type Principal, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { Malformed } from "../errors.ts";
import { publicStatuses, type QuestionStatus } from "../moderation.ts";
import { asProblem } from "../problems.ts";
import { type AudienceMember, publicView, type QuestionRepository } from "../question_repository.ts";
import { questionIdParam, sessionIdParam } from "../schemas.ts";
import type { SessionRepository } from "../session_repository.ts";
import { hostAccess, openSecurity, security } from "./_access.ts";
import { audienceTokenHeader } from "./audience.ts";

const statuses = ["pending", "approved", "dismissed", "answered", "merged"] as const;

const questionSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  text: z.string(),
  askerName: z.string().nullable().openapi({ description: "null when asked anonymously" }),
  status: z.enum(statuses),
  votes: z.number(),
  revision: z.number().openapi({ description: "Bumped on every change; the live stream's newest wins" }),
  pinned: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  citedPolicies: z.array(z.string()),
  citations: z.array(z.object({ policyId: z.string(), version: z.number().nullable() })).openapi({
    description:
      "The cited policies with the version each answer cites (null when only the policy was named)",
  }),
  mergedInto: z.string().nullable(),
  similarTo: z.array(z.string()).optional().openapi({ description: "Hosts only: near-duplicates to merge" }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("Question");

/** The body of a new question; the text limit comes from configuration. */
function askBody(maxLength: number) {
  return z.object({
    text: z.string().openapi({ description: `1–${maxLength} characters after trimming` }),
    name: z.string().trim().min(1).max(40).optional().openapi({ description: "Shown unless anonymous" }),
    anonymous: z.boolean().default(false),
  }).openapi("NewQuestion");
}

/** A moderation step; an approval's edited text keeps to the questions' limit from configuration. */
const moderationBody = (maxLength: number) =>
  z.discriminatedUnion("action", [
    z.object({ action: z.literal("approve"), text: z.string().trim().min(1).max(maxLength).optional() }),
    z.object({ action: z.literal("dismiss"), reason: z.string().trim().max(500).optional() }),
    z.object({ action: z.literal("merge"), into: z.string().regex(/^q-[a-z0-9-]{8,40}$/) }),
    z.object({ action: z.literal("pin") }),
    z.object({ action: z.literal("unpin") }),
    z.object({
      action: z.literal("answer"),
      answer: z.string().trim().min(1).max(10_000),
      citedPolicies: z.array(policyIdSchema).max(20).default([]),
      citations: z.array(z.object({ policyId: policyIdSchema, version: z.number().int().min(1) }))
        .max(20).optional().openapi({
          description:
            "Policies cited with the version the answer relies on (422 naming the entry when it lacks that version)",
        }),
    }),
    z.object({ action: z.literal("reopen") }),
  ]).openapi("Moderation");

/** Question intake, votes, moderation. */
export function registerQuestionRoutes(
  app: ServiceApp,
  questions: QuestionRepository,
  sessions: SessionRepository,
  options: { maxLength: number; identify: (c: Context) => Promise<AudienceMember> },
): void {
  const body = askBody(options.maxLength);
  const principal = (c: Context) => c.get("principal") as Principal | undefined;

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/sessions/{id}/questions",
      operationId: "postSessionsByIdQuestions",
      tags: ["questions"],
      summary: "提问 / Ask a question",
      description:
        "Open, identified by a signed X-Client-Token (POST /v1/audience-tokens; 401 without one); rate-limited " +
        "per token, per client address and per session (429 with Retry-After). " +
        "The answer lists questions of the session that read almost the same (`similar`): vote for one instead.",
      security: openSecurity,
      request: {
        params: sessionIdParam,
        headers: audienceTokenHeader,
        body: { required: true, content: { "application/json": { schema: body } } },
      },
      responses: {
        201: {
          description: "The question (pending when the session reviews questions first)",
          content: {
            "application/json": {
              schema: z.object({
                question: questionSchema,
                similar: z.array(
                  z.object({ id: z.string(), text: z.string(), votes: z.number(), score: z.number() }),
                ),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 404, 409, 415, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const me = await options.identify(c);
      const b = c.req.valid("json");
      const text = b.text.trim();
      if (text.length === 0 || [...text].length > options.maxLength) {
        asProblem(
          new Malformed(
            [{
              path: "body.text",
              message: text.length === 0 ? "is empty" : `is longer than ${options.maxLength} characters`,
            }],
            text.length === 0 ? "问题不能为空" : `问题不能超过 ${options.maxLength} 个字`,
          ),
        );
      }
      const r = await questions.ask(id, {
        text,
        askerName: b.anonymous ? null : (b.name ?? null),
        askerKey: me.key,
        address: me.address,
      }).catch(asProblem);
      c.header("Location", `/v1/questions/${r.question.id}`);
      return c.json({ question: publicView(r.question), similar: r.similar }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/questions",
      operationId: "getSessionsByIdQuestions",
      tags: ["questions"],
      summary: "问题列表 / A session's questions",
      description:
        "Open: approved and answered questions (the pinned one first). The session's host (or an admin) " +
        "sees any status asked for, with near-duplicate suggestions.",
      security: openSecurity,
      request: {
        params: sessionIdParam,
        query: z.object({
          sort: z.enum(["votes", "time"]).default("votes"),
          status: z.string().regex(/^[a-z,]+$/).optional().openapi({
            description: "Hosts: comma-separated statuses",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
      },
      responses: {
        200: {
          description: "Questions",
          content: { "application/json": { schema: z.object({ items: z.array(questionSchema) }) } },
        },
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      const p = principal(c);
      const session = await sessions.get(id);
      if (!session) {
        throw new ProblemError("notFound", {
          zh: `未找到场次「${id}」`,
          en: `Session "${id}" was not found`,
        });
      }
      const isHost = p?.kind === "token" &&
        (p.role === "admin" || (p.role === "host" && p.subject === session.hostId));
      let wanted: QuestionStatus[] = publicStatuses;
      if (q.status) {
        const asked = q.status.split(",").filter(Boolean);
        const bad = asked.filter((s) => !(statuses as readonly string[]).includes(s));
        if (bad.length) {
          asProblem(
            new Malformed(
              [{ path: "query.status", message: `unknown status ${bad.join(", ")}` }],
              "未知的状态",
            ),
          );
        }
        if (!isHost && asked.some((s) => !publicStatuses.includes(s as QuestionStatus))) {
          throw new ProblemError("forbidden", {
            zh: "只有本场主播可以查看待审核或已驳回的问题",
            en: "Only the session's host sees pending, dismissed or merged questions",
          });
        }
        wanted = asked as QuestionStatus[];
      }
      const items = await questions.list(id, {
        sort: q.sort,
        statuses: wanted,
        limit: q.limit,
        offset: q.offset,
      });
      return c.json({ items: items.map((x) => (isHost ? x : publicView(x))) }, 200);
    },
  );

  for (const method of ["post", "delete"] as const) {
    app.openapi(
      createRoute({
        method,
        path: "/v1/questions/{id}/votes",
        operationId: method === "post" ? "postQuestionsByIdVotes" : "deleteQuestionsByIdVotes",
        tags: ["questions"],
        summary: method === "post" ? "点赞 / Upvote (once per voter)" : "取消点赞 / Retract the upvote",
        description:
          "Open, identified by a signed X-Client-Token; idempotent. Rate-limited per token; one client address " +
          "gives a question at most VOTES_PER_ADDRESS_PER_QUESTION votes (429). 409 once the session is over or cancelled. " +
          "The request is accepted into the vote stream (durable) and applied by the one applier of its partition; the " +
          "answer waits up to VOTE_VERDICT_WAIT_MS for its verdict: 200 with the total, or the refusal. Without a " +
          "verdict in time, 202: received, and it will be counted (or refused by the same rules) — the live stream " +
          "shows the total.",
        security: openSecurity,
        request: { params: questionIdParam, headers: audienceTokenHeader },
        responses: {
          200: {
            description: "The question's total",
            content: {
              "application/json": {
                schema: z.object({
                  questionId: z.string(),
                  votes: z.number(),
                  revision: z.number().openapi({
                    description:
                      "The live stream's votes event with this revision or later carries this total",
                  }),
                  voted: z.boolean(),
                }),
              },
            },
          },
          202: {
            description:
              "Received and durable; its verdict did not come in time (the live stream will show the total)",
            content: {
              "application/json": {
                schema: z.object({
                  questionId: z.string(),
                  voted: z.boolean(),
                  received: z.literal(true),
                  message: z.object({ zh: z.string(), en: z.string() }).openapi({
                    description: "What to tell the voter, Chinese first",
                  }),
                }),
              },
            },
          },
          ...problemResponses(400, 401, 404, 409, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const voter = await options.identify(c);
        const r = await (method === "post" ? questions.vote(id, voter) : questions.unvote(id, voter)).catch(
          asProblem,
        );
        if (r.received) {
          return c.json({
            questionId: id,
            voted: r.voted,
            received: true as const,
            message: r.voted
              ? { zh: "已收到您的点赞，稍后计入", en: "Your vote was received and will be counted shortly" }
              : {
                zh: "已收到您的取消点赞，稍后生效",
                en: "Your retraction was received and will apply shortly",
              },
          }, 202);
        }
        return c.json({ questionId: id, votes: r.votes, revision: r.revision, voted: r.voted }, 200);
      },
    );
  }

  app.use("/v1/questions/:id/moderation", hostAccess);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/questions/{id}/moderation",
      operationId: "postQuestionsByIdModeration",
      tags: ["questions"],
      summary: "审核 / Moderate a question",
      description:
        "approve (optionally with an edited text), dismiss, merge into another question (votes move), pin the " +
        "question being answered, unpin, answer (with the policies cited), reopen. The session's host or an admin.",
      security,
      request: {
        params: questionIdParam,
        body: {
          required: true,
          content: { "application/json": { schema: moderationBody(options.maxLength) } },
        },
      },
      responses: {
        200: { description: "The question", content: { "application/json": { schema: questionSchema } } },
        ...problemResponses(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const q = await questions.moderate(
        id,
        c.req.valid("json"),
        actorOf(principal(c)!),
        c.get("requestId") as string,
      ).catch(asProblem);
      return c.json(q, 200);
    },
  );
}
