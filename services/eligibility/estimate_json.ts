/**
 * The JSON text of one estimate answer for `POST /v1/estimates`: the same text as
 * `JSON.stringify(answer)`, byte for byte (`estimate_json_test.ts` compares both on the worked cases
 * and on generated visits under every demo rule), built by concatenation.
 *
 * Why: half of the route's JavaScript time went to the answer's text, most of it to
 * `JSON.stringify` walking ~26 explanation strings (each a rope of template pieces that it flattens,
 * scans for characters to escape and copies into a two-byte result). Here each line is written as the
 * fixed JSON around it and the explanation strings as they are: the response's one UTF-8 encoding
 * flattens them once.
 *
 * This relies on what the estimator writes: step names are identifiers, and every explanation is
 * built from the estimator's own wording, figures and fixed names, never from a rule's or a request's
 * free text, so nothing in them needs escaping in JSON. The ids of the rule and policy do come from
 * rule data and are escaped. Every other part is written by `JSON.stringify`.
 * @module
 */
import type { EstimateAnswer } from "./estimator.ts";

/** `JSON.stringify(answer)`, built without re-serialising the explanation strings. */
export function estimateAnswerJson(a: EstimateAnswer): string {
  let out =
    `{"totalFen":${a.totalFen},"excludedFen":${a.excludedFen},"classBSelfPayFen":${a.classBSelfPayFen}` +
    `,"overLimitFen":${a.overLimitFen},"categorySelfPayFen":${a.categorySelfPayFen}` +
    `,"categories":${a.categories.length === 0 ? "[]" : JSON.stringify(a.categories)}` +
    `,"inScopeFen":${a.inScopeFen},"deductibleFen":${a.deductibleFen},"bands":${JSON.stringify(a.bands)}` +
    `,"fundBeforeCapFen":${a.fundBeforeCapFen},"capFen":${a.capFen},"fundPaysFen":${a.fundPaysFen}` +
    `,"secondLayer":${JSON.stringify(a.secondLayer)},"outOfPocketFen":${a.outOfPocketFen},"lines":[`;
  // every line of an estimate names the same rule, policy and version: their JSON is made once
  let ruleId: string | undefined;
  let policyId: string | undefined;
  let version: number | undefined;
  let cited = "";
  const lines = a.lines;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.ruleId !== ruleId || l.policyId !== policyId || l.version !== version) {
      ({ ruleId, policyId, version } = l);
      cited = `,"ruleId":${JSON.stringify(ruleId)},"policyId":${
        JSON.stringify(policyId)
      },"version":${version}`;
    }
    out += `${
      i === 0 ? "" : ","
    }{"step":"${l.step}","amountFen":${l.amountFen}${cited},"explanationZh":"${l.explanationZh}","explanationEn":"${l.explanationEn}"}`;
  }
  return `${out}],"yearToDateAfter":${JSON.stringify(a.yearToDateAfter)},"rule":${JSON.stringify(a.rule)}` +
    `,"crossRegion":${a.crossRegion},"asOf":${JSON.stringify(a.asOf)}}`;
}
