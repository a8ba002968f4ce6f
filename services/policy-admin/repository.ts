import {
  applyChanges,
  type Change,
  diffContent,
  type PolicyContent,
  policyContentSchema,
} from "@yibao/domain";
import { staleFigures, type StaleFigureWarning } from "./stale_figures.ts";
import { createEvent, enqueueEvent } from "@yibao/events";
import { type Graph, int, type ManagedTransaction, neoDate, toPlain } from "@yibao/graph";
import { type Actor, appendAudit } from "@yibao/kit";
import { draftContent, emptyContent } from "./content.ts";
import { countsByState, type DeskCursor, encodeCursor } from "./desk.ts";
import { ackDetail, type SyncRecord } from "./propagation.ts";
import {
  type Action,
  type AmendmentDeskState,
  type AmendmentStatus,
  checkAction,
  nextStatus,
  WorkflowError,
} from "./workflow.ts";
import policyCreateQuery from "./queries/policy_create.cypher" with { type: "text" };
import referencesCheckQuery from "./queries/references_check.cypher" with { type: "text" };
import policyLatestQuery from "./queries/policy_latest.cypher" with { type: "text" };
import amendmentCreateQuery from "./queries/amendment_create.cypher" with { type: "text" };
import amendmentGetQuery from "./queries/amendment_get.cypher" with { type: "text" };
import amendmentUpdateQuery from "./queries/amendment_update.cypher" with { type: "text" };
import versionPublishQuery from "./queries/version_publish.cypher" with { type: "text" };
import versionWithdrawQuery from "./queries/version_withdraw.cypher" with { type: "text" };
import versionSupersedeQuery from "./queries/version_supersede.cypher" with { type: "text" };
import changeAppendQuery from "./queries/change_append.cypher" with { type: "text" };
import auditListQuery from "./queries/audit_list.cypher" with { type: "text" };
import effectiveDueQuery from "./queries/effective_due.cypher" with { type: "text" };
import channelSyncRecordQuery from "./queries/channel_sync_record.cypher" with { type: "text" };
import propagationQuery from "./queries/propagation.cypher" with { type: "text" };
import effectiveRecordQuery from "./queries/effective_record.cypher" with { type: "text" };
import amendmentEffectiveEventQuery from "./queries/amendment_effective_event.cypher" with { type: "text" };
import amendmentDeskListQuery from "./queries/amendment_desk_list.cypher" with { type: "text" };
import amendmentDeskCountsQuery from "./queries/amendment_desk_counts.cypher" with { type: "text" };
import versionGetQuery from "./queries/version_get.cypher" with { type: "text" };

/** What `GET /v1/audit` filters on: amendments and policies here, sessions and questions (sessions service), subscribers and webhook endpoints (notifications service). */
export const auditEntityTypes = [
  "amendment",
  "policy",
  "session",
  "question",
  "subscriber",
  "webhookEndpoint",
] as const;
/** One of `auditEntityTypes`. */
export type AuditEntityType = typeof auditEntityTypes[number];

/** An amendment as the API shows it. */
export interface Amendment {
  id: string;
  policyId: string;
  status: AmendmentStatus;
  summary: string;
  effectiveFrom: string;
  baseVersion: number;
  initial: boolean;
  changes: Change[];
  authorId: string;
  authorName: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  approvedBy?: string;
  approvedByName?: string;
  approvedAt?: string;
  publishedBy?: string;
  publishedByName?: string;
  publishedAt?: string;
  /** Every time a reviewer sent it back to draft, oldest first. */
  returns: AmendmentReturn[];
  version?: number;
  withdrawnAt?: string;
  publishedEventId?: string;
  effectiveEventId?: string;
  /** The same-day correction whose version superseded this amendment's. */
  supersededBy?: string;
}

/** A reviewer's return of a submitted amendment to its author. */
export interface AmendmentReturn {
  reason: string;
  by: string;
  byName: string;
  at: string;
}

/** One row of the amendment desk board. */
export interface DeskItem {
  id: string;
  policyId: string;
  policyTitle: string | null;
  docNumber: string | null;
  state: AmendmentDeskState;
  status: AmendmentStatus;
  summary: string;
  effectiveFrom: string;
  initial: boolean;
  authorId: string;
  authorName: string;
  approvedBy: string | null;
  approvedByName: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  version: number | null;
  latestReturn: AmendmentReturn | null;
  revision: number;
}

/** The desk board's filters. */
export interface DeskFilter {
  states: AmendmentDeskState[] | null;
  policyId?: string | undefined;
  authorId?: string | undefined;
  /** Submitted amendments this person did not author: a reviewer's queue. */
  waitingFor?: string | undefined;
  q?: string | undefined;
  after: DeskCursor | null;
  limit: number;
  today: string;
}

/** What an amendment would make. */
export interface AmendmentContent {
  amendmentId: string;
  policyId: string;
  /** The version the changes apply to: the one before it once published, else the latest now (0: none). */
  baseVersion: number;
  /** The version it was drafted against. */
  draftedAgainst: number;
  base: PolicyContent | null;
  draft: PolicyContent | null;
  problems: { field: string; message: string }[];
  changes: Change[];
  /** Texts of the draft that still quote a figure a changed rule parameter had before. */
  warnings: StaleFigureWarning[];
}

/** The amendment does not exist. */
export class AmendmentNotFound extends Error {
  override name = "AmendmentNotFound";
}
/** The policy does not exist. */
export class PolicyNotFound extends Error {
  override name = "PolicyNotFound";
}
/** The caller's revision (ETag) is no longer current. */
export class StaleRevision extends Error {
  override name = "StaleRevision";
  constructor(readonly current: number) {
    super(`The amendment changed since it was read (revision ${current} now)`);
  }
}
/** A draft whose changes leave the policy as it is. */
export class NothingChanges extends Error {
  override name = "NothingChanges";
}
/** References (regions, audiences, topics, policies) that do not exist, or an id in use. */
export class BadReferences extends Error {
  override name = "BadReferences";
  constructor(readonly problems: { path: string; message: { zh: string; en: string } }[]) {
    super(problems.map((p) => `${p.path}: ${p.message.en}`).join("; "));
  }
}

/** A new policy: where it applies, for whom, about what, and its first content. */
export interface NewPolicy {
  id: string;
  docNumber: string;
  issuer: string;
  regions: string[];
  audiences: string[];
  topics: string[];
  implements?: string;
  overrides?: string;
  content: PolicyContent;
  summary: string;
  effectiveFrom: string;
}

const source = "/services/policy-admin";

function toAmendment(raw: unknown): Amendment {
  const a = toPlain(raw) as Record<string, unknown>;
  const { changes, returns, _touch: _t, ...rest } = a;
  return {
    ...rest,
    changes: JSON.parse(changes as string),
    returns: returns ? JSON.parse(returns as string) : [],
    initial: Boolean(a.initial),
  } as unknown as Amendment;
}

function versionRow(content: PolicyContent) {
  return {
    title: content.title,
    body: content.body,
    summaries: JSON.stringify(content.summaries),
    rules: JSON.stringify(content.rules),
    eligibility: JSON.stringify(content.eligibility),
    searchText: Object.values(content.summaries).join("\n"),
  };
}

/** The operators' writes: policies, amendments and their workflow, audit, propagation. */
export class AdminRepository {
  constructor(private readonly graph: Graph) {}

  /** Creates a policy and the draft amendment that will publish its first version. */
  async createPolicy(p: NewPolicy, actor: Actor, requestId: string): Promise<Amendment> {
    return await this.graph.write(async (tx) => {
      const refs = (await tx.run(referencesCheckQuery, {
        id: p.id,
        regions: p.regions,
        audiences: p.audiences,
        topics: p.topics,
        policies: [p.implements, p.overrides].filter((x): x is string => !!x),
      })).records[0]!;
      const problems: { path: string; message: { zh: string; en: string } }[] = [];
      if (refs.get("idTaken")) {
        problems.push({
          path: "body.id",
          message: { zh: `政策编号「${p.id}」已被使用`, en: `Policy "${p.id}" exists already` },
        });
      }
      for (
        const [key, zh, en] of [
          ["regions", "地区", "region"],
          ["audiences", "人群", "audience"],
          ["topics", "主题", "topic"],
        ] as const
      ) {
        for (const bad of refs.get(key) as string[]) {
          problems.push({
            path: `body.${key}`,
            message: { zh: `没有${zh}「${bad}」`, en: `Unknown ${en} "${bad}"` },
          });
        }
      }
      for (const bad of refs.get("policies") as string[]) {
        const path = bad === p.implements ? "body.implements" : "body.overrides";
        problems.push({ path, message: { zh: `没有政策「${bad}」`, en: `Unknown policy "${bad}"` } });
      }
      if (problems.length) throw new BadReferences(problems);
      await tx.run(policyCreateQuery, {
        policy: {
          ...p,
          content: undefined,
          implements: p.implements ?? null,
          overrides: p.overrides ?? null,
        },
        actor: actor.id,
      });
      const changes = diffContent(emptyContent, p.content);
      const amendment = await this.#insertAmendment(tx, p.id, {
        summary: p.summary,
        effectiveFrom: p.effectiveFrom,
        changes,
        baseVersion: 0,
        initial: true,
      }, actor);
      await audit(tx, actor, requestId, "policy.create", "policy", p.id, p.id, null, {
        docNumber: p.docNumber,
        issuer: p.issuer,
        regions: p.regions,
        audiences: p.audiences,
        topics: p.topics,
        implements: p.implements ?? null,
        overrides: p.overrides ?? null,
      });
      await audit(tx, actor, requestId, "amendment.create", "amendment", amendment.id, p.id, null, amendment);
      return amendment;
    });
  }

  /** Drafts an amendment of an existing policy against its latest version. */
  async createAmendment(
    policyId: string,
    draft: { summary: string; effectiveFrom: string; changes: Change[] },
    actor: Actor,
    requestId: string,
  ): Promise<Amendment> {
    return await this.graph.write(async (tx) => {
      const latest = await latestOf(tx, policyId);
      const base = latest.content ?? emptyContent;
      checkChanges(base, draft.changes);
      const a = await this.#insertAmendment(tx, policyId, {
        ...draft,
        baseVersion: latest.version,
        initial: false,
      }, actor);
      await audit(tx, actor, requestId, "amendment.create", "amendment", a.id, policyId, null, a);
      return a;
    });
  }

  /** One amendment. */
  async get(id: string): Promise<Amendment | null> {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(amendmentGetQuery, { id })).records[0];
      return rec ? toAmendment(rec.get("amendment")) : null;
    });
  }

  /** Edits a draft (summary, effectiveFrom, changes) if `revision` is current. */
  update(
    id: string,
    revision: number,
    patch: { summary?: string; effectiveFrom?: string; changes?: Change[] },
    actor: Actor,
    requestId: string,
    today: string,
  ): Promise<Amendment> {
    return this.#step(id, "update", { actor, requestId, today, revision }, async (tx, before) => {
      if (patch.changes) {
        const latest = await latestOf(tx, before.policyId);
        checkChanges(latest.content ?? emptyContent, patch.changes);
      }
      const set: Record<string, unknown> = {};
      if (patch.summary !== undefined) set.summary = patch.summary;
      if (patch.effectiveFrom !== undefined) set.effectiveFrom = neoDate(patch.effectiveFrom);
      if (patch.changes !== undefined) set.changes = JSON.stringify(patch.changes);
      return set;
    });
  }

  /** Submits or approves. */
  transition(
    id: string,
    action: "submit" | "approve",
    actor: Actor,
    requestId: string,
    today: string,
    revision?: number,
  ): Promise<Amendment> {
    return this.#step(id, action, { actor, requestId, today, revision }, () => {
      const set: Record<string, unknown> = { status: nextStatus(action) };
      if (action === "submit") set.submittedAt = new Date().toISOString();
      if (action === "approve") {
        set.approvedBy = actor.id;
        set.approvedByName = actor.name;
        set.approvedAt = new Date().toISOString();
      }
      return Promise.resolve(set);
    });
  }

  /**
   * Publishes an approved amendment: the new version, the end of the one before, the change feed,
   * the audit entry and the outbox events (`policy.amendment.published`, and
   * `policy.version.effective` when it takes effect today) in one transaction.
   */
  publish(
    id: string,
    actor: Actor,
    requestId: string,
    today: string,
    revision?: number,
  ): Promise<Amendment> {
    return this.#step(id, "publish", { actor, requestId, today, revision }, async (tx, before) => {
      const latest = await latestOf(tx, before.policyId);
      if (latest.effectiveFrom && before.effectiveFrom < latest.effectiveFrom) {
        throw new WorkflowError(
          "unprocessable",
          `生效日期不能早于当前最新版本的生效日期 ${latest.effectiveFrom}`,
          `effectiveFrom must be on or after ${latest.effectiveFrom}, when version ${latest.version} takes effect`,
        );
      }
      // Effective the same day as the latest version (a same-day correction): the latest is superseded,
      // its validity emptied (effectiveTo = effectiveFrom), so the one in-force rule never picks it.
      const supersedes = latest.effectiveFrom === before.effectiveFrom ? latest.version : null;
      // Drafted against an older version: it still applies if every `before` matches the latest.
      const content = checkChanges(latest.content ?? emptyContent, before.changes);
      const version = latest.version + 1;
      const effectiveNow = before.effectiveFrom <= today;
      await tx.run(versionPublishQuery, {
        policyId: before.policyId,
        version: int(version),
        effectiveFrom: before.effectiveFrom,
        content: versionRow(content),
        amendmentId: id,
        announceNow: effectiveNow,
      });
      if (supersedes !== null) {
        const superseded = (await tx.run(versionSupersedeQuery, {
          policyId: before.policyId,
          version: int(supersedes),
          by: int(version),
          byAmendmentId: id,
        })).records[0];
        await audit(
          tx,
          actor,
          requestId,
          "version.supersede",
          "policyVersion",
          `${before.policyId}@${supersedes}`,
          before.policyId,
          { effectiveFrom: before.effectiveFrom, effectiveTo: null },
          {
            effectiveFrom: before.effectiveFrom,
            effectiveTo: before.effectiveFrom,
            supersededBy: version,
            supersededByAmendmentId: id,
            amendmentId: (superseded?.get("amendmentId") as string | null) ?? null,
          },
        );
      }
      const published = createEvent({
        type: "policy.amendment.published",
        source,
        subject: before.policyId,
        data: {
          amendmentId: id,
          policyId: before.policyId,
          version,
          effectiveFrom: before.effectiveFrom,
          summary: before.summary,
          changes: before.changes,
          publishedAt: new Date().toISOString(),
          ...(supersedes !== null ? { supersedes } : {}),
        },
      });
      await enqueueEvent(tx, published, { requestId });
      await appendChange(tx, "published", before.policyId, version, id, before.effectiveFrom);
      const set: Record<string, unknown> = {
        status: "published",
        publishedBy: actor.id,
        publishedByName: actor.name,
        publishedAt: new Date().toISOString(),
        version: int(version),
        publishedEventId: published.id,
      };
      if (effectiveNow) {
        const effective = effectiveEvent(before.policyId, version, before.effectiveFrom, id);
        await enqueueEvent(tx, effective, { requestId });
        await appendChange(tx, "effective", before.policyId, version, id, before.effectiveFrom);
        await tx.run(effectiveRecordQuery, { versionId: `${before.policyId}@${version}`, by: actor.id });
        set.effectiveEventId = effective.id;
      }
      return set;
    });
  }

  /**
   * A reviewer sends a submitted amendment back to its author's draft with a reason, added to its
   * `returns`; never the author themself (four eyes).
   */
  returnToAuthor(
    id: string,
    reason: string,
    actor: Actor,
    requestId: string,
    today: string,
    revision?: number,
  ): Promise<Amendment> {
    return this.#step(id, "return", { actor, requestId, today, revision }, (_tx, before) => {
      const r: AmendmentReturn = { reason, by: actor.id, byName: actor.name, at: new Date().toISOString() };
      return Promise.resolve({
        status: nextStatus("return"),
        returns: JSON.stringify([...before.returns, r]),
      });
    });
  }

  /** One page of the amendment desk board, the next page's cursor, and the counts by state. */
  async desk(
    f: DeskFilter,
  ): Promise<{ items: DeskItem[]; nextCursor: string | null; counts: Record<AmendmentDeskState, number> }> {
    return await this.graph.read(async (tx) => {
      const common = {
        policyId: f.policyId ?? null,
        authorId: f.authorId ?? null,
        waitingFor: f.waitingFor ?? null,
        q: f.q ?? null,
        today: f.today,
      };
      const rows = (await tx.run(amendmentDeskListQuery, {
        ...common,
        states: f.states,
        after: f.after,
        limit: int(f.limit + 1),
      })).records;
      const page = rows.slice(0, f.limit);
      const items = page.map((r) => deskItem(r.toObject()));
      const last = page[page.length - 1];
      const nextCursor = rows.length > f.limit && last
        ? encodeCursor({ updatedAt: last.get("sortKey") as string, id: items[items.length - 1]!.id })
        : null;
      const counts = countsByState(
        (await tx.run(amendmentDeskCountsQuery, common)).records.map((r) => ({
          state: r.get("state") as string,
          count: toPlain(r.get("count")) as number,
        })),
      );
      return { items, nextCursor, counts };
    });
  }

  /**
   * What an amendment would make: for a published one, the version before it and the version it
   * made; otherwise the latest version now and its changes applied to it (null, with the fields
   * that no longer apply, when they do not).
   */
  async content(id: string): Promise<AmendmentContent | null> {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(amendmentGetQuery, { id })).records[0];
      if (!rec) return null;
      const a = toAmendment(rec.get("amendment"));
      const result = (
        base: { version: number; content: PolicyContent | null },
        draft: { draft: PolicyContent | null; problems: { field: string; message: string }[] },
      ): AmendmentContent => ({
        amendmentId: a.id,
        policyId: a.policyId,
        baseVersion: base.version,
        draftedAgainst: a.baseVersion,
        base: base.content,
        draft: draft.draft,
        problems: draft.problems,
        changes: a.changes,
        warnings: draft.draft && a.status !== "published" ? staleFigures(draft.draft, a.changes) : [],
      });
      if (a.status === "published" && a.version) {
        const before = a.version > 1 ? await versionOf(tx, a.policyId, a.version - 1) : null;
        const made = await versionOf(tx, a.policyId, a.version);
        if (made.content) {
          return result({ version: a.version - 1, content: before?.content ?? null }, {
            draft: made.content,
            problems: [],
          });
        }
      }
      const latest = await versionOf(tx, a.policyId, null);
      return result(
        { version: latest.version, content: latest.content },
        draftContent(latest.content, a.changes),
      );
    });
  }

  /** Withdraws an amendment before it takes effect (removing its scheduled version if published). */
  withdraw(
    id: string,
    actor: Actor,
    requestId: string,
    today: string,
    revision?: number,
  ): Promise<Amendment> {
    return this.#step(id, "withdraw", { actor, requestId, today, revision }, async (tx, before) => {
      if (before.status === "published") {
        const latest = await latestOf(tx, before.policyId);
        if (latest.version !== before.version) {
          throw new WorkflowError(
            "conflict",
            "之后已有更新的版本，不能撤回此修订",
            `A later version of "${before.policyId}" exists; withdraw that first`,
          );
        }
        await tx.run(versionWithdrawQuery, {
          policyId: before.policyId,
          version: int(before.version!),
          today,
        });
        await appendChange(tx, "withdrawn", before.policyId, before.version!, id, before.effectiveFrom);
        await enqueueEvent(
          tx,
          createEvent({
            type: "policy.amendment.withdrawn",
            source,
            subject: before.policyId,
            data: { amendmentId: id, policyId: before.policyId, version: before.version! },
          }),
          { requestId },
        );
      }
      return { status: "withdrawn", withdrawnAt: new Date().toISOString() };
    });
  }

  /**
   * One workflow step, in one transaction: read the amendment, check the action is allowed,
   * let `change` do its work and say what to set, write that if `revision` (default: the one just
   * read) is still current, and record it in the audit trail.
   */
  #step(
    id: string,
    action: Action,
    by: { actor: Actor; requestId: string; today: string; revision: number | undefined },
    change: (tx: ManagedTransaction, before: Amendment) => Promise<Record<string, unknown>>,
  ): Promise<Amendment> {
    return this.graph.write(async (tx) => {
      const before = await getIn(tx, id);
      checkAction(before, action, by.actor.id, by.today);
      const set = await change(tx, before);
      const after = await writeAmendment(tx, id, by.revision ?? before.revision, set);
      await audit(
        tx,
        by.actor,
        by.requestId,
        `amendment.${action}`,
        "amendment",
        id,
        before.policyId,
        before,
        after,
      );
      return after;
    });
  }

  /** Audit entries, newest first. */
  async audit(
    f: {
      entityId?: string | undefined;
      policyId?: string | undefined;
      entityType?: AuditEntityType | undefined;
      actorId?: string | undefined;
      before?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      limit: number;
    },
  ): Promise<Record<string, unknown>[]> {
    return await this.graph.read(async (tx) =>
      (await tx.run(auditListQuery, {
        entityId: f.entityId ?? null,
        policyId: f.policyId ?? null,
        // `policy` also names its versions' entries (`policyVersion`: taking effect, supersession).
        entityTypes: f.entityType === undefined
          ? null
          : f.entityType === "policy"
          ? ["policy", "policyVersion"]
          : [f.entityType],
        actorId: f.actorId ?? null,
        before: f.before ?? null,
        from: f.from ?? null,
        to: f.to ?? null,
        limit: int(f.limit),
      })).records.map((r) => {
        const e = toPlain(r.get("entry")) as Record<string, unknown>;
        return { ...e, before: JSON.parse(e.before as string), after: JSON.parse(e.after as string) };
      })
    );
  }

  /** Which channels acknowledged an amendment's events, and when. */
  async propagation(
    id: string,
  ): Promise<{ amendment: Record<string, unknown>; syncs: SyncRecord[] } | null> {
    return await this.graph.read(async (tx) => {
      const rec = (await tx.run(propagationQuery, { id })).records[0];
      if (!rec) return null;
      const r = toPlain(rec.toObject()) as {
        amendment: Record<string, unknown>;
        syncs: (Omit<SyncRecord, "detail"> & { detail: string | null })[];
      };
      return {
        amendment: r.amendment,
        syncs: r.syncs.map((s) => ({ ...s, detail: s.detail ? JSON.parse(s.detail) : null })),
      };
    });
  }

  /** Records one `channel.synced` acknowledgement (idempotent), with what the channel added as JSON. */
  async recordSync(s: {
    eventId: string;
    eventType: string;
    channel: string;
    consumer: string;
    amendmentId: string | null;
    policyId: string | null;
    syncedAt: string;
    detail: Record<string, unknown> | null;
  }): Promise<void> {
    await this.graph.write((tx) =>
      tx.run(channelSyncRecordQuery, { s: { ...s, detail: s.detail ? JSON.stringify(s.detail) : null } })
    );
  }

  /** Records a `channel.synced` event's data: the acknowledgement and its detail. */
  recordSyncedEvent(d: Record<string, unknown>): Promise<void> {
    const str = (k: string) => (typeof d[k] === "string" ? d[k] as string : null);
    return this.recordSync({
      eventId: str("eventId")!,
      eventType: str("eventType")!,
      channel: str("channel")!,
      consumer: str("consumer")!,
      amendmentId: str("amendmentId"),
      policyId: str("policyId"),
      syncedAt: str("syncedAt")!,
      detail: ackDetail(d),
    });
  }

  /**
   * Announces every version whose day has come: marks it, appends to the change feed and writes
   * `policy.version.effective` to the outbox, in one transaction. Safe with many instances: each
   * version is announced exactly once. Returns how many were announced.
   */
  async announceDue(today: string, instance: string): Promise<number> {
    return await this.graph.write(async (tx) => {
      const due = (await tx.run(effectiveDueQuery, { today, instance })).records.map((r) => ({
        policyId: r.get("policyId") as string,
        version: r.get("version") as number,
        effectiveFrom: r.get("effectiveFrom") as string,
        amendmentId: r.get("amendmentId") as string | null,
      }));
      for (const d of due) {
        const event = effectiveEvent(d.policyId, d.version, d.effectiveFrom, d.amendmentId);
        await enqueueEvent(tx, event);
        await appendChange(tx, "effective", d.policyId, d.version, d.amendmentId, d.effectiveFrom);
        if (d.amendmentId) {
          await tx.run(amendmentEffectiveEventQuery, { id: d.amendmentId, eventId: event.id });
        }
        const system: Actor = {
          id: `system:${instance}`,
          role: "admin",
          name: "生效调度 / effective scheduler",
        };
        await audit(
          tx,
          system,
          null,
          "version.effective",
          "policyVersion",
          `${d.policyId}@${d.version}`,
          d.policyId,
          null,
          d,
        );
      }
      return due.length;
    });
  }

  async #insertAmendment(
    tx: ManagedTransaction,
    policyId: string,
    a: { summary: string; effectiveFrom: string; changes: Change[]; baseVersion: number; initial: boolean },
    actor: Actor,
  ): Promise<Amendment> {
    const id = `amd-${crypto.randomUUID()}`;
    await tx.run(amendmentCreateQuery, {
      policyId,
      a: { ...a, id, changes: JSON.stringify(a.changes), baseVersion: int(a.baseVersion) },
      actor: { id: actor.id, name: actor.name },
    });
    return await getIn(tx, id);
  }
}

async function getIn(tx: ManagedTransaction, id: string): Promise<Amendment> {
  const rec = (await tx.run(amendmentGetQuery, { id })).records[0];
  if (!rec) throw new AmendmentNotFound(`Amendment "${id}" was not found`);
  return toAmendment(rec.get("amendment"));
}

async function writeAmendment(
  tx: ManagedTransaction,
  id: string,
  revision: number,
  set: Record<string, unknown>,
): Promise<Amendment> {
  const rec = (await tx.run(amendmentUpdateQuery, { id, revision: int(revision), set })).records[0];
  if (!rec) {
    const current = await getIn(tx, id);
    throw new StaleRevision(current.revision);
  }
  return toAmendment(rec.get("amendment"));
}

async function latestOf(
  tx: ManagedTransaction,
  policyId: string,
): Promise<{ version: number; content: PolicyContent | null; effectiveFrom: string | null }> {
  const rec = (await tx.run(policyLatestQuery, { id: policyId })).records[0];
  if (!rec) throw new PolicyNotFound(`Policy "${policyId}" was not found`);
  const v = toPlain(rec.get("latest")) as Record<string, unknown> | null;
  if (!v) return { version: rec.get("latestVersion") as number, content: null, effectiveFrom: null };
  return {
    version: rec.get("latestVersion") as number,
    effectiveFrom: v.effectiveFrom as string,
    content: contentOf(v),
  };
}

/** A version's content (the latest when `version` is null), and its number; null content when there is none. */
async function versionOf(
  tx: ManagedTransaction,
  policyId: string,
  version: number | null,
): Promise<{ version: number; content: PolicyContent | null }> {
  const rec = (await tx.run(versionGetQuery, { policyId, version: version === null ? null : int(version) }))
    .records[0];
  if (!rec) throw new PolicyNotFound(`Policy "${policyId}" was not found`);
  const v = toPlain(rec.get("v")) as Record<string, unknown> | null;
  const latest = toPlain(rec.get("latestVersion")) as number;
  return { version: version ?? latest, content: v ? contentOf(v) : null };
}

function contentOf(v: Record<string, unknown>): PolicyContent {
  return policyContentSchema.parse({
    title: v.title,
    body: v.body,
    summaries: JSON.parse(v.summaries as string),
    rules: JSON.parse(v.rules as string),
    eligibility: JSON.parse((v.eligibility as string | null) ?? "[]"),
  });
}

function deskItem(row: Record<string, unknown>): DeskItem {
  const a = toPlain(row.amendment) as Record<string, unknown>;
  const returns = a.returns ? (JSON.parse(a.returns as string) as AmendmentReturn[]) : [];
  // A new policy has no version yet: its title is the one its first amendment proposes.
  let title = (row.latestTitle as string | null) ?? null;
  if (title === null && typeof row.changes === "string") {
    const t = (JSON.parse(row.changes) as Change[]).find((c) => c.field === "title");
    title = typeof t?.after === "string" ? t.after : null;
  }
  return {
    id: a.id as string,
    policyId: a.policyId as string,
    policyTitle: title,
    docNumber: (row.docNumber as string | null) ?? null,
    state: row.state as AmendmentDeskState,
    status: a.status as AmendmentStatus,
    summary: a.summary as string,
    effectiveFrom: a.effectiveFrom as string,
    initial: Boolean(a.initial),
    authorId: a.authorId as string,
    authorName: a.authorName as string,
    approvedBy: (a.approvedBy as string | null) ?? null,
    approvedByName: (a.approvedByName as string | null) ?? null,
    createdAt: a.createdAt as string,
    updatedAt: a.updatedAt as string,
    submittedAt: (a.submittedAt as string | null) ?? null,
    publishedAt: (a.publishedAt as string | null) ?? null,
    version: (a.version as number | null) ?? null,
    latestReturn: returns[returns.length - 1] ?? null,
    revision: a.revision as number,
  };
}

function checkChanges(base: PolicyContent, changes: Change[]): PolicyContent {
  const next = applyChanges(base, changes);
  if (diffContent(base, next).length === 0) throw new NothingChanges("The changes leave the policy as it is");
  return next;
}

function effectiveEvent(
  policyId: string,
  version: number,
  effectiveFrom: string,
  amendmentId: string | null,
) {
  return createEvent({
    // One id per version: even a second announcement would be stored once by JetStream.
    id: `effective:${policyId}@${version}`,
    type: "policy.version.effective",
    source,
    subject: policyId,
    data: { policyId, version, effectiveFrom, ...(amendmentId ? { amendmentId } : {}) },
  });
}

async function appendChange(
  tx: ManagedTransaction,
  kind: "published" | "effective" | "withdrawn",
  policyId: string,
  version: number,
  amendmentId: string | null,
  effectiveFrom: string | null,
): Promise<void> {
  await tx.run(changeAppendQuery, { kind, policyId, version: int(version), amendmentId, effectiveFrom });
}

async function audit(
  tx: ManagedTransaction,
  actor: Actor,
  requestId: string | null,
  action: string,
  entityType: string,
  entityId: string,
  policyId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await appendAudit(tx, { actor, requestId }, { action, entityType, entityId, policyId, before, after });
}

export type { Action };
