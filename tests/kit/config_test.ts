import assert from "node:assert/strict";
import { baseEnvSchema, ConfigError, loadConfig } from "@yibao/kit";

Deno.test("loadConfig() - one message names every missing or bad variable, without secret values", () => {
  const env: Record<string, string> = {
    PORT: "eighty",
    NEO4J_URI: "http://db:7474",
    NATS_URL: "nats://127.0.0.1:4222",
  };
  assert.throws(() => loadConfig(baseEnvSchema, (n) => env[n]), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /PORT: .*\(got "eighty"\)/);
    assert.match(err.message, /NEO4J_URI: must be a bolt:\/\/ or neo4j:\/\/ URI/);
    assert.match(err.message, /AUTH_TOKEN_SECRET: required \(not set\)/);
    return true;
  });
  const short: Record<string, string> = { PORT: "1", AUTH_TOKEN_SECRET: "short-secret" };
  assert.throws(() => loadConfig(baseEnvSchema, (n) => short[n]), (err: unknown) => {
    assert.match((err as Error).message, /AUTH_TOKEN_SECRET: must be at least 32 characters \(got a value\)/);
    assert.ok(!(err as Error).message.includes("short-secret"));
    return true;
  });
});

Deno.test("a service with a bad configuration exits 78 at start-up with a message naming each variable", async () => {
  const main = new URL("../../services/policy/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-net", "--allow-read", main],
    env: {
      HOME: Deno.env.get("HOME")!,
      PATH: Deno.env.get("PATH")!,
      PORT: "99999",
      NEO4J_URI: "mysql://x",
      LOG_LEVEL: "loud",
    },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 78, stderr);
  assert.match(stderr, /\[policy\] Invalid configuration:/);
  for (const name of ["PORT", "NEO4J_URI", "LOG_LEVEL", "AUTH_TOKEN_SECRET"]) {
    assert.match(stderr, new RegExp(`- ${name}:`));
  }
});
