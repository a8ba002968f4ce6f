/**
 * An impact preview (影响测算) of a draft amendment: the panel of typical visits (panel.ts) in the
 * policy's regions (regions.ts), each estimated with the rules in force on the date and with the same
 * rules where the policy's are replaced by the draft's (draft_rules.ts), compared (compare.ts).
 * Reads the graph only; the amendment belongs to policy-admin.
 */
import {
  applyChanges,
  type Change,
  ChangeConflictError,
  type PolicyContent,
  policyContentSchema,
} from "@yibao/domain";
import { type Graph, inForceQuery, neoDate, toPlain } from "@yibao/graph";
import { ProblemError } from "@yibao/kit";
import { answerFromRules } from "../estimator.ts";
import type { RuleOrigin, RulesSource, SourcedRule } from "../rules_source.ts";
import { type CaseResult, compareCase, type ImpactSummary, type Outcome, summarize } from "./compare.ts";
import { changedRuleIds, coveredVisitTypes, withDraftRules } from "./draft_rules.ts";
import { buildPanel, MAX_PANEL_CASES, type PanelCase } from "./panel.ts";
import { type AppliesIn, panelRegions } from "./regions.ts";
import amendmentQuery from "../queries/amendment_preview.cypher" with { type: "text" };
import policiesTail from "../queries/policies_in_force.cypher" with { type: "text" };
import regionNamesQuery from "../queries/region_names.cypher" with { type: "text" };

const policiesInForceQuery = inForceQuery(policiesTail);

/** A preview region: where the panel was estimated and whether the draft could apply there. */
export interface PreviewRegion {
  code: string;
  name: string;
  fullName: string;
  /** Stands in for a national or provincial policy. */
  representative: boolean;
  /** The policy is in force there on the date; when false its cases cannot change. */
  policyInForce: boolean;
  /** Left out of the panel to keep within the bound. */
  omitted: boolean;
}

/** The answer of `POST /v1/impact-previews`. */
export interface ImpactPreview {
  amendmentId: string;
  policyId: string;
  status: string;
  baseVersion: number;
  latestVersion: number;
  asOf: string;
  changedRules: string[];
  regions: PreviewRegion[];
  panel: { maxCases: number; cases: number; truncated: boolean };
  summary: ImpactSummary;
  cases: CaseResult[];
}

const emptyContent = {
  title: "",
  body: "",
  summaries: {},
  rules: [],
  eligibility: [],
} as unknown as PolicyContent;

const field = "body.amendmentId";

/** The preview of amendment `amendmentId` as of `asOf` (see the module doc). */
export async function previewImpact(
  graph: Graph,
  rules: RulesSource,
  request: { amendmentId: string; asOf: string },
): Promise<ImpactPreview> {
  const { amendmentId, asOf } = request;
  const found = await readAmendment(graph, amendmentId);
  if (!found) {
    throw new ProblemError("notFound", {
      zh: `未找到修订「${amendmentId}」`,
      en: `Amendment "${amendmentId}" was not found`,
    }, {
      errors: [{ path: field, message: { zh: "没有这个修订", en: "Unknown amendment" } }],
    });
  }
  const { amendment: a, base, latestVersion, origin } = found;
  if (a.status === "published" || a.status === "withdrawn") {
    throw new ProblemError("unprocessable", {
      zh: `修订「${amendmentId}」已${a.status === "published" ? "发布" : "撤回"}，无需测算影响`,
      en: `Amendment "${amendmentId}" is ${a.status} already: only a draft can be previewed`,
    }, {
      errors: [{
        path: field,
        message: {
          zh: a.status === "published" ? "修订已发布" : "修订已撤回",
          en: `The amendment is ${a.status}`,
        },
      }],
    });
  }
  let draft: PolicyContent;
  try {
    draft = applyChanges(base, a.changes);
  } catch (err) {
    if (!(err instanceof ChangeConflictError)) throw err;
    throw new ProblemError("unprocessable", {
      zh:
        `修订「${amendmentId}」的修改已不适用于政策「${a.policyId}」的最新版本 ${latestVersion}，请重新编辑后再测算`,
      en:
        `The changes of amendment "${amendmentId}" no longer apply to version ${latestVersion} of policy "${a.policyId}": ${err.message}`,
    }, {
      errors: [{
        path: field,
        message: { zh: "修改与最新版本冲突", en: `The changes conflict at ${err.field}` },
      }],
      cause: err,
    });
  }

  const changed = changedRuleIds(base, draft);
  const regions = panelRegions(found.appliesIn);
  const panel = buildPanel(regions.map((r) => r.code), coveredVisitTypes(base, draft));
  const names = await regionNames(graph, regions.map((r) => r.code));
  const draftOrigin: RuleOrigin = { ...origin, version: latestVersion + 1 };

  const byRegion = new Map<string, PanelCase[]>();
  for (const c of panel.cases) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c]);
  const results: CaseResult[] = [];
  const inForceIn = new Map<string, boolean>();
  for (const [region, cases] of byRegion) {
    const before = (await rules.rulesFor(region, asOf)) ?? [];
    const order = await policiesInForce(graph, region, asOf);
    const after = withDraftRules(before, order, {
      policyId: a.policyId,
      origin: draftOrigin,
      rules: draft.rules,
    });
    inForceIn.set(region, after !== null);
    for (const c of cases) {
      const b = outcome(before, c, asOf);
      results.push(compareCase(c, b, after === null ? b : outcome(after, c, asOf), {
        policyId: a.policyId,
        ruleIds: changed,
      }));
    }
  }

  return {
    amendmentId,
    policyId: a.policyId,
    status: a.status,
    baseVersion: a.baseVersion,
    latestVersion,
    asOf,
    changedRules: changed,
    regions: regions.map((r) => ({
      code: r.code,
      name: names.get(r.code)?.name ?? r.code,
      fullName: names.get(r.code)?.fullName ?? r.code,
      representative: r.representative,
      policyInForce: inForceIn.get(r.code) ?? false,
      omitted: panel.omittedRegions.includes(r.code),
    })),
    panel: {
      maxCases: MAX_PANEL_CASES,
      cases: panel.cases.length,
      truncated: panel.omittedRegions.length > 0,
    },
    summary: summarize(results),
    cases: results,
  };
}

/** One side of a case: the estimator's answer from the given rules, or its problem in words. */
function outcome(inForce: SourcedRule[], c: PanelCase, asOf: string): Outcome {
  try {
    const e = answerFromRules(inForce, {
      person: { enrollmentRegion: c.region, ...c.person },
      visit: {
        type: c.visit.type,
        careRegion: c.region,
        hospitalLevel: c.visit.hospitalLevel,
        date: asOf,
        amounts: c.visit.amounts,
        totalFen: c.visit.totalFen,
      },
      asOf,
    }, { asOf });
    return { fundPaysFen: e.fundPaysFen, rule: e.rule };
  } catch (err) {
    if (err instanceof ProblemError && err.status < 500) return { problem: err.detailText };
    throw err;
  }
}

interface StoredAmendment {
  id: string;
  policyId: string;
  status: string;
  baseVersion: number;
  changes: Change[];
}

async function readAmendment(graph: Graph, id: string): Promise<
  {
    amendment: StoredAmendment;
    base: PolicyContent;
    latestVersion: number;
    origin: RuleOrigin;
    appliesIn: AppliesIn[];
  } | null
> {
  const rec = await graph.read(async (tx) => (await tx.run(amendmentQuery, { id })).records[0]);
  if (!rec) return null;
  const raw = toPlain(rec.get("amendment")) as Record<string, unknown>;
  const amendment: StoredAmendment = {
    id: raw.id as string,
    policyId: raw.policyId as string,
    status: raw.status as string,
    baseVersion: raw.baseVersion as number,
    changes: JSON.parse(raw.changes as string) as Change[],
  };
  const v = toPlain(rec.get("latest")) as Record<string, string | null> | null;
  const base = v
    ? policyContentSchema.parse({
      title: v.title,
      body: v.body,
      summaries: JSON.parse(v.summaries!),
      rules: JSON.parse(v.rules!),
      eligibility: JSON.parse(v.eligibility ?? "[]"),
    })
    : emptyContent;
  const appliesIn = toPlain(rec.get("appliesIn")) as AppliesIn[];
  return {
    amendment,
    base,
    latestVersion: (toPlain(rec.get("latestVersion")) as number | null) ?? 0,
    appliesIn,
    origin: {
      policyId: amendment.policyId,
      version: 0,
      appliesIn: appliesIn.map((r) => r.code),
      citation: {
        title: base.title,
        docNumber: (rec.get("docNumber") as string | null) ?? "",
        issuer: (rec.get("issuer") as string | null) ?? "",
      },
    },
  };
}

/** The policies in force for the region on the date, most local first (with or without rules). */
async function policiesInForce(graph: Graph, region: string, asOf: string): Promise<string[]> {
  return await graph.read(async (tx) =>
    (await tx.run(policiesInForceQuery, { region, asOf: neoDate(asOf), audience: null, topic: null }))
      .records.map((r) => r.get("policyId") as string)
  );
}

async function regionNames(
  graph: Graph,
  codes: string[],
): Promise<Map<string, { name: string; fullName: string }>> {
  return await graph.read(async (tx) =>
    new Map(
      (await tx.run(regionNamesQuery, { codes })).records.map((r) => [
        r.get("code") as string,
        { name: r.get("name") as string, fullName: r.get("fullName") as string },
      ]),
    )
  );
}
