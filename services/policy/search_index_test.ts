import assert from "node:assert/strict";
import {
  byteToLength,
  cjkTerms,
  type IndexedVersion,
  kthLargest,
  lengthToByte,
  SearchIndex,
} from "./search_index.ts";

function version(id: string, text: Partial<IndexedVersion> = {}): IndexedVersion {
  return {
    id,
    policyId: id.split("@")[0]!,
    title: "测试政策",
    body: null,
    searchText: null,
    effectiveFrom: "2020-01-01",
    effectiveTo: null,
    ...text,
  };
}

Deno.test("cjkTerms() - Han runs as bigrams (a lone character alone), Latin words lowercased without stop words, numbers whole", () => {
  assert.deepEqual(cjkTerms("异地就医 备案"), ["异地", "地就", "就医", "备案"]);
  assert.deepEqual(cjkTerms("药，住院。"), ["药", "住院"]);
  assert.deepEqual(cjkTerms("DRG付费 and the DIP"), ["drg", "付费", "dip"]);
  assert.deepEqual(cjkTerms("限额 15,000 元，拨打１２３９３"), ["限额", "15,000", "元", "拨打", "12393"]);
});

Deno.test("lengthToByte() - Lucene's SmallFloat.intToByte4: exact below 24, then rounded down to 4 significant bits", () => {
  for (let n = 0; n < 24; n++) assert.equal(byteToLength(lengthToByte(n)), n);
  assert.equal(lengthToByte(100), 57);
  assert.equal(byteToLength(57), 96);
  let last = -1;
  for (let n = 0; n < 100_000; n += 7) {
    const back = byteToLength(lengthToByte(n));
    assert.ok(back <= n && back >= last, `${n} → ${back}`);
    last = back;
  }
  assert.ok(lengthToByte(2 ** 31 - 1) <= 255);
});

Deno.test("SearchIndex.rank() - BM25 over title, body and searchText: a shorter text with the term ranks higher, both fields add up, repeats count", () => {
  const index = new SearchIndex();
  index.add(version("a@1", { title: "异地就医备案", body: "异地就医需要先备案。" }));
  index.add(
    version("b@1", { title: "异地就医", body: "说明文字很长很长很长很长很长很长，其中提到备案一次。" }),
  );
  index.add(version("c@1", { title: "住院起付线", body: "住院费用" }));
  const { hits, total } = index.rank(cjkTerms("异地就医 备案"), "2025-06-01", 10);
  assert.deepEqual(hits.map((h) => h.id), ["a@1", "b@1"]);
  assert.equal(total, 2);
  assert.ok(hits[0]!.score > hits[1]!.score);
  const twice = index.rank(["备案", "备案"], "2025-06-01", 10).hits;
  const once = index.rank(["备案"], "2025-06-01", 10).hits;
  assert.ok(Math.abs(twice[0]!.score - 2 * once[0]!.score) < 1e-5);
});

Deno.test("SearchIndex.rank() - only versions valid on the date; replacePolicy swaps a policy's versions; a removed policy is never found", () => {
  const index = new SearchIndex();
  index.add(version("p@1", { body: "门诊统筹", effectiveFrom: "2020-01-01", effectiveTo: "2025-01-01" }));
  index.add(version("p@2", { body: "门诊统筹 新标准", effectiveFrom: "2025-01-01" }));
  index.add(version("q@1", { body: "住院" }));
  const at = (asOf: string) => index.rank(["门诊", "统筹"], asOf, 10).hits.map((h) => h.id);
  assert.deepEqual(at("2024-12-31"), ["p@1"]);
  assert.deepEqual(at("2025-01-01"), ["p@2"]);
  assert.deepEqual(at("2019-12-31"), []);
  // a withdrawal: version 2 is gone and version 1 is open again
  index.replacePolicy("p", [version("p@1", { body: "门诊统筹", effectiveFrom: "2020-01-01" })]);
  assert.deepEqual(at("2026-01-01"), ["p@1"]);
  assert.equal(index.size, 2);
  index.replacePolicy("p", []);
  assert.deepEqual(at("2026-01-01"), []);
  assert.equal(index.size, 1);
  assert.deepEqual(index.entries(), [{ id: "q@1", policyId: "q" }]);
});

Deno.test("SearchIndex - compacting after many replacements keeps the same ranking and statistics", () => {
  const a = new SearchIndex();
  const b = new SearchIndex();
  const text = (i: number, round: number) =>
    version(`p${i}@1`, {
      body: `门诊统筹第${i % 7}条${round ? "，新标准" : ""}`,
      searchText: i % 3 ? "报销比例" : null,
    });
  for (let i = 0; i < 1_200; i++) a.add(text(i, 0));
  for (let i = 0; i < 1_200; i++) a.replacePolicy(`p${i}`, [text(i, 1)]);
  for (let i = 0; i < 1_200; i++) b.add(text(i, 1));
  assert.equal(a.size, 1_200);
  const terms0 = cjkTerms("门诊统筹报销比例 新标准");
  const before = a.rank(terms0, "2025-01-01", 50);
  a.compact();
  assert.deepEqual(a.rank(terms0, "2025-01-01", 50), before);
  const terms = cjkTerms("门诊统筹报销比例 新标准");
  assert.deepEqual(a.rank(terms, "2025-01-01", 50), b.rank(terms, "2025-01-01", 50));
});

Deno.test("SearchIndex.rank() - past the limit, the best by score, then of those tied at the cut the first by id; `total` counts them all", () => {
  const index = new SearchIndex();
  index.add(version("best@1", { title: "门诊统筹", body: "门诊统筹" }));
  // the same text, so the same score: which of them fit is decided by id alone
  for (const id of ["t07", "t03", "t11", "t01", "t05", "t09"]) {
    index.add(version(`${id}@1`, { body: "门诊统筹" }));
  }
  index.add(version("low@1", { body: "门诊统筹以外还有很多很多很多很多别的文字" }));
  const { hits, total } = index.rank(["门诊", "统筹"], "2025-06-01", 4);
  assert.deepEqual(hits.map((h) => h.id), ["best@1", "t01@1", "t03@1", "t05@1"]);
  assert.equal(total, 8);
  assert.equal(hits[1]!.score, hits[3]!.score);
  // the same order as sorting every hit, whatever the limit
  const all = index.rank(["门诊", "统筹"], "2025-06-01", 100).hits;
  for (let limit = 1; limit <= 8; limit++) {
    assert.deepEqual(index.rank(["门诊", "统筹"], "2025-06-01", limit).hits, all.slice(0, limit));
  }
});

Deno.test("SearchIndex - a hit is `held` when one of the proving words scored it, in rank() and rankAmong() alike", () => {
  const index = new SearchIndex();
  index.add(version("a@1", { title: "异地就医备案" }));
  index.add(version("b@1", { title: "就医指南" }));
  const proving = new Set(["备案"]);
  const held = (hits: { id: string; held: boolean }[]) => Object.fromEntries(hits.map((h) => [h.id, h.held]));
  assert.deepEqual(held(index.rank(["就医", "备案"], "2025-06-01", 10, proving).hits), {
    "a@1": true,
    "b@1": false,
  });
  assert.deepEqual(held(index.rankAmong(["就医", "备案"], ["a@1", "b@1"], proving).hits), {
    "a@1": true,
    "b@1": false,
  });
  // without proving words nothing is held, and the next ranking starts clean
  assert.deepEqual(held(index.rank(["就医", "备案"], "2025-06-01", 10).hits), { "a@1": false, "b@1": false });
});

Deno.test("kthLargest() - the k-th largest as a full sort gives it, ties and all", () => {
  let seed = 7;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  for (let trial = 0; trial < 2_000; trial++) {
    const n = 1 + Math.floor(random() * 50);
    const spread = trial % 2 ? 4 : 1_000; // few distinct values: many ties
    const values = Float64Array.from({ length: n }, () => Math.floor(random() * spread) / 7);
    const k = 1 + Math.floor(random() * n);
    const sorted = Float64Array.from(values).sort();
    assert.equal(kthLargest(Float64Array.from(values), k), sorted[n - k], `k=${k} of ${values.join(",")}`);
  }
});
