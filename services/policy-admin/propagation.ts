/**
 * The propagation report of an amendment, from its `channel.synced` acknowledgements:
 *
 * 1. `channels`: every channel that acknowledged one of its events, each acknowledgement with the
 *    consumer, the event, when, and what the channel added (`detail`, e.g. notifications' N of M).
 * 2. `expectedChannels`: the five channels that depend on a publication, each acknowledged or not,
 *    with its first acknowledgement and how many seconds after publication it came.
 */

/** The channels that act on a published amendment and acknowledge it with `channel.synced`. */
export const expectedChannels = [
  "policy-cache",
  "eligibility-rules",
  "sessions",
  "notifications",
  "items",
] as const;

/** One recorded acknowledgement. */
export interface SyncRecord {
  channel: string;
  consumer: string;
  eventId: string;
  eventType: string;
  syncedAt: string;
  detail: Record<string, unknown> | null;
}

/** The fields of a `channel.synced` event's data that are not the channel's own detail. */
const ackFields = new Set([
  "channel",
  "consumer",
  "eventId",
  "eventType",
  "policyId",
  "amendmentId",
  "syncedAt",
]);

/**
 * What a channel added to its acknowledgement: `syncedEvent()` spreads the `detail` it is given
 * into the event's data, so it is every field besides the acknowledgement's own; a nested `detail`
 * object (from a publisher that kept it apart) is merged in. Null when there is none.
 */
export function ackDetail(data: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (ackFields.has(k) || v === undefined) continue;
    if (k === "detail" && v !== null && typeof v === "object" && !Array.isArray(v)) Object.assign(out, v);
    else out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** The report's channel lists from the acknowledgements (oldest first) and the publication instant. */
export function propagationChannels(syncs: SyncRecord[], publishedAt: string | null) {
  const byChannel = new Map<string, Omit<SyncRecord, "channel">[]>();
  for (const { channel, ...ack } of syncs) {
    const list = byChannel.get(channel) ?? [];
    list.push(ack);
    byChannel.set(channel, list);
  }
  const published = publishedAt ? Date.parse(publishedAt) : NaN;
  return {
    channels: [...byChannel].map(([channel, acknowledgements]) => ({ channel, acknowledgements })),
    expectedChannels: expectedChannels.map((channel) => {
      const times = (byChannel.get(channel) ?? []).map((a) => a.syncedAt).sort();
      const first = times[0] ?? null;
      return {
        channel,
        acknowledged: first !== null,
        firstSyncedAt: first,
        secondsAfterPublication: first !== null && !Number.isNaN(published)
          ? Math.round(Date.parse(first) - published) / 1000
          : null,
      };
    }),
  };
}
