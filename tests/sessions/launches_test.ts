/**
 * Polls, quizzes and surveys in a live session. Items are written straight
 * into the graph as graph-schema/README.md describes them (`_launch_items.ts`).
 */
import assert from "node:assert/strict";
import { type CloudEvent, startConsumer } from "@yibao/events";
import { eventually, testBus, testGraph, unique } from "../harness/mod.ts";
import { audienceToken, call, newHost, newSession, otherTokens, ownPlaces, startSessions } from "./_suite.ts";
import { SseReader } from "./_sse.ts";
import { createItems, deductibleItem } from "./_launch_items.ts";

const tok = (n: number | string) => audienceToken(`launch-${n}`);
const as = (token: string) => ({ "x-client-token": token });

async function events(filterSubject: string) {
  const bus = await testBus();
  const seen: CloudEvent[] = [];
  const consumer = await startConsumer(bus, { durable: unique("launch-test"), filterSubject }, (e) => {
    seen.push(e);
    return Promise.resolve();
  });
  return {
    seen,
    async stop() {
      await consumer.stop();
      await bus.close();
    },
  };
}

Deno.test("launches: two instances answering at once count each person once; reveal and hide; live events and outbox", async () => {
  const outbox = await events("events.session.poll.>");
  const svc = await startSessions(2, { POLL_RESULTS_INTERVAL_MS: "50" });
  const readers: SseReader[] = [];
  try {
    const [a, b] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const host = await newHost();
    const places = await ownPlaces();
    const session =
      (await call(a, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) })).body;
    const [q1, q2, q3, stale] = await createItems([
      deductibleItem,
      {
        kind: "multipleChoice",
        stem: "哪些人可以用个人账户家庭共济？",
        choices: [{ id: "a", text: "配偶" }, { id: "b", text: "父母" }, { id: "c", text: "同事" }],
        correctChoiceIds: ["a", "b"],
        explanation: "配偶、父母、子女可以共济，同事不行。",
      },
      {
        kind: "trueFalse",
        stem: "异地就医需要先备案。",
        correctChoiceIds: ["true"],
        explanation: "先备案再就医。",
      },
      { ...deductibleItem, status: "needsReview" },
    ]) as [string, string, string, string];
    const listen = async (svcInstance: typeof a) => {
      const res = await svcInstance.app.request(`/v1/sessions/${session.id}/events`);
      const r = new SseReader(res.body!);
      readers.push(r);
      return r;
    };
    const live = await listen(b);

    // An item waiting for review is refused, naming it.
    const refused = await call(a, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "quiz", itemIds: [q1, stale] },
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.reason, "needsReview");
    assert.deepEqual(refused.body.itemIds, [stale]);
    assert.equal(refused.body.errors[0].path, "body.itemIds.1");

    const launched = await call(a, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "quiz", itemIds: [q1, q2, q3] },
    });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    const launch = launched.body;
    assert.equal(launch.timed, false, "quizzes are untimed by default");
    assert.equal(launch.resultsVisible, false);
    assert.equal(launch.results.answers, 0, "the host sees results at once");

    // The audience hears of it without the keys.
    const opened = await live.waitFor((e) => e.event === "poll");
    assert.equal((opened.data.launch as { id: string }).id, launch.id);
    assert.ok(!JSON.stringify(opened.data).includes("correctChoiceIds"));
    assert.ok(!JSON.stringify(opened.data).includes("三级医院住院起付线"), "no explanation before reveal");

    // 20 people; each sends the same answers three times at once, spread over both instances.
    const people = Array.from({ length: 20 }, (_, i) => tok(`${launch.id}-${i}`));
    const send = (s: typeof a, t: string, i: number) =>
      call(s, "POST", `/v1/launches/${launch.id}/answers`, {
        headers: as(t),
        body: {
          answers: [
            { itemId: q1, choiceIds: [i % 4 === 0 ? "a" : "b"] },
            { itemId: q2, choiceIds: ["b", "a"] },
            { itemId: q3, choiceIds: ["true"] },
          ],
        },
      });
    const replies = await Promise.all(
      people.flatMap((t, i) => [send(a, t, i), send(b, t, i), send(i % 2 ? a : b, t, i)]),
    );
    const ok = replies.filter((r) => r.status === 201);
    const dup = replies.filter((r) => r.status === 409);
    assert.equal(
      ok.length,
      20,
      JSON.stringify(replies.filter((r) => r.status !== 201 && r.status !== 409)[0]?.body),
    );
    assert.equal(dup.length, 40);
    for (const d of dup) {
      assert.equal(d.body.reason, "alreadyAnswered");
      assert.equal(d.body.errors[0].code, "alreadyAnswered");
      assert.match(d.body.detail, /已经作答/);
    }
    // Locked once sent: a different answer later is refused too, naming the item.
    const change = await call(b, "POST", `/v1/launches/${launch.id}/answers`, {
      headers: as(people[0]!),
      body: { itemId: q1, choiceIds: ["c"] },
    });
    assert.equal(change.status, 409);
    assert.deepEqual(change.body.itemIds, [q1]);
    assert.equal(change.body.errors[0].path, "body.answers.0.itemId");

    // The host's count is exact: 20 answers per item, 15 right on q1 (every fourth chose a).
    const hostView = await call(b, "GET", `/v1/launches/${launch.id}/results`, { token: host.token });
    assert.equal(hostView.status, 200);
    const r1 = hostView.body.items[0];
    assert.equal(r1.answered, 20);
    assert.deepEqual(r1.counts, { a: 5, b: 15, c: 0 });
    assert.equal(r1.correct, 15);
    assert.equal(r1.shareCorrect, 0.75);
    assert.equal(hostView.body.items[1].shareCorrect, 1, "a multiple choice in any order is right");
    assert.equal(hostView.body.answers, 60);
    const graph = testGraph();
    try {
      const counted = await graph.read((tx) =>
        tx.run(
          `MATCH (r:AnswerReceipt {launchId: $id}) WITH count(r) AS receipts
           MATCH (x:Answer {launchId: $id}) RETURN receipts, count(x) AS answers`,
          { id: launch.id },
        )
      );
      assert.equal(Number(counted.records[0]!.get("receipts")), 60);
      assert.equal(Number(counted.records[0]!.get("answers")), 60);
    } finally {
      await graph.close();
    }

    // Hidden: the audience may not read the results; the stream carries only the number of answers.
    assert.equal((await call(a, "GET", `/v1/launches/${launch.id}/results`)).status, 403);
    await live.waitFor((e) => e.event === "pollAnswered" && e.data.answers === 60);
    assert.ok(!live.events.some((e) => e.event === "pollResults"));
    const audienceList = await call(a, "GET", `/v1/sessions/${session.id}/launches`, {
      headers: as(people[1]!),
    });
    assert.equal(audienceList.body.items[0].results, null);
    assert.deepEqual(audienceList.body.items[0].answeredItemIds.sort(), [q1, q2, q3].sort());

    // Reveal: results with the key and explanation go to everyone; hide takes them back.
    const revealed = await call(a, "POST", `/v1/launches/${launch.id}/reveal`, { token: host.token });
    assert.equal(revealed.status, 200);
    const shown = await live.waitFor((e) => e.event === "pollResults");
    const items = shown.data.items as { correctChoiceIds: string[]; explanation: string; counts: unknown }[];
    assert.deepEqual(items[0]!.correctChoiceIds, ["b"]);
    assert.match(items[0]!.explanation, /800 元/);
    const publicResults = await call(b, "GET", `/v1/launches/${launch.id}/results`);
    assert.equal(publicResults.status, 200);
    assert.equal(publicResults.body.items[0].answered, 20);
    assert.equal(publicResults.body.items[0].texts, undefined);
    assert.equal(
      (await call(a, "POST", `/v1/launches/${launch.id}/hide`, { token: host.token })).status,
      200,
    );
    await live.waitFor((e) => e.event === "pollHidden");
    assert.equal((await call(b, "GET", `/v1/launches/${launch.id}/results`)).status, 403);
    // While hidden, a new answer does not put results on the open stream.
    const before = live.events.filter((e) => e.event === "pollResults").length;
    assert.equal((await send(b, tok(`${launch.id}-late`), 0)).status, 201);
    await live.waitFor((e) => e.event === "pollAnswered" && e.data.answers === 63);
    assert.equal(live.events.filter((e) => e.event === "pollResults").length, before);

    // Close: no more answers; the stream and the outbox say so.
    const closed = await call(b, "POST", `/v1/launches/${launch.id}/close`, { token: host.token });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, "closed");
    await live.waitFor((e) => e.event === "pollClosed");
    const late = await send(a, tok(`${launch.id}-later`), 0);
    assert.equal(late.status, 409);
    assert.ok(
      await eventually(() =>
        outbox.seen.some((e) =>
          e.type === "session.poll.opened" && (e.data as { launchId: string }).launchId === launch.id
        ) &&
        outbox.seen.some((e) =>
          e.type === "session.poll.closed" && (e.data as { launchId: string }).launchId === launch.id
        )
      ),
    );
    const openedEvent = outbox.seen.find((e) =>
      e.type === "session.poll.opened" && (e.data as { launchId: string }).launchId === launch.id
    )!;
    assert.deepEqual(openedEvent.data, {
      sessionId: session.id,
      launchId: launch.id,
      kind: "quiz",
      purpose: "live",
      itemIds: [q1, q2, q3],
    });
  } finally {
    await Promise.all(readers.map((r) => r.close()));
    await svc.stop();
    await outbox.stop();
  }
});

Deno.test("launches: role matrix of every endpoint", async () => {
  const svc = await startSessions(1);
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const other = await newHost();
    const { admin, operator, reviewer } = await otherTokens();
    const places = await ownPlaces();
    const session =
      (await call(s, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) })).body;
    const [item] = await createItems([deductibleItem]) as [string];
    const body = { kind: "quiz", itemIds: [item] };
    const launchPath = `/v1/sessions/${session.id}/launches`;
    // Launch: the session's host and admins; other hosts 403; operators, reviewers 403; no token 401.
    assert.equal((await call(s, "POST", launchPath, { body })).status, 401);
    for (const t of [other.token, operator, reviewer]) {
      assert.equal((await call(s, "POST", launchPath, { token: t, body })).status, 403);
    }
    const byAdmin = await call(s, "POST", launchPath, { token: admin, body });
    assert.equal(byAdmin.status, 201);
    const launch = (await call(s, "POST", launchPath, { token: host.token, body })).body;
    assert.equal(launch.openedBy, `user:${host.id}`);
    // Close, reveal, hide: the same rule.
    for (const action of ["reveal", "hide", "close"]) {
      const path = `/v1/launches/${launch.id}/${action}`;
      assert.equal((await call(s, "POST", path)).status, 401, action);
      for (const t of [other.token, operator, reviewer]) {
        assert.equal((await call(s, "POST", path, { token: t })).status, 403, action);
      }
      assert.equal((await call(s, "POST", path, { token: admin })).status, 200, action);
      assert.equal(
        (await call(s, "POST", path, { token: host.token })).status,
        200,
        `${action} is idempotent`,
      );
    }
    // Listing: open; `all` only for the host or an admin.
    assert.equal((await call(s, "GET", launchPath)).status, 200);
    assert.equal((await call(s, "GET", `${launchPath}?all=true`)).status, 403);
    assert.equal((await call(s, "GET", `${launchPath}?all=true`, { token: other.token })).status, 403);
    const all = await call(s, "GET", `${launchPath}?all=true`, { token: host.token });
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 2);
    assert.ok(all.body.items.every((l: { results: unknown }) => l.results !== null));
    // Results: the host always; others only once revealed (the launch is hidden again).
    const results = `/v1/launches/${byAdmin.body.id}/results`;
    assert.equal((await call(s, "GET", results, { token: host.token })).status, 200);
    assert.equal((await call(s, "GET", results, { token: admin })).status, 200);
    assert.equal((await call(s, "GET", results)).status, 403);
    assert.equal((await call(s, "GET", results, { token: operator })).status, 403);
    // Answers and the respondent: open with an audience token, 401 without.
    const answers = `/v1/launches/${byAdmin.body.id}/answers`;
    const none = await call(s, "POST", answers, { body: { itemId: item, choiceIds: ["b"] } });
    assert.equal(none.status, 401);
    assert.equal(none.body.errors[0].path, "header.x-client-token");
    assert.equal(
      (await call(s, "POST", answers, {
        headers: as(tok("roles-1")),
        body: { itemId: item, choiceIds: ["b"] },
      })).status,
      201,
    );
    const respondent = `/v1/sessions/${session.id}/respondent`;
    assert.equal((await call(s, "PUT", respondent, { body: { regionCode: places.city } })).status, 401);
    assert.equal(
      (await call(s, "PUT", respondent, { headers: as(tok("roles-1")), body: { regionCode: places.city } }))
        .status,
      200,
    );
  } finally {
    await svc.stop();
  }
});

Deno.test("launches: bad input is named by field", async () => {
  const svc = await startSessions(1);
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session =
      (await call(s, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) })).body;
    const [knowledge, opinion, rating, text] = await createItems([
      deductibleItem,
      {
        kind: "singleChoice",
        stem: "您更想听哪个话题？",
        choices: [{ id: "x", text: "门诊" }, { id: "y", text: "住院" }],
      },
      { kind: "rating", stem: "今天讲得清楚吗？", anonymous: true },
      { kind: "openText", stem: "还有什么想问的？" },
    ]) as [string, string, string, string];
    const launchPath = `/v1/sessions/${session.id}/launches`;
    const launch = (b: unknown) => call(s, "POST", launchPath, { token: host.token, body: b });
    const path = (r: { body: { errors: { path: string }[] } }) => r.body.errors.map((e) => e.path);

    assert.deepEqual(path(await launch({ kind: "vote", itemIds: [knowledge] })), ["body.kind"]);
    assert.deepEqual(path(await launch({ kind: "poll", itemIds: [] })), ["body.itemIds"]);
    assert.deepEqual(path(await launch({ kind: "poll", itemIds: [opinion, opinion] })), ["body.itemIds"]);
    assert.deepEqual(
      path(await launch({ kind: "quiz", itemIds: [knowledge], timed: true, secondsPerItem: 2 })),
      [
        "body.secondsPerItem",
      ],
    );
    const unknown = await launch({ kind: "poll", itemIds: [opinion, "item-nope-000"] });
    assert.equal(unknown.status, 422);
    assert.deepEqual(path(unknown), ["body.itemIds.1"]);
    assert.deepEqual(path(await launch({ kind: "quiz", itemIds: [knowledge, opinion] })), ["body.itemIds.1"]);
    assert.deepEqual(path(await launch({ kind: "poll", purpose: "preTest", itemIds: [knowledge] })), [
      "body.kind",
    ]);
    assert.deepEqual(
      path(await launch({ kind: "survey", purpose: "satisfaction", itemIds: [rating, opinion] })),
      [
        "body.itemIds.1",
      ],
    );
    assert.deepEqual(path(await launch({ kind: "poll", itemIds: [opinion], timed: true })), ["body.timed"]);
    assert.equal(
      (await call(s, "POST", "/v1/sessions/ses-00000000-0000/launches", {
        token: host.token,
        body: { kind: "poll", itemIds: [opinion] },
      })).status,
      404,
    );

    const survey = (await launch({ kind: "survey", itemIds: [opinion, rating, text] })).body;
    const answer = (b: unknown, who = "bad-1") =>
      call(s, "POST", `/v1/launches/${survey.id}/answers`, { headers: as(tok(who)), body: b });
    const bad = async (b: unknown, expected: string[]) => {
      const r = await answer(b);
      assert.ok(r.status === 400 || r.status === 422, `${JSON.stringify(b)} → ${r.status}`);
      assert.deepEqual(path(r), expected, JSON.stringify(r.body));
    };
    await bad({ itemId: opinion, choiceIds: ["z"] }, ["body.answers.0.choiceIds"]);
    await bad({ itemId: opinion, choiceIds: ["x", "y"] }, ["body.answers.0.choiceIds"]);
    await bad({ itemId: opinion }, ["body.answers.0.choiceIds"]);
    await bad({ itemId: rating, rating: 6 }, ["body.answers.0.rating"]);
    await bad({ itemId: text, text: "   " }, ["body.answers.0.text"]);
    await bad({ answers: [{ itemId: opinion, choiceIds: ["x"] }, { itemId: knowledge, choiceIds: ["b"] }] }, [
      "body.answers.1.itemId",
    ]);
    await bad({ answers: [{ itemId: rating, rating: 3 }, { itemId: rating, rating: 4 }] }, [
      "body.answers.1.itemId",
    ]);
    // Nothing of a refused request was kept: the same person can still answer everything.
    const good = await answer({
      answers: [{ itemId: opinion, choiceIds: ["x"] }, { itemId: rating, rating: 4 }, {
        itemId: text,
        text: "讲得很清楚",
      }],
    });
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assert.equal(
      (await call(s, "POST", "/v1/launches/lau-00000000-0000/answers", {
        headers: as(tok("bad-1")),
        body: { itemId: opinion, choiceIds: ["x"] },
      })).status,
      404,
    );
    const region = await call(s, "PUT", `/v1/sessions/${session.id}/respondent`, {
      headers: as(tok("bad-1")),
      body: { regionCode: "12" },
    });
    assert.deepEqual(path(region), ["body.regionCode"]);
    const unknownRegion = await call(s, "PUT", `/v1/sessions/${session.id}/respondent`, {
      headers: as(tok("bad-1")),
      body: { regionCode: "999999" },
    });
    assert.equal(unknownRegion.status, 422);
    assert.deepEqual(path(unknownRegion), ["body.regionCode"]);
    assert.deepEqual(
      path(
        await call(s, "PUT", `/v1/sessions/${session.id}/respondent`, {
          headers: as(tok("bad-1")),
          body: { audience: "martian" },
        }),
      ),
      ["body.audience"],
    );

    // The host sees open text and the anonymous rating's mean; the rating's answer has no respondent.
    const results = (await call(s, "GET", `/v1/launches/${survey.id}/results`, { token: host.token })).body;
    assert.deepEqual(results.items[2].texts, ["讲得很清楚"]);
    assert.equal(results.items[1].meanRating, 4);
    assert.equal(results.items[0].shareCorrect, null, "opinion items have no share correct");
    const graph = testGraph();
    try {
      const rows = await graph.read((tx) =>
        tx.run(
          `MATCH (x:Answer {launchId: $id}) RETURN x.itemId AS itemId, x.respondentId AS respondentId,
           x.answeredAt.second AS second, x.correct AS correct`,
          { id: survey.id },
        )
      );
      const byItem = new Map(rows.records.map((r) => [r.get("itemId"), r]));
      assert.equal(byItem.get(rating)!.get("respondentId"), null, "anonymous: who is kept apart from what");
      assert.equal(Number(byItem.get(rating)!.get("second")), 0, "anonymous answers keep the minute only");
      assert.notEqual(byItem.get(opinion)!.get("respondentId"), null);
      assert.equal(byItem.get(opinion)!.get("correct"), null);
    } finally {
      await graph.close();
    }
  } finally {
    await svc.stop();
  }
});

Deno.test("launches: pre- and post-test pair by respondent; the declared region and audience go onto answers; timed quiz leaderboard", async () => {
  const svc = await startSessions(1);
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { audiences: ["insured", "elderly"] }),
    }))
      .body;
    const [k1, k2] = await createItems([deductibleItem, {
      kind: "trueFalse",
      stem: "门诊慢特病都没有起付线。",
      correctChoiceIds: ["false"],
      explanation: "部分病种没有起付线，不是全部。",
    }]) as [string, string];
    const launch = async (purpose: string, extra = {}) =>
      (await call(s, "POST", `/v1/sessions/${session.id}/launches`, {
        token: host.token,
        body: { kind: "quiz", purpose, itemIds: [k1, k2], ...extra },
      })).body;
    const pre = await launch("preTest");
    const [ann, bo, cai] = [tok("pair-ann"), tok("pair-bo"), tok("pair-cai")];
    // Ann declares her county and that she is elderly; Bo declares nothing.
    assert.deepEqual(
      (await call(s, "PUT", `/v1/sessions/${session.id}/respondent`, {
        headers: as(ann),
        body: { regionCode: places.county, audience: "elderly" },
      })).body,
      { regionCode: places.county, audience: "elderly" },
    );
    const answer = (l: { id: string }, t: string, c1: string, c2: string) =>
      call(s, "POST", `/v1/launches/${l.id}/answers`, {
        headers: as(t),
        body: { answers: [{ itemId: k1, choiceIds: [c1] }, { itemId: k2, choiceIds: [c2] }] },
      });
    assert.equal((await answer(pre, ann, "a", "true")).status, 201); // 0 of 2
    assert.equal((await answer(pre, bo, "b", "true")).status, 201); // 1 of 2
    await call(s, "POST", `/v1/launches/${pre.id}/close`, { token: host.token });
    const post = await launch("postTest");
    assert.equal((await answer(post, ann, "b", "false")).status, 201); // 2 of 2
    assert.equal((await answer(post, cai, "b", "false")).status, 201); // only post
    const graph = testGraph();
    try {
      const rows = (await graph.read((tx) =>
        tx.run(
          `MATCH (x:Answer {sessionId: $sessionId})-[:IN]->(l:ItemLaunch)
           RETURN x.respondentId AS who, l.purpose AS purpose, sum(CASE WHEN x.correct THEN 1 ELSE 0 END) AS right,
                  collect(DISTINCT x.regionCode) AS regions, collect(DISTINCT x.audience) AS audiences`,
          { sessionId: session.id },
        )
      )).records.map((r) => ({
        who: r.get("who") as string,
        purpose: r.get("purpose") as string,
        right: Number(r.get("right")),
        regions: r.get("regions") as string[],
        audiences: r.get("audiences") as (string | null)[],
      }));
      const byWho = Map.groupBy(rows, (r) => r.who);
      assert.equal(byWho.size, 3);
      const paired = [...byWho.values()].filter((x) => x.length === 2);
      assert.equal(paired.length, 1, "one person answered both");
      const annRows = paired[0]!;
      assert.deepEqual(annRows.map((r) => [r.purpose, r.right]).sort(), [["postTest", 2], ["preTest", 0]]);
      assert.deepEqual(annRows[0]!.regions, [places.county]);
      assert.deepEqual(annRows[0]!.audiences, ["elderly"]);
      const boRow = [...byWho.values()].find((x) => x.length === 1 && x[0]!.purpose === "preTest")![0]!;
      assert.deepEqual(boRow.regions, [places.city], "no declaration: the session's region");
      assert.deepEqual(boRow.audiences, [], "the session has two audiences: none is guessed");
    } finally {
      await graph.close();
    }

    // A timed quiz ranks by right answers under pseudonymous names.
    const timed = await launch("live", { timed: true, resultsVisible: true });
    assert.equal(timed.secondsPerItem, 30);
    assert.ok(Date.parse(timed.deadline) - Date.parse(timed.openedAt) === 60_000);
    await answer(timed, ann, "b", "false");
    await answer(timed, bo, "a", "false");
    const board = (await call(s, "GET", `/v1/launches/${timed.id}/results`)).body.leaderboard;
    assert.equal(board.length, 2);
    assert.equal(board[0].correct, 2);
    assert.equal(board[1].correct, 1);
    assert.match(board[0].displayName, /^\S+ \d{3} \/ [A-Za-z]+ \d{3}$/);
    assert.ok(!JSON.stringify(board).includes("respondentId"));
  } finally {
    await svc.stop();
  }
});

Deno.test("launches: a follow-up scheduled for later opens once (two instances) and asks only those who took part", async () => {
  const outbox = await events("events.session.poll.opened");
  const svc = await startSessions(2, { SESSION_REMINDER_INTERVAL_MS: "100" });
  try {
    const [a, b] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const host = await newHost();
    const places = await ownPlaces();
    const session =
      (await call(a, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) }))
        .body;
    const [k1, used] = await createItems([deductibleItem, {
      kind: "singleChoice",
      stem: "课后您在网上办理异地就医备案了吗？",
      choices: [{ id: "yes", text: "办了" }, { id: "no", text: "还没有" }],
    }]) as [string, string];
    const quiz = (await call(a, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "quiz", itemIds: [k1] },
    })).body;
    const ann = tok("follow-ann");
    assert.equal(
      (await call(a, "POST", `/v1/launches/${quiz.id}/answers`, {
        headers: as(ann),
        body: { itemId: k1, choiceIds: ["b"] },
      })).status,
      201,
    );
    // opensAt belongs to follow-ups only
    const notFollowUp = await call(a, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: { kind: "survey", itemIds: [used], opensAt: new Date(Date.now() + 60_000).toISOString() },
    });
    assert.deepEqual(notFollowUp.body.errors.map((e: { path: string }) => e.path), ["body.opensAt"]);
    const followUp = await call(b, "POST", `/v1/sessions/${session.id}/launches`, {
      token: host.token,
      body: {
        kind: "survey",
        purpose: "followUp",
        itemIds: [used],
        opensAt: new Date(Date.now() + 1_500).toISOString(),
      },
    });
    assert.equal(followUp.status, 201, JSON.stringify(followUp.body));
    assert.equal(followUp.body.status, "scheduled");
    const early = await call(a, "POST", `/v1/launches/${followUp.body.id}/answers`, {
      headers: as(ann),
      body: { itemId: used, choiceIds: ["yes"] },
    });
    assert.equal(early.status, 409, "not open yet");
    assert.ok(
      !(await call(a, "GET", `/v1/sessions/${session.id}/launches`)).body.items.some((l: { id: string }) =>
        l.id === followUp.body.id
      ),
      "the audience does not see it before it opens",
    );
    // Both instances' jobs run every 100 ms: it opens, once.
    assert.ok(
      await eventually(async () =>
        (await call(a, "GET", `/v1/launches/${followUp.body.id}/results`, { token: host.token })).body
          .status ===
          "open"
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(
      await eventually(() =>
        outbox.seen.some((e) => (e.data as { launchId: string }).launchId === followUp.body.id)
      ),
    );
    assert.equal(
      outbox.seen.filter((e) => (e.data as { launchId: string }).launchId === followUp.body.id).length,
      1,
      "opened exactly once",
    );
    assert.equal(
      (outbox.seen.find((e) => (e.data as { launchId: string }).launchId === followUp.body.id)!.data as {
        purpose: string;
      }).purpose,
      "followUp",
    );
    // Ann took part; Bo never answered anything in this session.
    assert.equal(
      (await call(b, "POST", `/v1/launches/${followUp.body.id}/answers`, {
        headers: as(ann),
        body: { itemId: used, choiceIds: ["yes"] },
      })).status,
      201,
    );
    const stranger = await call(b, "POST", `/v1/launches/${followUp.body.id}/answers`, {
      headers: as(tok("follow-bo")),
      body: { itemId: used, choiceIds: ["no"] },
    });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.reason, "notParticipant");
  } finally {
    await svc.stop();
    await outbox.stop();
  }
});
