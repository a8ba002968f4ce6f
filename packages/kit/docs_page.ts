/**
 * A self-contained page that renders the service's `/openapi.json` for people: every operation
 * with its parameters, body and responses. No scripts or fonts from elsewhere, so it works offline.
 */
export function docsPage(title: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · API</title>
<style>
  body { font: 15px/1.5 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1d2733; background: #f6f8fa; }
  header { background: #0b5cad; color: #fff; padding: 16px 24px; }
  header a { color: #dbe9ff; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
  details { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: 8px 0; }
  summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: baseline; }
  .m { font: 600 12px ui-monospace, monospace; padding: 2px 8px; border-radius: 4px; color: #fff; min-width: 56px; text-align: center; }
  .get { background: #1f883d; } .post { background: #0969da; } .patch { background: #9a6700; } .put { background: #8250df; } .delete { background: #cf222e; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #f6f8fa; padding: 8px; overflow: auto; border-radius: 4px; }
  .body { padding: 0 12px 12px; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; border-bottom: 1px solid #eaeef2; padding: 4px 6px; vertical-align: top; }
</style>
</head>
<body>
<header><h1 style="margin:0;font-size:20px">${escapeHtml(title)}</h1>
<div>OpenAPI 3.1 · <a href="./openapi.json">openapi.json</a></div></header>
<main id="app">正在加载接口说明… / Loading…</main>
<script type="module">
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
const spec = await (await fetch("./openapi.json")).json();
const resolve = (s) => s && s.$ref ? spec.components.schemas[s.$ref.split("/").pop()] : s;
const show = (s) => "<pre>" + esc(JSON.stringify(resolve(s), null, 2)) + "</pre>";
let html = "<p>" + esc(spec.info.description) + "</p>";
for (const [path, ops] of Object.entries(spec.paths ?? {})) {
  for (const [method, op] of Object.entries(ops)) {
    html += '<details><summary><span class="m ' + method + '">' + method.toUpperCase() + "</span><code>" + esc(path) +
      "</code><span>" + esc(op.summary) + "</span></summary><div class=body>";
    if (op.description) html += "<p>" + esc(op.description) + "</p>";
    if (op.security) html += "<p>认证 / Auth: " + esc(op.security.map((s) => Object.keys(s).join("+")).join(" 或 / or ")) + "</p>";
    if (op.parameters?.length) {
      html += "<table><tr><th>参数 / Parameter</th><th>位置 / In</th><th>必填 / Required</th><th>说明 / Schema</th></tr>";
      for (const p of op.parameters) html += "<tr><td><code>" + esc(p.name) + "</code></td><td>" + esc(p.in) + "</td><td>" +
        (p.required ? "✓" : "") + "</td><td>" + esc(p.description ?? "") + show(p.schema) + "</td></tr>";
      html += "</table>";
    }
    const body = op.requestBody?.content?.["application/json"]?.schema;
    if (body) html += "<h4>请求体 / Request body</h4>" + show(body);
    for (const [status, r] of Object.entries(op.responses ?? {})) {
      const c = r.content && Object.values(r.content)[0];
      html += "<h4>" + esc(status) + " · " + esc(r.description) + "</h4>" + (c ? show(c.schema) : "");
    }
    html += "</div></details>";
  }
}
document.getElementById("app").innerHTML = html;
</script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}
