import { encodeBase64Url } from "./_base64url.ts";
import type { Graph } from "@yibao/graph";
import type { Scope } from "./model.ts";
import { scopes as knownScopes } from "./model.ts";
import findQuery from "./queries/api_key_find.cypher" with { type: "text" };
import upsertQuery from "./queries/api_key_upsert.cypher" with { type: "text" };
import revokeQuery from "./queries/api_key_revoke.cypher" with { type: "text" };

const keyPattern = /^yb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A freshly made key: the plain text is shown once and never stored. */
export interface NewApiKey {
  id: string;
  key: string;
  hash: string;
}

/** Makes a random key `yb_<id>_<secret>` (a 256-bit secret) and its SHA-256 hash. */
export async function generateApiKey(): Promise<NewApiKey> {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  const secret = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { id, key: `yb_${id}_${secret}`, hash: await hashSecret(secret) };
}

/** Stores (or replaces) a key's hash and scopes in the graph. */
export async function saveApiKey(
  graph: Graph,
  key: { id: string; hash: string; name: string; scopes: Scope[] },
): Promise<void> {
  await graph.write((tx) => tx.run(upsertQuery, key));
}

/** Revokes a key; true when it existed. */
export async function revokeApiKey(graph: Graph, id: string): Promise<boolean> {
  return await graph.write(async (tx) => (await tx.run(revokeQuery, { id })).records[0]?.get("revoked") > 0);
}

/** Checks presented API keys against the hashes in the graph, caching look-ups briefly. */
export class ApiKeyVerifier {
  #cache = new Map<string, { hash: string; name: string; scopes: Scope[]; until: number }>();
  // Keys already checked, by their full text: a repeat skips the hash (the hot path of every call).
  #verified = new Map<string, { keyId: string; name: string; scopes: Scope[]; until: number }>();

  constructor(private readonly graph: Graph, private readonly ttlMs = 30_000) {}

  /** The key's id, name and scopes when it is valid and not revoked; otherwise null. */
  async verify(presented: string): Promise<{ keyId: string; name: string; scopes: Scope[] } | null> {
    const now = Date.now();
    const known = this.#verified.get(presented);
    if (known && known.until > now) return { keyId: known.keyId, name: known.name, scopes: known.scopes };
    const m = keyPattern.exec(presented);
    if (!m) return null;
    const [, id, secret] = m as unknown as [string, string, string];
    let entry = this.#cache.get(id);
    if (entry === undefined || entry.until <= now) {
      // unknown or revoked keys are not cached: they are looked up each time
      const found = await this.graph.read(async (tx) => (await tx.run(findQuery, { id })).records[0]);
      entry = found
        ? {
          hash: found.get("hash"),
          name: found.get("name"),
          scopes: (found.get("scopes") as string[]).filter((s): s is Scope =>
            knownScopes.includes(s as Scope)
          ),
          until: now + this.ttlMs,
        }
        : undefined;
      if (this.#cache.size > 10_000) this.#cache.clear();
      if (entry) this.#cache.set(id, entry);
      else this.#cache.delete(id);
    }
    if (!entry) return null;
    const presentedHash = await hashSecret(secret);
    if (!timingSafeEqual(presentedHash, entry.hash)) return null;
    const result = { keyId: id, name: entry.name, scopes: entry.scopes };
    if (this.#verified.size > 10_000) this.#verified.clear();
    if (this.ttlMs > 0) this.#verified.set(presented, { ...result, until: entry.until });
    return result;
  }
}

async function hashSecret(secret: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
