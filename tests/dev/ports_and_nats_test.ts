/**
 * The test servers' ports and a nats-server's start: a picked port lies below the kernel's range
 * for outgoing connections (so no connection's own end takes it before its server binds it) and is
 * never handed out twice; a node that cannot bind its route port (it has opened its client port
 * by then) is reported at once with its log, not after the minute-long wait for `/healthz`.
 */
import assert from "node:assert/strict";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { NatsExited, startNats } from "../../deploy/local/dev/nats.ts";

Deno.test("freePort - below the outgoing connections' range, bindable, never the same twice", () => {
  const [low] = Deno.readTextFileSync("/proc/sys/net/ipv4/ip_local_port_range").trim().split(/\s+/).map(
    Number,
  );
  const ports = Array.from({ length: 300 }, () => freePort());
  assert.equal(new Set(ports).size, ports.length, "no port handed out twice");
  for (const port of ports) {
    assert.ok(port >= 10_000 && port < low!, `${port} lies in [10000, ${low})`);
  }
  // and it is free: a server can bind it
  Deno.listen({ hostname: "127.0.0.1", port: ports[0]! }).close();
});

Deno.test("startNats - a clustered node whose route port is taken fails at once, naming the cause", async () => {
  const dir = await Deno.makeTempDir({ prefix: "yibao-nats-taken-" });
  const taken = Deno.listen({ hostname: "127.0.0.1", port: freePort() });
  const routePort = (taken.addr as Deno.NetAddr).port;
  try {
    const error = await startNats({
      port: freePort(),
      storeDir: `${dir}/n1`,
      serverName: "taken-n1",
      httpPort: freePort(),
      cluster: { name: "taken", port: routePort, peers: [freePort()] },
      waitHealthy: true,
      timeoutMs: 60_000,
    }).then(() => null, (err) => err);
    assert.ok(error instanceof NatsExited, `a NatsExited, not ${error}`);
    assert.ok(error.portTaken, error.message);
    assert.match(error.message, new RegExp(`router port: ${routePort}`));
  } finally {
    taken.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
