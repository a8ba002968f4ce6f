import { appendAudit, type AuditBy } from "@yibao/kit";
import { type Graph, int, toPlain } from "@yibao/graph";
import auditSubscriberAliasQuery from "./queries/audit_subscriber_alias.cypher" with { type: "text" };
import type { RuleFacts } from "./change_words.ts";
import type { ChannelInput, Subscriber, SubscriberInput } from "./schemas.ts";
import targetsQuery from "./queries/targets.cypher" with { type: "text" };
import deliveriesCreateQuery from "./queries/deliveries_create.cypher" with { type: "text" };
import eventUpsertQuery from "./queries/event_upsert.cypher" with { type: "text" };
import eventFannedOutQuery from "./queries/event_fanned_out.cypher" with { type: "text" };
import pendingKeysQuery from "./queries/pending_keys.cypher" with { type: "text" };
import claimQuery from "./queries/claim.cypher" with { type: "text" };
import claimBundledQuery from "./queries/claim_bundled.cypher" with { type: "text" };
import eventTextsQuery from "./queries/event_texts.cypher" with { type: "text" };
import recordQuery from "./queries/record.cypher" with { type: "text" };
import endpointDisableQuery from "./queries/endpoint_disable.cypher" with { type: "text" };
import dueQuery from "./queries/due.cypher" with { type: "text" };
import settledQuery from "./queries/settled.cypher" with { type: "text" };
import settleMarkQuery from "./queries/settle_mark.cypher" with { type: "text" };
import subscriberRefsQuery from "./queries/subscriber_refs.cypher" with { type: "text" };
import subscriberWriteQuery from "./queries/subscriber_write.cypher" with { type: "text" };
import subscriberGetQuery from "./queries/subscriber_get.cypher" with { type: "text" };
import subscriberListQuery from "./queries/subscriber_list.cypher" with { type: "text" };
import subscriberEraseQuery from "./queries/subscriber_erase.cypher" with { type: "text" };
import endpointCreateQuery from "./queries/endpoint_create.cypher" with { type: "text" };
import endpointGetQuery from "./queries/endpoint_get.cypher" with { type: "text" };
import endpointListQuery from "./queries/endpoint_list.cypher" with { type: "text" };
import endpointUpdateQuery from "./queries/endpoint_update.cypher" with { type: "text" };
import endpointDeleteQuery from "./queries/endpoint_delete.cypher" with { type: "text" };
import endpointRotateQuery from "./queries/endpoint_rotate.cypher" with { type: "text" };
import deliveryListQuery from "./queries/delivery_list.cypher" with { type: "text" };
import deliveryGetQuery from "./queries/delivery_get.cypher" with { type: "text" };
import deliveryReplayQuery from "./queries/delivery_replay.cypher" with { type: "text" };
import policyFactsQuery from "./queries/policy_facts.cypher" with { type: "text" };
import sessionFactsQuery from "./queries/session_facts.cypher" with { type: "text" };
import subscriberOwnerQuery from "./queries/subscriber_owner.cypher" with { type: "text" };
import subscriberChannelsSetQuery from "./queries/subscriber_channels_set.cypher" with { type: "text" };
import eventSummaryQuery from "./queries/event_summary.cypher" with { type: "text" };

/** References that do not exist: `[{path, message}]`. */
export class BadReferences extends Error {
  override name = "BadReferences";
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
}

/** A subscriber the event concerns, with what fan-out needs to choose channels. */
export interface Target {
  id: string;
  channels: string[];
  optOutChannels: string[];
  digest: boolean;
  endpointStatus: string | null;
  endpointEventTypes: string[] | null;
}

/** What the graph says about a policy event: the version's title, summaries and rules, and the amendment's words. */
export interface PolicyFacts {
  title: string | null;
  summaries: Record<string, string> | null;
  rules: RuleFacts[];
  amendmentSummary: string | null;
  changes: unknown[] | null;
  publishedAt: string | null;
}

/** A new delivery row. */
export interface NewDelivery {
  key: string;
  /** `<amendmentId>|<subscriberId>|<channel>` when the delivery is an amendment's notice (one per subscriber and channel), else null. */
  noticeKey: string | null;
  id: string;
  subscriberId: string;
  channel: string;
  status: "pending" | "deferred";
  dueAt: number;
  digest: boolean;
}

/** A claimed delivery with everything needed to send it. */
export interface Claimed {
  delivery: {
    key: string;
    id: string;
    eventId: string;
    eventType: string;
    channel: string;
    tries: number;
    digest: boolean;
  };
  subscriber: {
    id: string;
    channels: string;
    optOutChannels: string[];
    quietStart: string | null;
    quietEnd: string | null;
    timeZone: string | null;
    language: string;
    elderFriendly: boolean;
    audiences?: string[] | null;
  } | null;
  event: { context: string; payload: string } | null;
  endpoint: {
    id: string;
    url: string;
    secret: string;
    previousSecret: string | null;
    previousSecretUntil: number | null;
    status: string;
  } | null;
  bundled: { key: string; context: string }[];
}

/** What happened to a claimed delivery. */
export interface Outcome {
  key: string;
  status: "sent" | "failed" | "dead" | "deferred" | "skipped";
  dueAt: number | null;
  lastError: string | null;
  lastStatus: number | null;
  attempted: number;
  sentAt: number | null;
  segments: number | null;
}

const iso = (ms: unknown) => (typeof ms === "number" ? new Date(ms).toISOString() : null);

function toSubscriber(rec: { get(k: string): unknown }): Subscriber {
  const s = toPlain(rec.get("subscriber")) as Record<string, unknown>;
  return {
    id: s.id as string,
    kind: s.kind as Subscriber["kind"],
    ...(s.name ? { name: s.name as string } : {}),
    channels: JSON.parse(s.channels as string) as ChannelInput[],
    audiences: (s.audiences ?? []) as Subscriber["audiences"],
    ...(rec.get("homeRegion") ? { homeRegion: rec.get("homeRegion") as string } : {}),
    follows: {
      policies: (rec.get("policies") as string[]).sort(),
      topics: (rec.get("topics") as string[]).sort(),
      regions: (rec.get("regions") as string[]).sort(),
    },
    language: s.language as Subscriber["language"],
    elderFriendly: Boolean(s.elderFriendly),
    quietHours: s.quietStart
      ? { start: s.quietStart as string, end: s.quietEnd as string, timeZone: s.timeZone as string }
      : null,
    optOut: {
      channels: (s.optOutChannels ?? []) as Subscriber["optOut"]["channels"],
      topics: (s.optOutTopics ?? []) as string[],
    },
    digest: Boolean(s.digest),
    createdAt: s.createdAt as string,
    updatedAt: s.updatedAt as string,
  };
}

/**
 * A subscriber as its audit entries keep it: no personal data (no name, no phone, e-mail, openId or
 * token, and not its id, which is the entry's `entityId`), only the channel types (and a webhook's endpoint id).
 */
function auditSubscriber(s: Subscriber): Record<string, unknown> {
  // the id is the entry's entityId, renamed on erasure: the snapshot does not repeat it
  const { id: _id, name, channels, ...rest } = s;
  return {
    ...rest,
    named: name !== undefined,
    channels: channels.map((c) =>
      c.type === "webhook"
        ? { type: c.type, endpointId: (c as { endpointId: string }).endpointId }
        : { type: c.type }
    ),
  };
}

/** The top-level fields a subscriber's update changed (`channels` also when only an address did). */
function changedFields(before: Subscriber, after: Subscriber): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("updatedAt");
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/** A webhook endpoint as stored (the secret only when asked for). */
export function toEndpoint(raw: unknown, withSecret = false): Record<string, unknown> {
  const w = toPlain(raw) as Record<string, unknown>;
  return {
    id: w.id,
    url: w.url,
    eventTypes: w.eventTypes ?? [],
    description: w.description ?? null,
    status: w.status,
    disabledReason: w.disabledReason ?? null,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    ...(withSecret ? { secret: w.secret } : {}),
  };
}

/** A delivery as the API shows it. */
export function toDelivery(raw: unknown): Record<string, unknown> {
  const d = toPlain(raw) as Record<string, unknown>;
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    subscriberId: d.subscriberId ?? null,
    channel: d.channel,
    status: d.status,
    attempts: d.attempts ?? 0,
    lastError: d.lastError ?? null,
    lastStatus: d.lastStatus ?? null,
    dueAt: iso(d.dueAt),
    sentAt: iso(d.sentAt),
    createdAt: iso(d.createdAt)!,
    digest: Boolean(d.digest),
    segments: d.segments ?? null,
  };
}

/** How many events' texts a repository keeps for its claims (the oldest read first goes). */
export const eventTextsKept = 64;

/** Everything the notifications service reads and writes in the graph. */
export class NotificationsRepository {
  /** Events' texts by id, as written when they were first fanned out (never changed after). */
  private readonly eventTexts = new Map<string, { context: string; payload: string }>();

  constructor(private readonly graph: Graph) {}

  // ---- subscribers

  /** Creates or replaces a subscriber after checking every reference; nothing is stored when one is bad. */
  async saveSubscriber(
    id: string,
    input: SubscriberInput,
    ownerId: string,
    owner: string | null,
    by?: AuditBy,
  ): Promise<Subscriber> {
    const endpoint = input.channels.find((c) => c.type === "webhook") as { endpointId: string } | undefined;
    return await this.graph.write(async (tx) => {
      const refs = (await tx.run(subscriberRefsQuery, {
        policies: input.follows.policies,
        topics: [...input.follows.topics, ...input.optOut.topics],
        regions: [...input.follows.regions, ...(input.homeRegion ? [input.homeRegion] : [])],
        endpoints: endpoint ? [endpoint.endpointId] : [],
        owner,
      })).records[0]!;
      const problems: { path: string; message: string }[] = [];
      for (const p of refs.get("policies") as string[]) {
        problems.push({ path: "body.follows.policies", message: `unknown policy "${p}"` });
      }
      for (const t of refs.get("topics") as string[]) {
        const path = input.follows.topics.includes(t) ? "body.follows.topics" : "body.optOut.topics";
        problems.push({ path, message: `unknown topic "${t}"` });
      }
      for (const r of refs.get("regions") as string[]) {
        const path = r === input.homeRegion ? "body.homeRegion" : "body.follows.regions";
        problems.push({ path, message: `unknown region "${r}"` });
      }
      for (const e of refs.get("endpoints") as string[]) {
        problems.push({ path: "body.channels", message: `unknown webhook endpoint "${e}"` });
      }
      if (problems.length) throw new BadReferences(problems);
      const prior = (await tx.run(subscriberGetQuery, { id, owner: null })).records[0];
      const before = prior ? toSubscriber(prior) : null;
      await tx.run(subscriberWriteQuery, {
        now: new Date().toISOString(),
        s: {
          id,
          ownerId,
          policies: input.follows.policies,
          topics: input.follows.topics,
          regions: input.follows.regions,
          home: input.homeRegion ? [input.homeRegion] : [],
          props: {
            kind: input.kind,
            name: input.name ?? null,
            channels: JSON.stringify(input.channels),
            channelTypes: input.channels.map((c) => c.type),
            webhookEndpointId: endpoint?.endpointId ?? null,
            audiences: input.audiences,
            language: input.language,
            elderFriendly: input.elderFriendly,
            quietStart: input.quietHours?.start ?? null,
            quietEnd: input.quietHours?.end ?? null,
            timeZone: input.quietHours?.timeZone ?? null,
            optOutChannels: input.optOut.channels,
            optOutTopics: input.optOut.topics,
            digest: input.digest,
          },
        },
      });
      const rec = (await tx.run(subscriberGetQuery, { id, owner: null })).records[0]!;
      const after = toSubscriber(rec);
      if (by) {
        await appendAudit(tx, by, {
          action: before ? "subscriber.update" : "subscriber.create",
          entityType: "subscriber",
          entityId: id,
          before: before ? auditSubscriber(before) : null,
          after: { ...auditSubscriber(after), ...(before ? { changed: changedFields(before, after) } : {}) },
        });
      }
      return after;
    });
  }

  /** One subscriber (of `owner`, when given). */
  async getSubscriber(id: string, owner: string | null): Promise<Subscriber | null> {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(subscriberGetQuery, { id, owner })).records[0];
      return rec ? toSubscriber(rec) : null;
    });
  }

  /** Who registered a subscriber. */
  async subscriberOwner(id: string): Promise<string | null> {
    return await this.graph.read(async (tx) =>
      ((await tx.run(subscriberOwnerQuery, { id })).records[0]?.get("ownerId") as string | undefined) ?? null
    );
  }

  /** A page of subscribers, by id. */
  async listSubscribers(owner: string | null, after: string | null, limit: number): Promise<Subscriber[]> {
    return await this.graph.read(async (tx) =>
      (await tx.run(subscriberListQuery, { owner, after, limit: int(limit) })).records.map(toSubscriber)
    );
  }

  /** Erases a subscriber; returns how many deliveries were anonymised, or null when there was none. */
  async eraseSubscriber(id: string, owner: string | null, by?: AuditBy): Promise<number | null> {
    return await this.graph.write(async (tx) => {
      const rec =
        (await tx.run(subscriberEraseQuery, { id, owner, now: new Date().toISOString() })).records[0];
      if (!rec) return null;
      const deliveries = toPlain(rec.get("deliveries")) as number;
      // That it was erased, and nothing of the person: no name, no address of any channel, and not
      // its id either — its earlier entries and this one are kept under an alias, as its deliveries are.
      if (by) {
        const alias = `erased-${crypto.randomUUID()}`;
        await tx.run(auditSubscriberAliasQuery, { id, alias });
        await appendAudit(tx, by, {
          action: "subscriber.erase",
          entityType: "subscriber",
          entityId: alias,
          before: null,
          after: { erased: true, deliveriesAnonymised: deliveries },
        });
      }
      return deliveries;
    });
  }

  // ---- webhook endpoints

  /** Stores a new endpoint. */
  async createEndpoint(
    w: {
      id: string;
      ownerId: string;
      url: string;
      eventTypes: string[];
      description: string | null;
      secret: string;
    },
    by?: AuditBy,
  ) {
    return await this.graph.write(async (tx) => {
      const created = toEndpoint(
        (await tx.run(endpointCreateQuery, { w, now: new Date().toISOString() })).records[0]!.get("w"),
        true,
      );
      if (by) {
        const { secret: _secret, ...after } = created;
        await appendAudit(tx, by, {
          action: "webhookEndpoint.create",
          entityType: "webhookEndpoint",
          entityId: w.id,
          before: null,
          after,
        });
      }
      return created;
    });
  }

  /** One endpoint. */
  async getEndpoint(id: string, owner: string | null) {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(endpointGetQuery, { id, owner })).records[0];
      return rec ? toEndpoint(rec.get("w")) : null;
    });
  }

  /** A page of endpoints. */
  async listEndpoints(owner: string | null, after: string | null, limit: number) {
    return await this.graph.read(async (tx) =>
      (await tx.run(endpointListQuery, { owner, after, limit: int(limit) })).records.map((r) =>
        toEndpoint(r.get("w"))
      )
    );
  }

  /** Changes an endpoint's url, event types, description or status. */
  async updateEndpoint(id: string, owner: string | null, props: Record<string, unknown>, by?: AuditBy) {
    if (props.status === "active") props.disabledReason = null;
    return await this.graph.write(async (tx) => {
      const prior = (await tx.run(endpointGetQuery, { id, owner })).records[0];
      const rec =
        (await tx.run(endpointUpdateQuery, { id, owner, props, now: new Date().toISOString() })).records[0];
      const after = rec ? toEndpoint(rec.get("w")) : null;
      if (after && by) {
        await appendAudit(tx, by, {
          action: "webhookEndpoint.update",
          entityType: "webhookEndpoint",
          entityId: id,
          before: prior ? toEndpoint(prior.get("w")) : null,
          after,
        });
      }
      return after;
    });
  }

  /** Deletes an endpoint and the webhook channel of the subscribers that used it; false when there was none. */
  async deleteEndpoint(id: string, owner: string | null, by?: AuditBy): Promise<boolean> {
    return await this.graph.write(async (tx) => {
      const prior = (await tx.run(endpointGetQuery, { id, owner })).records[0];
      const records = (await tx.run(endpointDeleteQuery, { id, owner })).records;
      if (!records.length) return false;
      const rows = records.filter((r) => r.get("subscriberId")).map((r) => ({
        id: r.get("subscriberId") as string,
        channels: JSON.stringify(
          (JSON.parse(r.get("channels") as string) as ChannelInput[]).filter((c) => c.type !== "webhook"),
        ),
      }));
      if (rows.length) await tx.run(subscriberChannelsSetQuery, { rows });
      if (by) {
        await appendAudit(tx, by, {
          action: "webhookEndpoint.delete",
          entityType: "webhookEndpoint",
          entityId: id,
          before: prior ? toEndpoint(prior.get("w")) : null,
          after: null,
        });
        // Each subscriber that pushed to it lost its webhook channel: a channel change of theirs.
        for (const r of records.filter((r) => r.get("subscriberId"))) {
          const types = (JSON.parse(r.get("channels") as string) as ChannelInput[]).map((c) => c.type);
          await appendAudit(tx, by, {
            action: "subscriber.channels",
            entityType: "subscriber",
            entityId: r.get("subscriberId") as string,
            before: { channels: types },
            after: { channels: types.filter((t) => t !== "webhook"), removedWebhookEndpointId: id },
          });
        }
      }
      return true;
    });
  }

  /** Replaces the secret; the previous one keeps signing until `until` (ms). */
  async rotateSecret(id: string, owner: string | null, secret: string, until: number, by?: AuditBy) {
    return await this.graph.write(async (tx) => {
      const rec =
        (await tx.run(endpointRotateQuery, { id, owner, secret, until, now: new Date().toISOString() }))
          .records[0];
      if (rec && by) {
        // That the secret changed and until when the old one signs; never either secret.
        await appendAudit(tx, by, {
          action: "webhookEndpoint.rotate",
          entityType: "webhookEndpoint",
          entityId: id,
          before: null,
          after: { secretRotated: true, previousSecretUntil: new Date(until).toISOString() },
        });
      }
      return rec ? toEndpoint(rec.get("w"), true) : null;
    });
  }

  /** Disables endpoints that answered 410 Gone. */
  async disableEndpoints(ids: string[], reason: string): Promise<void> {
    if (!ids.length) return;
    await this.graph.write((tx) => tx.run(endpointDisableQuery, { ids, reason }));
  }

  // ---- fan-out

  /** Records the event; true when it was recorded before (a redelivery, perhaps after a crash mid-way). */
  async upsertEvent(e: {
    id: string;
    type: string;
    policyId: string | null;
    amendmentId: string | null;
    sessionId: string | null;
    context: string;
    payload: string;
  }): Promise<boolean> {
    return await this.graph.write(async (tx) =>
      Boolean((await tx.run(eventUpsertQuery, { e, now: Date.now() })).records[0]!.get("seenBefore"))
    );
  }

  /** The subscribers an event concerns (one traversal). */
  async targets(
    q: { policyIds: string[]; topicIds: string[]; regionCodes: string[]; audiences: string[] },
  ): Promise<Target[]> {
    return await this.graph.read(async (tx) =>
      (await tx.run(targetsQuery, q)).records.map((r) => ({
        id: r.get("id") as string,
        channels: (r.get("channels") ?? []) as string[],
        optOutChannels: (r.get("optOutChannels") ?? []) as string[],
        digest: Boolean(r.get("digest")),
        endpointStatus: r.get("endpointStatus") as string | null,
        endpointEventTypes: r.get("endpointEventTypes") as string[] | null,
      }))
    );
  }

  /** What messages about a policy event say: the version's title, summaries and rules, the amendment's summary, changes and publication. */
  async policyFacts(
    policyId: string,
    options: { version?: number | null; amendmentId?: string | null } = {},
  ): Promise<PolicyFacts> {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(policyFactsQuery, {
        id: policyId,
        version: typeof options.version === "number" ? int(options.version) : null,
        amendmentId: options.amendmentId ?? null,
      })).records[0];
      const json = <T>(key: string, fallback: T): T => {
        const v = r?.get(key) as string | null | undefined;
        if (typeof v !== "string") return fallback;
        try {
          return JSON.parse(v) as T;
        } catch {
          return fallback;
        }
      };
      const publishedAt = r?.get("publishedAt") as unknown;
      return {
        title: (r?.get("title") as string | null) ?? null,
        summaries: json<Record<string, string> | null>("summaries", null),
        rules: json<RuleFacts[]>("rules", []),
        amendmentSummary: (r?.get("amendmentSummary") as string | null) ?? null,
        changes: json<unknown[] | null>("changes", null),
        publishedAt: publishedAt === null || publishedAt === undefined ? null : String(publishedAt),
      };
    });
  }

  /** What the graph says about a live session: its title, start and what it COVERS. */
  async sessionFacts(
    sessionId: string,
  ): Promise<{ title: string | null; startsAt: string | null; policyIds: string[]; topicIds: string[] }> {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(
        sessionFactsQuery,
        { id: sessionId },
      )).records[0]!;
      return {
        title: r.get("title") as string | null,
        startsAt: r.get("startsAt") as string | null,
        policyIds: r.get("policyIds") as string[],
        topicIds: r.get("topicIds") as string[],
      };
    });
  }

  /**
   * Creates deliveries in batches (existing ones are kept as they are), calling `afterBatch` with
   * each batch's rows that are this event's deliveries once it is committed, so their jobs can go
   * out while the next batch is written. A row whose notice (amendment, subscriber, channel) another
   * event already delivers creates nothing: `Delivery.noticeKey` is unique, and `MERGE` on it holds
   * the index lock, so two events fanned out at once still make one delivery. Returns how many of the
   * rows are this event's deliveries.
   */
  async createDeliveries(
    event: { id: string; type: string; amendmentId: string | null; policyId: string | null },
    rows: NewDelivery[],
    afterBatch: (rows: NewDelivery[]) => Promise<void> = () => Promise.resolve(),
    batch = 1_000,
  ): Promise<number> {
    let own = 0;
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch);
      const keys = await this.graph.write(async (tx) =>
        (await tx.run(deliveriesCreateQuery, {
          rows: slice,
          eventId: event.id,
          eventType: event.type,
          amendmentId: event.amendmentId,
          policyId: event.policyId,
          now: Date.now(),
        })).records[0]?.get("keys") as string[] ?? []
      );
      const mine = new Set(keys);
      const ownRows = slice.filter((r) => mine.has(r.key));
      own += ownRows.length;
      await afterBatch(ownRows);
    }
    return own;
  }

  /** Marks the event fanned out, with its counts. */
  async markFannedOut(id: string, targeted: number, deliveries: number): Promise<void> {
    await this.graph.write((tx) =>
      tx.run(eventFannedOutQuery, {
        id,
        now: Date.now(),
        targeted: int(targeted),
        deliveries: int(deliveries),
      })
    );
  }

  /** Deliveries of an event still waiting for a worker. */
  async pendingKeys(eventId: string): Promise<{ key: string; channel: string; digest: boolean }[]> {
    return await this.graph.read(async (tx) =>
      (await tx.run(pendingKeysQuery, { eventId })).records.map((r) => ({
        key: r.get("key"),
        channel: r.get("channel"),
        digest: Boolean(r.get("digest")),
      }))
    );
  }

  // ---- workers

  /**
   * Claims pending deliveries by key for `me` for `claimMs`, in one transaction: the deliveries with
   * their subscriber and endpoint, the digest bundles, and the event's texts (its template context and
   * CloudEvent), which are the same for every delivery of an event and never change once written: they
   * are read once per event and kept (the last {@linkcode eventTextsKept}), not sent with each of its
   * 10,000 deliveries (about 3 kB each, read, packed and unpacked again every time).
   */
  async claim(keys: string[], me: string, claimMs: number): Promise<Claimed[]> {
    return await this.graph.write(async (tx) => {
      const now = Date.now();
      const rows = (await tx.run(claimQuery, { keys, me, claimMs, now })).records.map((r) =>
        toPlain({
          delivery: r.get("delivery"),
          subscriber: r.get("subscriber"),
          endpoint: r.get("endpoint"),
        }) as Omit<Claimed, "event" | "bundled">
      );
      const digestKeys = rows.filter((r) => r.delivery.digest).map((r) => r.delivery.key);
      const bundles = new Map<string, Claimed["bundled"]>();
      if (digestKeys.length) {
        const res = await tx.run(claimBundledQuery, { keys: digestKeys, me, claimMs, now });
        for (const r of res.records) {
          bundles.set(r.get("key"), toPlain(r.get("bundled")) as Claimed["bundled"]);
        }
      }
      // this claim's texts are kept apart from the bounded cache: a claim may span more events than it keeps
      const texts = new Map<string, { context: string; payload: string }>();
      const missing: string[] = [];
      for (const id of new Set(rows.map((r) => r.delivery.eventId))) {
        const kept = this.eventTexts.get(id);
        if (kept) texts.set(id, kept);
        else missing.push(id);
      }
      if (missing.length) {
        for (const r of (await tx.run(eventTextsQuery, { ids: missing })).records) {
          const t = { context: r.get("context"), payload: r.get("payload") };
          texts.set(r.get("id"), t);
          this.eventTexts.set(r.get("id"), t);
        }
        while (this.eventTexts.size > eventTextsKept) {
          this.eventTexts.delete(this.eventTexts.keys().next().value!);
        }
      }
      return rows.map((r) => ({
        ...r,
        event: texts.get(r.delivery.eventId) ?? null,
        bundled: bundles.get(r.delivery.key) ?? [],
      }));
    });
  }

  /** Records outcomes of deliveries `me` holds. */
  async record(results: Outcome[], me: string): Promise<number> {
    if (!results.length) return 0;
    return await this.graph.write(async (tx) =>
      toPlain((await tx.run(recordQuery, { results, me, now: Date.now() })).records[0]?.get("n")) as number ??
        0
    );
  }

  /** Due deferred/retried deliveries and lost jobs, set back to pending; their keys and enqueue counts. */
  async takeDue(
    me: string,
    staleMs: number,
    limit = 1_000,
  ): Promise<{ key: string; channel: string; enqueues: number; digest: boolean }[]> {
    const now = Date.now();
    return await this.graph.write(async (tx) =>
      (await tx.run(dueQuery, { me, now, stale: now - staleMs, limit: int(limit) })).records.map((r) => ({
        key: r.get("key"),
        channel: r.get("channel"),
        enqueues: toPlain(r.get("enqueues")) as number,
        digest: Boolean(r.get("digest")),
      }))
    );
  }

  /** Events whose deliveries are all final and not yet acknowledged, with N of M by channel. */
  async settledEvents() {
    return await this.graph.read(async (tx) =>
      (await tx.run(settledQuery, {})).records.map((r) =>
        toPlain({
          eventId: r.get("eventId"),
          eventType: r.get("eventType"),
          policyId: r.get("policyId"),
          amendmentId: r.get("amendmentId"),
          targeted: r.get("targeted"),
          channels: r.get("channels"),
        }) as {
          eventId: string;
          eventType: string;
          policyId: string | null;
          amendmentId: string | null;
          targeted: number | null;
          channels: { channel: string; total: number; sent: number }[];
        }
      )
    );
  }

  /** Marks an event settled after its acknowledgement was published; false when another replica did. */
  async markSettled(eventId: string): Promise<boolean> {
    return await this.graph.write(async (tx) =>
      (await tx.run(settleMarkQuery, { eventId, now: Date.now() })).records.length > 0
    );
  }

  // ---- deliveries for operators

  /** A page of deliveries by subscriber, event, status and channel. */
  async listDeliveries(
    f: {
      subscriberId?: string;
      eventId?: string;
      status?: string;
      channel?: string;
      after?: string;
      limit: number;
    },
  ) {
    return await this.graph.read(async (tx) =>
      (await tx.run(deliveryListQuery, {
        subscriberId: f.subscriberId ?? null,
        eventId: f.eventId ?? null,
        status: f.status ?? null,
        channel: f.channel ?? null,
        after: f.after ?? null,
        limit: int(f.limit),
      })).records.map((r) => toDelivery(r.get("d")))
    );
  }

  /** One delivery. */
  async getDelivery(id: string) {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(deliveryGetQuery, { id })).records[0];
      return rec ? toDelivery(rec.get("d")) : null;
    });
  }

  /** Sets a dead or failed delivery back to pending; its key and enqueue count, or null when not replayable. */
  async replay(
    id: string,
    actor: string,
    me: string,
  ): Promise<{ key: string; enqueues: number; delivery: Record<string, unknown> } | null> {
    return await this.graph.write(async (tx) => {
      const rec = (await tx.run(deliveryReplayQuery, { id, actor, me, now: Date.now() })).records[0];
      if (!rec) return null;
      const d = toPlain(rec.get("d")) as Record<string, unknown>;
      return { key: d.key as string, enqueues: d.enqueues as number, delivery: toDelivery(rec.get("d")) };
    });
  }

  /** Per-event counts by channel and status. */
  async eventSummary(id: string) {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(eventSummaryQuery, { id })).records[0]!;
      return {
        event: toPlain(r.get("event")) as Record<string, unknown> | null,
        counts: toPlain(r.get("counts")) as { channel: string; status: string; n: number }[],
      };
    });
  }
}
