/** HTTP load with wrk (Debian's package, installed on demand): requests/s and latency percentiles. */

/** What one load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** Installs wrk from Debian's packages when it is missing (a measurement tool, never used by the product). */
export async function ensureWrk(): Promise<void> {
  const found = await new Deno.Command("sh", { args: ["-c", "command -v wrk"], stdout: "null" }).output();
  if (found.success) return;
  console.error("[bench] installing wrk from Debian's packages");
  const sudo = Deno.uid() === 0 ? [] : ["sudo"];
  await new Deno.Command(sudo[0] ?? "apt-get", {
    args: [...(sudo.length ? ["apt-get"] : []), "install", "-y", "-qq", "wrk"],
    env: { DEBIAN_FRONTEND: "noninteractive" },
  }).output();
  const again = await new Deno.Command("sh", { args: ["-c", "command -v wrk"], stdout: "null" }).output();
  if (!again.success) {
    await new Deno.Command("apt-get", { args: ["update", "-qq"] }).output();
    const last = await new Deno.Command("apt-get", {
      args: ["install", "-y", "-qq", "wrk"],
      env: { DEBIAN_FRONTEND: "noninteractive" },
    }).output();
    if (!last.success) throw new Error("wrk could not be installed (apt-get install wrk)");
  }
}

function toMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

/** Runs wrk against `url` for `seconds` with `connections`, one thread; `paths` are requested at random. */
export async function wrk(
  url: string,
  options: {
    seconds?: number;
    connections?: number;
    headers?: Record<string, string>;
    paths?: string[];
    /** POST this JSON body instead of GET. */
    postJson?: string;
  } = {},
): Promise<LoadResult> {
  const args = ["-t1", `-c${options.connections ?? 32}`, `-d${options.seconds ?? 5}s`, "--latency"];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push("-H", `${k}: ${v}`);
  let script: string | undefined;
  if (options.postJson !== undefined) {
    script = await Deno.makeTempFile({ suffix: ".lua" });
    await Deno.writeTextFile(
      script,
      `wrk.method = "POST"\nwrk.body = ${
        JSON.stringify(options.postJson)
      }\nwrk.headers["Content-Type"] = "application/json"\n`,
    );
    args.push("-s", script);
  } else if (options.paths?.length) {
    script = await Deno.makeTempFile({ suffix: ".lua" });
    const list = options.paths.map((p) => JSON.stringify(p)).join(",\n");
    await Deno.writeTextFile(
      script,
      `local paths = {${list}}\nmath.randomseed(42)\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n`,
    );
    args.push("-s", script);
  }
  args.push(url);
  const out = await new Deno.Command("wrk", { args, stdout: "piped", stderr: "piped" }).output();
  if (script) await Deno.remove(script);
  const text = new TextDecoder().decode(out.stdout);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(text);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const total = /(\d+) requests in/.exec(text);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  if (!rps || !p50 || !p99 || !total) {
    throw new Error(`could not read wrk's output:\n${text}\n${new TextDecoder().decode(out.stderr)}`);
  }
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(p50[1]!, p50[2]!),
    p99Ms: toMs(p99[1]!, p99[2]!),
    requests: Number(total[1]),
    errors: Number(non2xx?.[1] ?? 0) + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}
