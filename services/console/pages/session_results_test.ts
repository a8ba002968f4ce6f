import assert from "node:assert/strict";
import type { Launch } from "../api/launches.ts";
import { explanationsOf, gainWords, ratingSummaries, SessionResultsPage } from "./session_results.tsx";

Deno.test("gainWords() - percentage points with the console's percent helper, signed", () => {
  assert.equal(gainWords("zh", 0.5), "+50 个百分点");
  assert.equal(gainWords("zh", 4 / 9), "+44.4 个百分点");
  assert.equal(gainWords("en", -0.125), "−12.5 percentage points");
  assert.equal(gainWords("zh", 0), "0 个百分点");
});

const launch = (purpose: Launch["purpose"], kind: "rating" | "trueFalse"): Launch => ({
  id: `lau-${purpose}`,
  sessionId: "ses-x",
  kind: kind === "rating" ? "survey" : "quiz",
  purpose,
  status: "closed",
  resultsVisible: false,
  timed: false,
  secondsPerItem: null,
  openedAt: null,
  closedAt: null,
  deadline: null,
  items: [{ id: `i-${kind}`, kind, stem: `题干 ${kind}`, choices: [], anonymous: false }],
  results: {
    launchId: `lau-${purpose}`,
    resultsVisible: false,
    status: "closed",
    answers: 3,
    leaderboard: null,
    items: [{
      itemId: `i-${kind}`,
      kind,
      answered: 3,
      counts: kind === "rating" ? { "4": 2, "5": 1 } : { true: 2, false: 1 },
      correct: kind === "rating" ? null : 2,
      shareCorrect: kind === "rating" ? null : 2 / 3,
      correctChoiceIds: kind === "rating" ? null : ["true"],
      explanation: kind === "rating" ? null : "先备案再就医。",
      meanRating: kind === "rating" ? 13 / 3 : null,
    }],
  },
});

Deno.test("ratingSummaries() - the satisfaction launches' rating items only; explanationsOf() - by item", () => {
  const all = [launch("postTest", "trueFalse"), launch("satisfaction", "rating")];
  const r = ratingSummaries(all);
  assert.equal(r.length, 1);
  assert.equal(r[0]!.stem, "题干 rating");
  assert.equal(r[0]!.answered, 3);
  assert.deepEqual(explanationsOf(all), { "i-trueFalse": "先备案再就医。" });
});

const figures = (
  correct: number,
  n: number,
  lower: number,
  upper: number,
  tooSmall: boolean,
  meets: boolean,
) => ({
  n,
  correct,
  rate: n ? correct / n : null,
  lower,
  upper,
  tooSmall,
  meetsTarget: meets,
  verdict: { zh: "", en: "" },
});

Deno.test("SessionResultsPage - too few answers say so, the target only on the lower bound, no pre/post said plainly", async () => {
  const html = await Promise.resolve(
    SessionResultsPage({
      lang: "zh",
      session: { id: "ses-abc", title: "试讲" },
      awareness: {
        sessionId: "ses-abc",
        overall: figures(24, 30, 0.627, 0.905, true, false),
        items: [{
          ...figures(24, 30, 0.627, 0.905, true, false),
          itemId: "i1",
          stem: "先备案再就医吗？",
          kind: "trueFalse",
          policyId: "p1",
          version: 1,
        }],
        policies: [],
        prePost: {
          overall: {
            paired: 0,
            onlyPre: 0,
            onlyPost: 0,
            meanPre: null,
            meanPost: null,
            meanGain: null,
            hakeG: null,
          },
          policies: [],
        },
      },
      ratings: [],
      explanations: { i1: "先备案。" },
    }).toString(),
  );
  assert.match(html, /<strong>80%<\/strong> <span class="small">（95% 区间 62\.7%–90\.5%，n = 30）/);
  assert.match(html, /样本太少，无法判断/);
  assert.ok(!/达到 80% 目标/.test(html), "under 60 never meets the target");
  assert.match(html, /这一场没有课前和课后测验/);
  assert.match(html, /这一场没有满意度调查/);
  assert.match(html, /解析：先备案。/);
  assert.match(html, /href="\/host\/sessions\/ses-abc\/results\/answers\.csv"/);
});
