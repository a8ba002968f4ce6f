/**
 * A service started as its own process (as in production) and told to stop again and again while it
 * drains (a second SIGTERM from a process manager, Ctrl-C pressed twice) still ends with exit 0. A
 * signal arriving after the drain, once the handlers were gone, used to kill it with 143 instead.
 */
import assert from "node:assert/strict";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { natsUrl, neo4jEnv, testTokenSecret } from "../harness/mod.ts";

Deno.test("a service sent SIGTERM again and again while it stops still exits 0", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "yibao-signals-" });
  const spec = suite.find((s) => s.name === "eligibility")!;
  const env = { ...neo4jEnv(), NATS_URL: natsUrl(), AUTH_TOKEN_SECRET: testTokenSecret, LOG_LEVEL: "warn" };
  const outcomes: { code: number; signals: number }[] = [];
  try {
    // each round is a race between the signals and the exit, so several rounds make a miss unlikely
    for (let round = 0; round < 10; round++) {
      const logFile = `${tmp}/eligibility-${round}.log`;
      const p = spawnService(spec, { port: freePort(), env, logFile });
      await waitReady(p, 90_000, logFile);
      let exited = false;
      const status = p.process.status.then((s) => {
        exited = true;
        return s;
      });
      // two at once, so one certainly arrives during the drain, then more until it is gone
      p.process.kill("SIGTERM");
      p.process.kill("SIGTERM");
      let signals = 2;
      while (!exited) {
        try {
          p.process.kill("SIGTERM");
          signals++;
        } catch {
          break; // already gone
        }
        await new Promise((r) => setTimeout(r, 0));
      }
      outcomes.push({ code: (await status).code, signals });
    }
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  assert.ok(
    outcomes.every((o) => o.signals >= 2),
    `more than one signal each time: ${JSON.stringify(outcomes)}`,
  );
  assert.deepEqual(outcomes.map((o) => o.code), outcomes.map(() => 0), JSON.stringify(outcomes));
});
