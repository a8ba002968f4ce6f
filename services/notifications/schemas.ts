import { z } from "@hono/zod-openapi";
import {
  audienceIdSchema,
  channelSchema,
  policyIdSchema,
  regionCodeSchema,
  topicIdSchema,
} from "@yibao/domain";
import { isTimeZone } from "./quiet_hours.ts";
import { languages, templatedEventTypes } from "./templates.ts";

/** A Chinese mobile number, `+86` optional; stored as `+86` and 11 digits. */
export const phoneSchema = z.string().trim()
  .regex(/^(?:\+?86[ -]?)?1[3-9]\d{9}$/, "must be a mainland China mobile number (11 digits starting 13–19)")
  .transform((v) => `+86${v.replace(/\D/g, "").slice(-11)}`)
  .openapi({ example: "+8613800138000" });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");

/** One channel of a subscriber, with its address. */
export const channelInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("sms"), phone: phoneSchema }),
  z.object({
    type: z.literal("wechat"),
    openId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "must be a WeChat openid"),
  }),
  z.object({ type: z.literal("appPush"), token: z.string().min(8).max(4_096) }),
  z.object({ type: z.literal("email"), email: z.email().max(254) }),
  z.object({
    type: z.literal("webhook"),
    endpointId: z.string().regex(/^whe_[a-z0-9-]{8,64}$/, "must be a webhook endpoint id"),
  }),
]).openapi("SubscriberChannel");

/** A subscriber's channel. */
export type ChannelInput = z.infer<typeof channelInput>;

const eventTypeSchema = z.enum(templatedEventTypes as [string, ...string[]]);

/** The fields a subscriber states about themselves (not registered: the two schemas below extend it). */
const subscriberFields = z.object({
  kind: z.enum(["person", "partnerApp"]).default("person"),
  name: z.string().trim().min(1).max(100).optional(),
  channels: z.array(channelInput).min(1).max(5).refine(
    (cs) => new Set(cs.map((c) => c.type)).size === cs.length,
    "one address per channel type",
  ),
  audiences: z.array(audienceIdSchema).max(20).default([]).openapi({
    description: "受众；空表示全部 / The audiences they belong to; empty means every audience",
  }),
  homeRegion: regionCodeSchema.optional(),
  follows: z.object({
    policies: z.array(policyIdSchema).max(200).default([]),
    topics: z.array(topicIdSchema).max(100).default([]),
    regions: z.array(regionCodeSchema).max(100).default([]),
  }).default({ policies: [], topics: [], regions: [] }),
  language: z.enum(languages).default("zh-CN"),
  elderFriendly: z.boolean().default(false),
  quietHours: z.object({
    start: hhmm,
    end: hhmm,
    timeZone: z.string().max(64).refine(isTimeZone, "must be an IANA time zone").default("Asia/Shanghai"),
  }).nullable().optional(),
  optOut: z.object({
    channels: z.array(channelSchema).max(5).default([]),
    topics: z.array(topicIdSchema).max(100).default([]),
  }).default({ channels: [], topics: [] }),
  digest: z.boolean().default(false).openapi({
    description:
      "把一段时间内的多条变化合并为一条 / Batch several changes within the digest window into one message",
  }),
});

/** Everything a subscriber states about themselves; PATCH takes any part of it. */
export const subscriberBody = subscriberFields.strict().openapi("NewSubscriber");

/** A parsed subscriber body. */
export type SubscriberInput = z.infer<typeof subscriberBody>;

/**
 * A subscriber as the API shows it: the stated fields with its id and times. Built from the same fields
 * as `NewSubscriber`, not by extending that closed schema (which the OpenAPI generator writes as an
 * `allOf` of two objects with `additionalProperties: false`: a schema nothing can satisfy).
 */
export const subscriberSchema = subscriberFields.extend({
  channels: z.array(channelInput).max(5).openapi({
    description:
      "渠道；删除其唯一的 webhook 端点后可以为空 / Channels; empty once the only webhook endpoint it used is deleted",
  }),
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("Subscriber");

/** A subscriber as the API shows it. */
export type Subscriber = z.infer<typeof subscriberSchema>;

export const idParam = (prefix: string) =>
  z.object({
    id: z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9-]{8,64}$`), `must be a ${prefix}_ id`).openapi({
      param: { name: "id", in: "path" },
    }),
  });

export const pageQuery = z.object({
  after: z.string().max(100).optional().openapi({
    description: "分页：上一页最后一个 id / Page after this id",
  }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const endpointBody = z.object({
  url: z.string().max(2_000).openapi({ example: "https://partner.example.com/hooks/yibao" }),
  eventTypes: z.array(eventTypeSchema).max(10).default([]).openapi({
    description: "只推送这些事件；空表示全部 / Only these event types; empty means all",
  }),
  description: z.string().max(500).optional(),
}).strict().openapi("NewWebhookEndpoint");

export const endpointPatch = z.object({
  url: z.string().max(2_000).optional(),
  eventTypes: z.array(eventTypeSchema).max(10).optional(),
  description: z.string().max(500).optional(),
  status: z.enum(["active", "disabled"]).optional().openapi({
    description: "重新启用被 410 停用的端点 / Re-enable an endpoint disabled by a 410",
  }),
}).strict().openapi("WebhookEndpointPatch");

export const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  secret: z.string().optional().openapi({
    description: "签名密钥，仅在创建和轮换时返回 / The signing secret, shown only on creation and rotation",
  }),
}).openapi("WebhookEndpoint");

export const deliveryStatuses = ["pending", "deferred", "sent", "failed", "dead", "skipped"] as const;

export const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  subscriberId: z.string().nullable(),
  channel: channelSchema,
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  dueAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  digest: z.boolean(),
  segments: z.number().int().nullable().openapi({ description: "短信条数 / SMS segments billed" }),
}).openapi("Delivery");
