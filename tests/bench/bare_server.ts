/** The ceiling for kit benchmarks: a bare Deno.serve answering like `/healthz`, with nothing else. */
const port = Number(Deno.args[0] ?? "0");
const body = JSON.stringify({ status: "ok", service: "policy", version: "0.1.0" });
Deno.serve(
  { port, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`BARE_READY ${port}`) },
  () => new Response(body, { headers: { "content-type": "application/json" } }),
);
