/**
 * The floor for `POST /v1/estimates`: a bare `Deno.serve` (no Hono, no kit, no graph) doing only what
 * any implementation of the endpoint must do per request, with the service's own estimator code:
 *
 * - read the headers the endpoint needs (`x-request-id`, `x-api-key`, `content-type`);
 * - parse the JSON body and validate it with the endpoint's zod schema (`estimateRequestSchema`);
 * - estimate under the rule the service answers the bench's request with (`answerFromRules`, given
 *   the rule from the demo data instead of a graph lookup);
 * - write the answer's JSON text (`estimateAnswerJson`) with `content-type` and `x-request-id`.
 *
 * No authentication beyond reading the key, no access log, no metrics, no problem documents: what is
 * left is the cost of the work itself over Deno's HTTP. The estimator bench compares it with the
 * same-request ceiling (how far any implementation can get on this machine) and with the service (what
 * the kit, Hono and the graph's rule lookup add).
 *
 *     deno run --allow-net=127.0.0.1:PORT --allow-read tests/bench/bare_estimator.ts PORT POLICY_ID RULE_ID APPLIES_IN
 *
 * `APPLIES_IN` is the rule's pooling regions, comma-separated (it decides whether a visit is
 * cross-region, as the graph's `appliesIn` does).
 */
import { estimateAnswerJson } from "../../services/eligibility/estimate_json.ts";
import { estimateRequestSchema } from "../../services/eligibility/estimate_request.ts";
import { answerFromRules } from "../../services/eligibility/estimator.ts";
import { loadDemoRule } from "../../services/eligibility/rules/load_demo_rule.ts";
import type { SourcedRule } from "../../services/eligibility/rules_source.ts";

const [portArg, policyId, ruleId, appliesIn] = Deno.args;
if (!portArg || !policyId || !ruleId || !appliesIn) {
  throw new Error("usage: bare_estimator.ts PORT POLICY_ID RULE_ID APPLIES_IN");
}
const loaded = await loadDemoRule(policyId, ruleId);
const inForce: SourcedRule[] = [{
  rule: loaded.rule,
  policyId: loaded.policyId,
  version: loaded.version,
  appliesIn: appliesIn.split(","),
  citation: { title: "", docNumber: "", issuer: "" },
}];
// a clean exit on SIGTERM (so `--cpu-prof` writes its profile)
Deno.addSignalListener("SIGTERM", () => Deno.exit(0));
let n = 0;
Deno.serve(
  {
    port: Number(portArg),
    hostname: "127.0.0.1",
    onListen: ({ port }) => console.log(`BARE_READY ${port}`),
  },
  async (req) => {
    const given = req.headers.get("x-request-id");
    const requestId = given ?? `bare-${(++n).toString(36)}`;
    if (req.headers.get("x-api-key") === null || req.headers.get("content-type") === null) {
      return new Response(null, { status: 401 });
    }
    const parsed = estimateRequestSchema.safeParse(await req.json());
    if (!parsed.success) return new Response(null, { status: 400 });
    const body = parsed.data;
    const answer = answerFromRules(inForce, body, { asOf: body.asOf ?? body.visit.date });
    return new Response(estimateAnswerJson(answer), {
      headers: { "content-type": "application/json", "x-request-id": requestId },
    });
  },
);
