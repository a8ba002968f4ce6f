/**
 * @module
 * Partner API keys as the admin page manages them: the list (never the hash), issuing a key
 * (`yb_<id>_<secret>`, made and stored hashed by the kit; the plain text is returned once and never
 * kept) and revoking it. Services check keys with the kit's verifier, which caches a key for up to
 * 30 s, so a revocation reaches every service within that time.
 */
import type { Graph } from "@yibao/graph";
import { toPlain } from "@yibao/graph";
import { generateApiKey, revokeApiKey, saveApiKey, type Scope, scopes } from "@yibao/kit";
import { z } from "zod";
import getQuery from "./queries/api_key_get.cypher" with { type: "text" };
import issuedByQuery from "./queries/api_key_issued_by.cypher" with { type: "text" };
import listQuery from "./queries/api_key_list.cypher" with { type: "text" };
import revokedByQuery from "./queries/api_key_revoked_by.cypher" with { type: "text" };

/** How long a service may keep accepting a revoked key (the kit's verifier cache), in seconds. */
export const revocationDelaySeconds = 30;

/** A key as the admin page shows it. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string | null;
  createdByName: string | null;
  revokedAt: string | null;
  revokedByName: string | null;
}

/** A new key's fields. */
export const newKeySchema = z.object({
  name: z.string().trim().min(1, "请填写名称 / Enter a name").max(
    80,
    "最多 80 个字符 / At most 80 characters",
  ),
  scopes: z.array(z.enum(scopes)).min(1, "至少选择一项权限 / Choose at least one permission"),
});

/** Who acts on a key. */
export interface KeyActor {
  id: string;
  name: string;
}

function keyOf(raw: unknown): ApiKeyInfo {
  const k = toPlain(raw) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" && v ? v : null);
  return {
    id: String(k.id),
    name: text(k.name) ?? "",
    scopes: (Array.isArray(k.scopes) ? k.scopes : []).filter((s): s is Scope => scopes.includes(s as Scope)),
    createdAt: text(k.createdAt),
    createdByName: text(k.createdByName),
    revokedAt: text(k.revokedAt),
    revokedByName: text(k.revokedByName),
  };
}

/** Every key (at most 1,000), active first, newest first. */
export async function listApiKeys(graph: Graph): Promise<ApiKeyInfo[]> {
  return await graph.read(async (tx) =>
    (await tx.run(listQuery, {})).records.map((r) => keyOf(r.get("key")))
  );
}

/** One key, or null. */
export async function getApiKey(graph: Graph, id: string): Promise<ApiKeyInfo | null> {
  return await graph.read(async (tx) => {
    const rec = (await tx.run(getQuery, { id })).records[0];
    return rec ? keyOf(rec.get("key")) : null;
  });
}

/** Issues a key; the returned `key` is its full text, to show once and never store. */
export async function issueApiKey(
  graph: Graph,
  input: { name: string; scopes: Scope[] },
  by: KeyActor,
): Promise<{ id: string; key: string; name: string; scopes: Scope[] }> {
  const parsed = newKeySchema.parse(input);
  const made = await generateApiKey();
  await saveApiKey(graph, { id: made.id, hash: made.hash, name: parsed.name, scopes: parsed.scopes });
  await graph.write((tx) => tx.run(issuedByQuery, { id: made.id, by: by.id, byName: by.name }));
  return { id: made.id, key: made.key, name: parsed.name, scopes: parsed.scopes };
}

/** Revokes a key; false when there is no such key. Already revoked keys stay revoked. */
export async function revokeKey(graph: Graph, id: string, by: KeyActor): Promise<boolean> {
  const existing = await getApiKey(graph, id);
  if (!existing) return false;
  if (existing.revokedAt) return true;
  const revoked = await revokeApiKey(graph, id);
  if (revoked) await graph.write((tx) => tx.run(revokedByQuery, { id, by: by.id, byName: by.name }));
  return revoked;
}
