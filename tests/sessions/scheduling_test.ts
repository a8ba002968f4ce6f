import assert from "node:assert/strict";
import ICAL from "ical.js";
import { call, hoursFromNow, newHost, newSession, otherTokens, ownPlaces, startSessions } from "./_suite.ts";

Deno.test("sessions: schedule, read with links, list by topic / region (with ancestors) / audience", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const created = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { region: places.province, timeZone: "Asia/Shanghai" }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get("etag"), '"s0"');
    const id = created.body.id;
    assert.match(id, /^ses-/);
    assert.equal(created.body.host.id, host.id);
    assert.equal(created.body.startsAtLocal.slice(-6), "+08:00");
    assert.deepEqual(created.body.topics, [places.topic]);
    assert.equal(created.body.region.code, places.province);

    const one = await call(s, "GET", `/v1/sessions/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.title, "跨省异地就医直播答疑");

    // A county below the province sees the province's session; another topic does not.
    const byCounty = await call(s, "GET", `/v1/sessions?region=${places.county}&topic=${places.topic}`);
    assert.equal(byCounty.status, 200);
    assert.deepEqual(byCounty.body.items.map((x: { id: string }) => x.id), [id]);
    assert.equal(byCounty.body.items[0].occurrences.length, 1);
    const byAudience = await call(s, "GET", `/v1/sessions?topic=${places.topic}&audience=retired`);
    assert.deepEqual(byAudience.body.items, []);
    const outOfRange = await call(
      s,
      "GET",
      `/v1/sessions?topic=${places.topic}&from=${encodeURIComponent(hoursFromNow(100))}`,
    );
    assert.deepEqual(outOfRange.body.items, []);
    assert.equal(
      (await call(
        s,
        "GET",
        `/v1/sessions?from=${encodeURIComponent(hoursFromNow(5))}&to=${encodeURIComponent(hoursFromNow(1))}`,
      )).status,
      400,
    );
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: the same host or channel within the buffer is 409 with the conflicting session", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const other = await newHost();
    const places = await ownPlaces();
    const start = hoursFromNow(72);
    const first = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: start }),
    });
    assert.equal(first.status, 201);
    // Same host, starting 10 minutes after the end (buffer 15): refused.
    const tooClose = new Date(Date.parse(start) + 70 * 60_000).toISOString();
    const r1 = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: tooClose, channelAccount: "another" + host.id }),
    });
    assert.equal(r1.status, 409);
    assert.match(r1.headers.get("content-type")!, /^application\/problem\+json/);
    assert.deepEqual(r1.body.conflicts.map((c: { sessionId: string }) => c.sessionId), [first.body.id]);
    assert.equal(r1.body.conflicts[0].reason, "host");
    // Times in UTC and in the zone of the session being scheduled (Asia/Shanghai by default).
    const clash = r1.body.conflicts[0];
    assert.equal(clash.timeZone, "Asia/Shanghai");
    assert.equal(Date.parse(clash.startsAtLocal), Date.parse(clash.startsAt));
    assert.match(clash.startsAtLocal, /\+08:00$/);
    assert.equal(Date.parse(clash.endsAtLocal), Date.parse(clash.endsAt));
    // Another host on the same channel account: refused too.
    const r2 = await call(s, "POST", "/v1/sessions", {
      token: other.token,
      body: newSession(other, places, { startsAt: start, channelAccount: `acct-${host.id}` }),
    });
    assert.equal(r2.status, 409);
    assert.equal(r2.body.conflicts[0].reason, "channel");
    // After the buffer: fine.
    const later = new Date(Date.parse(start) + 75 * 60_000).toISOString();
    const r3 = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: later, channelAccount: "another" + host.id }),
    });
    assert.equal(r3.status, 201, JSON.stringify(r3.body));
    // Rescheduling the first onto the third is refused; cancelling the third frees the slot.
    const move = await call(s, "PATCH", `/v1/sessions/${first.body.id}`, {
      token: host.token,
      body: { startsAt: later },
    });
    assert.equal(move.status, 409);
    const cancel = await call(s, "POST", `/v1/sessions/${r3.body.id}/cancel`, {
      token: host.token,
      body: { reason: "主播临时有事" },
    });
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.status, "cancelled");
    assert.equal(cancel.body.sequence, 1);
    const moved = await call(s, "PATCH", `/v1/sessions/${first.body.id}`, {
      token: host.token,
      body: { startsAt: later },
      headers: { "if-match": '"s0"' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.sequence, 1);
    const stale = await call(s, "PATCH", `/v1/sessions/${first.body.id}`, {
      token: host.token,
      body: { title: "新标题" },
      headers: { "if-match": '"s0"' },
    });
    assert.equal(stale.status, 412);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: of simultaneous requests for one slot, across two instances, exactly one succeeds", async () => {
  const svc = await startSessions(2);
  try {
    const host = await newHost();
    const places = await ownPlaces();
    const start = hoursFromNow(96);
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(svc.instances[i % 2]!, "POST", "/v1/sessions", {
          token: host.token,
          // Different channel accounts: only the host's lock can serialise them.
          body: newSession(host, places, {
            startsAt: new Date(Date.parse(start) + i * 5 * 60_000).toISOString(),
            channelAccount: `acct-${i}-${host.id}`,
          }),
        })),
    );
    const statuses = attempts.map((a) => a.status).sort();
    assert.deepEqual(
      statuses,
      [201, 409, 409, 409, 409, 409, 409, 409],
      JSON.stringify(attempts.map((a) => a.body)),
    );
    // And on one channel with different hosts.
    const hosts = await Promise.all(Array.from({ length: 6 }, () => newHost()));
    const channelStart = hoursFromNow(120);
    const onChannel = await Promise.all(
      hosts.map((h, i) =>
        call(svc.instances[i % 2]!, "POST", "/v1/sessions", {
          token: h.token,
          body: newSession(h, places, { startsAt: channelStart, channelAccount: `shared-${host.id}` }),
        })
      ),
    );
    assert.deepEqual(onChannel.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409]);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: a weekly series with a moved and a cancelled occurrence, in a DST zone, read by ical.js", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    // Next year's autumn: Wednesdays 19:30 in New York, across the end of daylight saving.
    const year = new Date().getUTCFullYear() + 1;
    const first = `${year}-10-14T23:30:00Z`;
    const created = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, {
        startsAt: first,
        timeZone: "America/New_York",
        recurrence: "FREQ=WEEKLY;COUNT=5",
      }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const list = await call(
      s,
      "GET",
      `/v1/sessions?topic=${places.topic}&from=${year}-10-01T00:00:00Z&to=${year}-12-31T00:00:00Z`,
    );
    const occ = list.body.items[0].occurrences;
    assert.equal(occ.length, 5);
    assert.deepEqual(
      occ.map((o: { startsAtLocal: string }) => o.startsAtLocal.slice(11, 16)),
      ["19:30", "19:30", "19:30", "19:30", "19:30"],
    );
    const second = occ[1].originalStart;
    const third = occ[2].originalStart;
    const movedTo = new Date(Date.parse(second) + 24 * 3_600_000).toISOString();
    const moved = await call(s, "PATCH", `/v1/sessions/${id}`, {
      token: host.token,
      body: { occurrence: { originalStart: second, startsAt: movedTo } },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const notOne = await call(s, "PATCH", `/v1/sessions/${id}`, {
      token: host.token,
      body: {
        occurrence: { originalStart: new Date(Date.parse(second) + 60_000).toISOString(), startsAt: movedTo },
      },
    });
    assert.equal(notOne.status, 422);
    const cancelled = await call(s, "POST", `/v1/sessions/${id}/cancel`, {
      token: host.token,
      body: { occurrenceStart: third },
    });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, "scheduled");
    assert.equal(cancelled.body.sequence, 2);

    const feed = await s.app.request(
      `/v1/sessions.ics?topic=${places.topic}&from=${year}-10-01T00:00:00Z&to=${year}-12-31T00:00:00Z`,
    );
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type")!, /^text\/calendar/);
    const text = await feed.text();
    const cal = new ICAL.Component(ICAL.parse(text));
    for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
    const vevents = cal.getAllSubcomponents("vevent");
    assert.equal(vevents.length, 2);
    const master = vevents.find((v) => !v.hasProperty("recurrence-id"))!;
    const exception = vevents.find((v) => v.hasProperty("recurrence-id"))!;
    assert.equal(master.getFirstPropertyValue("uid"), `${id}@sessions.yibao`);
    assert.equal(master.getFirstPropertyValue("url"), "https://live.example.cn/room/1");
    assert.equal(
      master.getFirstPropertyValue("location"),
      `抖音 / Douyin：acct-${host.id} https://live.example.cn/room/1`,
      "LOCATION names the channel and its link",
    );
    assert.equal(master.getFirstPropertyValue("sequence"), 2);
    assert.ok(master.getFirstPropertyValue("dtstamp"));
    const event = new ICAL.Event(master);
    event.relateException(new ICAL.Event(exception));
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) {
      const details = event.getOccurrenceDetails(next);
      starts.push(details.startDate.toJSDate().toISOString());
    }
    // ical.js skips the EXDATE and applies the RECURRENCE-ID override: the instants match ours.
    const ours = (await call(
      s,
      "GET",
      `/v1/sessions?topic=${places.topic}&from=${year}-10-01T00:00:00Z&to=${year}-12-31T00:00:00Z`,
    ))
      .body.items[0].occurrences.filter((o: { cancelled: boolean }) => !o.cancelled)
      .map((o: { startsAt: string }) => new Date(o.startsAt).toISOString());
    assert.deepEqual(starts.sort(), [...ours].sort());
    assert.equal(starts.length, 4);
    assert.ok(starts.includes(movedTo));

    // A cancelled session stays in the feed, cancelled.
    await call(s, "POST", `/v1/sessions/${id}/cancel`, { token: host.token, body: {} });
    const after = await (await s.app.request(
      `/v1/sessions.ics?topic=${places.topic}&from=${year}-10-01T00:00:00Z&to=${year}-12-31T00:00:00Z`,
    )).text();
    const cal2 = new ICAL.Component(ICAL.parse(after));
    const m2 = cal2.getAllSubcomponents("vevent").find((v) => !v.hasProperty("recurrence-id"))!;
    assert.equal(m2.getFirstPropertyValue("status"), "CANCELLED");
    assert.equal(m2.getFirstPropertyValue("sequence"), 3);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: the feed's VTIMEZONE covers a multi-year series: ical.js puts every occurrence at 19:30 Berlin time", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    // Wednesdays 19:30 in Berlin (CET, UTC+1) from next March, 120 weeks: three DST seasons.
    const year = new Date().getUTCFullYear() + 1;
    const first = new Date(Date.UTC(year, 2, 1, 18, 30));
    while (first.getUTCDay() !== 3) first.setUTCDate(first.getUTCDate() + 1);
    const created = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, {
        startsAt: first.toISOString(),
        timeZone: "Europe/Berlin",
        recurrence: "FREQ=WEEKLY;COUNT=120",
      }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const feed = await s.app.request(`/v1/sessions.ics?topic=${places.topic}&from=${first.toISOString()}`);
    assert.equal(feed.status, 200);
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
    const event = new ICAL.Event(cal.getAllSubcomponents("vevent")[0]!);
    const berlin = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    const it = event.iterator();
    const local: string[] = [];
    for (let next = it.next(); next; next = it.next()) {
      local.push(berlin.format(event.getOccurrenceDetails(next).startDate.toJSDate()));
    }
    assert.equal(local.length, 120);
    const off = local.filter((l) => l !== "Wed 19:30");
    assert.deepEqual(off, [], `${off.length} occurrences off 19:30`);
    assert.equal(
      new Date(Date.parse(created.body.lastEndsAt)).toISOString(),
      event.getOccurrenceDetails(
        (() => {
          const i2 = event.iterator();
          let last = i2.next();
          for (let n = i2.next(); n; n = i2.next()) last = n;
          return last!;
        })(),
      ).endDate.toJSDate().toISOString(),
    );
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: bad input is a clear problem and writes nothing", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ startsAt: hoursFromNow(-1) }, 422, "body.startsAt"],
      [{ endsAt: hoursFromNow(47), durationMinutes: undefined }, 422, "body.endsAt"],
      [{ timeZone: "Mars/Olympus" }, 400, "body.timeZone"],
      [{ recurrence: "FREQ=SOMETIMES" }, 400, "body.recurrence"],
      [{ recurrence: "FREQ=WEEKLY;COUNT=3;UNTIL=20300101T000000Z" }, 400, "body.recurrence"],
      [{ policies: ["no-such-policy"] }, 422, "body.policies"],
      [{ topics: ["noSuchTopicHere"] }, 422, "body.topics"],
      [{ region: "990099" }, 422, "body.region"],
      [{ title: "" }, 400, "body.title"],
    ];
    for (const [extra, status, path] of cases) {
      const r = await call(s, "POST", "/v1/sessions", {
        token: host.token,
        body: newSession(host, places, extra),
      });
      assert.equal(r.status, status, `${JSON.stringify(extra)}: ${JSON.stringify(r.body)}`);
      assert.ok(
        r.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(r.body.errors)}`,
      );
    }
    const listed = await call(s, "GET", `/v1/sessions?topic=${places.topic}`);
    assert.deepEqual(listed.body.items, []);
    assert.equal((await call(s, "GET", "/v1/sessions/ses-00000000-0000")).status, 404);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: role matrix of the scheduling endpoints", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const rival = await newHost();
    const t = await otherTokens();
    const places = await ownPlaces();
    const body = newSession(host, places);
    assert.equal((await call(s, "POST", "/v1/sessions", { body })).status, 401);
    assert.equal((await call(s, "POST", "/v1/sessions", { token: t.operator, body })).status, 403);
    assert.equal((await call(s, "POST", "/v1/sessions", { token: t.reviewer, body })).status, 403);
    const made = await call(s, "POST", "/v1/sessions", { token: host.token, body });
    assert.equal(made.status, 201);
    const id = made.body.id;
    // An admin schedules for a named host.
    const forHost = await call(s, "POST", "/v1/sessions", {
      token: t.admin,
      body: { ...newSession(rival, places), host: { id: rival.id, name: rival.name } },
    });
    assert.equal(forHost.status, 201, JSON.stringify(forHost.body));
    assert.equal(forHost.body.host.id, rival.id);
    // A host may not schedule for someone else.
    const asOther = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: {
        ...newSession(host, places, { startsAt: hoursFromNow(200) }),
        host: { id: rival.id, name: "x" },
      },
    });
    assert.equal(asOther.status, 422);
    for (
      const [method, path, b] of [["PATCH", `/v1/sessions/${id}`, { title: "改个标题" }], [
        "POST",
        `/v1/sessions/${id}/cancel`,
        {},
      ]] as const
    ) {
      assert.equal((await call(s, method, path, { body: b })).status, 401);
      assert.equal((await call(s, method, path, { token: t.operator, body: b })).status, 403);
      assert.equal((await call(s, method, path, { token: rival.token, body: b })).status, 403);
    }
    assert.equal(
      (await call(s, "PATCH", `/v1/sessions/${id}`, { token: t.admin, body: { title: "管理员改的" } }))
        .status,
      200,
    );
    assert.equal((await call(s, "GET", `/v1/sessions/${id}`)).status, 200);
    assert.equal((await call(s, "GET", "/v1/sessions")).status, 200);
    assert.equal((await s.app.request("/v1/sessions.ics")).status, 200);
  } finally {
    await svc.stop();
  }
});

Deno.test("sessions: the OpenAPI description lists every path of the contract with an operationId", async () => {
  const svc = await startSessions();
  try {
    const spec = await (await svc.instances[0]!.app.request("/openapi.json")).json();
    const paths = {
      "/v1/sessions": ["post", "get"],
      "/v1/sessions/{id}": ["get", "patch"],
      "/v1/sessions/{id}/cancel": ["post"],
      "/v1/sessions.ics": ["get"],
      "/v1/sessions/{id}/questions": ["post", "get"],
      "/v1/questions/{id}/votes": ["post", "delete"],
      "/v1/questions/{id}/moderation": ["post"],
      "/v1/sessions/{id}/events": ["get"],
    };
    for (const [path, methods] of Object.entries(paths)) {
      for (const m of methods) assert.ok(spec.paths[path]?.[m]?.operationId, `${m} ${path}`);
    }
  } finally {
    await svc.stop();
  }
});
