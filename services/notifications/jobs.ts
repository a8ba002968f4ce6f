import { nanos } from "@nats-io/nats-core";
import { DiscardPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { EventBus } from "@yibao/events";

/** The work-queue stream of delivery jobs: each job is taken by one worker of one replica. */
export const jobsStream = "NOTIFY_JOBS";
/** Subject prefix of delivery jobs: `notify.jobs.<channel>`. */
export const jobsSubjectPrefix = "notify.jobs.";

/** Declares the jobs stream (a work queue: a job leaves the stream when a worker acks it). */
export async function ensureJobsStream(bus: EventBus, replicas = 1): Promise<void> {
  const cfg = {
    name: jobsStream,
    subjects: [`${jobsSubjectPrefix}>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(7 * 24 * 60 * 60 * 1000),
    // fan-out redelivered after a crash republishes the same keys: stored once within the window
    duplicate_window: nanos(30 * 60 * 1000),
    num_replicas: replicas,
  };
  const existing = await bus.jsm.streams.info(jobsStream).catch(() => null);
  if (existing) {
    const { name: _n, storage: _s, retention: _r, ...mutable } = cfg;
    await bus.jsm.streams.update(jobsStream, mutable);
    return;
  }
  try {
    await bus.jsm.streams.add(cfg);
  } catch (err) {
    if (!(await bus.jsm.streams.info(jobsStream).catch(() => null))) throw err;
  }
}

/**
 * Publishes one job per delivery key. The first job of a delivery has the key as `Nats-Msg-Id`;
 * later ones (retries, deferrals, replays, recoveries) `<key>#<n>`, so they are not mistaken for
 * duplicates of the first.
 */
export async function publishJobs(
  bus: EventBus,
  jobs: { key: string; channel: string; enqueues?: number }[],
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < jobs.length; i += chunk) {
    await Promise.all(
      jobs.slice(i, i + chunk).map((j) =>
        bus.js.publish(`${jobsSubjectPrefix}${j.channel}`, j.key, {
          msgID: j.enqueues ? `${j.key}#${j.enqueues}` : j.key,
        })
      ),
    );
  }
}
