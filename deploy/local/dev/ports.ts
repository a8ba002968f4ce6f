/** Ports handed out by this process, so two servers it starts never get the same one. */
const handedOut = new Set<number>();
/** The lowest port this tool picks from (below it: well-known and registered services' defaults). */
const lowestPort = 10_000;

/**
 * The lowest local port the kernel gives outgoing connections (Linux), or null where unknown. A
 * port picked below it is never taken by a connection's own end between the pick and the server's
 * bind: a cluster's route connections did take one (nats-server then stops with "address already in
 * use" after it has opened its client port).
 */
function lowestOutgoingPort(): number | null {
  try {
    const low = Number(
      Deno.readTextFileSync("/proc/sys/net/ipv4/ip_local_port_range").trim().split(/\s+/)[0],
    );
    return low > 0 ? low : null;
  } catch {
    return null;
  }
}
const outgoingFrom = lowestOutgoingPort();

function bindable(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A TCP port on loopback that was free a moment ago: picked at random below the kernel's range for
 * outgoing connections when that range is known (see `lowestOutgoingPort`), else one the kernel
 * chooses; never one this process has handed out before.
 */
export function freePort(): number {
  if (outgoingFrom !== null && outgoingFrom - lowestPort >= 1_000) {
    for (let tries = 0; tries < 500; tries++) {
      const port = lowestPort + Math.floor(Math.random() * (outgoingFrom - lowestPort));
      if (!handedOut.has(port) && bindable(port)) {
        handedOut.add(port);
        return port;
      }
    }
  }
  for (;;) {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (l.addr as Deno.NetAddr).port;
    l.close();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** True when something accepts connections on 127.0.0.1:`port`. */
export async function isListening(port: number, hostname = "127.0.0.1"): Promise<boolean> {
  try {
    const c = await Deno.connect({ hostname, port });
    c.close();
    return true;
  } catch {
    return false;
  }
}

/** Waits until `probe` is true, polling, or throws after `timeoutMs` with `what` in the message. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`${what} was not ready within ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
