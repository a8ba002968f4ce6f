import { startTestServers } from "../../deploy/local/dev/run_tests.ts";
import { sessionsBench } from "./sessions_bench.ts";
const servers = await startTestServers();
try {
  const r = await sessionsBench(servers.env);
  console.log(JSON.stringify(r, null, 2));
} finally {
  await servers.stop();
}
