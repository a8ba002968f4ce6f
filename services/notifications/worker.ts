import { nanos } from "@nats-io/nats-core";
import { AckPolicy, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import {
  createEvent,
  declareConsumer,
  type EventBus,
  type EventLog,
  publishEvent,
  untilDeclared,
} from "@yibao/events";
import { nextStep } from "./backoff.ts";
import type { ChannelProvider, SendResult } from "./channels/providers.ts";
import { jobsStream, keysOfJob, keysPerJob } from "./jobs.ts";
import { quietUntil } from "./quiet_hours.ts";
import type { Claimed, NotificationsRepository, Outcome } from "./repository.ts";
import type { ChannelInput } from "./schemas.ts";
import { type Language, type Message, type MessageContext, renderMessage, type Style } from "./templates.ts";

/** The durable consumer every replica's worker shares. */
export const workerDurable = "notifications-delivery";

/** Worker settings. */
export interface WorkerOptions {
  instanceId: string;
  log: EventLog;
  claimMs: number;
  concurrency: number;
  scheduleMs: number[];
  jitter: number;
  now?: () => Date;
}

function addressOf(channels: ChannelInput[], channel: string): string | null {
  const c = channels.find((x) => x.type === channel);
  if (!c) return null;
  switch (c.type) {
    case "sms":
      return c.phone;
    case "wechat":
      return c.openId;
    case "appPush":
      return c.token;
    case "email":
      return c.email;
    case "webhook":
      return c.endpointId;
  }
}

/**
 * The body a partner's webhook receives: the CloudEvent as published (its structured `changes` kept;
 * for `policy.version.effective`, which has none, the amendment's `changes` and `summary` added),
 * with `data.message` added — the words a person would read (`language`, `title`, `body`) and the
 * policy's title and summaries — so a partner can show the change without building text from fields.
 * Deterministic, so a repeated attempt sends the same bytes under the same `webhook-id`.
 */
export function webhookBody(
  payload: string,
  context: MessageContext,
  message: Message,
  lang: Language,
): string {
  const event = JSON.parse(payload) as { data?: Record<string, unknown> };
  if (!event.data || typeof event.data !== "object" || !context.eventType.startsWith("policy.")) {
    return payload;
  }
  event.data = {
    ...event.data,
    // policy.version.effective carries no change list: the amendment's, from the graph
    ...(event.data.changes === undefined && context.changes ? { changes: context.changes } : {}),
    ...(event.data.summary === undefined && context.summary ? { summary: context.summary } : {}),
    message: {
      language: lang,
      title: message.title,
      body: message.body,
      ...(context.policyTitle ? { policyTitle: context.policyTitle } : {}),
      ...(context.summary ? { summary: context.summary } : {}),
      ...(context.summaries ? { summaries: context.summaries } : {}),
      ...(context.figures ? { figures: context.figures } : {}),
    },
  };
  return JSON.stringify(event);
}

/** Messages (and webhook bodies) rendered lately, by event, reader and form; the oldest go past the cap. */
const rendered = new Map<string, { message: Message; body: string | undefined }>();
const renderedKept = 256;

/**
 * The message of a claimed delivery, and for a webhook its body. They depend only on the event, the
 * language, the style and the reader's audiences, so the subscribers of one event share a few:
 * rendered once each and kept (the event's texts never change), not parsed and built again for
 * each of 10,000 deliveries. A digest (its bundle is its own) is rendered for itself.
 */
function renderedFor(
  c: Claimed,
  isWebhook: boolean,
  lang: Language,
  style: Style,
  reader: { audiences: string[] },
): { message: Message; body: string | undefined } {
  const event = c.event!;
  const render = () => {
    const context = JSON.parse(event.context) as MessageContext;
    const message = c.bundled.length
      ? renderMessage(
        { eventType: "digest", items: [context, ...c.bundled.map((b) => JSON.parse(b.context))] },
        lang,
        style,
        reader,
      )
      : renderMessage(context, lang, style, reader);
    return { message, body: isWebhook ? webhookBody(event.payload, context, message, lang) : undefined };
  };
  if (c.bundled.length) return render();
  const key = JSON.stringify([c.delivery.eventId, isWebhook, lang, style, reader.audiences]);
  let r = rendered.get(key);
  if (!r) {
    r = render();
    rendered.set(key, r);
    while (rendered.size > renderedKept) rendered.delete(rendered.keys().next().value!);
  }
  return r;
}

/**
 * Decides and performs one claimed delivery: skipped when the subscriber opted out since, deferred
 * in quiet hours, dead without an address or endpoint, otherwise sent through the channel's provider
 * and judged by {@linkcode nextStep}. Returns the outcome of it and of any digest items it carried.
 */
export async function deliverOne(
  c: Claimed,
  providers: Record<string, ChannelProvider>,
  options: Pick<WorkerOptions, "scheduleMs" | "jitter" | "now">,
): Promise<{ outcomes: Outcome[]; disableEndpoint?: string }> {
  const now = (options.now ?? (() => new Date()))();
  const d = c.delivery;
  const all = (o: Omit<Outcome, "key">): Outcome[] =>
    [d.key, ...c.bundled.map((b) => b.key)].map((key) => ({ key, ...o }));
  const final = (status: Outcome["status"], lastError: string | null) =>
    all({ status, dueAt: null, lastError, lastStatus: null, attempted: 0, sentAt: null, segments: null });
  const s = c.subscriber;
  if (!s) return { outcomes: final("dead", "the subscriber was erased") };
  const channels = JSON.parse(s.channels) as ChannelInput[];
  const address = addressOf(channels, d.channel);
  if (!address || (s.optOutChannels ?? []).includes(d.channel)) {
    return { outcomes: final("skipped", "the subscriber no longer uses this channel") };
  }
  const quiet = s.quietStart && s.quietEnd
    ? quietUntil(now, { start: s.quietStart, end: s.quietEnd, timeZone: s.timeZone ?? "Asia/Shanghai" })
    : null;
  if (quiet) {
    return {
      outcomes: all({
        status: "deferred",
        dueAt: quiet.getTime(),
        lastError: null,
        lastStatus: null,
        attempted: 0,
        sentAt: null,
        segments: null,
      }),
    };
  }
  if (!c.event) return { outcomes: final("dead", "the event is missing") };
  let destination = address;
  const lang = (s.language === "en" ? "en" : "zh-CN") as Language;
  const style = s.elderFriendly ? "elderFriendly" : "plain";
  const reader = { audiences: s.audiences ?? [] };
  const { message, body } = renderedFor(c, d.channel === "webhook", lang, style, reader);
  let webhook: { body: string; secrets: string[] } | undefined;
  if (d.channel === "webhook") {
    const w = c.endpoint;
    if (!w) return { outcomes: final("dead", "the webhook endpoint was deleted") };
    if (w.status !== "active") return { outcomes: final("dead", "the webhook endpoint is disabled") };
    destination = w.url;
    const secrets = [w.secret];
    if (w.previousSecret && (w.previousSecretUntil ?? 0) > now.getTime()) secrets.push(w.previousSecret);
    webhook = { body: body!, secrets };
  }
  const provider = providers[d.channel];
  const result: SendResult = provider
    ? await sendGuarded(provider, {
      deliveryId: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      channel: d.channel,
      address: destination,
      language: lang,
      message,
      ...(webhook ? { webhook } : {}),
    })
    : { status: 0, error: `no provider for channel ${d.channel}` };
  // Delays (and Retry-After) count from the answer, not from when the attempt began.
  const answeredAt = (options.now ?? (() => new Date()))().getTime();
  const step = nextStep(result, (d.tries ?? 0) + 1, options);
  const base = { lastStatus: result.status || null, attempted: 1, segments: result.segments ?? null };
  if (step.kind === "sent") {
    return {
      outcomes: all({ ...base, status: "sent", dueAt: null, lastError: null, sentAt: now.getTime() }),
    };
  }
  if (step.kind === "retry") {
    return {
      outcomes: all({
        ...base,
        status: "failed",
        dueAt: answeredAt + step.delayMs,
        lastError: result.error ?? null,
        sentAt: null,
      }),
    };
  }
  return {
    outcomes: all({ ...base, status: "dead", dueAt: null, lastError: result.error ?? null, sentAt: null }),
    // A 410 disables a partner's webhook endpoint; a 410 from a person channel (a stale push token)
    // ends only this delivery.
    ...(step.disableEndpoint && d.channel === "webhook" && c.endpoint
      ? { disableEndpoint: c.endpoint.id }
      : {}),
  };
}

/** A provider's send; a thrown error is a failed attempt (status 0, retried), never a lost batch. */
async function sendGuarded(
  provider: ChannelProvider,
  msg: Parameters<ChannelProvider["send"]>[0],
): Promise<SendResult> {
  try {
    return await provider.send(msg);
  } catch (err) {
    return { status: 0, error: `the provider failed: ${String(err)}` };
  }
}

/** The outcome of a claimed delivery whose handling threw: a failed attempt, retried on the schedule. */
function crashedOutcomes(
  c: Claimed,
  err: unknown,
  options: Pick<WorkerOptions, "scheduleMs" | "jitter" | "now">,
): { outcomes: Outcome[] } {
  const now = (options.now ?? (() => new Date()))().getTime();
  const step = nextStep({ status: 0 }, (c.delivery.tries ?? 0) + 1, options);
  const base = {
    lastError: `delivery failed before sending: ${String(err)}`,
    lastStatus: null,
    attempted: 1,
    sentAt: null,
    segments: null,
  };
  const o = step.kind === "retry"
    ? { ...base, status: "failed" as const, dueAt: now + step.delayMs }
    : { ...base, status: "dead" as const, dueAt: null };
  return { outcomes: [c.delivery.key, ...c.bundled.map((b) => b.key)].map((key) => ({ key, ...o })) };
}

/** Runs `f`, trying twice more after a short pause when it throws (a write of results already sent). */
async function persistently<T>(f: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await f();
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Keys one lane claims, sends and records at most: one transaction each for claim and record. */
export const maxBatchKeys = 200;

/**
 * How a worker with `concurrency` provider calls in flight works: lanes that each claim, send, record
 * and ack a batch of keys (job messages while the batch stays within `batchKeys`), `lanes × batchKeys`
 * never more than `concurrency`, so every claimed delivery is sent at once (none waits for a free call
 * while its claim runs out; below a `concurrency` of 100 a lane may hold one whole job message of up
 * to 50 keys, more than its share). Each claim and each record is one Neo4j transaction, whose fixed cost
 * (about 7–8 ms of Neo4j CPU on our machine, measured) was most of a small batch's: batches of 200 keys
 * cost Neo4j less than half the CPU that batches of 50 did. Two lanes at least, so one sends while
 * the other waits on Neo4j.
 */
export function workerShape(concurrency: number): { lanes: number; batchKeys: number } {
  const batchKeys = Math.min(maxBatchKeys, Math.max(1, Math.floor(concurrency / 2)));
  return { lanes: Math.min(16, Math.max(1, Math.floor(concurrency / batchKeys))), batchKeys };
}

/**
 * Pulls delivery jobs from the work queue (every replica shares the durable consumer), claims them
 * in batches in Neo4j, sends in parallel, records the outcomes and only then acks. A job whose
 * delivery is already final or held by another worker is acked without sending.
 */
export async function startDeliveryWorker(
  bus: EventBus,
  repo: NotificationsRepository,
  providers: Record<string, ChannelProvider>,
  options: WorkerOptions,
): Promise<{ stop(): Promise<void> }> {
  const cfg = {
    durable_name: workerDurable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.claimMs),
    max_deliver: -1,
    max_ack_pending: 20_000,
  };
  await declareConsumer(bus, jobsStream, cfg, {}, { log: options.log });
  const consumer = await untilDeclared(
    `consumer ${workerDurable} on ${jobsStream}`,
    () => bus.js.consumers.get(jobsStream, workerDurable),
    { log: options.log },
  );
  const { lanes, batchKeys: batchSize } = workerShape(options.concurrency);
  const queue: JsMsg[] = [];
  let running = 0;
  let stopping = false;
  let messages: ConsumerMessages | undefined;
  const idle: (() => void)[] = [];

  function pump(): void {
    while (running < lanes && queue.length) {
      // job messages while the batch stays within its keys (a message carries up to keysPerJob and
      // is never split: a batch has one message at least)
      let keys = 0;
      let n = 0;
      while (n < queue.length) {
        const more = keysOfJob(queue[n]!.string()).length;
        if (n > 0 && keys + more > batchSize) break;
        keys += more;
        n++;
      }
      const batch = queue.splice(0, n);
      running++;
      void processBatch(batch).finally(() => {
        running--;
        if (running === 0 && !queue.length) idle.splice(0).forEach((r) => r());
        pump();
      });
    }
  }

  async function processBatch(batch: JsMsg[]): Promise<void> {
    try {
      const keys = [...new Set(batch.flatMap((m) => keysOfJob(m.string())))];
      const claimed = await repo.claim(keys, options.instanceId, options.claimMs);
      // One delivery's error must not fail the batch: the others were sent and are recorded.
      const settled = await Promise.allSettled(claimed.map((c) => deliverOne(c, providers, options)));
      const results: { outcomes: Outcome[]; disableEndpoint?: string }[] = settled.map((r, i) =>
        r.status === "fulfilled" ? r.value : crashedOutcomes(claimed[i]!, r.reason, options)
      );
      await persistently(() => repo.record(results.flatMap((r) => r.outcomes), options.instanceId));
      const gone = results.map((r) => r.disableEndpoint).filter((x): x is string => !!x);
      await repo.disableEndpoints([...new Set(gone)], "the endpoint answered 410 Gone");
      await announceDead(claimed, results.map((r) => r.outcomes[0]!));
      for (const m of batch) m.ack();
    } catch (err) {
      options.log.warn("delivery batch failed; jobs will be redelivered", {
        error: String(err),
        jobs: batch.length,
      });
      for (const m of batch) m.nak(1_000);
    }
  }

  /** `notification.failed` for each delivery that just went dead, so operators' tools hear of it (best effort). */
  async function announceDead(claimed: Claimed[], firsts: Outcome[]): Promise<void> {
    await Promise.all(claimed.map(async (c, i) => {
      const o = firsts[i]!;
      if (o.status !== "dead") return;
      const d = c.delivery;
      await publishEvent(
        bus,
        createEvent({
          id: `notification.failed:${d.id}:${(d.tries ?? 0) + o.attempted}`,
          type: "notification.failed",
          source: "/services/notifications",
          subject: d.id,
          data: {
            deliveryId: d.id,
            eventId: d.eventId,
            eventType: d.eventType,
            channel: d.channel,
            lastStatus: o.lastStatus,
            error: o.lastError,
            ...(c.bundled.length ? { digestKeys: c.bundled.map((b) => b.key) } : {}),
          },
        }),
      ).catch((err) =>
        options.log.warn("notification.failed not published", { deliveryId: d.id, error: String(err) })
      );
    }));
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        // the keys of the lanes and two batches more: enough to keep them busy, few enough to
        // start well within the ack wait
        messages = await consumer.consume({
          max_messages: Math.max(4, Math.ceil(((lanes + 2) * batchSize) / keysPerJob)),
        });
        for await (const m of messages) {
          queue.push(m);
          pump();
          if (stopping) break;
        }
      } catch (err) {
        if (stopping) break;
        options.log.warn("delivery worker restarting", { error: String(err) });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      await messages?.close().catch(() => {});
      await loop;
      // jobs pulled but not started go back at once; those in flight finish and ack
      for (const m of queue.splice(0)) m.nak();
      if (running) await new Promise<void>((r) => idle.push(r));
    },
  };
}
