/**
 * The ceiling for kit benchmarks: a bare Deno.serve with nothing else. GET answers like `/healthz`;
 * POST reads and parses the JSON body and answers with the bytes of the file given as the second
 * argument (a canned answer the size of the endpoint's real one), so a POST endpoint is compared
 * with the cost of HTTP, body and answer alone. With `--headers` as the third argument it also reads
 * and sets the headers the kit does on every request (reads `x-request-id`, `authorization`,
 * `x-api-key`; sets `X-Request-Id`, which on `/healthz`, as in the kit, only answers an id the
 * request gave): the ceiling of a server that does no more than the kit must;
 * with both, a GET of any path but `/healthz` answers the canned bytes too (a cached read's
 * ceiling: the same request, headers and body bytes). A fourth argument, a JSON object of header
 * names and values, adds those to every canned answer (the cached read's `ETag`, `Vary` and
 * `Content-Encoding`, so a compressed read is compared with a server sending the same bytes and headers).
 */
const port = Number(Deno.args[0] ?? "0");
const cannedFile = Deno.args[1] && Deno.args[1] !== "-" ? Deno.args[1] : undefined;
const withHeaders = Deno.args[2] === "--headers";
const extra: Record<string, string> = Deno.args[3] ? JSON.parse(Deno.args[3]) : {};
const canned = cannedFile ? await Deno.readFile(cannedFile) : undefined;
const body = JSON.stringify({ status: "ok", service: "policy", version: "0.1.0" });
const json = { "content-type": "application/json" };
const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;
let n = 0;
/** Reads and sets the headers the kit does: `x-request-id` (echoed or made), the credentials. */
const withKitHeaders = (req: Request, contentType: string) => {
  const given = req.headers.get("x-request-id");
  const id = given && idPattern.test(given) ? given : `bare-${(++n).toString(36)}`;
  if (req.headers.has("authorization") || req.headers.has("x-api-key")) n++;
  return { "content-type": contentType, "x-request-id": id };
};
const cannedHeaders = (req: Request) => ({ ...withKitHeaders(req, cannedType), ...extra });
const cannedType = "application/json; charset=utf-8";
Deno.serve(
  { port, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`BARE_READY ${port}`) },
  withHeaders
    ? (req) => {
      if (canned && req.method === "POST") {
        return req.json().then(() => new Response(canned, { headers: cannedHeaders(req) }));
      }
      // with a canned answer, a GET of any other path answers its bytes (a cached read's ceiling)
      if (canned && !req.url.endsWith("/healthz")) {
        return new Response(canned, { headers: cannedHeaders(req) });
      }
      // the kit's /healthz: the same reads, and a request id only when the request gave one
      if (req.headers.get("x-request-id") === null) {
        if (req.headers.has("authorization") || req.headers.has("x-api-key")) n++;
        return new Response(body, { headers: json });
      }
      return new Response(body, { headers: withKitHeaders(req, "application/json") });
    }
    : async (req) => {
      if (req.method === "POST" && canned) {
        await req.json();
        return new Response(canned, { headers: json });
      }
      return new Response(body, { headers: json });
    },
);
