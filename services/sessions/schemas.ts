/** The sessions API's shapes (zod, so the OpenAPI description is generated from them). */
import { z } from "@hono/zod-openapi";
import { audienceIdSchema, policyIdSchema, regionCodeSchema, topicIdSchema } from "@yibao/domain";
import { defaultTimeZone, isTimeZone } from "@yibao/domain";

/** Streaming platforms a session can go out on. */
export const streamPlatforms = ["app", "wechatChannels", "douyin", "kuaishou", "bilibili", "weibo"] as const;

const timeZoneSchema = z.string().max(64).refine(
  isTimeZone,
  "must be an IANA time zone such as Asia/Shanghai",
)
  .openapi({ example: "Asia/Shanghai" });
const instant = z.iso.datetime({ offset: true }).openapi({ example: "2026-12-02T19:30:00+08:00" });
const httpsUrl = z.url({ protocol: /^https?$/ }).max(500);
const hostSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, dot, dash, underscore"),
  name: z.string().trim().min(1).max(60),
});

/** A session id. */
export const sessionIdSchema = z.string().regex(/^ses-[a-z0-9-]{8,40}$/, "a session id (ses-…)");
/** A question id. */
export const questionIdSchema = z.string().regex(/^q-[a-z0-9-]{8,40}$/, "a question id (q-…)");

/** POST /v1/sessions */
export const newSessionBody = z.object({
  title: z.string().trim().min(2).max(120),
  description: z.string().trim().max(2000).default(""),
  host: hostSchema.optional().openapi({ description: "Defaults to the caller (a host token)" }),
  startsAt: instant,
  durationMinutes: z.number().int().min(5).max(600).optional(),
  endsAt: instant.optional().openapi({ description: "Instead of durationMinutes" }),
  timeZone: timeZoneSchema.default(defaultTimeZone),
  channel: z.enum(streamPlatforms),
  channelAccount: z.string().trim().min(1).max(80).openapi({ description: "The account streamed from" }),
  streamUrl: httpsUrl.optional(),
  capacity: z.number().int().min(1).max(100_000_000).optional(),
  recurrence: z.string().max(300).optional().openapi({
    description: "An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=WE;COUNT=8",
  }),
  policies: z.array(policyIdSchema).max(20).default([]),
  topics: z.array(topicIdSchema).max(20).default([]),
  audiences: z.array(audienceIdSchema).max(20).default([]),
  region: regionCodeSchema,
  requiresReview: z.boolean().default(false),
}).openapi("NewSession");

/** PATCH /v1/sessions/{id}: any of the fields, or one occurrence moved. */
export const sessionPatch = z.object({
  title: z.string().trim().min(2).max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  host: hostSchema.optional(),
  startsAt: instant.optional(),
  durationMinutes: z.number().int().min(5).max(600).optional(),
  endsAt: instant.optional(),
  timeZone: timeZoneSchema.optional(),
  channel: z.enum(streamPlatforms).optional(),
  channelAccount: z.string().trim().min(1).max(80).optional(),
  streamUrl: httpsUrl.nullable().optional(),
  capacity: z.number().int().min(1).max(100_000_000).nullable().optional(),
  recurrence: z.string().max(300).nullable().optional(),
  policies: z.array(policyIdSchema).max(20).optional(),
  topics: z.array(topicIdSchema).max(20).optional(),
  audiences: z.array(audienceIdSchema).max(20).optional(),
  region: regionCodeSchema.optional(),
  requiresReview: z.boolean().optional(),
  replayUrl: httpsUrl.nullable().optional(),
  transcript: z.string().max(200_000).nullable().optional(),
  needsRebrief: z.literal(false).optional().openapi({
    description: "The host has read the rebrief: clears the flag",
  }),
  occurrence: z.object({
    originalStart: instant.openapi({ description: "Where the rule puts the occurrence" }),
    startsAt: instant.openapi({ description: "Where it moves to" }),
  }).optional().openapi({ description: "Moves one occurrence of a recurring session" }),
}).strict().openapi("SessionPatch");

/** POST /v1/sessions/{id}/cancel */
export const cancelBody = z.object({
  reason: z.string().trim().max(500).optional(),
  occurrenceStart: instant.optional().openapi({ description: "Cancels only this occurrence" }),
}).openapi("CancelSession");

const occurrenceSchema = z.object({
  originalStart: z.string(),
  startsAt: z.string(),
  startsAtLocal: z.string(),
  endsAt: z.string(),
  moved: z.boolean(),
  cancelled: z.boolean(),
});

/** A session as the API shows it. */
export const sessionSchema = z.object({
  id: z.string(),
  joinCode: z.string().nullable().openapi({
    description: "Six digits (1–9) the audience types to join; null for sessions scheduled before join codes",
  }),
  title: z.string(),
  description: z.string(),
  host: hostSchema,
  startsAt: z.string().openapi({ description: "UTC instant of the (first) start" }),
  startsAtLocal: z.string().openapi({ description: "The same instant in the session's zone" }),
  endsAt: z.string(),
  durationMinutes: z.number(),
  timeZone: z.string(),
  channel: z.enum(streamPlatforms),
  channelAccount: z.string(),
  streamUrl: z.string().nullable(),
  capacity: z.number().nullable(),
  recurrence: z.string().nullable(),
  exceptions: z.array(z.object({
    originalStart: z.string(),
    startsAt: z.string().optional(),
    cancelled: z.boolean().optional(),
  })),
  lastEndsAt: z.string().nullable().openapi({
    description: "End of the last occurrence; null when it never ends",
  }),
  status: z.enum(["scheduled", "cancelled"]),
  sequence: z.number().openapi({ description: "Bumped on every change (iCalendar SEQUENCE, ETag)" }),
  requiresReview: z.boolean(),
  needsRebrief: z.boolean(),
  rebriefs: z.array(z.object({
    amendmentId: z.string(),
    policyId: z.string(),
    version: z.number().nullable(),
    summary: z.string(),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    flaggedAt: z.string(),
  })),
  replayUrl: z.string().nullable(),
  transcript: z.string().nullable(),
  policies: z.array(z.string()),
  topics: z.array(z.string()),
  audiences: z.array(z.string()),
  region: z.object({ code: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  occurrences: z.array(occurrenceSchema).optional().openapi({
    description: "In listings: the occurrences inside the range asked for",
  }),
}).openapi("LiveSession");

/** Filters of the listing and the feed. */
export const listQuery = z.object({
  from: instant.optional().openapi({ description: "Default: now" }),
  to: instant.optional().openapi({ description: "Default: 90 days after from" }),
  topic: topicIdSchema.optional(),
  region: regionCodeSchema.optional().openapi({
    description: "Sessions in this region or any region above it",
  }),
  audience: audienceIdSchema.optional(),
  host: z.string().max(64).optional(),
  includeCancelled: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** The path parameter of a session. */
export const sessionIdParam = z.object({
  id: sessionIdSchema.openapi({ param: { name: "id", in: "path" } }),
});
/** The path parameter of a question. */
export const questionIdParam = z.object({
  id: questionIdSchema.openapi({ param: { name: "id", in: "path" } }),
});
