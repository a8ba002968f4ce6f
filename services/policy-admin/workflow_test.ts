import assert from "node:assert/strict";
import {
  type AmendmentState,
  checkAction,
  checkEffectiveFrom,
  deskState,
  WorkflowError,
} from "./workflow.ts";

const base: AmendmentState = { id: "a1", status: "draft", authorId: "user:ann", effectiveFrom: "2030-01-01" };
const today = "2026-11-22";

function refused(a: AmendmentState, action: Parameters<typeof checkAction>[1], actor: string) {
  try {
    checkAction(a, action, actor, today);
  } catch (err) {
    assert.ok(err instanceof WorkflowError);
    return err.kind;
  }
  return "allowed";
}

Deno.test("checkAction() - the author can never approve their own amendment", () => {
  assert.equal(refused({ ...base, status: "submitted" }, "approve", "user:ann"), "forbidden");
  assert.equal(refused({ ...base, status: "submitted" }, "approve", "user:bob"), "allowed");
});

Deno.test("checkAction() - publishing needs an approval and a date not in the past", () => {
  assert.equal(refused(base, "publish", "user:bob"), "conflict");
  assert.equal(refused({ ...base, status: "submitted" }, "publish", "user:bob"), "conflict");
  assert.equal(refused({ ...base, status: "approved" }, "publish", "user:bob"), "allowed");
  assert.equal(
    refused({ ...base, status: "approved", effectiveFrom: "2020-01-01" }, "publish", "user:bob"),
    "unprocessable",
  );
});

Deno.test("checkAction() - withdraw works until the amendment takes effect", () => {
  assert.equal(refused(base, "withdraw", "user:ann"), "allowed");
  assert.equal(refused({ ...base, status: "published" }, "withdraw", "user:ann"), "allowed");
  assert.equal(
    refused({ ...base, status: "published", effectiveFrom: today }, "withdraw", "user:ann"),
    "conflict",
  );
  assert.equal(refused({ ...base, status: "withdrawn" }, "withdraw", "user:ann"), "conflict");
});

Deno.test("checkAction() - only drafts are edited or submitted", () => {
  assert.equal(refused({ ...base, status: "submitted" }, "update", "user:ann"), "conflict");
  assert.equal(refused({ ...base, status: "approved" }, "submit", "user:ann"), "conflict");
});

Deno.test("checkAction() - only a reviewer who is not the author returns a submitted amendment", () => {
  assert.equal(refused({ ...base, status: "submitted" }, "return", "user:ann"), "forbidden");
  assert.equal(refused({ ...base, status: "submitted" }, "return", "user:bob"), "allowed");
  assert.equal(refused(base, "return", "user:bob"), "conflict");
  assert.equal(refused({ ...base, status: "approved" }, "return", "user:bob"), "conflict");
});

Deno.test("checkAction() - submitting a draft whose day has passed is 422 naming effectiveFrom", () => {
  assert.equal(refused({ ...base, effectiveFrom: "2026-11-21" }, "submit", "user:ann"), "unprocessable");
  assert.equal(refused({ ...base, effectiveFrom: today }, "submit", "user:ann"), "allowed");
  try {
    checkAction({ ...base, effectiveFrom: "2026-11-21" }, "submit", "user:ann", today);
    assert.fail("allowed");
  } catch (err) {
    assert.ok(err instanceof WorkflowError);
    assert.equal(err.path, "effectiveFrom");
  }
});

Deno.test("checkEffectiveFrom() - today and later pass, yesterday is refused with the given path", () => {
  checkEffectiveFrom(today, today, "body.effectiveFrom");
  checkEffectiveFrom("2026-11-23", today, "body.effectiveFrom");
  assert.throws(
    () => checkEffectiveFrom("2026-11-21", today, "body.effectiveFrom"),
    (err) =>
      err instanceof WorkflowError && err.kind === "unprocessable" && err.path === "body.effectiveFrom",
  );
});

Deno.test("deskState() - returned drafts and scheduled publications", () => {
  assert.equal(deskState(base, today), "draft");
  assert.equal(deskState({ ...base, returns: [{}] }, today), "returned");
  assert.equal(deskState({ ...base, status: "submitted", returns: [{}] }, today), "submitted");
  assert.equal(deskState({ ...base, status: "published", effectiveFrom: "2026-11-23" }, today), "scheduled");
  assert.equal(deskState({ ...base, status: "published", effectiveFrom: today }, today), "published");
  assert.equal(deskState({ ...base, status: "withdrawn" }, today), "withdrawn");
});
