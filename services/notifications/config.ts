import { z } from "zod";

const flag = z.enum(["true", "false"]).default("false").transform((v) => v === "true");
const optionalUrl = z.url().optional();
const list = z.string().default("").transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

/**
 * The notifications service's own variables. Channel providers default to `NOTIFY_SINK_URL` (the
 * local sink in development and tests); none carries a credential.
 */
export const notificationsEnvSchema = z.object({
  /** Base URL of the local sink; each channel without its own URL posts to `<sink>/<channel>`. */
  NOTIFY_SINK_URL: optionalUrl,
  NOTIFY_SMS_URL: optionalUrl,
  NOTIFY_WECHAT_URL: optionalUrl,
  NOTIFY_APP_PUSH_URL: optionalUrl,
  NOTIFY_EMAIL_URL: optionalUrl,
  /** Accept `http:` webhook URLs (development and tests only). */
  WEBHOOK_ALLOW_HTTP: flag,
  /** Hosts (names or addresses) accepted although they resolve to loopback or private addresses. */
  WEBHOOK_ALLOW_HOSTS: list,
  /** Attempts in all, the first immediate: delays before attempts 2, 3, … in ms (Standard Webhooks' schedule). */
  DELIVERY_RETRY_SCHEDULE_MS: z.string().default("5000,300000,1800000,7200000,18000000,36000000,36000000")
    .transform((v, ctx) => {
      const xs = v.split(",").map((s) => Number(s.trim()));
      if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 0)) {
        ctx.addIssue({ code: "custom", message: "a comma-separated list of whole milliseconds" });
        return z.NEVER;
      }
      return xs;
    }),
  /** ± this share of each delay is random, so retries of many deliveries spread out. */
  DELIVERY_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  /** How long a worker holds a claimed delivery (and JetStream waits for its ack). */
  DELIVERY_CLAIM_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** One provider call's time limit. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Provider calls in flight per instance. */
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(4).max(1_000).default(400),
  /** How often each instance looks for due deferred and retried deliveries. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  /** A digest collects a subscriber's changes for this long before sending one message. */
  DIGEST_WINDOW_MS: z.coerce.number().int().min(1_000).max(7 * 86_400_000).default(3_600_000),
}).superRefine((c, ctx) => {
  // A send (the DNS lookup and the provider call, each limited to DELIVERY_TIMEOUT_MS) must end
  // inside its claim, or the scheduler would hand the delivery to another worker while the first
  // is still sending it.
  if (c.DELIVERY_CLAIM_MS <= 2 * c.DELIVERY_TIMEOUT_MS) {
    ctx.addIssue({
      code: "custom",
      path: ["DELIVERY_CLAIM_MS"],
      message: `must be more than twice DELIVERY_TIMEOUT_MS (${2 * c.DELIVERY_TIMEOUT_MS} ms)`,
    });
  }
});

/** The parsed variables. */
export type NotificationsConfig = z.infer<typeof notificationsEnvSchema>;
