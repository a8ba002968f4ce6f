/** The policy service as the console uses it: lists, search, a policy, its versions and diffs, the vocabulary. */
import type { Change, PolicyContent } from "@yibao/domain";
import type { Caller, ServiceClient } from "./client.ts";

/** A region reference. */
export interface RegionRef {
  code: string;
  name: string;
  level: string;
  fullName?: string;
}

/** A policy in a list. */
export interface PolicyItem {
  id: string;
  title: string;
  docNumber: string;
  issuer: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  appliesIn: RegionRef[];
  topics: string[];
  audiences: string[];
  overrides?: string[];
  implements?: string[];
  summary?: { audience: string; text: string };
}

/** A policy with one version's content. */
export interface PolicyDetail extends PolicyItem {
  asOf: string;
  latestVersion: number;
  body: string;
  summaries: Record<string, string>;
  rules: unknown[];
  eligibility: unknown[];
  amendmentId: string | null;
}

/** A version in a policy's history. */
export interface VersionItem {
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  publishedAt?: string;
  amendmentId?: string | null;
  summary?: string;
  title?: string;
}

/** Policies in force in a region (or, without one, every policy valid on the date). */
export async function listPolicies(
  policy: ServiceClient,
  caller: Caller,
  q: { region?: string; audience?: string; topic?: string; asOf?: string; limit?: number; offset?: number },
): Promise<{ items: PolicyItem[]; total: number }> {
  return (await policy.request<{ items: PolicyItem[]; total: number }>(caller, "GET", "/v1/policies", {
    query: q,
  }))
    .data;
}

/** Full-text search. */
export async function searchPolicies(
  policy: ServiceClient,
  caller: Caller,
  q: { q: string; region?: string; audience?: string; topic?: string; asOf?: string },
): Promise<{ items: PolicyItem[]; total?: number }> {
  return (await policy.request<{ items: PolicyItem[]; total?: number }>(caller, "GET", "/v1/search", {
    query: q,
  }))
    .data;
}

/** A policy as of a date. */
export async function getPolicy(
  policy: ServiceClient,
  caller: Caller,
  id: string,
  asOf?: string,
): Promise<PolicyDetail> {
  return (await policy.request<PolicyDetail>(caller, "GET", `/v1/policies/${encodeURIComponent(id)}`, {
    query: { asOf },
  })).data;
}

/** A policy's versions. */
export async function versions(policy: ServiceClient, caller: Caller, id: string): Promise<VersionItem[]> {
  const { data } = await policy.request<{ versions?: VersionItem[]; items?: VersionItem[] }>(
    caller,
    "GET",
    `/v1/policies/${encodeURIComponent(id)}/versions`,
  );
  return data.versions ?? data.items ?? [];
}

/** The changes between two versions. */
export async function diff(
  policy: ServiceClient,
  caller: Caller,
  id: string,
  from: number,
  to: number,
): Promise<{ changes: Change[] }> {
  return (await policy.request<{ changes: Change[] }>(
    caller,
    "GET",
    `/v1/policies/${encodeURIComponent(id)}/diff`,
    {
      query: { from, to },
    },
  )).data;
}

/** A version's content as the domain shapes it. */
export function contentOf(p: PolicyDetail): PolicyContent {
  return {
    title: p.title,
    body: p.body,
    summaries: p.summaries as PolicyContent["summaries"],
    rules: p.rules as PolicyContent["rules"],
    eligibility: p.eligibility as PolicyContent["eligibility"],
  };
}

/** Regions whose Chinese name matches (the region picker). */
export async function searchRegions(
  policy: ServiceClient,
  caller: Caller,
  q: string,
  limit = 20,
): Promise<RegionRef[]> {
  const { data } = await policy.request<{ items: RegionRef[] }>(caller, "GET", "/v1/regions", {
    query: { q, limit },
  });
  return data.items ?? [];
}

/** Named vocabulary (audiences, topics). */
export async function vocabulary(
  policy: ServiceClient,
  caller: Caller,
  kind: "audiences" | "topics",
): Promise<{ id: string; nameZh: string; nameEn: string }[]> {
  const { data } = await policy.request<{ items: { id: string; nameZh: string; nameEn: string }[] }>(
    caller,
    "GET",
    `/v1/${kind}`,
  );
  return data.items ?? [];
}
