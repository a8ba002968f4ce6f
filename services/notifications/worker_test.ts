import assert from "node:assert/strict";
import { maxBatchKeys, workerShape } from "./worker.ts";

Deno.test("workerShape() - at the default 400 provider calls, two lanes of 200 keys", () => {
  assert.deepEqual(workerShape(400), { lanes: 2, batchKeys: 200 });
});

Deno.test("workerShape() - the lanes' keys never exceed the provider calls allowed, and batches stay within 200", () => {
  // every value DELIVERY_CONCURRENCY accepts (4 to 1,000)
  for (let concurrency = 4; concurrency <= 1_000; concurrency++) {
    const { lanes, batchKeys } = workerShape(concurrency);
    assert.ok(lanes * batchKeys <= concurrency, `${concurrency}: ${lanes} × ${batchKeys}`);
    assert.ok(lanes >= 2, `${concurrency}: one lane sends while another waits on Neo4j`);
    assert.ok(batchKeys >= 1 && batchKeys <= maxBatchKeys, `${concurrency}: batch ${batchKeys}`);
    // no more than a batch's worth of calls left unused
    assert.ok(concurrency - lanes * batchKeys < batchKeys, `${concurrency}: ${lanes} × ${batchKeys}`);
  }
});
