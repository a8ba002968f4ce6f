/**
 * @module
 * Items in the graph: create, read, list, edit (If-Match revision), confirm after review. Every
 * change writes an audit entry in its own transaction (entity `item`).
 *
 * Who may change an item: operators and admins any item; a host only the items they created (a
 * host's bank is their own, an operator curates everyone's). Reviewers read.
 */
import { type Graph, int, type ManagedTransaction, toPlain } from "@yibao/graph";
import { appendAudit, type AuditBy, type FieldError, type Principal } from "@yibao/kit";
import { NotYours, StaleSequence, Unacceptable } from "../errors.ts";
import { type Item, type ItemInput, itemProblems, normalised, reviewSchema } from "./model.ts";
import refsQuery from "./queries/item_refs_check.cypher" with { type: "text" };
import saveQuery from "./queries/item_save.cypher" with { type: "text" };
import getQuery from "./queries/item_get.cypher" with { type: "text" };
import lockQuery from "./queries/item_lock.cypher" with { type: "text" };
import listQuery from "./queries/item_list.cypher" with { type: "text" };
import latestQuery from "./queries/item_latest_version.cypher" with { type: "text" };

/** An item that does not exist. */
export class ItemNotFound extends Error {
  override name = "ItemNotFound";
  constructor(readonly id: string) {
    super(`Item "${id}" was not found`);
  }
}

/** The filters of `GET /v1/items`. */
export interface ItemFilter {
  topic?: string | undefined;
  audience?: string | undefined;
  policy?: string | undefined;
  status?: "ready" | "needsReview" | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Reads an item record (item map, policyId, version) into the API's shape. */
export function itemFromRecord(r: { get(k: string): unknown }): Item {
  const i = toPlain(r.get("item")) as Record<string, unknown>;
  const policyId = r.get("policyId") as string | null;
  const key = (i.correctChoiceIds as string[] | null) ?? [];
  return {
    id: i.id as string,
    kind: i.kind as Item["kind"],
    stem: i.stem as string,
    choices: JSON.parse((i.choices as string | null) ?? "[]"),
    correctChoiceIds: key,
    explanation: (i.explanation as string | null) ?? "",
    tests: policyId ? { policyId, version: toPlain(r.get("version")) as number } : null,
    topics: (i.topics as string[] | null) ?? [],
    audiences: (i.audiences as string[] | null) ?? [],
    anonymous: i.anonymous === true,
    knowledge: key.length > 0 && i.kind !== "rating",
    status: (i.status as Item["status"] | null) ?? "ready",
    review: i.review ? reviewSchema.parse(JSON.parse(i.review as string)) : null,
    createdBy: i.createdBy as string,
    createdAt: i.createdAt as string,
    updatedAt: i.updatedAt as string,
    revision: i.revision as number,
  };
}

/** The caller's id as items record it (`user:<sub>` or `key:<id>`). */
export function authorOf(p: Principal): string {
  return p.kind === "token" ? `user:${p.subject}` : `key:${p.keyId}`;
}

/** True when `p` may change `item`: operators and admins any, hosts their own. */
export function mayChange(p: Principal, item: Pick<Item, "createdBy">): boolean {
  if (p.kind === "apiKey") return p.scopes.includes("admin") || p.scopes.includes("sessions:write");
  return p.role === "admin" || p.role === "operator" || (p.role === "host" && item.createdBy === authorOf(p));
}

/** The audit view of an item (what changed, without internal fields). */
function audited(i: Item | null) {
  return i && {
    kind: i.kind,
    stem: i.stem,
    correctChoiceIds: i.correctChoiceIds,
    tests: i.tests,
    status: i.status,
    revision: i.revision,
  };
}

/** Items in the graph. */
export class ItemRepository {
  constructor(private readonly graph: Graph) {}

  /** Creates an item; 422 naming the field when a rule or a reference fails. */
  async create(input: ItemInput, by: AuditBy & { principal: Principal }, prefix = "body."): Promise<Item> {
    const id = `itm-${crypto.randomUUID()}`;
    return await this.graph.write(async (tx) => {
      await save(tx, id, input, { createdBy: authorOf(by.principal), prefix });
      const item = (await readOne(tx, id))!;
      await appendAudit(tx, by, {
        action: "item.create",
        entityType: "item",
        entityId: id,
        policyId: item.tests?.policyId ?? null,
        before: null,
        after: audited(item),
      });
      return item;
    });
  }

  /** Creates several items in one transaction: all or none. */
  async createMany(inputs: ItemInput[], by: AuditBy & { principal: Principal }): Promise<Item[]> {
    return await this.graph.write(async (tx) => {
      const out: Item[] = [];
      for (const [n, input] of inputs.entries()) {
        const id = `itm-${crypto.randomUUID()}`;
        await save(tx, id, input, { createdBy: authorOf(by.principal), prefix: `body.items.${n}.` });
        const item = (await readOne(tx, id))!;
        await appendAudit(tx, by, {
          action: "item.import",
          entityType: "item",
          entityId: id,
          policyId: item.tests?.policyId ?? null,
          before: null,
          after: audited(item),
        });
        out.push(item);
      }
      return out;
    });
  }

  /** One item. */
  async get(id: string): Promise<Item | null> {
    return await this.graph.read((tx) => readOne(tx, id));
  }

  /** Items by id, in the order asked (unknown ids left out). */
  async getMany(ids: string[]): Promise<Item[]> {
    return await this.graph.read(async (tx) => {
      const out: Item[] = [];
      for (const id of ids) {
        const item = await readOne(tx, id);
        if (item) out.push(item);
      }
      return out;
    });
  }

  /** A page of items, newest first, and the cursor of the next page (null on the last). */
  async list(f: ItemFilter): Promise<{ items: Item[]; nextCursor: string | null }> {
    const after = f.cursor ? decodeCursor(f.cursor) : null;
    const items = await this.graph.read(async (tx) =>
      (await tx.run(listQuery, {
        status: f.status ?? null,
        topic: f.topic ?? null,
        audience: f.audience ?? null,
        policy: f.policy ?? null,
        q: f.q ?? null,
        afterAt: after?.at ?? null,
        afterId: after?.id ?? null,
        limit: int(f.limit + 1),
      })).records.map(itemFromRecord)
    );
    const more = items.length > f.limit;
    const page = items.slice(0, f.limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  /**
   * Edits an item (the fields given): takes its lock, compares `ifMatch`, checks the rules on the
   * result, writes. An edit clears needs-review: the editor has seen the item as it is.
   */
  async update(
    id: string,
    patch: Partial<ItemInput>,
    by: AuditBy & { principal: Principal; ifMatch?: number | undefined },
  ): Promise<Item> {
    return await this.graph.write(async (tx) => {
      const before = await lockedForChange(tx, id, by);
      const input: ItemInput = {
        kind: patch.kind ?? before.kind,
        stem: patch.stem ?? before.stem,
        choices: patch.choices ?? before.choices,
        correctChoiceIds: patch.correctChoiceIds ?? before.correctChoiceIds,
        explanation: patch.explanation ?? before.explanation,
        tests: patch.tests === undefined ? before.tests : patch.tests,
        topics: patch.topics ?? before.topics,
        audiences: patch.audiences ?? before.audiences,
        anonymous: patch.anonymous ?? before.anonymous,
      };
      await save(tx, id, input, { createdBy: before.createdBy, prefix: "body." });
      const after = (await readOne(tx, id))!;
      await appendAudit(tx, by, {
        action: "item.update",
        entityType: "item",
        entityId: id,
        policyId: after.tests?.policyId ?? null,
        before: audited(before),
        after: audited(after),
      });
      return after;
    });
  }

  /**
   * Confirms an item after review: still right under the amended policy. It then tests `version`
   * (by default the policy's newest) and is ready again.
   */
  async confirm(
    id: string,
    version: number | undefined,
    by: AuditBy & { principal: Principal; ifMatch?: number | undefined },
  ): Promise<Item> {
    return await this.graph.write(async (tx) => {
      const before = await lockedForChange(tx, id, by);
      let tests = before.tests;
      if (tests) {
        const latest = toPlain(
          (await tx.run(latestQuery, { policyId: tests.policyId })).records[0]?.get("version"),
        );
        tests = { policyId: tests.policyId, version: version ?? (latest as number | null) ?? tests.version };
      } else if (version !== undefined) {
        throw new Unacceptable(
          [{ path: "body.version", message: "the item cites no policy" }],
          "这道题没有注明考查的政策，无法指定版本",
        );
      }
      await save(tx, id, { ...before, tests }, { createdBy: before.createdBy, prefix: "body." });
      const after = (await readOne(tx, id))!;
      await appendAudit(tx, by, {
        action: "item.confirm",
        entityType: "item",
        entityId: id,
        policyId: after.tests?.policyId ?? null,
        before: audited(before),
        after: audited(after),
      });
      return after;
    });
  }
}

async function lockedForChange(
  tx: ManagedTransaction,
  id: string,
  by: { principal: Principal; ifMatch?: number | undefined },
): Promise<Item> {
  if ((await tx.run(lockQuery, { id })).records.length === 0) throw new ItemNotFound(id);
  const before = (await readOne(tx, id))!;
  if (!mayChange(by.principal, before)) {
    throw new NotYours("Hosts change only the items they made; operators and admins change any");
  }
  if (by.ifMatch !== undefined && by.ifMatch !== before.revision) throw new StaleSequence(before.revision);
  return before;
}

async function readOne(tx: ManagedTransaction, id: string): Promise<Item | null> {
  const r = (await tx.run(getQuery, { id })).records[0];
  return r ? itemFromRecord(r) : null;
}

/** Checks the rules and references, then writes; a write always leaves the item ready. */
async function save(
  tx: ManagedTransaction,
  id: string,
  raw: ItemInput,
  options: { createdBy: string; prefix: string },
): Promise<void> {
  const problems: FieldError[] = itemProblems(raw, options.prefix);
  const input = normalised(raw);
  const refs = (await tx.run(refsQuery, {
    policyId: input.tests?.policyId ?? null,
    version: input.tests ? int(input.tests.version) : null,
    topics: input.topics,
    audiences: input.audiences,
  })).records[0]!;
  if (!refs.get("policyKnown")) {
    problems.push({
      path: `${options.prefix}tests.policyId`,
      message: {
        zh: `没有标识为「${input.tests!.policyId}」的政策`,
        en: `unknown policy "${input.tests!.policyId}"`,
      },
    });
  } else if (!refs.get("versionKnown")) {
    problems.push({
      path: `${options.prefix}tests.version`,
      message: {
        zh: `政策「${input.tests!.policyId}」没有第 ${input.tests!.version} 版`,
        en: `policy "${input.tests!.policyId}" has no version ${input.tests!.version}`,
      },
    });
  }
  for (const t of refs.get("topics") as string[]) {
    problems.push({
      path: `${options.prefix}topics`,
      message: { zh: `没有主题「${t}」`, en: `unknown topic "${t}"` },
    });
  }
  for (const a of refs.get("audiences") as string[]) {
    problems.push({
      path: `${options.prefix}audiences`,
      message: { zh: `没有人群「${a}」`, en: `unknown audience "${a}"` },
    });
  }
  if (problems.length) throw new Unacceptable(problems, "题目有误，请按提示修改");
  await tx.run(saveQuery, {
    id,
    createdBy: options.createdBy,
    policyId: input.tests?.policyId ?? null,
    version: input.tests ? int(input.tests.version) : null,
    item: {
      kind: input.kind,
      stem: input.stem,
      choices: JSON.stringify(input.choices),
      correctChoiceIds: input.correctChoiceIds,
      explanation: input.explanation,
      topics: input.topics,
      audiences: input.audiences,
      anonymous: input.anonymous,
      status: "ready",
      review: null,
    },
  });
}

function encodeCursor(at: string, id: string): string {
  return btoa(`${at}|${id}`).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** The position a cursor names; a bad cursor reads as the start. */
function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const [at, id] = atob(cursor.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    return at && id && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(at) &&
        !Number.isNaN(Date.parse(at))
      ? { at, id }
      : null;
  } catch {
    return null;
  }
}
