/**
 * @module
 * NATS JetStream for every service: the connection, streams and durable consumers declared from
 * code, the CloudEvents envelope and the event contract, publishing with the event id as
 * `Nats-Msg-Id`, a consumer loop with explicit ack, back-off and dead letters, and the
 * transactional outbox with its relay.
 */
export { type EventsEnv, eventsEnvSchema } from "./config.ts";
export { type CloudEvent, cloudEventSchema, createEvent, parseEvent } from "./envelope.ts";
export {
  bookmarkHeader,
  deadLetterStream,
  deadLetterSubjectFor,
  deadLetterSubjectPrefix,
  eventDataSchemas,
  eventsStream,
  eventsSubjectPrefix,
  type EventType,
  requestIdHeader,
  subjectFor,
  validateEventData,
} from "./contract.ts";
export { connectEventBus, type ConnectOptions, type EventBus } from "./bus.ts";
export { declareConsumer, ensureStream, ensureStreams, streamConfigs, streamReplicasFor } from "./streams.ts";
export {
  type DeclareOptions,
  defaultDeclareWaitMs,
  isPassingJetStreamError,
  untilDeclared,
} from "./declare.ts";
export {
  bookmarksOf,
  publishEvent,
  type PublishResult,
  type PublishRetry,
  publishSerialized,
} from "./publish.ts";
export {
  type ConsumerSpec,
  type DeliveryContext,
  ensureConsumer,
  type EventHandler,
  type RunningConsumer,
  startConsumer,
} from "./consumer.ts";
export { createOutboxRelay, enqueueEvent, type OutboxRelay, type OutboxRelayOptions } from "./outbox.ts";
export { type EventLog, stderrLog } from "./log.ts";
export { type SyncedAck, syncedEvent } from "./synced.ts";
