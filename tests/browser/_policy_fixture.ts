/**
 * A policy of the test's own, published through the real policy-admin API, with one employee
 * inpatient benefit rule in a county no other test estimates in, so amending it through the console
 * changes no answer another test reads.
 */
import { shanghaiToday } from "@yibao/domain";
import { issueToken } from "@yibao/kit";
import { testTokenSecret } from "../harness/mod.ts";

/** Qinghai, Yushu City (青海省 玉树藏族自治州 玉树市): a county the other tests leave alone. */
export const fixtureRegion = "632701";

/** The rule's deductible (1,000 yuan) and its one band's rate (80%). */
export const fixtureDeductibleFen = 100_000;

async function api(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Publishes the policy (drafted, reviewed and published by people other than the test's). */
export async function publishFixturePolicy(
  adminUrl: string,
): Promise<{ id: string; title: string; ruleId: string }> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const id = `ui-${suffix}`;
  const ruleId = `ui-${suffix}-inpatient`;
  const title = `玉树市职工住院待遇（界面测试 ${suffix}）`;
  const operator = await issueToken(testTokenSecret, {
    sub: "fixture-operator",
    role: "operator",
    name: "夹具运营",
  });
  const reviewer = await issueToken(testTokenSecret, {
    sub: "fixture-reviewer",
    role: "reviewer",
    name: "夹具审核",
  });
  const created = await api(`${adminUrl}/v1/policies`, operator, "POST", {
    id,
    docNumber: `玉医保〔2026〕${suffix.slice(0, 3)}号`,
    issuer: "玉树市医疗保障局（测试）",
    regions: [fixtureRegion],
    audiences: ["insured", "elderly"],
    topics: ["inpatient"],
    title,
    body:
      "职工医保参保人在定点医院住院，一年内目录内费用超过起付线的部分，由统筹基金按比例支付。咨询请拨打 12393。",
    summaries: {
      insured: "住院费用超过起付线的部分可以报销，具体比例以本页规则为准。",
      elderly: "老年朋友住院，超过起付线的部分能报销，有疑问请拨打 12393。",
    },
    rules: [{
      id: ruleId,
      insuranceType: "employee",
      visitType: "inpatient",
      source: { region: fixtureRegion, year: 2026, note: "界面测试用的规则，不是真实公布的数字。" },
      deductible: { kind: "perYear", amountFen: fixtureDeductibleFen },
      rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 8000 }] },
      adjustments: [],
      classBSelfPayBp: 1000,
      annualCapFen: 30_000_000,
    }],
    summary: "首次发布界面测试用的住院待遇政策。",
    effectiveFrom: shanghaiToday(),
  }) as { id: string };
  const amendmentId = created.id;
  await api(`${adminUrl}/v1/amendments/${amendmentId}/submit`, operator, "POST");
  await api(`${adminUrl}/v1/amendments/${amendmentId}/approve`, reviewer, "POST");
  await api(`${adminUrl}/v1/amendments/${amendmentId}/publish`, operator, "POST");
  return { id, title, ruleId };
}

/** Registers an SMS subscriber following the policy, so the propagation page has a reach to show. */
export async function followBySms(notificationsUrl: string, policyId: string): Promise<void> {
  const operator = await issueToken(testTokenSecret, {
    sub: "fixture-operator",
    role: "operator",
    name: "夹具运营",
  });
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  await api(`${notificationsUrl}/v1/subscribers`, operator, "POST", {
    channels: [{ type: "sms", phone }],
    follows: { policies: [policyId] },
  });
}

/** A calendar date `days` after today in Asia/Shanghai. */
export function daysFromToday(days: number): string {
  const d = new Date(`${shanghaiToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
