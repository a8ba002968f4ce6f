/** One client per service the console calls, from `CONSOLE_SERVICES`. */
import { type ClientSettings, ServiceClient } from "./client.ts";

/** The console's clients. */
export interface Clients {
  policy: ServiceClient;
  admin: ServiceClient;
  eligibility: ServiceClient;
  sessions: ServiceClient;
  notifications: ServiceClient;
}

/** Builds the clients; a service missing from the list answers 503 problems when called. */
export function createClients(services: { name: string; url: string }[], settings: ClientSettings): Clients {
  const url = (name: string) => services.find((s) => s.name === name)?.url;
  return {
    policy: new ServiceClient("policy", url("policy"), settings),
    admin: new ServiceClient("policy-admin", url("policy-admin"), settings),
    eligibility: new ServiceClient("eligibility", url("eligibility"), settings),
    sessions: new ServiceClient("sessions", url("sessions"), settings),
    notifications: new ServiceClient("notifications", url("notifications"), settings),
  };
}
