/**
 * Channel providers: one interface; a real HTTP webhook provider (Standard Webhooks signatures,
 * SSRF rules at delivery, redirects not followed) and adapters for SMS, WeChat template messages,
 * app push and email that post JSON to a configurable endpoint (the local sink in development).
 */
import type { AttemptOutcome } from "../backoff.ts";
import { parseRetryAfter } from "../backoff.ts";
import { webhookHeaders } from "../signing.ts";
import {
  HostNotResolved,
  resolveWebhookTarget,
  UnsafeUrl,
  type UrlPolicy,
  type WebhookTarget,
} from "../ssrf.ts";
import { pinnedPost } from "./pinned_post.ts";
import type { Language, Message } from "../templates.ts";
import { smsSegments, smsText } from "../templates.ts";

/** One message to one address. */
export interface Outgoing {
  deliveryId: string;
  /** The CloudEvents id of the event: `webhook-id` and the idempotency key. */
  eventId: string;
  eventType: string;
  channel: string;
  /** Phone, openid, token, email; for a webhook, the endpoint's URL. */
  address: string;
  language: Language;
  message: Message;
  /** For webhooks: the body (the CloudEvent) and the secrets to sign it with. */
  webhook?: { body: string; secrets: string[] };
}

/** What a provider call came to. */
export interface SendResult extends AttemptOutcome {
  error?: string;
  segments?: number;
}

/** A push channel. */
export interface ChannelProvider {
  send(m: Outgoing): Promise<SendResult>;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  try {
    const res = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = res.ok ? "" : (await res.text().catch(() => "")).slice(0, 200);
    if (res.ok) await res.body?.cancel().catch(() => {});
    if (res.status >= 300 && res.status < 400) {
      return { status: res.status, error: `redirect to ${res.headers.get("location") ?? "?"} not followed` };
    }
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    return {
      status: res.status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(res.ok ? {} : { error: `HTTP ${res.status}${text ? `: ${text}` : ""}` }),
    };
  } catch (err) {
    const e = err as Error;
    return {
      status: 0,
      error: e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : e.message.slice(0, 200),
    };
  }
}

/** The outcome of one webhook POST to the checked address. */
async function postPinned(
  target: WebhookTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  ca?: string[],
): Promise<SendResult> {
  try {
    const res = await pinnedPost(target.url, {
      address: target.address,
      body,
      headers: { "content-type": "application/json", ...headers },
      timeoutMs,
      ...(ca ? { ca } : {}),
    });
    if (res.status >= 300 && res.status < 400) {
      return { status: res.status, error: `redirect to ${res.headers.location ?? "?"} not followed` };
    }
    const ok = res.status >= 200 && res.status < 300;
    const retryAfterMs = parseRetryAfter(res.headers.retryAfter ?? null);
    return {
      status: res.status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(ok ? {} : { error: `HTTP ${res.status}${res.text ? `: ${res.text}` : ""}` }),
    };
  } catch (err) {
    const e = err as Error;
    return {
      status: 0,
      error: e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String(e.message).slice(0, 200),
    };
  }
}

/**
 * Partner webhooks: the CloudEvent, signed, posted to the endpoint's URL after the SSRF check — connected
 * to the very address the check approved (the name is not resolved again: no DNS rebinding), with TLS
 * verified against the URL's host name. `ca` adds trusted certificates (tests only).
 */
export function webhookProvider(policy: UrlPolicy, timeoutMs: number, ca?: string[]): ChannelProvider {
  return {
    async send(m) {
      let target: WebhookTarget;
      try {
        target = await resolveWebhookTarget(m.address, policy);
      } catch (err) {
        // A host that does not resolve now may resolve later (a DNS outage): a failed attempt, retried.
        if (err instanceof HostNotResolved) return { status: 0, error: `webhook host: ${err.message}` };
        if (err instanceof UnsafeUrl) return { status: 400, error: `refused URL: ${err.message}` };
        throw err;
      }
      const w = m.webhook!;
      const headers = await webhookHeaders(w.secrets, m.eventId, w.body);
      return await postPinned(target, w.body, headers, timeoutMs, ca);
    },
  };
}

/** An adapter that speaks HTTP to a provider endpoint (or the sink) for one person channel. */
export function httpChannelProvider(channel: string, url: string, timeoutMs: number): ChannelProvider {
  return {
    async send(m) {
      const sms = channel === "sms" ? smsText(m.message, m.language) : undefined;
      const segments = sms ? smsSegments(sms).segments : undefined;
      const body = JSON.stringify({
        channel,
        to: m.address,
        language: m.language,
        title: m.message.title,
        body: sms ?? m.message.body,
        eventId: m.eventId,
        eventType: m.eventType,
        deliveryId: m.deliveryId,
        ...(segments ? { segments } : {}),
        ...(channel === "wechat" ? { templateData: { first: m.message.title, remark: m.message.body } } : {}),
      });
      const r = await post(url, body, { "idempotency-key": `${m.eventId}:${m.deliveryId}` }, timeoutMs);
      return segments ? { ...r, segments } : r;
    },
  };
}

/** A channel without a configured endpoint: every attempt fails, visibly. */
export function unconfiguredProvider(channel: string): ChannelProvider {
  return { send: () => Promise.resolve({ status: 0, error: `no provider is configured for ${channel}` }) };
}

/** The providers for every channel from the configuration. */
export function providersFrom(config: {
  NOTIFY_SINK_URL?: string | undefined;
  NOTIFY_SMS_URL?: string | undefined;
  NOTIFY_WECHAT_URL?: string | undefined;
  NOTIFY_APP_PUSH_URL?: string | undefined;
  NOTIFY_EMAIL_URL?: string | undefined;
  WEBHOOK_ALLOW_HTTP: boolean;
  WEBHOOK_ALLOW_HOSTS: string[];
  DELIVERY_TIMEOUT_MS: number;
}): Record<string, ChannelProvider> {
  const sink = config.NOTIFY_SINK_URL?.replace(/\/$/, "");
  const person = (channel: string, own: string | undefined) => {
    const url = own ?? (sink ? `${sink}/${channel}` : undefined);
    return url
      ? httpChannelProvider(channel, url, config.DELIVERY_TIMEOUT_MS)
      : unconfiguredProvider(channel);
  };
  return {
    sms: person("sms", config.NOTIFY_SMS_URL),
    wechat: person("wechat", config.NOTIFY_WECHAT_URL),
    appPush: person("appPush", config.NOTIFY_APP_PUSH_URL),
    email: person("email", config.NOTIFY_EMAIL_URL),
    webhook: webhookProvider(
      {
        allowHttp: config.WEBHOOK_ALLOW_HTTP,
        allowHosts: config.WEBHOOK_ALLOW_HOSTS,
        dnsTimeoutMs: config.DELIVERY_TIMEOUT_MS,
      },
      config.DELIVERY_TIMEOUT_MS,
    ),
  };
}
