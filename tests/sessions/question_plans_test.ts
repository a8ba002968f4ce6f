/**
 * The queries that read one session's questions seek the (sessionId, createdAt) index instead of
 * scanning every question of every session (they did: the near-duplicate check read all questions of
 * the graph for each question asked), and the near-duplicate check takes the last 500 in the index's
 * order instead of sorting them all. Unpinning goes from the session to its questions: sought through
 * the index, its plan was a seek or a scan of every question, depending on when the index was last
 * sampled. Checked on the plans Neo4j makes, in a graph holding thousands of questions of other sessions.
 */
import assert from "node:assert/strict";
import askLockQuery from "../../services/sessions/queries/question_batch_lock.cypher" with { type: "text" };
import listQuery from "../../services/sessions/queries/question_list.cypher" with { type: "text" };
import unpinQuery from "../../services/sessions/queries/question_unpin_others.cypher" with { type: "text" };
import mineQuery from "../../services/sessions/queries/question_mine.cypher" with { type: "text" };
import { int } from "@yibao/graph";
import { testGraph, unique } from "../harness/mod.ts";

interface Plan {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: Plan[];
}
function operators(p: Plan): { op: string; details: string }[] {
  return [
    { op: p.operatorType.replace(/@.*$/, ""), details: String(p.arguments.Details ?? "") },
    ...p.children.flatMap(operators),
  ];
}

Deno.test("question plans: one session's questions are found through the (sessionId, createdAt) index, never by scanning every question", async () => {
  const graph = testGraph();
  const prefix = unique("plans");
  try {
    // other sessions' questions, as in a graph with history
    await graph.write((tx) =>
      tx.run(
        `UNWIND range(1, 3000) AS i
         CREATE (:Question {id: $prefix + '-' + i, sessionId: $prefix + '-s' + (i % 60), text: '历史问题', status: 'approved',
                 votes: 0, revision: 0, pinned: false, askerKey: 'k', createdAt: datetime(), updatedAt: datetime()})`,
        { prefix },
      )
    );
    const sessionId = `${prefix}-s1`;
    const queries: [string, string, Record<string, unknown>][] = [
      ["question_list", listQuery, {
        sessionId,
        statuses: ["approved"],
        sort: "votes",
        skip: int(0),
        limit: int(50),
      }],
      ["question_mine", mineQuery, { sessionId, key: "k" }],
      ["question_batch_lock", askLockQuery, {
        b: {
          sessionIds: [sessionId],
          rateKeys: ["ask-addr:a", "ask:k"],
          expiresAt: new Date().toISOString(),
          since: new Date().toISOString(),
          recentLimit: int(500),
        },
      }],
    ];
    for (const [name, query, params] of queries) {
      // EXPLAIN plans without running (the unpin query writes)
      const plan = (await graph.read((tx) => tx.run(`EXPLAIN ${query}`, params))).summary
        .plan as unknown as Plan;
      const ops = operators(plan);
      const scans = ops.filter((o) => /LabelScan|AllNodesScan/.test(o.op) && o.details.includes("Question"));
      assert.deepEqual(scans, [], `${name} scans every question: ${JSON.stringify(ops)}`);
      assert.ok(
        ops.some((o) => /NodeIndexSeek/.test(o.op) && o.details.includes("Question(sessionId, createdAt)")),
        `${name} does not seek the index: ${JSON.stringify(ops)}`,
      );
    }
    // Unpinning goes from the session to its questions: never a scan of every question, whenever it is planned.
    const unpinOps = operators(
      (await graph.read((tx) => tx.run(`EXPLAIN ${unpinQuery}`, { sessionId, id: "none" }))).summary
        .plan as unknown as Plan,
    );
    assert.deepEqual(unpinOps.filter((o) => /Scan/.test(o.op)), [], JSON.stringify(unpinOps));
    assert.ok(unpinOps.some((o) => /NodeUniqueIndexSeek/.test(o.op) && o.details.includes("LiveSession")));
    assert.ok(
      unpinOps.some((o) => /Expand/.test(o.op) && o.details.includes("ASKED_IN")),
      JSON.stringify(unpinOps),
    );
    // The batch's near-duplicate check reads a session's last 500 questions in the index's order and
    // stops there: no Top (it read and sorted every question of the session).
    const lockPlan = (await graph.read((tx) => tx.run(`EXPLAIN ${askLockQuery}`, queries[2]![2]))).summary
      .plan as unknown as Plan;
    const lockOps = operators(lockPlan);
    assert.deepEqual(lockOps.filter((o) => /^(Top|PartialTop|Sort)/.test(o.op)), [], JSON.stringify(lockOps));
    assert.ok(lockOps.some((o) => o.op === "Limit"), JSON.stringify(lockOps));
  } finally {
    await graph.write((tx) =>
      tx.run("MATCH (q:Question) WHERE q.id STARTS WITH $prefix DETACH DELETE q", { prefix })
    );
    await graph.close();
  }
});
