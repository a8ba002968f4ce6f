/**
 * Generates a national-scale policy graph for benchmarks: policies at every level (national,
 * each province, each city, every county) with two versions each, overrides down the chain, and
 * Chinese text the search can find. Everything it makes is labelled `bench: true`.
 */
import type { Graph } from "@yibao/graph";

const insert = `
UNWIND $rows AS r
MATCH (reg:Region {code: r.region})
MATCH (t:Topic {id: r.topic})
MATCH (a:Audience {id: r.audience})
CREATE (p:Policy {id: r.id, docNumber: r.doc, issuer: r.issuer, latestVersion: 2, bench: true, createdAt: datetime()})
CREATE (p)-[:APPLIES_IN]->(reg)
CREATE (p)-[:ABOUT]->(t)
CREATE (p)-[:TARGETS]->(a)
CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: r.id + '@1', policyId: r.id, version: 1, title: r.title, body: r.body1,
  summaries: r.summaries, rules: '[]', searchText: r.summaryText, effectiveFrom: date('2023-01-01'),
  effectiveTo: date('2025-01-01'), searchEnded: 'ended20250101', publishedAt: datetime('2022-12-01T00:00:00+08:00'), effectiveAnnouncedAt: datetime(), bench: true})
CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: r.id + '@2', policyId: r.id, version: 2, title: r.title, body: r.body2,
  summaries: r.summaries, rules: '[]', searchText: r.summaryText, effectiveFrom: date('2025-01-01'),
  effectiveTo: null, publishedAt: datetime('2024-12-01T00:00:00+08:00'), effectiveAnnouncedAt: datetime(), bench: true})
`;

const link = `
UNWIND $links AS l
MATCH (p:Policy {id: l.from}), (o:Policy {id: l.to})
CREATE (p)-[:OVERRIDES]->(o)
`;

const topics: [string, string, string][] = [
  [
    "crossRegionCare",
    "异地就医",
    "异地就医直接结算，出行前先办理备案，可在国家医保服务平台或当地经办窗口申请",
  ],
  ["outpatientPooling", "普通门诊统筹", "普通门诊费用纳入统筹支付，年度支付限额和报销比例按医院级别确定"],
  [
    "chronicSpecialOutpatient",
    "门诊慢特病",
    "高血压、糖尿病等门诊慢特病经认定后享受更高报销比例，部分病种不设起付线",
  ],
  ["inpatient", "住院待遇", "住院费用扣除起付线后按比例报销，三级医院比例略低，年度有封顶线"],
  ["personalAccount", "个人账户", "个人账户资金可用于本人及家庭成员的门诊费用和药店购药"],
  ["familyAccountSharing", "家庭共济", "职工个人账户可以家庭共济，配偶、父母、子女看病购药都能使用"],
  ["enrolment", "参保缴费", "城乡居民按年度缴费，灵活就业人员可选择缴费档次，新生儿出生后及时参保"],
  ["fundSupervision", "基金监管", "举报欺诈骗保查证属实的给予奖励，保护举报人信息"],
];
const audiences = ["insured", "elderly", "retired", "flexibleWorker", "chronicPatient", "employerHr"];

/** What was generated. */
export interface GeneratedGraph {
  policies: number;
  versions: number;
  policyIds: string[];
  counties: string[];
  overrides: number;
}

/** Creates about `versions` policy versions across every region; returns ids to query. */
export async function generatePolicyGraph(
  graph: Graph,
  options: { versions?: number } = {},
): Promise<GeneratedGraph> {
  const target = (options.versions ?? 20_000) / 2;
  const regions = await graph.read(async (tx) =>
    (await tx.run("MATCH (r:Region) RETURN r.code AS code, r.name AS name, r.level AS level ORDER BY code"))
      .records.map((
        r,
      ) => ({
        code: r.get("code") as string,
        name: r.get("name") as string,
        level: r.get("level") as string,
      }))
  );
  const counties = regions.filter((r) => r.level === "county");
  const cities = regions.filter((r) => r.level === "city");
  const provinces = regions.filter((r) => r.level === "province");
  const plan: { region: { code: string; name: string }; n: number }[] = [
    { region: { code: "000000", name: "全国" }, n: 40 },
    ...provinces.map((p) => ({ region: p, n: 8 })),
    ...cities.map((c) => ({ region: c, n: 3 })),
  ];
  const used = plan.reduce((s, p) => s + p.n, 0);
  const perCounty = Math.max(1, Math.round((target - used) / counties.length));
  plan.push(...counties.map((c) => ({ region: c, n: perCounty })));

  const rows: Record<string, unknown>[] = [];
  const byRegionTopic = new Map<string, string>();
  let seq = 0;
  for (const { region, n } of plan) {
    for (let i = 0; i < n; i++) {
      const [topicId, topicZh, sentence] = topics[(seq + i) % topics.length]!;
      const id = `bench-${region.code}-${i}`;
      const summaries = {
        insured: `${region.name}${topicZh}：${sentence}。`,
        elderly: `老年朋友请注意：${region.name}${topicZh}有新规定，不清楚可拨打 12393。`,
      };
      rows.push({
        id,
        region: region.code,
        topic: topicId,
        audience: audiences[(seq + i) % audiences.length],
        doc: `${region.name}医保发〔2025〕${i + 1}号`,
        issuer: `${region.name}医疗保障局`,
        title: `${region.name}关于${topicZh}的实施细则`,
        body1: `${sentence}。本细则适用于${region.name}参保人员，自 2023 年起施行。`,
        body2: `${sentence}。本细则适用于${region.name}参保人员，2025 年起按新标准执行，咨询请拨打 12393。`,
        summaries: JSON.stringify(summaries),
        summaryText: Object.values(summaries).join("\n"),
      });
      byRegionTopic.set(`${region.code}|${topicId}`, id);
    }
    seq++;
  }
  for (let i = 0; i < rows.length; i += 2_000) {
    await graph.write((tx) => tx.run(insert, { rows: rows.slice(i, i + 2_000) }));
  }
  // A county's policy overrides its city's policy on the same topic; a city's, its province's.
  const parentOf = new Map<string, string>();
  for (const c of counties) parentOf.set(c.code, `${c.code.slice(0, 4)}00`);
  for (const c of cities) parentOf.set(c.code, `${c.code.slice(0, 2)}0000`);
  const links: { from: string; to: string }[] = [];
  for (const r of rows) {
    const parent = parentOf.get(r.region as string);
    const target = parent && byRegionTopic.get(`${parent}|${r.topic}`);
    if (target && target !== r.id) links.push({ from: r.id as string, to: target });
  }
  for (let i = 0; i < links.length; i += 5_000) {
    await graph.write((tx) => tx.run(link, { links: links.slice(i, i + 5_000) }));
  }
  return {
    policies: rows.length,
    versions: rows.length * 2,
    policyIds: rows.map((r) => r.id as string),
    counties: counties.map((c) => c.code),
    overrides: links.length,
  };
}
