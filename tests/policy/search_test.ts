import assert from "node:assert/strict";
import { call, people, startSuite } from "./_suite.ts";

interface Case {
  q: string;
  region?: string;
  expect: string[];
}

const cases: Case[] = JSON.parse(await Deno.readTextFile(new URL("./search_cases.json", import.meta.url)));

Deno.test(`search - ${cases.length} Chinese questions find their policies in the top five (demo data)`, async (t) => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    assert.ok(cases.length >= 15);
    for (const c of cases) {
      await t.step(`${c.q}${c.region ? ` (region ${c.region})` : ""}`, async () => {
        const path = `/v1/search?q=${encodeURIComponent(c.q)}&limit=5${
          c.region ? `&region=${c.region}` : ""
        }`;
        const r = await call(suite.policy, "GET", path, { token: tokens.host });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const ids = r.body.items.map((i: { id: string }) => i.id);
        for (const want of c.expect) assert.ok(ids.includes(want), `${want} not in ${JSON.stringify(ids)}`);
        const scores = r.body.items.map((i: { score: number }) => i.score);
        assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a), "ranked by score");
      });
    }
  } finally {
    await suite.stop();
  }
});

Deno.test("search - a region's search finds only what is in force there (shadowing as the in-force list), echoes the region, marks where the words matched, and counts matches", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    const q = encodeURIComponent("退休了医保怎么报销");
    const listed = await call(suite.policy, "GET", "/v1/policies?region=110105&limit=100", {
      token: tokens.host,
    });
    const inForce = new Set(listed.body.items.map((i: { id: string }) => i.id));
    assert.ok(!inForce.has("nat-outpatient-pooling"), "Beijing's own policy shadows the national one");
    const r = await call(suite.policy, "GET", `/v1/search?q=${q}&region=110105&limit=100`, {
      token: tokens.host,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.region, "110105");
    const ids: string[] = r.body.items.map((i: { id: string }) => i.id);
    assert.ok(!ids.includes("nat-outpatient-pooling"), JSON.stringify(ids));
    for (const id of ids) assert.ok(inForce.has(id), `${id} is not in force in 110105`);
    assert.ok(ids.length > 0);
    assert.equal(r.body.total, ids.length, "total counts the matches");
    for (const item of r.body.items) {
      const s = item.snippet;
      assert.ok(["title", "summary", "body"].includes(s.field));
      assert.match(s.marked, /⟦[^⟦⟧]+⟧/);
      assert.equal(s.marked.replace(/[⟦⟧]/g, ""), s.text);
      const chars = [...s.text];
      for (const h of s.highlights) assert.ok(chars.slice(h.start, h.end).join("").length > 0);
    }
    // total means matches, not the catalogue: a precise question matches a few policies
    const precise = await call(
      suite.policy,
      "GET",
      `/v1/search?q=${encodeURIComponent("异地就医怎么备案")}&limit=1`,
      {
        token: tokens.host,
      },
    );
    assert.equal(precise.body.region, null);
    assert.equal(precise.body.items[0].id, "nat-cross-region-registration");
    assert.ok(precise.body.total < 15, `total ${precise.body.total}`);
    const unknown = await call(suite.policy, "GET", `/v1/search?q=${q}&region=990000`, {
      token: tokens.host,
    });
    assert.equal(unknown.status, 404);
  } finally {
    await suite.stop();
  }
});

Deno.test("search - query syntax, Cypher and very long strings are searched as text", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    for (
      const q of [
        '异地" OR 1=1 --',
        "MATCH (n) DETACH DELETE n //",
        "*",
        "备案 AND (门诊 OR",
        "\\",
        "医".repeat(1_500),
        "a:b~2^3 [x TO y]",
      ]
    ) {
      const r = await call(suite.policy, "GET", `/v1/search?q=${encodeURIComponent(q)}`, {
        token: tokens.host,
      });
      assert.equal(r.status, 200, `${q.slice(0, 30)}: ${JSON.stringify(r.body)}`);
    }
    // questions that differ only in fillers search the same words, and each answer echoes its own question
    for (const q of ["异地就医怎么备案", "异地就医 备案", "异地就医怎么备案"]) {
      const r = await call(suite.policy, "GET", `/v1/search?q=${encodeURIComponent(q)}&limit=1`, {
        token: tokens.host,
      });
      assert.equal(r.body.q, q);
      assert.equal(r.body.items[0].id, "nat-cross-region-registration");
      assert.doesNotMatch(r.body.items[0].snippet.marked, /⟦[^⟧]*怎么/);
    }
    const onlyFillers = await call(suite.policy, "GET", `/v1/search?q=${encodeURIComponent("怎么")}`, {
      token: tokens.host,
    });
    assert.deepEqual([onlyFillers.status, onlyFillers.body.total], [200, 0]);
    const empty = await call(suite.policy, "GET", "/v1/search?q=%20%20", { token: tokens.host });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body.errors.map((e: { path: string }) => e.path), ["query.q"]);
    const tooLong = await call(suite.policy, "GET", `/v1/search?q=${"x".repeat(2_001)}`, {
      token: tokens.host,
    });
    assert.equal(tooLong.status, 400);
    const paged = await call(
      suite.policy,
      "GET",
      `/v1/search?q=${encodeURIComponent("医保")}&limit=2&offset=2`,
      { token: tokens.host },
    );
    assert.equal(paged.body.items.length <= 2, true);
    assert.equal(paged.body.offset, 2);
  } finally {
    await suite.stop();
  }
});

Deno.test("demo data - the four-level chain shows only the county's policy in the county, the city's in its sibling", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    const ids = async (region: string) =>
      (await call(suite.policy, "GET", `/v1/policies?region=${region}&topic=crossRegionRegistration`, {
        token: tokens.host,
      }))
        .body.items.map((i: { id: string }) => i.id).sort();
    assert.deepEqual(await ids("150424"), ["nm-county-cross-region-inpatient"]);
    assert.deepEqual(await ids("150429"), ["cf-cross-region-registration"]);
    assert.deepEqual(await ids("150100"), ["nm-cross-region-registration"]);
    assert.deepEqual(await ids("110105"), ["nat-cross-region-registration"]);
  } finally {
    await suite.stop();
  }
});

Deno.test("regions - the town-level units of a city without counties (9-digit codes) can be queried", async () => {
  const suite = await startSuite();
  const tokens = await people();
  try {
    const r = await call(suite.policy, "GET", "/v1/regions/441900125", { token: tokens.host });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.ancestors.map((a: { code: string }) => a.code), ["000000", "440000", "441900"]);
    const list = await call(suite.policy, "GET", "/v1/policies?region=441900125", { token: tokens.host });
    assert.equal(list.status, 200);
    assert.ok(
      list.body.items.some((i: { id: string }) => i.id.startsWith("nat-")),
      "national policies are inherited",
    );
  } finally {
    await suite.stop();
  }
});
