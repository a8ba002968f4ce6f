import { createOutboxRelay, startConsumer } from "@yibao/events";
import type { ServiceSpec } from "@yibao/kit";
import { sessionsEnvSchema } from "./config.ts";
import { ensureLiveStream, LiveHub, LivePublisher } from "./live.ts";
import { QuestionRepository } from "./question_repository.ts";
import { rebriefHandler } from "./rebrief.ts";
import { startReminders } from "./reminders.ts";
import { audienceIdentity, registerAudienceRoutes } from "./routes/audience.ts";
import { registerEventRoutes } from "./routes/events.ts";
import { registerQuestionRoutes } from "./routes/questions.ts";
import { registerSessionRoutes } from "./routes/sessions.ts";
import { SessionRepository } from "./session_repository.ts";

/** The sessions service: live Q&A scheduling, questions, votes, moderation and the live stream of events. */
export const service: ServiceSpec<typeof sessionsEnvSchema> = {
  name: "sessions",
  version: "0.2.0",
  defaultPort: 8104,
  title: "医保政策通 · 直播答疑 / Live Q&A sessions",
  description:
    "直播答疑场次排期、提问、点赞、审核与实时推送。Scheduling, questions, votes, moderation and live events of Q&A sessions.",
  env: sessionsEnvSchema,
  async setup({ app, graph, bus, log, config, instanceId, onShutdown }) {
    await ensureLiveStream(bus, config.NATS_STREAM_REPLICAS);
    const relay = createOutboxRelay(graph, bus, { relayId: instanceId, log });
    relay.start();
    onShutdown(() => relay.stop());
    const live = new LivePublisher(bus, log);
    const hub = new LiveHub(bus, log, {
      bufferSize: config.LIVE_BUFFER_EVENTS,
      flushMs: config.LIVE_FLUSH_MS,
    });
    onShutdown(() => Promise.resolve(hub.close()));
    const sessions = new SessionRepository(graph, { bufferMs: config.SESSION_BUFFER_MINUTES * 60_000 }, live);
    const questions = new QuestionRepository(graph, live, {
      perAskerPerMinute: config.QUESTION_RATE_PER_ASKER,
      perSessionPerMinute: config.QUESTION_RATE_PER_SESSION,
      perAddressPerMinute: config.QUESTION_RATE_PER_ADDRESS,
      votesPerVoterPerMinute: config.VOTE_RATE_PER_TOKEN,
      votesPerAddressPerQuestion: config.VOTES_PER_ADDRESS_PER_QUESTION,
    });
    const audience = {
      secret: config.AUTH_TOKEN_SECRET,
      ttlSeconds: config.AUDIENCE_TOKEN_TTL_HOURS * 3600,
      tokensPerAddressPerMinute: config.AUDIENCE_TOKENS_PER_ADDRESS_PER_MINUTE,
      trustedProxies: config.SESSIONS_TRUSTED_PROXIES,
    };
    const identify = audienceIdentity(audience);
    registerSessionRoutes(app, sessions, relay);
    registerAudienceRoutes(app, { graph, questions, identify }, audience);
    registerQuestionRoutes(app, questions, sessions, { maxLength: config.QUESTION_MAX_LENGTH, identify });
    registerEventRoutes(app, hub, sessions);

    // Every instance runs the reminder job; the graph lets exactly one emit each reminder.
    const reminders = startReminders(graph, relay, {
      instanceId,
      offsetsMinutes: config.SESSION_REMINDER_OFFSETS_MINUTES,
      intervalMs: config.SESSION_REMINDER_INTERVAL_MS,
      log,
    });
    onShutdown(() => reminders.stop());
    // The replicas share one durable consumer of policy events.
    const rebriefs = await startConsumer(
      bus,
      {
        durable: "sessions-rebrief",
        filterSubject: "events.policy.>",
      },
      rebriefHandler(graph, relay, live, { log }),
      { log },
    );
    onShutdown(() => rebriefs.stop());
  },
};
