import { z } from "zod";

/** A CloudEvents 1.0 event in the JSON format, as carried on every subject. */
export const cloudEventSchema = z.object({
  specversion: z.literal("1.0"),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(500),
  type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, "must be a dotted event type"),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().max(500).optional(),
  datacontenttype: z.literal("application/json").default("application/json"),
  data: z.unknown(),
});

/** A CloudEvents 1.0 envelope whose `data` is of type `T`. */
export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventSchema>, "data"> & { data: T };

/** Builds an envelope with a fresh UUID id and the current time unless given. */
export function createEvent<T>(init: {
  type: string;
  source: string;
  data: T;
  subject?: string;
  id?: string;
  time?: Date;
}): CloudEvent<T> {
  return {
    specversion: "1.0",
    id: init.id ?? crypto.randomUUID(),
    source: init.source,
    type: init.type,
    time: (init.time ?? new Date()).toISOString(),
    ...(init.subject !== undefined ? { subject: init.subject } : {}),
    datacontenttype: "application/json",
    data: init.data,
  };
}

/** Parses and validates raw bytes or text as a CloudEvent; throws a ZodError or SyntaxError when it is not one. */
export function parseEvent(raw: Uint8Array | string): CloudEvent {
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  return cloudEventSchema.parse(JSON.parse(text)) as CloudEvent;
}
