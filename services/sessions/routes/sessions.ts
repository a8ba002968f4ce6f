import { createRoute, z } from "@hono/zod-openapi";
import type { OutboxRelay } from "@yibao/events";
import { actorOf, type Principal, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { icalFeed } from "../ical.ts";
import { joinCodePattern } from "../join_code.ts";
import { newSessionInput, patchedInput } from "../input.ts";
import { asProblem, sequenceFromIfMatch } from "../problems.ts";
import {
  cancelBody,
  listQuery,
  newSessionBody,
  sessionIdParam,
  sessionPatch,
  sessionSchema,
} from "../schemas.ts";
import {
  present,
  type SessionFilter,
  type SessionRepository,
  type StoredSession,
} from "../session_repository.ts";
import { Malformed, NotFound } from "../errors.ts";
import { maxAheadMs, maxBehindMs, maxRangeMs } from "../recurrence.ts";
import { hostAccess, openSecurity, security } from "./_access.ts";

const ok = (description: string) => ({
  description,
  content: { "application/json": { schema: sessionSchema } },
});

function reply(c: Context, s: StoredSession, status: 200 | 201 = 200): never {
  c.header("ETag", `"s${s.sequence}"`);
  if (status === 201) c.header("Location", `/v1/sessions/${s.id}`);
  return c.json(present(s), status) as never;
}

/** The filter a listing or feed query names; defaults: from now, 90 days. */
export function filterOf(q: z.infer<typeof listQuery>, now: number): SessionFilter {
  const from = q.from ? Date.parse(q.from) : now;
  const to = q.to ? Date.parse(q.to) : from + 90 * 86_400_000;
  return {
    from,
    to,
    ...(q.topic ? { topic: q.topic } : {}),
    ...(q.region ? { region: q.region } : {}),
    ...(q.audience ? { audience: q.audience } : {}),
    ...(q.host ? { hostId: q.host } : {}),
    includeCancelled: q.includeCancelled === "true",
    limit: q.limit,
  };
}

/** Scheduling: create, reschedule, cancel; the public listing, one session, the iCalendar feed. */
export function registerSessionRoutes(
  app: ServiceApp,
  repo: SessionRepository,
  relay: OutboxRelay,
  options: { now?: () => number } = {},
): void {
  const now = () => options.now?.() ?? Date.now();
  const actor = (c: Context) => actorOf(c.get("principal") as Principal);
  const rid = (c: Context) => c.get("requestId") as string;

  app.use("/v1/sessions", async (c, next) => {
    if (c.req.method === "POST") return await hostAccess(c, next);
    await next();
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/sessions",
      operationId: "postSessions",
      tags: ["sessions"],
      summary: "排期一场直播答疑 / Schedule a session",
      description:
        "Refused with 409 (and the conflicting sessions listed) when the host or the streaming channel " +
        "has another session within the buffer before or after any occurrence.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: newSessionBody } } } },
      responses: { 201: ok("The scheduled session"), ...problemResponses(400, 401, 403, 409, 415, 422) },
    }),
    async (c) => {
      const s = await Promise.resolve()
        .then(() => repo.create(newSessionInput(c.req.valid("json"), actor(c), now()), actor(c), rid(c)))
        .catch(asProblem);
      relay.notify();
      return reply(c, s, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions",
      operationId: "getSessions",
      tags: ["sessions"],
      summary: "场次列表 / Sessions in a date range",
      description: "Open. Each session lists its occurrences inside the range.",
      security: openSecurity,
      request: { query: listQuery },
      responses: {
        200: {
          description: "Sessions in start order",
          content: {
            "application/json": {
              schema: z.object({ from: z.string(), to: z.string(), items: z.array(sessionSchema) }),
            },
          },
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const f = filterOf(c.req.valid("query"), now());
      rangeCheck(f, now());
      const items = await repo.list(f);
      return c.json({
        from: new Date(f.from).toISOString(),
        to: new Date(f.to).toISOString(),
        items: items.map((s) => present(s, f)),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions.ics",
      operationId: "getSessionsIcs",
      tags: ["sessions"],
      summary: "iCalendar 订阅 / The sessions as an iCalendar feed",
      description: "Open. Same filters as the listing; cancelled sessions stay in it with STATUS:CANCELLED.",
      security: openSecurity,
      request: { query: listQuery },
      responses: {
        200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const f = { ...filterOf(c.req.valid("query"), now()), includeCancelled: true };
      rangeCheck(f, now());
      const items = await repo.list(f);
      const text = icalFeed(
        items.map((s) => ({
          id: s.id,
          title: s.title,
          description: s.description,
          hostName: s.hostName,
          startsAt: s.startsAt,
          durationMinutes: s.durationMinutes,
          timeZone: s.timeZone,
          rrule: s.rrule,
          exceptions: s.exceptions,
          status: s.status,
          sequence: s.sequence,
          updatedAt: Date.parse(s.updatedAt),
          url: s.streamUrl,
          channel: s.channel,
          channelAccount: s.channelAccount,
        })),
        now(),
      );
      return c.body(text, 200, { "content-type": "text/calendar; charset=utf-8" }) as never;
    },
  );

  app.use("/v1/sessions/:id", async (c, next) => {
    if (c.req.method === "PATCH") return await hostAccess(c, next);
    await next();
  });
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}",
      operationId: "getSessionsById",
      tags: ["sessions"],
      summary: "一场直播 / One session with its links",
      security: openSecurity,
      request: { params: sessionIdParam },
      responses: { 200: ok("The session (ETag: its sequence)"), ...problemResponses(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const s = await repo.get(id);
      if (!s) asProblem(new NotFound("session", id));
      return reply(c, s);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/by-code/{code}",
      operationId: "getSessionsByCode",
      tags: ["sessions"],
      summary: "按加入码找场次 / The session a join code names",
      security: openSecurity,
      request: {
        params: z.object({
          code: z.string().regex(joinCodePattern, "six digits 1–9").openapi({
            param: { name: "code", in: "path" },
          }),
        }),
      },
      responses: { 200: ok("The session"), ...problemResponses(400, 404) },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      const s = await repo.byJoinCode(code);
      if (!s) {
        throw new ProblemError("notFound", {
          zh: `没有加入码为 ${code} 的场次`,
          en: `No session has the join code ${code}`,
        });
      }
      return reply(c, s);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/sessions/{id}",
      operationId: "patchSessionsById",
      tags: ["sessions"],
      summary: "修改或改期 / Change or reschedule a session, or move one occurrence",
      description:
        "Any field; `occurrence` moves one occurrence of a recurring session. Replay URL and transcript " +
        "are set here after the session. If-Match (the ETag) is optional; a stale one is 412.",
      security,
      request: {
        params: sessionIdParam,
        body: { required: true, content: { "application/json": { schema: sessionPatch } } },
      },
      responses: {
        200: ok("The changed session"),
        ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const ifSeq = sequenceFromIfMatch(c.req.header("if-match"));
      const s = await repo.update(
        id,
        (cur) => patchedInput(cur, patch, actor(c), now()),
        actor(c),
        rid(c),
        ifSeq,
      )
        .catch(asProblem);
      relay.notify();
      return reply(c, s);
    },
  );

  app.use("/v1/sessions/:id/cancel", hostAccess);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/sessions/{id}/cancel",
      operationId: "postSessionsByIdCancel",
      tags: ["sessions"],
      summary: "取消场次或其中一次 / Cancel a session, or one occurrence",
      security,
      request: {
        params: sessionIdParam,
        body: { required: false, content: { "application/json": { schema: cancelBody } } },
      },
      responses: { 200: ok("The cancelled session"), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json") ?? {};
      const s = await repo.cancel(
        id,
        {
          ...(b.reason ? { reason: b.reason } : {}),
          ...(b.occurrenceStart ? { occurrenceStart: Date.parse(b.occurrenceStart) } : {}),
        },
        actor(c),
        rid(c),
      ).catch(asProblem);
      relay.notify();
      return reply(c, s);
    },
  );
}

/**
 * A range starts between a year ago and five years ahead and lasts at most 400 days (400 naming
 * the field): rules are never expanded further than that for a listing.
 */
function rangeCheck(f: SessionFilter, now: number): void {
  if (f.from < now - maxBehindMs || f.from > now + maxAheadMs) {
    asProblem(
      new Malformed(
        [{ path: "query.from", message: "must lie between a year ago and five years from now" }],
        "时间范围无效：开始须在一年前到五年后之间",
      ),
    );
  }
  if (f.to <= f.from || f.to - f.from > maxRangeMs) {
    asProblem(
      new Malformed(
        [{ path: "query.to", message: "must be after from, at most 400 days later" }],
        "时间范围无效：结束须晚于开始，且不超过 400 天",
      ),
    );
  }
}
