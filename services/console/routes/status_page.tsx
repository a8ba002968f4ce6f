/** `GET /status`: each service's readiness, rendered on the server (works for anyone, no script needed). */
import type { ServiceApp } from "@yibao/kit";
import { collectStatus } from "../status.ts";
import { Badge } from "../pages/ui.tsx";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { web } from "../web/state.ts";

/** Registers the status page. */
export function registerStatusPage(app: ServiceApp, services: { name: string; url: string }[]): void {
  app.get("/status", async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const list = await collectStatus(services);
    const allReady = list.every((s) => s.ready);
    return renderPage(c, {
      title: t("服务状态", "Service status"),
      page: "status",
      body: (
        <section>
          <h1>{t("服务状态", "Service status")}</h1>
          <p class="lead">
            {allReady
              ? t("全部服务运行正常。", "Every service is up.")
              : t("有服务未就绪，见下表。", "Some services are not ready; see below.")}
          </p>
          <table>
            <caption class="sr-only">{t("各服务就绪情况", "Readiness of each service")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("服务", "Service")}</th>
                <th scope="col">{t("状态", "State")}</th>
                <th scope="col">{t("图数据库 / 消息总线", "Graph / event bus")}</th>
                <th scope="col">{t("响应时间", "Answer time")}</th>
                <th scope="col">{t("接口文档", "API docs")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr>
                  <th scope="row">{s.name}</th>
                  <td>
                    {s.ready
                      ? <Badge kind="ok">{t("就绪", "Ready")}</Badge>
                      : <Badge kind="bad">{t("未就绪", "Not ready")}</Badge>}
                  </td>
                  <td>
                    {s.error
                      ? t("无法连接", "Unreachable")
                      : Object.entries(s.checks).map(([k, v]) =>
                        `${k === "graph" ? t("图数据库", "graph") : t("消息总线", "bus")}：${
                          v === "up" ? t("正常", "up") : t("异常", "down")
                        }`
                      ).join("，")}
                  </td>
                  <td>{`${s.ms} ms`}</td>
                  <td>
                    <a href={`${s.url}/docs`}>{`${s.name} /docs`}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ),
    });
  });
}
