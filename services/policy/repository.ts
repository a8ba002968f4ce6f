import { type Change, diffContent, type PolicyContent } from "@yibao/domain";
import { type Graph, inForceQuery, int, neoDate as date, toPlain } from "@yibao/graph";
import type { Page, PolicyDetail, PolicyListItem, RegionRef } from "./model.ts";
import { hasChinese, questionTerms, type Snippet, snippetFor } from "./snippet.ts";
import { cjkTerms, type RankedHit } from "./search_index.ts";
import type { SearchIndexKeeper } from "./search_index_sync.ts";
import { searchedText } from "./search_text.ts";
import inForceTailTemplate from "./queries/in_force.cypher" with { type: "text" };
import listItemQuery from "./queries/list_item.cypher" with { type: "text" };
import regionExistsQuery from "./queries/region_exists.cypher" with { type: "text" };
import policyAsOfQuery from "./queries/policy_as_of.cypher" with { type: "text" };
import versionsQuery from "./queries/versions.cypher" with { type: "text" };
import versionPairQuery from "./queries/version_pair.cypher" with { type: "text" };
import searchQuery from "./queries/search.cypher" with { type: "text" };
import searchInForceTail from "./queries/search_in_force.cypher" with { type: "text" };
import searchPageTailTemplate from "./queries/search_page.cypher" with { type: "text" };
import searchRankedQuery from "./queries/search_ranked.cypher" with { type: "text" };
import searchInForceIdsTail from "./queries/search_in_force_ids.cypher" with { type: "text" };
import changesQuery from "./queries/changes.cypher" with { type: "text" };
import regionQuery from "./queries/region.cypher" with { type: "text" };
import vocabularyQuery from "./queries/vocabulary.cypher" with { type: "text" };
import catalogueQuery from "./queries/catalogue.cypher" with { type: "text" };
import regionSearchQuery from "./queries/region_search.cypher" with { type: "text" };

type Row = Record<string, unknown>;

/** A query with the list item's projection (list_item.cypher) put where its block comment says listItem. */
export function withListItem(template: string): string {
  if (!template.includes("/*listItem*/")) throw new Error("the query has no /*listItem*/ to fill");
  return template.replaceAll("/*listItem*/", listItemQuery);
}
const inForceTail = withListItem(inForceTailTemplate);
const searchPageTail = withListItem(searchPageTailTemplate);

/** The in-force list's query, as {@linkcode PolicyRepository.inForce} runs it (the policy bench also times it alone). */
export const inForceList = inForceQuery(inForceTail);
/** Search with a region: the shared in-force rule, then the full-text index over what it yields. */
const searchInForce = inForceQuery(`${searchInForceTail}\n${searchPageTail}`);
/** Search without a region: the catalogue, through the full-text index. */
const searchCatalogue = `${searchQuery}\n${searchPageTail}`;
/** Search without a region, ranked by the in-process index (search_index.ts): the graph checks and projects. */
const searchRanked = `${searchRankedQuery}\n${searchPageTail}`;
/** The versions in force for a region (the shared rule), for the in-process index to rank. */
const searchInForceIds = inForceQuery(searchInForceIdsTail);

/** How many hits search considers, best first (the demo catalogue has 34 policies): `total` is at most this. */
const searchCandidates = 200;

/**
 * How many hits the full-text index ranks for a search without a region (see queries/search.cypher):
 * first a few, which lets Lucene skip what cannot make the cut (twice {@linkcode searchCandidates}, or
 * more with an audience or topic filter, which drops most hits after the index); when fewer than
 * {@linkcode searchCandidates} of them were valid on the date and the index may hold more, all of them.
 * (On the bench graph the head of the query took about 2.6 ms with 400, 3.4 ms with 1,000.)
 */
const searchIndexLimits = { first: 2 * searchCandidates, filtered: 2_000, all: 1_000_000 } as const;

/**
 * Search keeps the hits scoring at least this share of the best one: the \`cjk\` analyzer matches
 * any shared bigram (医保, 报销 are in nearly every policy), so without a floor every question
 * "matched" most of the catalogue.
 */
export const searchRelevanceFloor = 0.3;
/** The catalogue shares the in-force list's page tail, so its items have the same shape and order. */
const catalogueList = `${catalogueQuery}\n${inForceTail}`;

/** A region found by name or code, with its path from the province down. */
export interface RegionHit extends RegionRef {
  fullName: string;
}

/** Filters of the in-force list and search. */
export interface ListFilter {
  region?: string;
  audience?: string;
  topic?: string;
  asOf: string;
  limit: number;
  offset: number;
}

/** A policy row as the queries return it: the policy, one version, and its links. */
interface PolicyRow {
  policy: Row;
  version: Row;
  appliesIn: RegionRef[];
  topics: string[];
  audiences: string[];
  overrides: string[];
  implements: string[];
  score?: number;
}

/**
 * The fields every view of a policy version shares (list item and detail). The queries send the
 * version's dates as text (`toString`) and `publishedAt` as epoch milliseconds: the driver builds
 * its Date and DateTime values with 64-bit integer arithmetic in JavaScript. In a profile of the
 * uncached county list (`tests/bench/http_profile.ts county`) that took the CPU per request from
 * 4.3 to 3.3 ms.
 */
function common(r: PolicyRow) {
  return {
    id: r.policy.id as string,
    title: r.version.title as string,
    docNumber: r.policy.docNumber as string,
    issuer: r.policy.issuer as string,
    version: r.version.version as number,
    effectiveFrom: r.version.effectiveFrom as string,
    effectiveTo: (r.version.effectiveTo as string | null) ?? null,
    publishedAt: new Date(r.version.publishedAt as number).toISOString(),
    appliesIn: r.appliesIn,
    topics: r.topics.sort(),
    audiences: r.audiences.sort(),
    overrides: r.overrides,
    implements: r.implements,
  };
}

function listItem(raw: Row, audience: string | undefined): PolicyListItem {
  const r = toPlain(raw) as PolicyRow;
  const summaries = JSON.parse(r.version.summaries as string) as Record<string, string>;
  const which = audience && summaries[audience] ? audience : "insured";
  return {
    ...common(r),
    summary: { audience: which, text: summaries[which] ?? "" },
    ...(r.score !== undefined ? { score: Math.round(r.score * 1000) / 1000 } : {}),
  };
}

/** Reads of the policy graph for partner apps. */
export class PolicyRepository {
  /** `searchIndex`: ranks search in-process when it is built and up to date (else Neo4j's fulltext indexes). */
  constructor(private readonly graph: Graph, private readonly searchIndex?: SearchIndexKeeper) {}

  /** True when the region exists. */
  async regionExists(code: string): Promise<boolean> {
    return (await this.graph.readQuery(regionExistsQuery, { code })).records.length > 0;
  }

  /**
   * Policies in force for a region, audience, topic and date, inherited and shadowed; null when the
   * region does not exist. The region is looked up only when nothing is in force (one query per
   * request on the hot path instead of two).
   */
  async inForce(f: ListFilter & { region: string }): Promise<Page<PolicyListItem> | null> {
    const page = await this.#page(inForceList, {}, f);
    if (page.total === 0 && !(await this.regionExists(f.region))) return null;
    return page;
  }

  /** Every policy with a version valid on the date, in any region (nothing shadowed), filtered by audience and topic. */
  catalogue(f: Omit<ListFilter, "region">): Promise<Page<PolicyListItem>> {
    return this.#page(catalogueList, {}, f);
  }

  /** Regions whose name contains `q` (or whose code is `q`), ranked for a picker; groupings left out. */
  async searchRegions(
    q: string,
    f: { level?: string; limit: number },
  ): Promise<{ items: RegionHit[]; total: number }> {
    const rec = await this.graph.read(async (tx) =>
      (await tx.run(regionSearchQuery, { q, level: f.level ?? null, limit: int(f.limit) })).records[0]
    );
    return {
      items: toPlain(rec?.get("items") ?? []) as RegionHit[],
      total: (rec?.get("total") as number | undefined) ?? 0,
    };
  }

  /** A policy with the version valid on `asOf`; null when the policy does not exist. */
  async byId(id: string, asOf: string): Promise<PolicyDetail | "noVersion" | null> {
    const rec = (await this.graph.readQuery(policyAsOfQuery, { id, asOf: date(asOf) })).records[0];
    if (!rec) return null;
    const r = toPlain(rec.toObject()) as Omit<PolicyRow, "version"> & { version: Row | null };
    if (!r.version) return "noVersion";
    return {
      ...common(r as PolicyRow),
      asOf,
      latestVersion: r.policy.latestVersion as number,
      amendmentId: (r.version.amendmentId as string | null) ?? null,
      body: r.version.body as string,
      summaries: JSON.parse(r.version.summaries as string),
      rules: JSON.parse(r.version.rules as string),
      eligibility: JSON.parse((r.version.eligibility as string | null) ?? "[]"),
    };
  }

  /** Every version of a policy, oldest first; null when the policy does not exist. */
  async versions(id: string): Promise<Row[] | null> {
    const rec = await this.graph.read(async (tx) => (await tx.run(versionsQuery, { id })).records[0]);
    return rec ? (toPlain(rec.get("versions")) as Row[]) : null;
  }

  /** The field-level changes from version `from` to version `to`. */
  async diff(
    id: string,
    from: number,
    to: number,
  ): Promise<{ changes: Change[] } | "noPolicy" | "noFrom" | "noTo"> {
    const rec = await this.graph.read(async (tx) =>
      (await tx.run(versionPairQuery, { id, from: int(from), to: int(to) })).records[0]
    );
    if (!rec) return "noPolicy";
    const a = rec.get("from") as Row | null;
    const b = rec.get("to") as Row | null;
    if (!a) return "noFrom";
    if (!b) return "noTo";
    return { changes: diffContent(content(a), content(b)) };
  }

  /**
   * Ranked full-text search: with a region, over exactly the policies in force there (the shared
   * rule, so a shadowed policy is never found); without, over the catalogue. `lucene` is the question
   * escaped for Lucene; `question` the words as asked, for the snippet. Hits below
   * {@linkcode searchRelevanceFloor} of the best score, or holding none of the question's terms,
   * are not matches; `total` counts the matches. Null when `f.region` does not exist (looked up only
   * when nothing was found).
   */
  async search(lucene: string, question: string, f: ListFilter): Promise<Page<PolicyListItem> | null> {
    const terms = questionTerms(question);
    const ask = (indexLimit: number) =>
      this.graph.readQuery(f.region ? searchInForce : searchCatalogue, {
        q: f.region ? lucene : notEndedBy(lucene, f.asOf),
        hanTerms: terms.filter(hasChinese),
        latinTerms: terms.filter((t) => !hasChinese(t)),
        region: f.region ?? null,
        audience: f.audience ?? null,
        topic: f.topic ?? null,
        asOf: date(f.asOf),
        candidates: int(searchCandidates),
        indexLimit: int(indexLimit),
        floor: searchRelevanceFloor,
        offset: int(f.offset),
        limit: int(f.limit),
      });
    const first = f.audience || f.topic ? searchIndexLimits.filtered : searchIndexLimits.first;
    const searched = lucene && terms.length > 0;
    // the in-process index has already left out the versions not valid on the date: without an audience or
    // topic filter its best 200 are the candidates
    const rankedLimit = f.audience || f.topic ? searchIndexLimits.filtered : searchCandidates;
    let rec = searched ? await this.#searchRanked(question, terms, f, rankedLimit) : undefined;
    if (searched && (rec === undefined || rec.get("truncated") === true)) {
      rec = (await ask(rec === undefined ? first : searchIndexLimits.all)).records[0];
      if (rec?.get("truncated") === true) rec = (await ask(searchIndexLimits.all)).records[0];
    }
    const total = (rec?.get("total") as number | undefined) ?? 0;
    if (total === 0 && f.region && !(await this.regionExists(f.region))) return null;
    const rows = toPlain(rec?.get("rows") ?? []) as (PolicyRow & { body: string; score: number })[];
    const items = rows.map((r): PolicyListItem => {
      const item = listItem(r as unknown as Row, f.audience);
      const summaries = JSON.parse(r.version.summaries as string) as Record<string, string>;
      // the audience's summary first; the others only where the words are in no other text
      const others = Object.entries(summaries).filter(([a]) => a !== item.summary.audience);
      const snippet = snippetFor(question, [
        { field: "title", text: item.title },
        { field: "summary", text: item.summary.text },
        { field: "body", text: r.body ?? "" },
      ]) ?? snippetFor(question, others.map(([, text]) => ({ field: "summary" as const, text })));
      const { coverage: _, ...shown } = snippet ?? unmarked(item.title);
      return { ...item, snippet: shown };
    });
    return { items, total, limit: f.limit, offset: f.offset };
  }

  /**
   * Search ranked by the in-process index and checked in the graph (search_ranked.cypher): without a
   * region the index ranks the versions valid on the date; with one, the graph's in-force rule gives the
   * versions and the index ranks only those. Undefined when the index is not built yet, lacks a version
   * in force or holds fewer or more versions than the graph (then a sync is started and the caller asks
   * the fulltext index).
   */
  async #searchRanked(question: string, terms: string[], f: ListFilter, limit: number) {
    const keeper = this.searchIndex;
    if (!keeper?.index) return undefined;
    const words = cjkTerms(searchedText(question));
    // a hit holding one of the question's own words (as the snippet cuts them) as a term is a match
    // without the graph reading its text (search_page.cypher)
    const proving = new Set(terms);
    let ranked: { hits: RankedHit[]; more: boolean };
    if (f.region) {
      // the shared in-force rule in the graph gives the versions; the index only ranks them
      const inForce = (await this.graph.readQuery(searchInForceIds, {
        region: f.region,
        audience: f.audience ?? null,
        topic: f.topic ?? null,
        asOf: date(f.asOf),
      })).records[0]?.get("ids") as string[] | undefined ?? [];
      const among = keeper.index?.rankAmong(words, inForce, proving);
      if (!among || among.missing) {
        keeper.sync();
        return undefined;
      }
      ranked = { hits: among.hits, more: false };
    } else {
      const { hits, total } = keeper.index.rank(words, f.asOf, limit, proving);
      // Without an audience or topic filter the best hit here is the best the graph keeps, so what scores
      // below the relevance floor can never be a match: it is not sent (search_page.cypher's floor, the
      // same float comparison). Nothing then lies beyond what was sent that could match.
      const floor = !f.audience && !f.topic && hits.length ? hits[0]!.score * searchRelevanceFloor : 0;
      const kept = floor > 0 ? hits.filter((h) => h.score >= floor) : hits;
      ranked = { hits: kept, more: kept.length === hits.length && total > hits.length };
    }
    const index = keeper.index;
    if (!index) return undefined;
    const rec = (await this.graph.readQuery(searchRanked, {
      ranked: { ...ranked, versions: int(index.size) },
      hanTerms: terms.filter(hasChinese),
      latinTerms: terms.filter((t) => !hasChinese(t)),
      audience: f.audience ?? null,
      topic: f.topic ?? null,
      asOf: date(f.asOf),
      candidates: int(searchCandidates),
      floor: searchRelevanceFloor,
      offset: int(f.offset),
      limit: int(f.limit),
    })).records[0];
    if (rec?.get("stale") === true) {
      keeper.sync();
      return undefined;
    }
    keeper.served++;
    return rec;
  }

  /** Runs a list query (one row: `total` and the page's `items`) with the common filters. */
  async #page(query: string, extra: Record<string, unknown>, f: ListFilter): Promise<Page<PolicyListItem>> {
    const rec = (await this.graph.readQuery(query, {
      ...extra,
      region: f.region ?? null,
      audience: f.audience ?? null,
      topic: f.topic ?? null,
      asOf: date(f.asOf),
      offset: int(f.offset),
      limit: int(f.limit),
    })).records[0];
    const items = ((rec?.get("items") ?? []) as Row[]).map((r) => listItem(r, f.audience));
    return { items, total: (rec?.get("total") as number) ?? 0, limit: f.limit, offset: f.offset };
  }

  /**
   * Change feed entries after `since`, in sequence order, filtered by policy, topic and region (a
   * region's entries include those of every region above it); `head` is the newest entry's seq.
   */
  async changes(
    since: number,
    limit: number,
    f: { region?: string | undefined; policyId?: string | undefined; topic?: string | undefined } = {},
  ): Promise<{ head: number; items: Row[] }> {
    const rec = await this.graph.read(async (tx) =>
      (await tx.run(changesQuery, {
        since: int(since),
        limit: int(limit),
        region: f.region ?? null,
        policyId: f.policyId ?? null,
        topic: f.topic ?? null,
      })).records[0]
    );
    return {
      head: (toPlain(rec?.get("head") ?? 0) as number) ?? 0,
      items: toPlain(rec?.get("changes") ?? []) as Row[],
    };
  }

  /** A region with its ancestors (national first) and children; null when unknown. */
  async region(code: string): Promise<Row | null> {
    const rec = await this.graph.read(async (tx) => (await tx.run(regionQuery, { code })).records[0]);
    return rec ? (toPlain(rec.toObject()) as Row) : null;
  }

  /**
   * Runs each read once so Neo4j plans and caches the queries before the first partner request
   * (a cold query costs hundreds of milliseconds to plan; a warm one, a few).
   */
  async warmUp(asOf: string): Promise<void> {
    const f = { asOf, limit: 1, offset: 0 };
    await this.inForce({ ...f, region: "000000" });
    await this.regionExists("000000");
    await this.inForce({ ...f, region: "000000", audience: "insured", topic: "inpatient" });
    await this.search("医保", "医保", f);
    await this.search("医保", "医保", { ...f, region: "000000", audience: "insured", topic: "inpatient" });
    await this.byId("-", asOf);
    await this.versions("-");
    await this.diff("-", 1, 2);
    await this.changes(0, 1);
    await this.region("000000");
    await this.vocabulary();
  }

  /** Runs the searches once more, for the queries the in-process index uses once it is built. */
  async warmUpSearch(asOf: string): Promise<void> {
    const f = { asOf, limit: 1, offset: 0 };
    await this.search("医保", "医保", f);
    await this.search("医保", "医保", { ...f, region: "000000", audience: "insured", topic: "inpatient" });
  }

  /** Every audience and topic. */
  async vocabulary(): Promise<{ audiences: Row[]; topics: Row[] }> {
    const rec = await this.graph.read(async (tx) => (await tx.run(vocabularyQuery)).records[0]!);
    const v = toPlain(rec.toObject()) as { audiences: Row[]; topics: Row[] };
    const byId = (a: Row, b: Row) => String(a.id).localeCompare(String(b.id));
    return { audiences: v.audiences.sort(byId), topics: v.topics.sort(byId) };
  }
}

/**
 * The catalogue search's index query: the question, skipping the versions that ended on or before
 * `asOf` (each ended version carries `searchEnded: 'ended' + yyyymmdd`, migration 020).
 */
export function notEndedBy(lucene: string, asOf: string): string {
  return `(${lucene}) -searchEnded:[ended00000000 TO ended${asOf.replaceAll("-", "")}]`;
}

/** The title as a snippet without marks: for a match whose words are only in text a snippet does not show. */
function unmarked(title: string): Snippet {
  return {
    field: "title",
    text: title,
    highlights: [],
    marked: title.replace(/⟦/g, "[").replace(/⟧/g, "]"),
    coverage: 0,
  };
}

function content(v: Row): PolicyContent {
  return {
    title: v.title as string,
    body: v.body as string,
    summaries: JSON.parse(v.summaries as string),
    rules: JSON.parse(v.rules as string),
    eligibility: JSON.parse((v.eligibility as string | null) ?? "[]"),
  };
}
