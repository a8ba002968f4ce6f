import { createOutboxRelay, startConsumer } from "@yibao/events";
import { metricLines, type ServiceSpec } from "@yibao/kit";
import { sessionsEnvSchema } from "./config.ts";
import { ensureLiveStream, LiveHub, LivePublisher } from "./live.ts";
import { QuestionRepository } from "./question_repository.ts";
import { LoopLag } from "./loop_lag.ts";
import { VoteApplier } from "./vote_applier.ts";
import { type AppliersHandle, startApplierThread } from "./vote_applier_thread.ts";
import { graphOptionsFromEnv } from "@yibao/graph";
import { ensureVoteStream, ledgerKeyOf, VoteIntake } from "./vote_stream.ts";
import { rebriefHandler } from "./rebrief.ts";
import { startReminders } from "./reminders.ts";
import { audienceIdentity, registerAudienceRoutes } from "./routes/audience.ts";
import { registerEventRoutes } from "./routes/events.ts";
import { registerQuestionRoutes } from "./routes/questions.ts";
import { registerSessionRoutes } from "./routes/sessions.ts";
// Polls, quizzes and surveys launched in live sessions, and their answers.
import { AnswerRepository } from "./answers/answer_repository.ts";
import { LaunchRepository } from "./launches/launch_repository.ts";
import { LiveResults } from "./launches/live_results.ts";
import { startFollowUps } from "./launches/follow_ups.ts";
import { registerLaunchRoutes } from "./routes/launches.ts";
import { SessionRepository } from "./session_repository.ts";
// The item bank and awareness.
import { AwarenessRepository } from "./awareness/repository.ts";
import { ItemRepository } from "./items/repository.ts";
import { staleItemsHandler } from "./items/stale.ts";
import { startAwarenessMeasurer } from "./awareness/measured.ts";
import { registerAwarenessRoutes } from "./routes/awareness.ts";
import { registerItemRoutes } from "./routes/items.ts";

/**
 * The sessions service: live Q&A scheduling, questions, votes, moderation, polls, quizzes and surveys,
 * the item bank and awareness, and the live stream of events.
 */
export const service: ServiceSpec<typeof sessionsEnvSchema> = {
  name: "sessions",
  version: "0.2.0",
  defaultPort: 8104,
  title: "医保政策通 · 直播答疑 / Live Q&A sessions",
  description:
    "直播答疑场次排期、提问、点赞、审核与实时推送。Scheduling, questions, votes, moderation and live events of Q&A sessions.",
  env: sessionsEnvSchema,
  async setup({ app, graph, bus, log, config, instanceId, onShutdown, addMetrics }) {
    await ensureLiveStream(bus, config.NATS_STREAM_REPLICAS);
    const relay = createOutboxRelay(graph, bus, { relayId: instanceId, log });
    relay.start();
    onShutdown(() => relay.stop());
    const live = new LivePublisher(bus, log);
    const hub = new LiveHub(bus, log, {
      bufferSize: config.LIVE_BUFFER_EVENTS,
      flushMs: config.LIVE_FLUSH_MS,
      stamps: config.LIVE_STAGE_STAMPS,
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
    addMetrics(() => {
      const b = questions.askBatches;
      return [
        ...metricLines(
          "sessions_question_batches_total",
          "counter",
          "Transactions that wrote questions (each takes the questions that arrived while the one before committed).",
          b.batches,
        ),
        ...metricLines(
          "sessions_question_batch_questions_total",
          "counter",
          "Questions in those batches, taken or refused.",
          b.ops,
        ),
        ...metricLines(
          "sessions_question_batches_failed_total",
          "counter",
          "Batches whose transaction failed (each of its questions was answered with the error).",
          b.failed,
        ),
      ];
    });
    // Votes go into the vote stream; each partition is applied by one instance at a time (its lease holder).
    const voteStreamCreated = await ensureVoteStream(bus, config.NATS_STREAM_REPLICAS);
    const intake = new VoteIntake(bus, log, config.VOTE_VERDICT_WAIT_MS, config.VOTE_PARTITIONS);
    questions.votes = intake;
    const limits = {
      votesPerVoterPerMinute: config.VOTE_RATE_PER_TOKEN,
      votesPerAddressPerQuestion: config.VOTES_PER_ADDRESS_PER_QUESTION,
    };
    const ledgerKeys = Array.from(
      { length: config.VOTE_PARTITIONS },
      (_, p) => ledgerKeyOf(voteStreamCreated, p),
    );
    let appliers: AppliersHandle;
    if (config.VOTE_APPLIER_THREAD === "worker") {
      const thread = await startApplierThread({
        graph: graphOptionsFromEnv(config, "yibao-sessions-votes"),
        events: {
          NATS_URL: config.NATS_URL,
          ...(config.NATS_USER !== undefined ? { NATS_USER: config.NATS_USER } : {}),
          ...(config.NATS_PASSWORD !== undefined ? { NATS_PASSWORD: config.NATS_PASSWORD } : {}),
          ...(config.NATS_TOKEN !== undefined ? { NATS_TOKEN: config.NATS_TOKEN } : {}),
        },
        holder: instanceId,
        ledgerKeys,
        leaseMs: config.VOTE_APPLIER_LEASE_MS,
        limits,
        stamps: config.LIVE_STAGE_STAMPS,
        log: {
          service: "sessions",
          level: config.LOG_LEVEL,
          fields: { instance: instanceId, thread: "votes" },
        },
      }, log);
      appliers = thread;
      addMetrics(() => [
        ...metricLines(
          "sessions_vote_applier_thread_restarts_total",
          "counter",
          "Vote applier threads started again after one failed.",
          thread.restarts,
        ),
        ...metricLines(
          "sessions_vote_applier_thread_up",
          "gauge",
          "Whether the vote applier thread runs (0 while it waits to start again).",
          thread.up ? 1 : 0,
        ),
      ]);
    } else {
      const inline = ledgerKeys.map((ledgerKey, partition) =>
        new VoteApplier(graph, bus, {
          holder: instanceId,
          partition,
          ledgerKey,
          leaseMs: config.VOTE_APPLIER_LEASE_MS,
          limits,
          publishTotal: (t, stamps) => questions.publishTotal(t, stamps),
          stamps: config.LIVE_STAGE_STAMPS,
          log,
        })
      );
      for (const a of inline) a.start();
      appliers = { close: async (o) => void await Promise.all(inline.map((a) => a.close(o))) };
    }
    // hooks run in reverse: the applier finishes its batch (verdicts out) before the intake stops listening
    onShutdown(() => Promise.resolve(intake.close()));
    onShutdown(() => appliers.close());
    // The main loop's lag (the live stream, HTTP intake), logged every 5 s while it is late (at `info`).
    const mainLag = new LoopLag();
    mainLag.watch(true);
    const lagReport = setInterval(() => {
      const lag = mainLag.take();
      if (lag.loopLagMeanMs >= 5 || lag.loopLagMaxMs >= 100) log.info("main loop late", lag);
    }, 5_000);
    Deno.unrefTimer(lagReport);
    onShutdown(() => {
      clearInterval(lagReport);
      mainLag.watch(false);
      return Promise.resolve();
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

    // Launches and answers (polls, quizzes, surveys): live results coalesced per instance.
    const launches = new LaunchRepository(graph, live);
    const liveResults = new LiveResults(launches, log, config.POLL_RESULTS_INTERVAL_MS);
    onShutdown(() => liveResults.close());
    registerLaunchRoutes(app, {
      launches,
      answers: new AnswerRepository(graph),
      sessions,
      results: liveResults,
      relay,
      identify,
    });
    // Follow-ups scheduled a week later open at the reminder job's cadence, exactly once.
    const followUps = startFollowUps(graph, launches, relay, {
      intervalMs: config.SESSION_REMINDER_INTERVAL_MS,
      log,
    });
    onShutdown(() => followUps.stop());

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

    // The item bank, its own durable consumer flagging items an amendment
    // makes stale, and awareness read from the answers.
    registerItemRoutes(app, new ItemRepository(graph));
    registerAwarenessRoutes(app, new AwarenessRepository(graph));
    const staleItems = await startConsumer(
      bus,
      { durable: "sessions-items-stale", filterSubject: "events.policy.>" },
      staleItemsHandler(graph, relay, { log }),
      { log },
    );
    onShutdown(() => staleItems.stop());
    const measurer = startAwarenessMeasurer(graph, relay, {
      instanceId,
      intervalMs: config.SESSION_REMINDER_INTERVAL_MS,
      log,
    });
    onShutdown(() => measurer.stop());
  },
};
