import { z } from "zod";

/** Environment variables that configure the event bus, shared by every service. */
export const eventsEnvSchema = z.object({
  NATS_URL: z.string().regex(
    /^(nats|tls|ws|wss):\/\/[^\s]+(,(nats|tls|ws|wss):\/\/[^\s]+)*$/,
    "must be nats:// URLs, comma-separated",
  )
    .default("nats://127.0.0.1:4222"),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** Unset: 3 when the server is a member of a cluster of three or more, else 1 (see `streamReplicasFor`). */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).optional(),
});

/** Parsed event-bus environment. */
export type EventsEnv = z.infer<typeof eventsEnvSchema>;
