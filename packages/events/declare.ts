/**
 * Declaring streams and durable consumers so that it survives a JetStream cluster that cannot answer
 * for a moment: nodes starting together, a meta group still electing its leader, a stream's peers
 * forming their group. Those answer late (a request timeout), with no responder on the API yet, with
 * 503 "temporarily unavailable", or with "no suitable peers" while too few nodes are online for the
 * replicas. Each declaration is tried again until it lands or `waitMs` passes; any other error (a
 * bad config, a name in use with other settings) is thrown at once.
 *
 * A declaration that timed out may still have been applied, so each retry starts again from reading
 * what exists.
 */
import { RequestError, TimeoutError } from "@nats-io/nats-core";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { EventLog } from "./log.ts";

/** How long a declaration keeps trying through a cluster that cannot answer (ms). */
export const defaultDeclareWaitMs = 60_000;

/** Options of a declaration. */
export interface DeclareOptions {
  /** How long to keep trying through passing errors; default {@linkcode defaultDeclareWaitMs}. */
  waitMs?: number;
  /** Where each retry is logged (a warning). */
  log?: EventLog;
}

/** Whether a JetStream API call failed for a reason that passes by itself. */
export function isPassingJetStreamError(err: unknown): boolean {
  if (err instanceof TimeoutError) return true;
  // no responder on `$JS.API` yet: the client reports it as "not enabled" (a class it does not
  // export), caused by the request's error; an account without JetStream has no such cause
  if (err instanceof Error && err.name === "JetStreamNotEnabled") return err.cause instanceof RequestError;
  if (err instanceof RequestError) return err.isNoResponders();
  if (!(err instanceof JetStreamApiError)) return false;
  // 503: no meta leader for the moment; 10005: too few peers online for the replicas asked for (a
  // node still starting, or gone until the cluster notices). A cluster truly too small for them
  // fails the same way once the wait is over.
  return err.status === 503 || err.code === noSuitablePeers;
}

/** JetStream's "no suitable peers for placement" (`JSClusterNoPeersErrF`). */
const noSuitablePeers = 10005;

/** Whether `err` says the stream does not exist. */
export function isStreamNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

/** Whether `err` says the consumer does not exist. */
export function isConsumerNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;
}

/**
 * Runs `declare` until it succeeds, trying again after a passing error (backing off from 250 ms to
 * 2 s) until `waitMs` has passed; the last error is then thrown.
 */
export async function untilDeclared<T>(
  what: string,
  declare: () => Promise<T>,
  options: DeclareOptions = {},
): Promise<T> {
  const by = Date.now() + (options.waitMs ?? defaultDeclareWaitMs);
  for (let attempt = 0;; attempt++) {
    try {
      return await declare();
    } catch (err) {
      if (!isPassingJetStreamError(err) || Date.now() >= by) throw err;
      const pauseMs = Math.min(2_000, 250 * 2 ** attempt, Math.max(0, by - Date.now()));
      options.log?.warn("JetStream did not answer a declaration; trying again", {
        what,
        attempt: attempt + 1,
        error: String(err),
      });
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
