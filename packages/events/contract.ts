import { z } from "zod";

/** The stream every domain event is stored in. */
export const eventsStream = "EVENTS";
/** The stream that keeps messages a consumer gave up on. */
export const deadLetterStream = "DEADLETTER";
/** Subject prefix of domain events: `events.<type>`. */
export const eventsSubjectPrefix = "events.";
/** Subject prefix of dead letters: `deadletter.<consumer>`. */
export const deadLetterSubjectPrefix = "deadletter.";
/** The NATS header that carries the HTTP request id along with an event. */
export const requestIdHeader = "X-Request-Id";
/**
 * The NATS header (repeated when there are several) that carries the Neo4j bookmarks of a
 * transaction that followed the event's write: a consumer that opens its reads with them reads
 * that write, on any member of a Neo4j cluster (causal consistency across services).
 */
export const bookmarkHeader = "Yibao-Graph-Bookmark";

/** The subject an event of `type` is published on. */
export function subjectFor(type: string): string {
  return eventsSubjectPrefix + type;
}

/** The subject a consumer's dead letters go to. */
export function deadLetterSubjectFor(consumer: string): string {
  return deadLetterSubjectPrefix + consumer;
}

const sessionTargeting = {
  policyIds: z.array(z.string()).optional(),
  topicIds: z.array(z.string()).optional(),
  regionCode: z.string().optional(),
  audiences: z.array(z.string()).optional(),
  title: z.string().optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
};

const change = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

/**
 * One zod schema per event type: the contract between services. Loose objects, so a newer
 * producer may add fields an older consumer ignores; a removed or renamed field is a new type.
 */
export const eventDataSchemas = {
  "policy.amendment.published": z.looseObject({
    amendmentId: z.string(),
    policyId: z.string(),
    version: z.number().int(),
    effectiveFrom: z.iso.date(),
    summary: z.string(),
    changes: z.array(change),
  }),
  "policy.amendment.withdrawn": z.looseObject({
    amendmentId: z.string(),
    policyId: z.string(),
    version: z.number().int().nullable(),
  }),
  "policy.version.effective": z.looseObject({
    policyId: z.string(),
    version: z.number().int(),
    effectiveFrom: z.iso.date(),
    amendmentId: z.string().optional(),
  }),
  "session.scheduled": z.looseObject({ sessionId: z.string() }),
  "session.rescheduled": z.looseObject({ sessionId: z.string() }),
  "session.cancelled": z.looseObject({ sessionId: z.string() }),
  // The optional fields let notifications target without reading the sessions service's nodes:
  // what the session covers and where (besides its COVERS links in the graph), its title and start.
  "session.reminder": z.looseObject({ sessionId: z.string(), ...sessionTargeting }),
  "session.needs-rebrief": z.looseObject({
    sessionId: z.string(),
    amendmentId: z.string(),
    ...sessionTargeting,
  }),
  // A poll, quiz or survey opened or closed in a live session.
  "session.poll.opened": z.looseObject({
    sessionId: z.string(),
    launchId: z.string(),
    kind: z.enum(["poll", "quiz", "survey"]),
    purpose: z.string(),
    itemIds: z.array(z.string()),
  }),
  "session.poll.closed": z.looseObject({
    sessionId: z.string(),
    launchId: z.string(),
    kind: z.enum(["poll", "quiz", "survey"]),
    purpose: z.string(),
    itemIds: z.array(z.string()),
  }),
  "notification.delivered": z.looseObject({ deliveryId: z.string(), eventId: z.string() }),
  "notification.failed": z.looseObject({ deliveryId: z.string(), eventId: z.string() }),
  // A session's awareness per cited policy, once it is over.
  "awareness.measured": z.looseObject({
    sessionId: z.string(),
    policies: z.array(z.looseObject({
      policyId: z.string(),
      version: z.number().int().nullable(),
      n: z.number().int(),
      correct: z.number().int(),
      rate: z.number().nullable(),
      lower: z.number(),
      upper: z.number(),
    })),
    measuredAt: z.iso.datetime({ offset: true }),
  }),
  "channel.synced": z.looseObject({
    channel: z.string(),
    consumer: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    syncedAt: z.iso.datetime({ offset: true }),
  }),
} as const;

/** Every event type the suite knows. */
export type EventType = keyof typeof eventDataSchemas;

/** Validates `data` against its type's schema when the type is known; other types pass as they are. */
export function validateEventData(type: string, data: unknown): unknown {
  const schema = (eventDataSchemas as Record<string, z.ZodType>)[type];
  return schema ? schema.parse(data) : data;
}
