/**
 * @module
 * Reads and checks the demo data in `graph-schema/seed/demo/`: topics and policies (one JSON file
 * each), with every amendment applied in order to produce each policy's versions. Run
 * `deno run --allow-read graph-schema/seed/demo.ts` to check the files and print a summary.
 */
import { z } from "zod";
import {
  applyChanges,
  audienceIds,
  type DemoPolicy,
  demoPolicySchema,
  type PolicyContent,
  topicSchema,
} from "@yibao/domain";
import { readRegionTree, type RegionNode } from "./regions.ts";

/** One version of a demo policy, computed from the initial content and the amendments before it. */
export interface DemoVersion {
  version: number;
  content: PolicyContent;
  effectiveFrom: string;
  publishedAt: string;
  amendmentId?: string;
}

/** The checked demo data. */
export interface DemoData {
  topics: z.infer<typeof topicSchema>[];
  policies: { policy: DemoPolicy; versions: DemoVersion[] }[];
}

const here = new URL("./", import.meta.url);

/** Reads, validates and cross-checks the demo data; throws one error listing every problem. */
export async function readDemoData(dir: URL = new URL("demo/", here)): Promise<DemoData> {
  const problems: string[] = [];
  const topics = z.array(topicSchema).parse(JSON.parse(await Deno.readTextFile(new URL("topics.json", dir))));
  const topicIds = new Set(topics.map((t) => t.id));
  const regions = new Set((await readRegionTree()).map((r: RegionNode) => r.code));
  const policies: DemoData["policies"] = [];
  const files: string[] = [];
  for await (const e of Deno.readDir(new URL("policies/", dir))) {
    if (e.isFile && e.name.endsWith(".json")) files.push(e.name);
  }
  files.sort();
  for (const name of files) {
    const raw = JSON.parse(await Deno.readTextFile(new URL(`policies/${name}`, dir)));
    const parsed = demoPolicySchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) problems.push(`${name}: ${i.path.join(".")}: ${i.message}`);
      continue;
    }
    const p = parsed.data;
    if (`${p.id}.json` !== name) problems.push(`${name}: the file must be named after the id (${p.id}.json)`);
    for (const r of p.regions) if (!regions.has(r)) problems.push(`${name}: unknown region ${r}`);
    for (const t of p.topics) if (!topicIds.has(t)) problems.push(`${name}: unknown topic ${t}`);
    for (const a of Object.keys(p.initial.summaries)) {
      if (!(audienceIds as readonly string[]).includes(a)) problems.push(`${name}: unknown audience ${a}`);
    }
    const versions: DemoVersion[] = [{
      version: 1,
      content: {
        title: p.initial.title,
        body: p.initial.body,
        summaries: p.initial.summaries,
        rules: p.initial.rules,
        eligibility: p.initial.eligibility,
      },
      effectiveFrom: p.initial.effectiveFrom,
      publishedAt: p.initial.publishedAt,
    }];
    for (const a of p.amendments) {
      const prev = versions[versions.length - 1]!;
      if (a.effectiveFrom <= prev.effectiveFrom) {
        problems.push(`${name}: amendment ${a.id} takes effect on or before the version it amends`);
      }
      try {
        versions.push({
          version: prev.version + 1,
          content: applyChanges(prev.content, a.changes),
          effectiveFrom: a.effectiveFrom,
          publishedAt: a.publishedAt,
          amendmentId: a.id,
        });
      } catch (err) {
        problems.push(`${name}: amendment ${a.id}: ${(err as Error).message}`);
      }
    }
    policies.push({ policy: p, versions });
  }
  const ids = new Set(policies.map((p) => p.policy.id));
  for (const { policy: p } of policies) {
    for (const ref of [p.implements, p.overrides]) {
      if (ref && !ids.has(ref)) problems.push(`${p.id}.json: refers to unknown policy ${ref}`);
    }
  }
  const ruleIds = new Map<string, string>();
  for (const { policy: p, versions } of policies) {
    const ids = new Set(
      versions.flatMap((v) => [...v.content.rules, ...v.content.eligibility].map((r) => r.id)),
    );
    for (const id of ids) {
      if (ruleIds.has(id)) problems.push(`${p.id}.json: rule id ${id} is also used by ${ruleIds.get(id)}`);
      ruleIds.set(id, p.id);
    }
  }
  if (problems.length) throw new Error(`The demo data has problems:\n  - ${problems.join("\n  - ")}`);
  return { topics, policies };
}

if (import.meta.main) {
  const data = await readDemoData();
  const versions = data.policies.reduce((n, p) => n + p.versions.length, 0);
  const rules = data.policies.reduce(
    (n, p) => n + p.versions[p.versions.length - 1]!.content.rules.length,
    0,
  );
  const eligibility = data.policies.reduce(
    (n, p) => n + p.versions[p.versions.length - 1]!.content.eligibility.length,
    0,
  );
  console.log(
    `${data.policies.length} policies, ${versions} versions, ${rules} benefit rules, ${eligibility} eligibility rules, ${data.topics.length} topics: OK`,
  );
}
