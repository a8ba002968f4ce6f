/**
 * @module
 * A host's calendar subscription: a calendar app cannot send the console's cookie, so a host may
 * create a secret feed address (`/calendar.ics?key=<secret>`, 256 random bits). The graph keeps only
 * the secret's SHA-256 on the host's account; the address is shown once. Creating a new one
 * replaces the old (which stops answering at once), stopping it removes it, and it answers only
 * while the account is enabled and a host (or admin). The secret travels in the query string, which
 * the access log does not record.
 */
import type { Graph } from "@yibao/graph";
import type { Role } from "@yibao/kit";
import { randomToken } from "../auth/sessions.ts";
import accountQuery from "./queries/feed_account.cypher" with { type: "text" };
import infoQuery from "./queries/feed_info.cypher" with { type: "text" };
import issueQuery from "./queries/feed_issue.cypher" with { type: "text" };
import revokeQuery from "./queries/feed_revoke.cypher" with { type: "text" };

/** What a feed secret looks like (43 base64url characters). */
export const feedKeyPattern = /^[A-Za-z0-9_-]{43}$/;

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`yibao-calendar:${text}`));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Creates (or replaces) the account's feed; returns the secret, which is never stored. */
export async function issueFeed(graph: Graph, accountId: string): Promise<string> {
  const secret = randomToken(32);
  const hash = await sha256(secret);
  await graph.write((tx) => tx.run(issueQuery, { id: accountId, hash }));
  return secret;
}

/** Stops the account's feed. */
export async function revokeFeed(graph: Graph, accountId: string): Promise<void> {
  await graph.write((tx) => tx.run(revokeQuery, { id: accountId }));
}

/** When the account's feed was created, or null without one. */
export async function feedIssuedAt(graph: Graph, accountId: string): Promise<string | null> {
  return await graph.read(async (tx) => {
    const r = (await tx.run(infoQuery, { id: accountId })).records[0];
    return r ? (r.get("issuedAt") as string) : null;
  });
}

/** The account a feed secret belongs to (enabled, host or admin), or null. */
export async function feedAccount(
  graph: Graph,
  secret: string,
): Promise<{ id: string; name: string; role: Role } | null> {
  if (!feedKeyPattern.test(secret)) return null;
  const hash = await sha256(secret);
  return await graph.read(async (tx) => {
    const r = (await tx.run(accountQuery, { hash })).records[0];
    return r
      ? { id: r.get("id") as string, name: r.get("name") as string, role: r.get("role") as Role }
      : null;
  });
}
