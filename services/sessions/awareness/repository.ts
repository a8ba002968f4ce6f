/**
 * @module
 * Awareness read from the answers in the graph (see `maths.ts` for the semantics):
 *
 * 1. Only knowledge answers count (`correct` true or false); across sessions, answers given in a
 *    pre-test launch are left out (they say what people knew before a session, not after).
 * 2. n counts answers (one per person per item); `respondents` counts the people behind them
 *    (an anonymous answer counts as its own person). Answers of one person to several items of a
 *    policy are not independent, so the interval is somewhat narrower than the truth when people
 *    answer many items of one policy: read it with `respondents` beside n.
 * 3. "Hardest" and "lowest" sort by the interval's upper bound, lowest first (what is wrong with
 *    confidence), then by n, most first: a segment with three answers is not the hardest one.
 */
import { type Graph, toPlain } from "@yibao/graph";
import { type Awareness, awareness, type PrePost, prePost, type ScoredAnswer } from "./maths.ts";
import byPolicyQuery from "./queries/by_policy.cypher" with { type: "text" };
import byItemQuery from "./queries/by_item.cypher" with { type: "text" };
import prePostQuery from "./queries/pre_post.cypher" with { type: "text" };
import hostQuery from "./queries/session_host.cypher" with { type: "text" };
import answersQuery from "./queries/session_answers.cypher" with { type: "text" };

/** Which answers: by session, region (and below), audience, answer time, policy. */
export interface AwarenessFilter {
  sessionId?: string | undefined;
  region?: string | undefined;
  audience?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  policy?: string | undefined;
}

/** A policy's awareness. */
export type PolicyAwareness = Awareness & {
  policyId: string;
  title: string | null;
  version: number | null;
  respondents: number;
};
/** An item's awareness. */
export type ItemAwareness = Awareness & {
  itemId: string;
  stem: string;
  kind: string;
  policyId: string | null;
  version: number | null;
};

/** Lowest upper bound first, then most answers. */
export function hardestFirst<T extends Awareness>(xs: T[]): T[] {
  return [...xs].sort((a, b) => a.upper - b.upper || b.n - a.n);
}

function params(f: AwarenessFilter) {
  return {
    sessionId: f.sessionId ?? null,
    region: f.region ?? null,
    audience: f.audience ?? null,
    from: f.from ?? null,
    to: f.to ?? null,
    policy: f.policy ?? null,
  };
}

const num = (v: unknown) => toPlain(v) as number;

/** Awareness read from the graph. */
export class AwarenessRepository {
  constructor(private readonly graph: Graph) {}

  /** Per cited policy, and over all of them. */
  async byPolicy(f: AwarenessFilter): Promise<{ overall: Awareness; policies: PolicyAwareness[] }> {
    const rows = await this.graph.read(async (tx) => (await tx.run(byPolicyQuery, params(f))).records);
    const policies = rows.map((r) => ({
      policyId: r.get("policyId") as string,
      title: r.get("title") as string | null,
      version: toPlain(r.get("version")) as number | null,
      respondents: num(r.get("respondents")),
      ...awareness(num(r.get("correct")), num(r.get("n"))),
    }));
    const n = policies.reduce((s, p) => s + p.n, 0);
    const correct = policies.reduce((s, p) => s + p.correct, 0);
    return {
      overall: awareness(correct, n),
      policies: policies.sort((a, b) => a.policyId.localeCompare(b.policyId)),
    };
  }

  /** Per item (pre-test answers only when `includePre`). */
  async byItem(f: AwarenessFilter, includePre = false): Promise<ItemAwareness[]> {
    const rows = await this.graph.read(async (tx) =>
      (await tx.run(byItemQuery, { ...params(f), includePre })).records
    );
    return rows.map((r) => ({
      itemId: r.get("itemId") as string,
      stem: r.get("stem") as string,
      kind: r.get("kind") as string,
      policyId: r.get("policyId") as string | null,
      version: toPlain(r.get("version")) as number | null,
      ...awareness(num(r.get("correct")), num(r.get("n"))),
    }));
  }

  /** The pre/post comparison of a session, overall and per policy. */
  async prePost(
    sessionId: string,
  ): Promise<{ overall: PrePost; policies: (PrePost & { policyId: string })[] }> {
    const rows = await this.graph.read(async (tx) => (await tx.run(prePostQuery, { sessionId })).records);
    const all = rows.map((r) => ({
      purpose: r.get("purpose") as string,
      respondentId: r.get("respondentId") as string,
      correct: r.get("correct") === true,
      policyId: r.get("policyId") as string | null,
    }));
    const split = (xs: typeof all) => {
      const pre: ScoredAnswer[] = xs.filter((x) => x.purpose === "preTest");
      const post: ScoredAnswer[] = xs.filter((x) => x.purpose === "postTest");
      return prePost(pre, post);
    };
    const policyIds = [...new Set(all.flatMap((x) => x.policyId ? [x.policyId] : []))].sort();
    return {
      overall: split(all),
      policies: policyIds.map((policyId) => ({
        policyId,
        ...split(all.filter((x) => x.policyId === policyId)),
      })),
    };
  }

  /** The host of a session; null when there is no such session. */
  async sessionHost(id: string): Promise<{ hostId: string | null; title: string } | null> {
    const r = (await this.graph.read(async (tx) => (await tx.run(hostQuery, { id })).records))[0]!;
    return r.get("found")
      ? { hostId: r.get("hostId") as string | null, title: r.get("title") as string }
      : null;
  }

  /** Every answer of a session, oldest first, as plain rows. */
  async answers(sessionId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.graph.read(async (tx) => (await tx.run(answersQuery, { sessionId })).records);
    return rows.map((r) => Object.fromEntries(r.keys.map((k) => [k, toPlain(r.get(k as string))])));
  }
}
