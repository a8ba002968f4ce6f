/**
 * Signed audience tokens over real HTTP (client addresses come from the connection): issuance,
 * refusal of forged, expired and made-up tokens, limits per token and per client address, and
 * minting many tokens from one address never multiplying votes beyond the per-address limit.
 */
import assert from "node:assert/strict";
import type { RunningService } from "@yibao/kit";
import { audienceToken, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies asserted field by field
type Answer = { status: number; body: any; headers: Headers };

function http(svc: RunningService) {
  return async (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`http://127.0.0.1:${svc.port}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
}

/** A random documentation-range address, so each test's counters are its own. */
const someAddress = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

Deno.test("audience tokens: issued, required, forged/expired refused, limited per token and per address", async () => {
  const svc = await startSessions(1, {
    SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1",
    AUDIENCE_TOKENS_PER_ADDRESS_PER_MINUTE: "10",
    QUESTION_RATE_PER_ADDRESS: "2",
    VOTE_RATE_PER_TOKEN: "3",
    VOTES_PER_ADDRESS_PER_QUESTION: "3",
  });
  try {
    const call = http(svc.instances[0]!);
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call("POST", "/v1/sessions", {
      headers: { authorization: `Bearer ${host.token}` },
      body: newSession(host, places),
    })).body;
    const mint = async (address: string) => {
      const r = await call("POST", "/v1/audience-tokens", { headers: { "x-forwarded-for": address } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.token as string;
    };
    const ask = (token: string, text: string, address = someAddress()) =>
      call("POST", `/v1/sessions/${session.id}/questions`, {
        body: { text },
        headers: { "x-client-token": token, "x-forwarded-for": address },
      });

    // Issued: a signed token with its expiry, that asking accepts.
    const issued = await call("POST", "/v1/audience-tokens");
    assert.equal(issued.status, 201);
    assert.match(issued.body.token, /^yat1\.[A-Za-z0-9_-]{22}\.\d+\.\d+\.[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(issued.body.expiresAt) - Date.parse(issued.body.issuedAt)) / 3_600_000;
    assert.equal(hours, 24);
    assert.equal((await ask(issued.body.token, "异地就医备案要带什么材料？")).status, 201);

    // Refused with 401 problem+json naming the header: none, made up, forged, expired.
    const [p, id, iat, exp, sig] = (issued.body.token as string).split(".");
    const refusedTokens: [string, string | undefined][] = [
      ["missing", undefined],
      ["made up by the client, as before", "client-token-1-xxxxxxxx"],
      ["a later expiry written in", [p, id, iat, Number(exp) + 86_400, sig].join(".")],
      ["signed with another secret", `${p}.${id}.${iat}.${exp}.${"A".repeat(43)}`],
      ["expired", audienceToken("expired-one", -10)],
    ];
    for (const [why, token] of refusedTokens) {
      const r = await call("POST", `/v1/sessions/${session.id}/questions`, {
        body: { text: "这个问题不会被收下" },
        headers: token ? { "x-client-token": token } : {},
      });
      assert.equal(r.status, 401, why);
      assert.match(r.headers.get("content-type") ?? "", /^application\/problem\+json/, why);
      assert.equal(r.body.errors[0].path, "header.x-client-token", why);
      assert.match(r.body.detail, /X-Client-Token/, why);
    }
    const forgedVote = await call("POST", `/v1/questions/q-00000000-0000/votes`, {
      headers: { "x-client-token": "client-token-2-xxxxxxxx" },
    });
    assert.equal(forgedVote.status, 401);

    // Minting: 10 a minute per client address, then 429 with Retry-After; another address has its own.
    const busy = someAddress();
    for (let i = 0; i < 10; i++) await mint(busy);
    const over = await call("POST", "/v1/audience-tokens", { headers: { "x-forwarded-for": busy } });
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) >= 1);
    await mint(someAddress());

    // Questions per address: 2 a minute in a session, whatever the number of tokens.
    const office = someAddress();
    const officeTokens = [await mint(office), await mint(office), await mint(office)];
    assert.equal((await ask(officeTokens[0]!, "职工医保退休后还要缴费吗？", office)).status, 201);
    assert.equal((await ask(officeTokens[1]!, "门诊慢特病怎么申请认定？", office)).status, 201);
    const third = await ask(officeTokens[2]!, "家庭共济能给父母用吗？", office);
    assert.equal(third.status, 429);
    assert.match(third.body.detail, /网络/);

    // Votes per token: 3 a minute.
    const targets: string[] = [];
    for (
      const text of [
        "长处方最多能开多久？",
        "异地住院报销比例会降低吗？",
        "个人账户划入比例变了吗？",
        "两病用药怎么报销？",
      ]
    ) {
      const r = await ask(await mint(someAddress()), text);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      targets.push(r.body.question.id);
    }
    const eager = await mint(someAddress());
    const voteAs = (q: string, token: string, address: string, method = "POST") =>
      call(method, `/v1/questions/${q}/votes`, {
        headers: { "x-client-token": token, "x-forwarded-for": address },
      });
    const eagerAddress = someAddress();
    for (let i = 0; i < 3; i++) assert.equal((await voteAs(targets[i]!, eager, eagerAddress)).status, 200);
    assert.equal((await voteAs(targets[3]!, eager, eagerAddress)).status, 429);
  } finally {
    await svc.stop();
  }
});

Deno.test("audience tokens: minting new tokens from one address does not multiply votes beyond its limit", async () => {
  const svc = await startSessions(1, {
    SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1",
    AUDIENCE_TOKENS_PER_ADDRESS_PER_MINUTE: "50",
    VOTES_PER_ADDRESS_PER_QUESTION: "3",
  });
  const untrusting = await startSessions(1, {
    AUDIENCE_TOKENS_PER_ADDRESS_PER_MINUTE: "50",
    VOTES_PER_ADDRESS_PER_QUESTION: "3",
  });
  try {
    const call = http(svc.instances[0]!);
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call("POST", "/v1/sessions", {
      headers: { authorization: `Bearer ${host.token}` },
      body: newSession(host, places),
    })).body;
    const mint = async (address: string, via = call) =>
      (await via("POST", "/v1/audience-tokens", { headers: { "x-forwarded-for": address } })).body
        .token as string;
    const question = async (text: string) =>
      (await call("POST", `/v1/sessions/${session.id}/questions`, {
        body: { text },
        headers: { "x-client-token": await mint(someAddress()), "x-forwarded-for": someAddress() },
      })).body.question.id as string;
    const vote = (q: string, token: string, address: string, method = "POST", via = call) =>
      via(method, `/v1/questions/${q}/votes`, {
        headers: { "x-client-token": token, "x-forwarded-for": address },
      });

    // One address mints 8 tokens and votes with each, one after another: 3 count, 5 are refused.
    const stuffer = someAddress();
    const q1 = await question("住院押金能用医保电子凭证吗？");
    const tokens = [];
    for (let i = 0; i < 8; i++) tokens.push(await mint(stuffer));
    const answers = [];
    for (const t of tokens) answers.push(await vote(q1, t, stuffer));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429, 429, 429, 429, 429]);
    assert.equal(answers[4]!.body.detail.includes("上限"), true);
    const total = async (q: string) =>
      ((await call("GET", `/v1/sessions/${session.id}/questions?sort=time`)).body.items as {
        id: string;
        votes: number;
      }[]).find((x) => x.id === q)!.votes;
    assert.equal(await total(q1), 3);
    // Another address still votes; a retraction frees one of the address's votes for another token.
    assert.equal((await vote(q1, await mint(someAddress()), someAddress())).body.votes, 4);
    assert.equal((await vote(q1, tokens[0]!, stuffer, "DELETE")).body.votes, 3);
    assert.equal((await vote(q1, tokens[5]!, stuffer)).body.votes, 4);
    assert.equal((await vote(q1, tokens[6]!, stuffer)).status, 429);

    // At once: 12 fresh tokens of one address vote simultaneously; exactly the limit counts.
    const q2 = await question("新生儿出生后多久内参保？");
    const crowd = someAddress();
    const many = await Promise.all(Array.from({ length: 12 }, () => mint(crowd)));
    const burst = await Promise.all(many.map((t) => vote(q2, t, crowd)));
    assert.equal(burst.filter((r) => r.status === 200).length, 3);
    assert.equal(burst.filter((r) => r.status === 429).length, 9);
    assert.equal(await total(q2), 3);

    // Without trusted proxies, X-Forwarded-For is ignored: spoofed addresses share the peer's limit.
    const other = http(untrusting.instances[0]!);
    const q3 = await question("灵活就业人员能参加职工医保吗？");
    const spoofed = [];
    for (let i = 0; i < 5; i++) {
      spoofed.push((await vote(q3, await mint(someAddress(), other), someAddress(), "POST", other)).status);
    }
    assert.deepEqual(spoofed, [200, 200, 200, 429, 429]);
  } finally {
    await svc.stop();
    await untrusting.stop();
  }
});
