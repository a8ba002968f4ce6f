import { createHash } from "node:crypto";
import { nanos } from "@nats-io/nats-core";
import { DiscardPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { type DeclareOptions, ensureStream, type EventBus } from "@yibao/events";

/** The work-queue stream of delivery jobs: each job is taken by one worker of one replica. */
export const jobsStream = "NOTIFY_JOBS";
/** Subject prefix of delivery jobs: `notify.jobs.<channel>`. */
export const jobsSubjectPrefix = "notify.jobs.";

/** Declares the jobs stream (a work queue: a job leaves the stream when a worker acks it). */
export async function ensureJobsStream(
  bus: EventBus,
  replicas = 1,
  options: DeclareOptions = {},
): Promise<void> {
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
  await ensureStream(bus, cfg, options);
}

/** Delivery keys one job message carries at most. */
export const keysPerJob = 50;

/** The delivery keys a job message carries (one per line). */
export function keysOfJob(data: string): string[] {
  return data.split("\n").filter(Boolean);
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * Publishes the jobs of delivery keys, up to {@linkcode keysPerJob} keys of one channel per message.
 * One message per key cost a JetStream write (fsynced: `sync_interval: always`) per delivery — on
 * our machine about 1.4 ms each, 14 s for 10,000 — where one per 50 keys costs about as much as one.
 * A message's `Nats-Msg-Id` is derived from the keys it carries, each as `<key>` for its first job and
 * `<key>#<n>` for later ones (retries, deferrals, replays, recoveries), so the same jobs published
 * again within the window are stored once. A key may still travel in two messages (a fan-out
 * redelivered after a crash groups its pending keys anew): the worker's claim lets one holder send it.
 *
 * A digest delivery travels alone: its claim takes the subscriber's other waiting digest deliveries
 * along, which one claim statement over several keys of one subscriber would not see in time (both
 * would be claimed on their own and sent as two messages).
 */
export async function publishJobs(
  bus: EventBus,
  jobs: { key: string; channel: string; enqueues?: number; digest?: boolean }[],
  perMessage = keysPerJob,
): Promise<void> {
  // keys grouped by channel; a digest delivery in a group of its own
  const lanes = new Map<string, { key: string; enqueues?: number }[]>();
  for (const j of jobs) {
    const lane = j.digest ? `${j.channel}\n${j.key}` : j.channel;
    const list = lanes.get(lane) ?? [];
    list.push(j);
    lanes.set(lane, list);
  }
  const messages: { subject: string; data: string; ids: string }[] = [];
  for (const [lane, list] of lanes) {
    const channel = lane.split("\n")[0]!;
    for (let i = 0; i < list.length; i += perMessage) {
      const group = list.slice(i, i + perMessage);
      messages.push({
        subject: `${jobsSubjectPrefix}${channel}`,
        data: group.map((j) => j.key).join("\n"),
        ids: group.map((j) => (j.enqueues ? `${j.key}#${j.enqueues}` : j.key)).join("\n"),
      });
    }
  }
  await Promise.all(
    messages.map((m) =>
      bus.js.publish(m.subject, m.data, {
        msgID: m.ids.includes("\n") ? `jobs:${digest(m.ids)}` : m.ids,
      })
    ),
  );
}
