import assert from "node:assert/strict";
import { call, hoursFromNow, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

const day = 86_400_000;
const hasPath = (body: { errors?: { path: string }[] }, path: string) =>
  (body.errors ?? []).some((e) => e.path === path);

Deno.test("limits: far ranges and starts are refused, and so are rules that cannot be expanded within the budget", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const open = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { recurrence: "FREQ=DAILY" }),
    });
    assert.equal(open.status, 201, JSON.stringify(open.body));
    for (const from of ["9000-01-01T00:00:00Z", new Date(Date.now() - 400 * day).toISOString()]) {
      for (const path of ["/v1/sessions", "/v1/sessions.ics"]) {
        const r = await call(s, "GET", `${path}?from=${from}`);
        assert.equal(r.status, 400, `${path} from ${from}`);
        assert.ok(hasPath(r.body, "query.from"), JSON.stringify(r.body));
      }
    }
    // Within the bounds the open series is listed (and only inside the range).
    const ahead = new Date(Date.now() + 4 * 365 * day).toISOString();
    const listed = await call(
      s,
      "GET",
      `/v1/sessions?from=${ahead}&to=${
        new Date(Date.parse(ahead) + 3 * day).toISOString()
      }&topic=${places.topic}`,
    );
    assert.equal(listed.status, 200);
    assert.equal(listed.body.items.length, 1);
    const n = listed.body.items[0].occurrences.length;
    assert.ok(n === 3 || n === 4, `${n} occurrences in three days`);

    const cases: [Record<string, unknown>, number, string][] = [
      [{ startsAt: new Date(Date.now() + 6 * 365 * day).toISOString() }, 422, "body.startsAt"],
      [{ recurrence: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" }, 400, "body.recurrence"],
      [{ recurrence: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=520" }, 422, "body.recurrence"],
      [{ recurrence: "FREQ=MONTHLY;UNTIL=20990101T000000Z" }, 422, "body.recurrence"],
      [{ recurrence: "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1" }, 400, "body.recurrence"],
    ];
    const other = await newHost();
    for (const [extra, status, path] of cases) {
      const r = await call(s, "POST", "/v1/sessions", {
        token: other.token,
        body: newSession(other, places, extra),
      });
      assert.equal(r.status, status, `${JSON.stringify(extra)}: ${JSON.stringify(r.body)}`);
      assert.ok(hasPath(r.body, path), `${path} in ${JSON.stringify(r.body)}`);
    }
    const move = await call(s, "PATCH", `/v1/sessions/${open.body.id}`, {
      token: host.token,
      body: { recurrence: "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31" },
    });
    assert.equal(move.status, 400);
    assert.ok(hasPath(move.body, "body.recurrence"));
    const far = await call(s, "PATCH", `/v1/sessions/${open.body.id}`, {
      token: host.token,
      body: { startsAt: new Date(Date.now() + 6 * 365 * day).toISOString() },
    });
    assert.equal(far.status, 422);
    assert.ok(hasPath(far.body, "body.startsAt"));
  } finally {
    await svc.stop();
  }
});

Deno.test("limits: an UNTIL giving more occurrences than the limit is refused, never cut short", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const start = hoursFromNow(48);
    const until = new Date(Date.parse(start) + 3 * 365 * day).toISOString().slice(0, 10).replace(/-/g, "");
    const daily = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: start, recurrence: `FREQ=DAILY;UNTIL=${until}` }),
    });
    assert.equal(daily.status, 422, JSON.stringify(daily.body));
    assert.ok(hasPath(daily.body, "body.recurrence"));
    // A weekly series to the same UNTIL fits: its last occurrence is the one before UNTIL.
    const weekly = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: start, recurrence: `FREQ=WEEKLY;UNTIL=${until}` }),
    });
    assert.equal(weekly.status, 201, JSON.stringify(weekly.body));
    const last = Date.parse(weekly.body.lastEndsAt);
    const untilMs = Date.parse(`${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6)}T00:00:00Z`);
    assert.ok(last > untilMs - 8 * day && last < untilMs + day, weekly.body.lastEndsAt);
  } finally {
    await svc.stop();
  }
});

Deno.test("limits: conflicts of a long series are checked over its whole horizon, moved occurrences too", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const start = hoursFromNow(48);
    const twoYears = new Date(Date.parse(start) + 104 * 7 * day).toISOString();
    const single = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: twoYears, channelAccount: `single-${host.id}` }),
    });
    assert.equal(single.status, 201, JSON.stringify(single.body));
    // A weekly series whose 105th occurrence meets the single one: 409 naming it.
    const open = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: start, recurrence: "FREQ=WEEKLY" }),
    });
    assert.equal(open.status, 409, JSON.stringify(open.body));
    assert.deepEqual(open.body.conflicts.map((c: { sessionId: string }) => c.sessionId), [single.body.id]);
    // Starting an hour and a half earlier (60 minutes + the 15-minute buffer fit between) it is fine.
    const earlier = new Date(Date.parse(start) - 90 * 60_000).toISOString();
    const ok = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: earlier, recurrence: "FREQ=WEEKLY" }),
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    // Moving its second occurrence onto the single one, two years out: 409.
    const moved = await call(s, "PATCH", `/v1/sessions/${ok.body.id}`, {
      token: host.token,
      body: {
        occurrence: {
          originalStart: new Date(Date.parse(earlier) + 7 * day).toISOString(),
          startsAt: twoYears,
        },
      },
    });
    assert.equal(moved.status, 409, JSON.stringify(moved.body));
    assert.equal(moved.body.conflicts[0].sessionId, single.body.id);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: concurrent changes of one session are serialised: one If-Match wins, a cancellation is never undone", async () => {
  const svc = await startSessions(2);
  try {
    const [a, b] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const host = await newHost();
    const places = await ownPlaces();
    const start = hoursFromNow(48);
    const created = await call(a, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: start, recurrence: "FREQ=WEEKLY;COUNT=8" }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const patches = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 ? b : a, "PATCH", `/v1/sessions/${id}`, {
          token: host.token,
          body: { title: `新标题 ${i}` },
          headers: { "if-match": '"s0"' },
        })),
    );
    assert.deepEqual(patches.map((p) => p.status).sort(), [200, 412, 412, 412, 412, 412]);
    // An occurrence cancelled while PATCHes (without If-Match) run stays cancelled.
    for (let week = 1; week <= 4; week++) {
      const occurrenceStart = new Date(Date.parse(start) + week * 7 * day).toISOString();
      const [cancel, ...edits] = await Promise.all([
        call(b, "POST", `/v1/sessions/${id}/cancel`, { token: host.token, body: { occurrenceStart } }),
        ...Array.from({ length: 3 }, (_, i) =>
          call(i % 2 ? a : b, "PATCH", `/v1/sessions/${id}`, {
            token: host.token,
            body: { description: `第 ${week} 周说明 ${i}` },
          })),
      ]);
      assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
      for (const e of edits) assert.equal(e.status, 200, JSON.stringify(e.body));
    }
    const after = await call(a, "GET", `/v1/sessions/${id}`);
    const cancelled = after.body.exceptions.filter((e: { cancelled?: boolean }) => e.cancelled);
    assert.equal(cancelled.length, 4, JSON.stringify(after.body.exceptions));
    assert.equal(after.body.sequence, 1 + 4 * 4);
  } finally {
    await svc.stop();
  }
});
