import type { CloudEvent, EventBus, EventLog } from "@yibao/events";
import { publishJobs } from "./jobs.ts";
import type { NewDelivery, NotificationsRepository, Target } from "./repository.ts";
import { policyTimeZone } from "@yibao/domain";
import { figureLines } from "./change_words.ts";
import { type MessageContext, templatedEventTypes } from "./templates.ts";

/** What an event concerns, and what its messages say. */
export interface EventPlan {
  policyIds: string[];
  topicIds: string[];
  regionCodes: string[];
  audiences: string[];
  context: MessageContext;
  policyId: string | null;
  amendmentId: string | null;
  sessionId: string | null;
  /**
   * The notice an amendment event's deliveries belong to: the publication's (the amendment id) for
   * `policy.amendment.published`, and for `policy.version.effective` when the version took effect on
   * the day it was published (the publication's message already said so); null otherwise.
   */
  notice: string | null;
}

/**
 * Which notice an event's messages are, so a subscriber hears once per amendment and channel: the
 * publication's, unless the version takes effect on a later day than it was published (then the
 * day it takes effect is a second message). Days are Asia/Shanghai calendar days.
 */
export function noticeOf(
  eventType: string,
  amendmentId: string | null,
  effectiveFrom: string | null,
  publishedAt: string | null,
): string | null {
  if (!amendmentId) return null;
  if (eventType === "policy.amendment.published") return amendmentId;
  if (eventType !== "policy.version.effective" || !effectiveFrom || !publishedAt) return null;
  const published = new Date(publishedAt);
  if (Number.isNaN(published.getTime())) return null;
  const publishedDay = published.toLocaleDateString("en-CA", { timeZone: policyTimeZone });
  return effectiveFrom <= publishedDay ? amendmentId : null;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/**
 * Chooses the deliveries for the targets: one per channel the subscriber has and has not opted out
 * of; a webhook only to an active endpoint that takes this event type. A digest subscriber's
 * person channels wait for the digest window; webhooks never do.
 */
export function chooseDeliveries(
  eventId: string,
  eventType: string,
  targets: Target[],
  options: { now: number; digestWindowMs: number; newId?: () => string; notice?: string | null },
): NewDelivery[] {
  const newId = options.newId ?? (() => `dlv_${crypto.randomUUID()}`);
  const rows: NewDelivery[] = [];
  for (const t of targets) {
    for (const channel of t.channels) {
      if (t.optOutChannels.includes(channel)) continue;
      if (channel === "webhook") {
        if (t.endpointStatus !== "active") continue;
        if (t.endpointEventTypes?.length && !t.endpointEventTypes.includes(eventType)) continue;
      }
      const digest = t.digest && channel !== "webhook";
      rows.push({
        key: `${eventId}|${t.id}|${channel}`,
        noticeKey: options.notice ? `${options.notice}|${t.id}|${channel}` : null,
        id: newId(),
        subscriberId: t.id,
        channel,
        status: digest ? "deferred" : "pending",
        dueAt: digest ? options.now + options.digestWindowMs : options.now,
        digest,
      });
    }
  }
  return rows;
}

/** Handles the events this service pushes: targets, deliveries (exactly one per subscriber and channel), jobs. */
export function fanOutHandler(
  repo: NotificationsRepository,
  bus: EventBus,
  options: { log: EventLog; digestWindowMs: number },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    if (!templatedEventTypes.includes(event.type)) return;
    const started = performance.now();
    const plan = await planOf(repo, event);
    const seenBefore = await repo.upsertEvent({
      id: event.id,
      type: event.type,
      policyId: plan.policyId,
      amendmentId: plan.amendmentId,
      sessionId: plan.sessionId,
      context: JSON.stringify(plan.context),
      payload: JSON.stringify(event),
    });
    const targets = await repo.targets(plan);
    const targeted = performance.now();
    const rows = chooseDeliveries(event.id, event.type, targets, {
      now: Date.now(),
      digestWindowMs: options.digestWindowMs,
      notice: plan.notice,
    });
    // each batch's jobs go out as soon as the batch is committed (a job never precedes its delivery)
    const meta = { id: event.id, type: event.type, amendmentId: plan.amendmentId, policyId: plan.policyId };
    // Rows of a notice another event already gave this subscriber and channel create nothing:
    // only this event's own deliveries get jobs and count.
    const own = await repo.createDeliveries(
      meta,
      rows,
      (batch) => publishJobs(bus, batch.filter((r) => r.status === "pending")),
    );
    const created = performance.now();
    // a redelivered event (a crash mid-way): every delivery still pending gets its job again; the
    // first job of a key has the key as Nats-Msg-Id, so one already stored is not stored twice
    let republished = 0;
    if (seenBefore) {
      const pending = await repo.pendingKeys(event.id);
      await publishJobs(bus, pending);
      republished = pending.length;
    }
    await repo.markFannedOut(event.id, targets.length, own);
    options.log.info("event fanned out", {
      eventId: event.id,
      type: event.type,
      subscribers: targets.length,
      deliveries: own,
      alreadyNotified: rows.length - own,
      republished,
      targetMs: Math.round(targeted - started),
      createMs: Math.round(created - targeted),
      totalMs: Math.round(performance.now() - started),
    });
  };
}

async function planOf(repo: NotificationsRepository, event: CloudEvent): Promise<EventPlan> {
  const d = (event.data ?? {}) as Record<string, unknown>;
  if (event.type.startsWith("policy.")) {
    const policyId = String(d.policyId);
    const amendmentId = typeof d.amendmentId === "string" ? d.amendmentId : null;
    const facts = await repo.policyFacts(policyId, {
      version: typeof d.version === "number" ? d.version : null,
      amendmentId,
    });
    const summary = typeof d.summary === "string" ? d.summary : facts.amendmentSummary;
    const changes = Array.isArray(d.changes) ? d.changes : facts.changes;
    const effectiveFrom = typeof d.effectiveFrom === "string" ? d.effectiveFrom : null;
    const figures = figureLines(changes, facts.rules);
    return {
      policyIds: [policyId],
      topicIds: [],
      regionCodes: [],
      audiences: [],
      policyId,
      amendmentId,
      sessionId: null,
      notice: noticeOf(event.type, amendmentId, effectiveFrom, facts.publishedAt),
      context: {
        eventType: event.type,
        policyId,
        ...(facts.title ? { policyTitle: facts.title } : {}),
        ...(summary ? { summary } : {}),
        ...(effectiveFrom ? { effectiveFrom } : {}),
        ...(facts.summaries ? { summaries: facts.summaries } : {}),
        ...(figures.length ? { figures } : {}),
        ...(changes ? { changes } : {}),
      },
    };
  }
  // session.reminder | session.needs-rebrief: what the event says, and what the graph says the session COVERS
  const sessionId = String(d.sessionId);
  const facts = await repo.sessionFacts(sessionId);
  const policyIds = [...new Set([...strings(d.policyIds), ...facts.policyIds])];
  const title = typeof d.title === "string" ? d.title : facts.title;
  const startsAt = typeof d.startsAt === "string" ? d.startsAt : facts.startsAt;
  return {
    policyIds,
    topicIds: [...new Set([...strings(d.topicIds), ...facts.topicIds])],
    regionCodes: typeof d.regionCode === "string" ? [d.regionCode] : [],
    audiences: strings(d.audiences),
    policyId: policyIds[0] ?? null,
    amendmentId: typeof d.amendmentId === "string" ? d.amendmentId : null,
    sessionId,
    notice: null,
    context: {
      eventType: event.type,
      ...(title ? { sessionTitle: title } : {}),
      ...(startsAt ? { startsAt } : {}),
      ...(typeof d.summary === "string" ? { summary: d.summary } : {}),
    },
  };
}
