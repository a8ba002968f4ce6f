/** The notifications service as the console uses it: how far an event reached. */
import { ApiProblem, type Caller, type ServiceClient } from "./client.ts";

/** N of M by channel and status for one event. */
export interface EventReach {
  eventId: string;
  subscribers: number;
  settledAt: string | null;
  total: number;
  reached: number;
  channels: { channel: string; total: number; reached: number; statuses: Record<string, number> }[];
}

/** The reach of an event, or null while the service has not fanned it out yet. */
export async function eventReach(
  notifications: ServiceClient,
  caller: Caller,
  eventId: string,
): Promise<EventReach | null> {
  try {
    return (await notifications.request<EventReach>(
      caller,
      "GET",
      `/v1/events/${encodeURIComponent(eventId)}/deliveries`,
    ))
      .data;
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) return null;
    throw err;
  }
}
