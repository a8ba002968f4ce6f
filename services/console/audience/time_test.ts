import assert from "node:assert/strict";
import { sessionTime } from "./time.ts";

Deno.test("sessionTime() - in the session's zone, the zone named in words", () => {
  assert.equal(
    sessionTime("2026-12-02T11:30:00Z", "2026-12-02T12:30:00Z", "Asia/Shanghai", "zh"),
    "2026年12月2日 星期三 19:30–20:30（北京时间）",
  );
  assert.equal(
    sessionTime("2026-12-02T11:30:00Z", "2026-12-02T12:30:00Z", "Asia/Shanghai", "en"),
    "Wednesday 2 Dec 2026, 19:30–20:30 (Beijing time)",
  );
});
