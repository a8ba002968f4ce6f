/**
 * Polls, quizzes and surveys in a live session: the host launches a set of ready items, closes it,
 * reveals or hides its results; the audience answers with its X-Client-Token identity and declares
 * its region and audience.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { audienceIdSchema, regionCodeSchema } from "@yibao/domain";
import type { OutboxRelay } from "@yibao/events";
import { actorOf, type Principal, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import type { AnswerRepository } from "../answers/answer_repository.ts";
import { itemKinds, maxAnswerText } from "../answers/grading.ts";
import { AlreadyAnswered, ItemNeedsReview, LaunchNotFound, NotParticipant } from "../launches/errors.ts";
import {
  type Launch,
  launchKinds,
  launchPurposes,
  type LaunchRecord,
  type LaunchRepository,
  publicItem,
} from "../launches/launch_repository.ts";
import type { LiveResults } from "../launches/live_results.ts";
import { asProblem } from "../problems.ts";
import type { AudienceMember } from "../question_repository.ts";
import { sessionIdParam } from "../schemas.ts";
import type { SessionRepository } from "../session_repository.ts";
import { hostAccess, openSecurity, security } from "./_access.ts";
import { audienceTokenHeader } from "./audience.ts";

const launchIdParam = z.object({
  id: z.string().regex(/^lau-[a-z0-9-]{8,40}$/, "a launch id (lau-…)").openapi({
    param: { name: "id", in: "path" },
  }),
});
const itemIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, "an item id");

const newLaunchBody = z.object({
  kind: z.enum(launchKinds).openapi({ description: "poll (opinion), quiz (knowledge), survey (feedback)" }),
  purpose: z.enum(launchPurposes).default("live"),
  itemIds: z.array(itemIdSchema).min(1).max(20).refine(
    (ids) => new Set(ids).size === ids.length,
    "must be distinct",
  ),
  timed: z.boolean().default(false).openapi({
    description: "Quizzes are untimed unless the host chooses a timed, scored quiz",
  }),
  secondsPerItem: z.number().int().min(10).max(600).optional().openapi({
    description: "Timed quizzes: 10–600 (default 30)",
  }),
  resultsVisible: z.boolean().default(false).openapi({
    description: "false: results stay hidden until the host reveals them",
  }),
  opensAt: z.iso.datetime({ offset: true }).optional().openapi({
    description: "Follow-ups only: opens then (e.g. a week after the session); it waits as `scheduled`",
  }),
}).openapi("NewLaunch");

const answerSchema = z.object({
  itemId: itemIdSchema,
  choiceIds: z.array(z.string().max(40)).max(20).optional(),
  rating: z.number().int().optional(),
  text: z.string().max(maxAnswerText * 4).optional(),
});
const answerBody = z.union([
  answerSchema.openapi({ description: "One item" }),
  z.object({ answers: z.array(answerSchema).min(1).max(20) }).openapi({
    description: "Several items of the launch at once",
  }),
]).openapi("NewAnswers");

const publicItemSchema = z.object({
  id: z.string(),
  kind: z.enum(itemKinds),
  stem: z.string(),
  choices: z.array(z.object({ id: z.string(), text: z.string() })),
  anonymous: z.boolean(),
}).openapi("LaunchItem");

const itemResultsSchema = z.object({
  itemId: z.string(),
  kind: z.enum(itemKinds),
  answered: z.number(),
  counts: z.record(z.string(), z.number()).openapi({
    description: 'Answers per choice id (ratings: "1"…"5")',
  }),
  correct: z.number().nullable(),
  shareCorrect: z.number().nullable().openapi({ description: "Knowledge items: correct / answered (0–1)" }),
  correctChoiceIds: z.array(z.string()).nullable(),
  explanation: z.string().nullable(),
  meanRating: z.number().nullable(),
  texts: z.array(z.string()).optional().openapi({ description: "Host only: the newest open-text answers" }),
});
const resultsSchema = z.object({
  launchId: z.string(),
  revision: z.number(),
  resultsVisible: z.boolean(),
  status: z.enum(["scheduled", "open", "closed"]),
  answers: z.number(),
  asOf: z.string().openapi({ description: "Every answer committed before this instant is counted" }),
  items: z.array(itemResultsSchema),
  leaderboard: z.array(z.object({
    rank: z.number(),
    displayName: z.string().openapi({ description: "Pseudonymous, derived from the respondent" }),
    correct: z.number(),
    answered: z.number(),
    totalSeconds: z.number(),
  })).nullable().openapi({ description: "Timed quizzes only" }),
}).openapi("LaunchResults");

const launchSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: z.enum(launchKinds),
  purpose: z.enum(launchPurposes),
  status: z.enum(["scheduled", "open", "closed"]),
  resultsVisible: z.boolean(),
  timed: z.boolean(),
  secondsPerItem: z.number().nullable(),
  itemIds: z.array(z.string()),
  openedAt: z.string().nullable(),
  opensAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  openedBy: z.string(),
  revision: z.number(),
  deadline: z.string().nullable(),
  items: z.array(publicItemSchema),
  results: resultsSchema.nullable().openapi({ description: "The host always; the audience once revealed" }),
  answeredItemIds: z.array(z.string()).optional().openapi({
    description: "With an X-Client-Token: the items of this launch its holder answered",
  }),
}).openapi("Launch");

/** Maps launch errors to problems; the rest as the service maps them. */
function launchProblem(err: unknown): never {
  if (err instanceof LaunchNotFound) {
    throw new ProblemError("notFound", { zh: `未找到这组题目「${err.id}」`, en: err.message });
  }
  if (err instanceof ItemNeedsReview) {
    throw new ProblemError("conflict", {
      zh: `题目 ${err.itemIds.map((i) => `「${i}」`).join("、")} 需复核后才能发布`,
      en: err.message,
    }, { errors: err.problems, reason: "needsReview", itemIds: err.itemIds });
  }
  if (err instanceof NotParticipant) {
    throw new ProblemError("forbidden", {
      zh: "回访问卷只请参加过本场的观众作答",
      en: err.message,
    }, { reason: "notParticipant" });
  }
  if (err instanceof AlreadyAnswered) {
    throw new ProblemError("conflict", {
      zh: `已经作答过 ${err.itemIds.map((i) => `「${i}」`).join("、")}，提交后不能修改`,
      en: err.message,
    }, { errors: err.problems, reason: "alreadyAnswered", itemIds: err.itemIds });
  }
  return asProblem(err);
}

/** What the launch routes need. */
export interface LaunchDeps {
  launches: LaunchRepository;
  answers: AnswerRepository;
  sessions: SessionRepository;
  results: LiveResults;
  relay: OutboxRelay;
  identify: (c: Context) => Promise<AudienceMember>;
}

/** Registers the launch, answer and respondent endpoints. */
export function registerLaunchRoutes(app: ServiceApp, deps: LaunchDeps): void {
  const principal = (c: Context) => c.get("principal") as Principal | undefined;
  const isHostOf = (c: Context, hostId: string) => {
    const p = principal(c);
    return p?.kind === "token" && (p.role === "admin" || (p.role === "host" && p.subject === hostId));
  };
  const view = async (
    record: Pick<LaunchRecord, "launch" | "items">,
    host: boolean,
    answered?: string[],
  ) => ({
    ...record.launch,
    items: record.items.map(publicItem),
    results: host || record.launch.resultsVisible ? await deps.launches.results(record, host) : null,
    ...(answered ? { answeredItemIds: answered } : {}),
  });

  app.use("/v1/sessions/:id/launches", async (c, next) => {
    if (c.req.method === "POST") return await hostAccess(c, next);
    await next();
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/sessions/{id}/launches",
      operationId: "postSessionsByIdLaunches",
      tags: ["launches"],
      summary: "发布投票、测验或问卷 / Launch a poll, quiz or survey",
      description:
        "The session's host or an admin. Items must exist and be ready: 409 naming each item that needs review " +
        "(`reason: needsReview`). A quiz asks knowledge items (with a key); pre- and post-tests are quizzes; a " +
        "satisfaction survey asks 1–5 ratings and open text. Quizzes are untimed unless `timed` (scored, with a " +
        "leaderboard). Emits `session.poll.opened` and the live `poll` event (items without keys).",
      security,
      request: {
        params: sessionIdParam,
        body: { required: true, content: { "application/json": { schema: newLaunchBody } } },
      },
      responses: {
        201: { description: "The launch", content: { "application/json": { schema: launchSchema } } },
        ...problemResponses(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      const record = await deps.launches.create(
        id,
        {
          kind: b.kind,
          purpose: b.purpose,
          itemIds: b.itemIds,
          timed: b.timed,
          secondsPerItem: b.timed ? (b.secondsPerItem ?? 30) : null,
          resultsVisible: b.resultsVisible,
          opensAt: b.opensAt ?? null,
        },
        actorOf(principal(c)!),
        (c.get("requestId") as string) ?? null,
      ).catch(launchProblem);
      deps.relay.notify();
      c.header("Location", `/v1/launches/${record.launch.id}`);
      return c.json(await view(record, true), 201);
    },
  );

  for (const action of ["close", "reveal", "hide"] as const) {
    app.use(`/v1/launches/:id/${action}`, hostAccess);
    app.openapi(
      createRoute({
        method: "post",
        path: `/v1/launches/{id}/${action}`,
        operationId: `postLaunchesById${action[0]!.toUpperCase()}${action.slice(1)}`,
        tags: ["launches"],
        summary: {
          close: "结束作答 / Close a launch",
          reveal: "公布结果 / Reveal the results",
          hide: "隐藏结果 / Hide the results",
        }[action],
        description: {
          close:
            "The session's host or an admin; idempotent. Emits `session.poll.closed` and the live `pollClosed`.",
          reveal:
            "The session's host or an admin; idempotent. The results (with keys and explanations) go to everyone (`pollResults`).",
          hide:
            "The session's host or an admin; idempotent. The audience no longer sees the results (`pollHidden`).",
        }[action],
        security,
        request: { params: launchIdParam },
        responses: {
          200: { description: "The launch", content: { "application/json": { schema: launchSchema } } },
          ...problemResponses(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const record = await deps.launches.act(
          id,
          action,
          actorOf(principal(c)!),
          (c.get("requestId") as string) ?? null,
        )
          .catch(launchProblem);
        if (action === "close") deps.relay.notify();
        return c.json(await view(record, true), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/launches",
      operationId: "getSessionsByIdLaunches",
      tags: ["launches"],
      summary: "本场的投票、测验和问卷 / A session's launches",
      description:
        "Open: the open launches and those whose results are revealed, newest first, items without keys. The " +
        "session's host (or an admin) may ask for `all` and always gets the results. With an X-Client-Token, " +
        "each launch says which of its items the holder answered.",
      security: openSecurity,
      request: {
        params: sessionIdParam,
        query: z.object({ all: z.enum(["true", "false"]).default("false") }),
        headers: audienceTokenHeader,
      },
      responses: {
        200: {
          description: "Launches",
          content: { "application/json": { schema: z.object({ items: z.array(launchSchema) }) } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const session = await deps.sessions.get(id);
      if (!session) {
        throw new ProblemError("notFound", {
          zh: `未找到场次「${id}」`,
          en: `Session "${id}" was not found`,
        });
      }
      const host = isHostOf(c, session.hostId);
      const all = c.req.valid("query").all === "true";
      if (all && !host) {
        throw new ProblemError("forbidden", {
          zh: "只有本场主播可以查看全部题目组",
          en: "Only the session's host sees every launch",
        });
      }
      const list = await deps.launches.list(id, all);
      const me = c.req.header("x-client-token") ? await deps.identify(c) : null;
      const mine = me ? await deps.answers.answered(list.map((l) => l.launch), me.key) : null;
      const items = await Promise.all(list.map((l) => view(l, host, mine?.get(l.launch.id))));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/launches/{id}/answers",
      operationId: "postLaunchesByIdAnswers",
      tags: ["launches"],
      summary: "作答 / Answer",
      description:
        "Open, identified by a signed X-Client-Token (401 without one). One item (`{itemId, choiceIds|rating|text}`) " +
        "or several (`{answers: [...]}`), all or nothing. One answer per person per item, enforced by the graph: " +
        "409 `reason: alreadyAnswered` naming each item already answered; answers cannot be changed once sent. " +
        "409 when the launch is closed, the session over or a timed quiz's time up. Whether an answer is right is " +
        "computed here from the item's key and shown only when the host reveals the results.",
      security: openSecurity,
      request: {
        params: launchIdParam,
        headers: audienceTokenHeader,
        body: { required: true, content: { "application/json": { schema: answerBody } } },
      },
      responses: {
        201: {
          description: "Submitted (已提交)",
          content: {
            "application/json": {
              schema: z.object({
                launchId: z.string(),
                answeredItemIds: z.array(z.string()),
                answeredAt: z.string(),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const me = await deps.identify(c);
      const b = c.req.valid("json");
      const sent = "answers" in b ? b.answers : [b];
      const r = await deps.answers.answer(id, me.key, sent).catch(launchProblem);
      deps.results.touched(r.record);
      return c.json({
        launchId: id,
        answeredItemIds: r.answers.map((a) => a.itemId),
        answeredAt: r.answers[0]!.answeredAt,
      }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/launches/{id}/results",
      operationId: "getLaunchesByIdResults",
      tags: ["launches"],
      summary: "结果 / A launch's results",
      description:
        "The session's host (or an admin) always, with open-text answers; everyone else once the host revealed " +
        "them (403 before). Counts per choice, share correct with the key and explanation, and for a timed quiz " +
        "the leaderboard under pseudonymous names.",
      security: openSecurity,
      request: { params: launchIdParam },
      responses: {
        200: { description: "Results", content: { "application/json": { schema: resultsSchema } } },
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const record = await deps.launches.get(id);
      if (!record) launchProblem(new LaunchNotFound(id));
      const host = isHostOf(c, record.hostId);
      if (!host && !record.launch.resultsVisible) {
        throw new ProblemError("forbidden", {
          zh: "主播尚未公布结果",
          en: "The host has not revealed these results",
        });
      }
      return c.json(await deps.launches.results(record, host), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/sessions/{id}/respondent",
      operationId: "putSessionsByIdRespondent",
      tags: ["launches"],
      summary: "我的地区和身份 / Where I am and who I am",
      description:
        "Open, identified by a signed X-Client-Token. The respondent's own region (6-digit code) and audience, " +
        "copied onto their later answers for awareness by region and audience. Without it answers carry the " +
        "session's region and, when it has exactly one, its audience.",
      security: openSecurity,
      request: {
        params: sessionIdParam,
        headers: audienceTokenHeader,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                regionCode: regionCodeSchema.optional(),
                audience: audienceIdSchema.optional(),
              })
                .openapi("Respondent"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "What is declared",
          content: {
            "application/json": {
              schema: z.object({ regionCode: z.string().nullable(), audience: z.string().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 404, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const me = await deps.identify(c);
      const b = c.req.valid("json");
      return c.json(await deps.answers.declare(id, me.key, b).catch(launchProblem), 200);
    },
  );
}

/** The launch as stored (for callers that need only its fields). */
export type { Launch };
