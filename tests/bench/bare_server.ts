/**
 * The ceiling for kit benchmarks: a bare Deno.serve with nothing else. GET answers like `/healthz`;
 * POST reads and parses the JSON body and answers with the bytes of the file given as the second
 * argument (a canned answer the size of the endpoint's real one), so a POST endpoint is compared
 * with the cost of HTTP, body and answer alone.
 */
const port = Number(Deno.args[0] ?? "0");
const canned = Deno.args[1] ? await Deno.readFile(Deno.args[1]) : undefined;
const body = JSON.stringify({ status: "ok", service: "policy", version: "0.1.0" });
const json = { "content-type": "application/json" };
Deno.serve(
  { port, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`BARE_READY ${port}`) },
  async (req) => {
    if (req.method === "POST" && canned) {
      await req.json();
      return new Response(canned, { headers: json });
    }
    return new Response(body, { headers: json });
  },
);
