/**
 * @module
 * Loads reference data (the region tree, audiences, topics) and the demo policies into the graph.
 * Every statement is idempotent (MERGE), so loading twice changes nothing.
 */
import { audienceIds, audienceNames, shanghaiToday } from "@yibao/domain";
import { type Graph, int } from "@yibao/graph";
import { type DemoData, readDemoData } from "./demo.ts";
import { readRegionTree } from "./regions.ts";
import regionsUpsert from "./queries/regions_upsert.cypher" with { type: "text" };
import regionsLink from "./queries/regions_link.cypher" with { type: "text" };
import vocabularyUpsert from "./queries/vocabulary_upsert.cypher" with { type: "text" };
import demoPolicyUpsert from "./queries/demo_policy_upsert.cypher" with { type: "text" };
import demoPolicyLinks from "./queries/demo_policy_links.cypher" with { type: "text" };
import demoFeed from "./queries/demo_feed.cypher" with { type: "text" };

/** Loads the region tree, audiences and topics; returns how many regions there are. */
export async function loadReferenceData(graph: Graph, data?: DemoData): Promise<number> {
  const regions = await readRegionTree();
  for (let i = 0; i < regions.length; i += 1_000) {
    const batch = regions.slice(i, i + 1_000);
    await graph.write((tx) => tx.run(regionsUpsert, { regions: batch }));
  }
  const links = regions.filter((r) => r.parent).map((r) => ({ code: r.code, parent: r.parent }));
  for (let i = 0; i < links.length; i += 1_000) {
    await graph.write((tx) => tx.run(regionsLink, { links: links.slice(i, i + 1_000) }));
  }
  const topics = (data ?? await readDemoData()).topics;
  const audiences = audienceIds.map((id) => ({ id, ...audienceNames[id] }));
  await graph.write((tx) => tx.run(vocabularyUpsert, { audiences, topics }));
  return regions.length;
}

/** The text the fulltext index searches besides title and body: every summary. */
export function searchTextOf(summaries: Record<string, string>): string {
  return Object.values(summaries).join("\n");
}

/** Loads every demo policy with its versions and published amendments; returns how many. */
export async function loadDemoPolicies(graph: Graph, data?: DemoData): Promise<number> {
  const demo = data ?? await readDemoData();
  const today = shanghaiToday();
  for (const { policy, versions } of demo.policies) {
    const rows = versions.map((v, i) => ({
      id: `${policy.id}@${v.version}`,
      version: int(v.version),
      title: v.content.title,
      body: v.content.body,
      summaries: JSON.stringify(v.content.summaries),
      rules: JSON.stringify(v.content.rules),
      eligibility: JSON.stringify(v.content.eligibility),
      searchText: searchTextOf(v.content.summaries as Record<string, string>),
      effectiveFrom: v.effectiveFrom,
      effectiveTo: versions[i + 1]?.effectiveFrom ?? null,
      publishedAt: v.publishedAt,
      amendmentId: v.amendmentId ?? null,
    }));
    const amendments = policy.amendments.map((a, i) => ({
      id: a.id,
      summary: a.summary,
      changes: JSON.stringify(a.changes),
      effectiveFrom: a.effectiveFrom,
      publishedAt: a.publishedAt,
      baseVersion: int(i + 1),
      versionId: `${policy.id}@${i + 2}`,
    }));
    await graph.write((tx) =>
      tx.run(demoPolicyUpsert, {
        policy: {
          id: policy.id,
          docNumber: policy.docNumber,
          issuer: policy.issuer,
          regions: policy.regions,
          audiences: policy.audiences,
          topics: policy.topics,
        },
        versions: rows,
        amendments,
        latestVersion: int(versions.length),
        today,
      })
    );
  }
  const links = demo.policies.map(({ policy }) => ({
    id: policy.id,
    implements: policy.implements ?? null,
    overrides: policy.overrides ?? null,
  }));
  await graph.write((tx) => tx.run(demoPolicyLinks, { links }));
  const versionIds = demo.policies.flatMap(({ policy, versions }) =>
    versions.map((v) => `${policy.id}@${v.version}`)
  );
  await graph.write((tx) => tx.run(demoFeed, { versionIds }));
  return demo.policies.length;
}
