/**
 * What one JetStream publish costs the publishing process in CPU, through the project's own
 * `connectEventBus` (which turns nats.js's async traces off) against a client with them on (nats.js's
 * default), in alternating rounds in one process: a private nats-server, 20,000 publishes a round,
 * 200 in flight. Not part of `./dev bench`; run it by hand:
 *
 *     .tools/bin/deno run -A tests/bench/nats_publish_bench.ts [rounds]
 */
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { connectEventBus } from "@yibao/events";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { startNats } from "../../deploy/local/dev/nats.ts";
import { processCpuMs } from "./servers.ts";

const publishes = 20_000;
const inFlight = 200;

/** Publishes `publishes` small messages, `inFlight` at a time; µs of this process's CPU per publish. */
async function round(publish: (subject: string) => Promise<unknown>): Promise<number> {
  const before = processCpuMs(Deno.pid)!;
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < publishes; i++) {
    pending.push(publish(`bench.publish.${i % 10}`));
    if (pending.length >= inFlight) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return (processCpuMs(Deno.pid)! - before) * 1000 / publishes;
}

if (import.meta.main) {
  const rounds = Number(Deno.args[0] ?? "3");
  const storeDir = await Deno.makeTempDir({ prefix: "yibao-nats-publish-bench-" });
  const nats = await startNats({ port: freePort(), storeDir });
  try {
    const bus = await connectEventBus({ NATS_URL: nats.url, NATS_STREAM_REPLICAS: 1 }, { name: "bench" });
    await bus.jsm.streams.add({ name: "BENCH_PUBLISH", subjects: ["bench.publish.>"] });
    const traced = await connect({ servers: nats.url });
    const tracedJs = jetstream(traced, { timeout: 15_000 });
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      theirs.push(await round((s) => tracedJs.publish(s, "x")));
      ours.push(await round((s) => bus.js.publish(s, "x")));
    }
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(" / ");
    console.log(
      `JetStream publish, CPU of the publishing process per publish (${publishes} a round, ${inFlight} in flight):`,
    );
    console.log(`  nats.js defaults (async traces on)   ${fmt(theirs)} µs`);
    console.log(`  connectEventBus (async traces off)   ${fmt(ours)} µs`);
    await traced.close();
    await bus.close();
  } finally {
    await nats.stop();
    await Deno.remove(storeDir, { recursive: true }).catch(() => {});
  }
}
