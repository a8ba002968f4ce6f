/** Shared set-up of the item bank and awareness tests: a policy of the test's own, with versions. */
import { testGraph, unique } from "../harness/mod.ts";
import { call } from "./_suite.ts";
import type { RunningService } from "@yibao/kit";

/** Creates a policy with `versions` versions directly in the graph (like citations_test.ts). */
export async function ownPolicy(prefix: string, versions = 2, title = "测试政策"): Promise<string> {
  const id = unique(prefix).toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run(
        `CREATE (p:Policy {id: $id, title: $title})
         WITH p UNWIND range(1, $versions) AS v
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {version: v})`,
        { id, title, versions },
      )
    );
  } finally {
    await graph.close();
  }
  return id;
}

/** A true/false knowledge item testing `policyId` v`version`. */
export function knowledgeItem(policyId: string, version = 1, extra: Record<string, unknown> = {}) {
  return {
    kind: "trueFalse",
    stem: "跨省异地就医前需要先办理备案。",
    correctChoiceIds: ["true"],
    explanation: "需要先备案，可以在国家医保服务平台 App 上办理。",
    tests: { policyId, version },
    ...extra,
  };
}

/** Creates an item through the API and returns it. */
export async function createItem(s: RunningService, token: string, body: unknown) {
  const r = await call(s, "POST", "/v1/items", { token, body });
  if (r.status !== 201) throw new Error(`create item: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
