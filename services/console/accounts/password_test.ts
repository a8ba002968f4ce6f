import assert from "node:assert/strict";
import { hashPassword, needsRehash, passwordProblem, pbkdf2Iterations, verifyPassword } from "./password.ts";

Deno.test("hashPassword() - verifies the same password and refuses another, with 600,000 iterations", async () => {
  const stored = await hashPassword("correct horse battery");
  assert.match(stored, new RegExp(`^pbkdf2-sha256\\$${pbkdf2Iterations}\\$`));
  assert.equal(await verifyPassword("correct horse battery", stored), true);
  assert.equal(await verifyPassword("correct horse batterY", stored), false);
  assert.equal(needsRehash(stored), false);
});

Deno.test("hashPassword() - two hashes of one password differ (random salt)", async () => {
  assert.notEqual(await hashPassword("same password", 1_000), await hashPassword("same password", 1_000));
});

Deno.test("verifyPassword() - a malformed or weaker hash", async () => {
  assert.equal(await verifyPassword("x", "plain-text"), false);
  const weak = await hashPassword("old password", 1_000);
  assert.equal(await verifyPassword("old password", weak), true);
  assert.equal(needsRehash(weak), true);
});

Deno.test("passwordProblem() - counts characters, not bytes", () => {
  assert.notEqual(passwordProblem("short"), null);
  assert.equal(passwordProblem("医保政策通医保政策通"), null);
  assert.notEqual(passwordProblem("x".repeat(201)), null);
});
