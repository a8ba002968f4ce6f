import type { BenefitRule, EligibilityRule } from "@yibao/domain";

/** A region as shown with a policy. */
export interface RegionRef {
  code: string;
  name: string;
  level: string;
}

/** One policy in a list (in force, search). */
export interface PolicyListItem {
  id: string;
  title: string;
  docNumber: string;
  issuer: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  publishedAt: string;
  /** The plain summary for the requested audience (or for all insured people when it has none). */
  summary: { audience: string; text: string };
  appliesIn: RegionRef[];
  topics: string[];
  audiences: string[];
  overrides: string[];
  implements: string[];
  score?: number;
  /** Search only: where the question's words matched (see `snippet.ts`). */
  snippet?: SearchSnippet;
}

/** Where a question's words matched: plain text, match offsets in code points, and the same text with ⟦⟧ marks. */
export interface SearchSnippet {
  field: "title" | "summary" | "body";
  text: string;
  highlights: { start: number; end: number }[];
  marked: string;
}

/** A policy as of a date, with the full text of that version. */
export interface PolicyDetail extends Omit<PolicyListItem, "summary" | "score" | "snippet"> {
  asOf: string;
  latestVersion: number;
  body: string;
  summaries: Record<string, string>;
  rules: BenefitRule[];
  eligibility: EligibilityRule[];
  amendmentId: string | null;
}

/** A page of results. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
