/**
 * Browser sessions: a random 256-bit secret in an HttpOnly cookie; the graph keeps only its SHA-256
 * (`(:ConsoleSession {id})`), the person's account id, a CSRF token, when it was last used and
 * when it ends regardless. A session ends when idle longer than the idle limit, at its absolute
 * expiry, at sign-out (deleted server-side), or when its account is disabled.
 */
import type { Graph } from "@yibao/graph";
import { toPlain } from "@yibao/graph";
import type { Role } from "@yibao/kit";
import createQuery from "./queries/session_create.cypher" with { type: "text" };
import findQuery from "./queries/session_find.cypher" with { type: "text" };
import touchQuery from "./queries/session_touch.cypher" with { type: "text" };
import endQuery from "./queries/session_end.cypher" with { type: "text" };
import pruneQuery from "./queries/session_prune.cypher" with { type: "text" };

/** The signed-in person behind a request. */
export interface SignedIn {
  sessionId: string;
  csrf: string;
  account: { id: string; login: string; name: string; role: Role };
}

/** Random bytes as base64url. */
export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

const cookiePattern = /^[A-Za-z0-9_-]{43}$/;
/** How long a session's last use may be left unrecorded: reads stay reads within it. */
const touchEveryMs = 60_000;

/** Sessions in the graph. */
export class SessionStore {
  constructor(
    private readonly graph: Graph,
    private readonly limits: { idleSeconds: number; absoluteSeconds: number },
  ) {}

  /** Starts a session for an enabled account; returns the cookie's value, or null if the account is disabled. */
  async create(
    accountId: string,
    meta: { address: string; userAgent: string },
  ): Promise<{ cookie: string; csrf: string } | null> {
    const cookie = randomToken();
    const csrf = randomToken();
    const created = await this.graph.write(async (tx) =>
      (await tx.run(createQuery, {
        id: await sha256(cookie),
        accountId,
        csrf,
        absoluteSeconds: this.limits.absoluteSeconds,
        address: meta.address,
        userAgent: meta.userAgent.slice(0, 300),
      })).records.length > 0
    );
    return created ? { cookie, csrf } : null;
  }

  /** The live session behind a cookie value, or null; records its use (at most once a minute). */
  async find(cookie: string | undefined): Promise<SignedIn | null> {
    if (!cookie || !cookiePattern.test(cookie)) return null;
    const id = await sha256(cookie);
    const rec = await this.graph.read(async (tx) =>
      (await tx.run(findQuery, { id, idleSeconds: this.limits.idleSeconds })).records[0]
    );
    if (!rec) return null;
    const session = toPlain(rec.get("session")) as { id: string; csrf: string; lastSeenAt: string };
    const account = toPlain(rec.get("account")) as SignedIn["account"];
    if (Date.now() - Date.parse(session.lastSeenAt) > touchEveryMs) {
      await this.graph.write((tx) => tx.run(touchQuery, { id }));
    }
    return { sessionId: id, csrf: session.csrf, account };
  }

  /** Ends the session behind a cookie value (sign-out). */
  async end(cookie: string | undefined): Promise<void> {
    if (!cookie || !cookiePattern.test(cookie)) return;
    const id = await sha256(cookie);
    await this.graph.write((tx) => tx.run(endQuery, { id }));
  }

  /** Deletes expired and idle sessions; returns how many. */
  async prune(): Promise<number> {
    return await this.graph.write(async (tx) =>
      Number(
        toPlain(
          (await tx.run(pruneQuery, { idleSeconds: this.limits.idleSeconds })).records[0]?.get("removed"),
        ),
      )
    );
  }
}
