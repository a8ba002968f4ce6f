/**
 * @module
 * The Faro web SDK's payload (`TransportBody` of `@grafana/faro-core`), as the console's `/collect`
 * accepts it: `{ meta, logs?, exceptions?, measurements?, events?, traces? }`. Fields the console reads
 * are typed strictly (a wrong type is a 400 naming the field, e.g. `body.measurements.0.values.lcp`);
 * every object tolerates extra fields, since newer SDKs add them. Lists are capped so one payload
 * stays cheap to process.
 */
import { z } from "zod";

const maxItems = 500;
const text = z.string().max(10_000);
const stringMap = z.record(z.string(), z.string().max(10_000));
const traceContext = z.looseObject({ trace_id: z.string().max(64), span_id: z.string().max(32) });

/** Faro's `meta`: who sent the payload, from which app, session, page and browser. */
export const faroMetaSchema = z.looseObject({
  sdk: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).optional(),
  app: z.looseObject({
    name: z.string().optional(),
    version: z.string().optional(),
    environment: z.string().optional(),
  }).optional(),
  session: z.looseObject({ id: z.string().max(128).optional(), attributes: stringMap.optional() }).optional(),
  page: z.looseObject({ id: z.string().optional(), url: z.string().optional() }).optional(),
  browser: z.looseObject({
    name: z.string().optional(),
    version: z.string().optional(),
    os: z.string().optional(),
    mobile: z.boolean().optional(),
    userAgent: z.string().optional(),
  }).optional(),
  view: z.looseObject({ name: z.string() }).optional(),
  user: z.looseObject({}).optional(),
});

/** One browser exception. */
export const faroExceptionSchema = z.looseObject({
  type: text,
  value: text,
  timestamp: z.string(),
  stacktrace: z.looseObject({
    frames: z.array(z.looseObject({
      filename: z.string(),
      function: z.string(),
      lineno: z.number().optional(),
      colno: z.number().optional(),
    })).max(maxItems),
  }).optional(),
  trace: traceContext.optional(),
  context: stringMap.optional(),
});

/** One measurement, e.g. `{ type: "web-vitals", values: { lcp: 1234.5, delta: 1234.5 } }` (milliseconds). */
export const faroMeasurementSchema = z.looseObject({
  type: z.string().max(200),
  values: z.record(z.string(), z.number()),
  timestamp: z.string(),
  trace: traceContext.optional(),
  context: stringMap.optional(),
});

/** One log line sent by the browser. */
export const faroLogSchema = z.looseObject({
  message: text,
  level: z.string(),
  timestamp: z.string(),
  context: stringMap.nullish(),
  trace: traceContext.optional(),
});

/** One event (session start, view change, a custom event). */
export const faroEventSchema = z.looseObject({
  name: z.string().max(200),
  timestamp: z.string(),
  domain: z.string().optional(),
  attributes: stringMap.optional(),
  trace: traceContext.optional(),
});

/** A whole payload. */
export const faroPayloadSchema = z.looseObject({
  meta: faroMetaSchema,
  exceptions: z.array(faroExceptionSchema).max(maxItems).optional(),
  measurements: z.array(faroMeasurementSchema).max(maxItems).optional(),
  logs: z.array(faroLogSchema).max(maxItems).optional(),
  events: z.array(faroEventSchema).max(maxItems).optional(),
  traces: z.looseObject({ resourceSpans: z.array(z.unknown()).optional() }).optional(),
});

/** A validated Faro payload. */
export type FaroPayload = z.infer<typeof faroPayloadSchema>;
