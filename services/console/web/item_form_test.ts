import assert from "node:assert/strict";
import type { Item } from "../api/items.ts";
import { bodyOfForm, emptyItemForm, formFieldOf, formOfItem } from "./item_form.ts";

Deno.test("bodyOfForm() - choices one per line become a, b, c; the key by letter", () => {
  const b = bodyOfForm({
    ...emptyItemForm,
    kind: "multipleChoice",
    stem: " 哪些？ ",
    choices: "甲\n\n乙\n丙",
    key: "A、c",
  });
  assert.deepEqual(b.choices, [{ id: "a", text: "甲" }, { id: "b", text: "乙" }, { id: "c", text: "丙" }]);
  assert.deepEqual(b.correctChoiceIds, ["a", "c"]);
  assert.equal(b.stem, "哪些？");
  assert.equal(b.tests, null);
});

Deno.test("bodyOfForm() - true/false from 对/错, short answers split at |, a policy with its version", () => {
  assert.deepEqual(bodyOfForm({ ...emptyItemForm, kind: "trueFalse", key: "错" }).correctChoiceIds, [
    "false",
  ]);
  const open = bodyOfForm({
    ...emptyItemForm,
    kind: "openText",
    key: "12393 | 一二三九三",
    policy: "p-1",
    version: "2",
  });
  assert.deepEqual(open.correctChoiceIds, ["12393", "一二三九三"]);
  assert.deepEqual(open.tests, { policyId: "p-1", version: 2 });
  assert.deepEqual(bodyOfForm({ ...emptyItemForm, kind: "rating", key: "5" }).correctChoiceIds, []);
});

Deno.test("bodyOfForm() - an edit with as many lines keeps the item's choice ids; formOfItem() reverses", () => {
  const item = {
    kind: "singleChoice",
    stem: "谁付？",
    choices: [{ id: "ChoiceA", text: "个人" }, { id: "ChoiceB", text: "基金" }],
    correctChoiceIds: ["ChoiceA"],
    explanation: "个人。",
    tests: { policyId: "p-1", version: 1 },
    topics: [],
    audiences: [],
    anonymous: false,
  } as unknown as Item;
  const f = formOfItem(item);
  assert.equal(f.key, "ChoiceA");
  const b = bodyOfForm({ ...f, choices: "个人（自付）\n统筹基金" }, item);
  assert.deepEqual(b.choices.map((c) => c.id), ["ChoiceA", "ChoiceB"]);
  assert.deepEqual(b.correctChoiceIds, ["ChoiceA"]);
});

Deno.test("formFieldOf() - the service's paths name the form's fields", () => {
  assert.equal(formFieldOf("body.tests.policyId"), "policy");
  assert.equal(formFieldOf("body.tests.version"), "version");
  assert.equal(formFieldOf("body.correctChoiceIds"), "key");
  assert.equal(formFieldOf("body.choices.1.text"), "choices");
  assert.equal(formFieldOf("header.if-match"), undefined);
});
