/**
 * Schemathesis over every service: each service's `/openapi.json` drives generated requests (examples,
 * coverage and fuzzing phases), authenticated with an admin token, and every answer must be no 5xx and
 * conform to the documented response schema (status, content type and body). Bounded: a few examples
 * per operation and a time budget per service, so the whole run takes a few minutes. Schemathesis is
 * test tooling from PyPI, installed by `./dev test` into `.tools/schemathesis/` (`SCHEMATHESIS_BIN`).
 * @module
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { root } from "../../deploy/local/dev/paths.ts";
import { natsUrl, neo4jEnv, testTokenSecret } from "../harness/mod.ts";

const bin = Deno.env.get("SCHEMATHESIS_BIN") ?? `${root}/.tools/schemathesis/bin/st`;
/** Examples per operation and phase, and seconds per service: the bounds of the run. */
const maxExamples = Number(Deno.env.get("SCHEMATHESIS_MAX_EXAMPLES") ?? "8");
const maxSeconds = Number(Deno.env.get("SCHEMATHESIS_MAX_TIME") ?? "30");
const checks = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
];

Deno.test("schemathesis - every service answers generated requests without 5xx and as its OpenAPI says", async () => {
  try {
    await Deno.stat(bin);
  } catch {
    assert.fail(`schemathesis is not installed at ${bin}: run the tests with ./dev test, which installs it`);
  }
  const tmp = await Deno.makeTempDir({ prefix: "yibao-schemathesis-" });
  const reports = `${root}/.run/test-artifacts/schemathesis`;
  await Deno.mkdir(reports, { recursive: true });
  const ports = Object.fromEntries(suite.map((s) => [s.name, freePort()]));
  const env: Record<string, string> = {
    ...neo4jEnv(),
    NATS_URL: natsUrl(),
    AUTH_TOKEN_SECRET: testTokenSecret,
    LOG_LEVEL: "warn",
    CONSOLE_SERVICES: suite.filter((s) => s.name !== "console")
      .map((s) => `${s.name}=http://127.0.0.1:${ports[s.name]}`).join(","),
  };
  const procs = suite.map((spec) =>
    spawnService(spec, {
      port: ports[spec.name]!,
      env,
      logFile: `${tmp}/${spec.name}.log`,
      extraNet: spec.name === "console" ? Object.values(ports).map((p) => `127.0.0.1:${p}`) : [],
      anyNet: spec.name === "notifications",
    })
  );
  const token = await issueToken(testTokenSecret, {
    sub: "schemathesis",
    role: "admin",
    name: "schemathesis",
  });
  const results: { service: string; code: number; summary: string }[] = [];
  try {
    await Promise.all(procs.map((p) => waitReady(p, 90_000, `${tmp}/${p.name}.log`)));
    for (const p of procs) {
      const started = performance.now();
      const out = await new Deno.Command(bin, {
        args: [
          "run",
          `${p.url}/openapi.json`,
          "--header",
          `Authorization: Bearer ${token}`,
          "--checks",
          checks.join(","),
          "--phases",
          "examples,coverage,fuzzing",
          "--max-examples",
          String(maxExamples),
          "--max-time",
          String(maxSeconds),
          "--request-timeout",
          "10",
          "--workers",
          "1",
          "--seed",
          "20261130",
          "--no-shrink",
          "--generation-database",
          "none",
          "--report",
          "junit",
          "--report-junit-path",
          `${reports}/${p.name}.xml`,
        ],
        env: { NO_COLOR: "1", SCHEMATHESIS_TELEMETRY: "false" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      await Deno.writeTextFile(`${reports}/${p.name}.txt`, text);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const summary = text.split("\n").filter((l) =>
        /Test cases|API Operations|passed|failed|errored/i.test(l)
      )
        .slice(-4).join(" | ");
      console.log(`[schemathesis] ${p.name}: exit ${out.code} in ${seconds} s: ${summary}`);
      if (out.code !== 0) console.log(text.slice(-6_000));
      results.push({ service: p.name, code: out.code, summary });
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop(10_000)));
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  const failed = results.filter((r) => r.code !== 0);
  assert.deepEqual(failed, [], `schemathesis found problems (reports in ${reports})`);
});
