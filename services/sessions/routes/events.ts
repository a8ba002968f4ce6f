import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { LiveHub } from "../live.ts";
import { sessionIdParam } from "../schemas.ts";
import type { SessionRepository } from "../session_repository.ts";
import { openSecurity } from "./_access.ts";

const encoder = new TextEncoder();
const ping = encoder.encode(": ping\n\n");

/** GET /v1/sessions/{id}/events: the live stream (Server-Sent Events). */
export function registerEventRoutes(
  app: ServiceApp,
  hub: LiveHub,
  sessions: SessionRepository,
  options: { heartbeatMs?: number } = {},
): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/events",
      operationId: "getSessionsByIdEvents",
      tags: ["live"],
      summary: "实时事件流 / The session's live events (SSE)",
      description:
        "Open. Events: `question` (a question became visible or changed; newest `revision` wins), `votes` " +
        "({questionId, votes, revision}; totals can race, so the highest revision wins — the stream skips a total older " +
        "than one it sent, and a slow listener gets the newest total only), `pinned` ({questionId|null}), " +
        "`session` (status changes), `pending` ({questionId, revision}: a question waits for the host's review; " +
        "never its text). Every event's id is a stream sequence: reconnect with Last-Event-ID " +
        "(or ?lastEventId=) to receive exactly what was missed. Works against any instance.",
      security: openSecurity,
      request: {
        params: sessionIdParam,
        query: z.object({ lastEventId: z.string().regex(/^\d{1,15}$/).optional() }),
        headers: z.object({ "last-event-id": z.string().regex(/^\d{1,15}$/).optional() }),
      },
      responses: {
        200: {
          description:
            "Server-Sent Events: `question`, `pending`, `votes`, `pinned`, `session`, `reconnect`; each `data` is JSON",
          content: {
            "text/event-stream": {
              // one schema per event as a client parses it (RFC: event, data, id, retry)
              schema: z.object({
                event: z.string().optional(),
                data: z.string(),
                id: z.string().optional(),
                retry: z.number().int().optional(),
              }).openapi("SessionStreamEvent"),
            },
          },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const last = c.req.valid("header")["last-event-id"] ?? c.req.valid("query").lastEventId;
      if (!(await sessions.get(id))) {
        throw new ProblemError("notFound", {
          zh: `未找到场次「${id}」`,
          en: `Session "${id}" was not found`,
        });
      }
      // The request's signal goes in with the join: a client gone during the catch-up leaves too.
      const { listener, leave } = await hub.join(
        id,
        last === undefined ? undefined : Number(last),
        c.req.raw.signal,
      );
      const heartbeat = options.heartbeatMs ?? 15_000;
      let first = true;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (first) {
            first = false;
            controller.enqueue(encoder.encode(`retry: 2000\n: joined ${id}\n\n`));
            return;
          }
          // a tick's chunk, the same bytes every listener that is up to date gets (the hub's ticks
          // gather a burst, so nothing lingers here)
          const bytes = await listener.takeChunk(heartbeat);
          if (listener.closed && bytes === null) {
            controller.close();
            return;
          }
          controller.enqueue(bytes ?? ping);
        },
        cancel() {
          leave();
        },
      }, { highWaterMark: 1 });
      return new Response(body, {
        status: 200,
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          "x-accel-buffering": "no",
          connection: "keep-alive",
        },
      }) as never;
    },
  );
}
