/**
 * Sign-in throttling, in the graph so every replica counts the same failures: per login (whether
 * or not such an account exists, so the answer says nothing about existence) and per client
 * address, each over a sliding-start window. A success clears the login's count, never the address's.
 */
import type { Graph } from "@yibao/graph";
import { toPlain } from "@yibao/graph";
import checkQuery from "./queries/throttle_check.cypher" with { type: "text" };
import failQuery from "./queries/throttle_fail.cypher" with { type: "text" };
import clearQuery from "./queries/throttle_clear.cypher" with { type: "text" };

/** Limits: failures allowed per window for one login and for one address. */
export interface ThrottleLimits {
  perLogin: number;
  perAddress: number;
  windowSeconds: number;
}

const loginKey = (login: string) => `login:${login.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;

/** Counts failed sign-ins and says how long to wait. */
export class SignInThrottle {
  constructor(private readonly graph: Graph, private readonly limits: ThrottleLimits) {}

  /** Seconds until this login from this address may try again; 0 when it may now. */
  async retryAfter(login: string, address: string): Promise<number> {
    const keys = [
      { key: loginKey(login), limit: this.limits.perLogin },
      { key: addressKey(address), limit: this.limits.perAddress },
    ];
    const recs = await this.graph.read(async (tx) =>
      (await tx.run(checkQuery, { keys, windowSeconds: this.limits.windowSeconds })).records
    );
    return Math.max(0, ...recs.map((r) => Number(toPlain(r.get("retryAfter")))));
  }

  /** Counts one failure against the login and the address. */
  async fail(login: string, address: string): Promise<void> {
    await this.graph.write((tx) =>
      tx.run(failQuery, {
        keys: [loginKey(login), addressKey(address)],
        windowSeconds: this.limits.windowSeconds,
      })
    );
  }

  /** Forgets the login's failures after a successful sign-in. */
  async succeed(login: string): Promise<void> {
    await this.graph.write((tx) => tx.run(clearQuery, { key: loginKey(login) }));
  }
}
