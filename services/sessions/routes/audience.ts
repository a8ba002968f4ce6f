/**
 * Audience identity: signed tokens issued here (`POST /v1/audience-tokens`, rate-limited per client
 * address), the check every audience endpoint makes of the `X-Client-Token` header, and an audience
 * member's own questions and votes.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Graph } from "@yibao/graph";
import { ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import { issueAudienceToken, verifyAudienceToken } from "../audience_token.ts";
import { clientAddress } from "../client_address.ts";
import { RateLimited } from "../errors.ts";
import { minuteWindow } from "../minute_window.ts";
import { asProblem } from "../problems.ts";
import {
  type AudienceMember,
  clientKey,
  publicView,
  type QuestionRepository,
  takeRate,
} from "../question_repository.ts";
import { sessionIdParam } from "../schemas.ts";
import { openSecurity } from "./_access.ts";

/** What the audience endpoints need to know. */
export interface AudienceSettings {
  secret: string;
  ttlSeconds: number;
  tokensPerAddressPerMinute: number;
  trustedProxies: string[];
}

/** The header every audience endpoint reads (documented in OpenAPI). */
export const audienceTokenHeader = z.object({
  "x-client-token": z.string().max(200).optional().openapi({
    description: "A signed audience token from POST /v1/audience-tokens (required)",
  }),
});

/** The client address of a request (the peer, or X-Forwarded-For behind a trusted proxy). */
export function addressOf(c: Context, trusted: ReadonlySet<string>): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch { /* in-process requests have no connection */ }
  return clientAddress(peer, c.req.header("x-forwarded-for"), trusted);
}

/** Builds the check of `X-Client-Token`: a signed, unexpired token, or 401 naming the header. */
export function audienceIdentity(settings: AudienceSettings): (c: Context) => Promise<AudienceMember> {
  const trusted = new Set(settings.trustedProxies);
  return async (c) => {
    const raw = c.req.header("x-client-token");
    const verdict = raw ? await verifyAudienceToken(settings.secret, raw) : "missing";
    if (typeof verdict === "string") {
      const why = {
        missing: { zh: "缺少观众身份", en: "is missing" },
        malformed: { zh: "观众身份格式不对", en: "is not an audience token issued by this service" },
        forged: { zh: "观众身份无效", en: "has an invalid signature" },
        expired: { zh: "观众身份已过期，请重新进入页面", en: "has expired; get a new one" },
      }[verdict];
      throw new ProblemError("unauthorized", {
        zh: `${why.zh}：请先领取观众身份（POST /v1/audience-tokens），放在 X-Client-Token 请求头中`,
        en:
          `X-Client-Token ${why.en}: send a token from POST /v1/audience-tokens in the X-Client-Token header`,
      }, { errors: [{ path: "header.x-client-token", message: why.en }] });
    }
    return { key: await clientKey(verdict.id), address: addressOf(c, trusted) };
  };
}

const mineSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      status: z.string(),
      askerName: z.string().nullable(),
      votes: z.number(),
      answer: z.string().nullable(),
      createdAt: z.string(),
    }).passthrough(),
  ),
  voted: z.array(z.string()).openapi({ description: "Questions of the session this token voted for" }),
});

/** Registers the token endpoint and the audience member's own view. */
export function registerAudienceRoutes(
  app: ServiceApp,
  deps: { graph: Graph; questions: QuestionRepository; identify: (c: Context) => Promise<AudienceMember> },
  settings: AudienceSettings,
): void {
  const trusted = new Set(settings.trustedProxies);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/audience-tokens",
      operationId: "postAudienceTokens",
      tags: ["audience"],
      summary: "领取观众身份 / Get an audience token",
      description:
        "Open, no account: an HMAC-signed token (id, issued-at, expiry) to send as X-Client-Token when " +
        "asking and voting. Rate-limited per client address (429 with Retry-After).",
      security: openSecurity,
      responses: {
        201: {
          description: "The token",
          content: {
            "application/json": {
              schema: z.object({ token: z.string(), expiresAt: z.string(), issuedAt: z.string() })
                .openapi("AudienceToken"),
            },
          },
        },
        ...problemResponses(429),
      },
    }),
    async (c) => {
      const address = addressOf(c, trusted);
      const now = Date.now();
      const { window, retryAfter, expiresAt } = minuteWindow(now);
      const within = await deps.graph.write((tx) =>
        takeRate(tx, `tokens:${address}:${window}`, settings.tokensPerAddressPerMinute, expiresAt)
      );
      if (!within) asProblem(new RateLimited("tokens", retryAfter));
      const t = await issueAudienceToken(settings.secret, { ttlSeconds: settings.ttlSeconds, now });
      return c.json({
        token: t.token,
        issuedAt: new Date(t.issuedAt * 1000).toISOString(),
        expiresAt: new Date(t.expiresAt * 1000).toISOString(),
      }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/questions/mine",
      operationId: "getSessionsByIdQuestionsMine",
      tags: ["audience"],
      summary: "我的提问 / My questions and votes",
      description:
        "The token holder's own questions in the session, in any status, and the questions they voted for.",
      security: openSecurity,
      request: { params: sessionIdParam, headers: audienceTokenHeader },
      responses: {
        200: { description: "Mine", content: { "application/json": { schema: mineSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const me = await deps.identify(c);
      const r = await deps.questions.mine(id, me.key).catch(asProblem);
      return c.json({ items: r.items.map(publicView), voted: r.voted }, 200);
    },
  );
}
