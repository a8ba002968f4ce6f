/**
 * Runs only the live Q&A benchmark (`./dev bench` runs it with the others):
 * `deno run -A --unsafe-proto tests/bench/_run_sessions_bench.ts [listeners] [votes] [questions]`.
 */
import { startTestServers } from "../../deploy/local/dev/run_tests.ts";
import { sessionsBench } from "./sessions_bench.ts";

const [listeners = 1_000, votes = 5_000, questions = 500] = Deno.args.map(Number);
const servers = await startTestServers();
try {
  const r = await sessionsBench(servers.env, { listeners, votes, questions, seconds: 10, seedQuestions: 50 });
  console.log(JSON.stringify(r, null, 2));
} finally {
  await servers.stop();
}
