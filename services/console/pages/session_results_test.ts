import assert from "node:assert/strict";
import type { Launch } from "../api/launches.ts";
import { explanationsOf, gainWords, ratingSummaries } from "./session_results.tsx";

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
