/**
 * Items for the launch tests, the quiz browser test and the quiz bench, written straight into the graph
 * per the model (choices as a JSON string, `correctChoiceIds` for knowledge items, `status` ready or
 * needsReview), so a launch test controls every property, needs-review included, without the item API.
 */
import { testGraph, unique } from "../harness/mod.ts";

/** An item to create. */
export interface ItemSpec {
  kind: "singleChoice" | "multipleChoice" | "trueFalse" | "rating" | "openText";
  stem: string;
  choices?: { id: string; text: string }[];
  correctChoiceIds?: string[];
  explanation?: string;
  anonymous?: boolean;
  status?: "ready" | "needsReview";
}

/** Creates the items (ids of the test's own) and returns their ids in order. */
export async function createItems(specs: ItemSpec[], graph = testGraph()): Promise<string[]> {
  const rows = specs.map((s) => ({
    id: unique("item"),
    kind: s.kind,
    stem: s.stem,
    choices: JSON.stringify(
      s.choices ?? (s.kind === "trueFalse" ? [{ id: "true", text: "对" }, { id: "false", text: "错" }] : []),
    ),
    correctChoiceIds: s.correctChoiceIds ?? [],
    explanation: s.explanation ?? null,
    anonymous: s.anonymous ?? false,
    status: s.status ?? "ready",
    review: s.status === "needsReview"
      ? JSON.stringify({
        amendmentId: "amd-test",
        policyId: "pol-test",
        changes: [],
        flaggedAt: new Date().toISOString(),
      })
      : null,
  }));
  try {
    await graph.write((tx) =>
      tx.run(
        `UNWIND $rows AS r
         CREATE (i:Item {id: r.id, kind: r.kind, stem: r.stem, choices: r.choices,
                         correctChoiceIds: r.correctChoiceIds, explanation: r.explanation, topics: [],
                         audiences: [], anonymous: r.anonymous, status: r.status, review: r.review,
                         createdBy: 'user:test', createdAt: datetime(), updatedAt: datetime(), revision: 1})`,
        { rows },
      )
    );
  } finally {
    await graph.close();
  }
  return rows.map((r) => r.id);
}

/** A typical single-choice knowledge item with key `b`. */
export const deductibleItem: ItemSpec = {
  kind: "singleChoice",
  stem: "本市职工医保住院起付线是多少？",
  choices: [{ id: "a", text: "500 元" }, { id: "b", text: "800 元" }, { id: "c", text: "1200 元" }],
  correctChoiceIds: ["b"],
  explanation: "三级医院住院起付线为 800 元，一级、二级医院更低。",
};
