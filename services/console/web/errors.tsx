/** Errors as pages for people (pages) or problem+json (the console's JSON endpoints). */
import { type Logger, type ProblemCode, ProblemError, problemResponse, toProblem } from "@yibao/kit";
import type { Context } from "hono";
import { ApiProblem } from "../api/client.ts";
import { cookie, langCookie } from "./cookies.ts";
import { PageRefusal } from "./guards.ts";
import { langOf, tr } from "./i18n.ts";
import { renderPage } from "./render.tsx";
import { setWeb, web } from "./state.ts";

const jsonPaths = /^\/(api\/|collect$|healthz|readyz|metrics|openapi\.json|assets\/)/;

function ensureState(c: Context): void {
  try {
    web(c);
  } catch {
    setWeb(c, {
      lang: langOf(cookie(c, langCookie), c.req.header("accept-language")),
      signedIn: null,
      staleCookie: false,
      caller: null,
      started: performance.now(),
      timing: { apiMs: 0, calls: 0 },
      address: "unknown",
      secure: new URL(c.req.url).protocol === "https:",
    });
  }
}

const codeOfStatus: Record<number, ProblemCode> = {
  400: "validationFailed",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  412: "preconditionFailed",
  422: "unprocessable",
  429: "tooManyRequests",
};

/** A page's refusal or a service's problem as the console's own problem, for clients that want JSON. */
function asProblem(err: Error): Error {
  if (err instanceof PageRefusal) {
    return new ProblemError(codeOfStatus[err.status] ?? "forbidden", err.explanation);
  }
  if (err instanceof ApiProblem && err.status < 500 && err.status !== 401) {
    return new ProblemError(codeOfStatus[err.status] ?? "unprocessable", err.detail || err.title, {
      errors: err.errors,
    });
  }
  if (err instanceof ApiProblem) {
    return new ProblemError("unavailable", {
      zh: `${err.service} 服务暂时无法完成请求，请稍后再试`,
      en: `The ${err.service} service could not complete the request; try again shortly`,
    });
  }
  return err;
}

/** The console's error handler: a page for people's browsers, problem+json for every other client. */
export function consoleErrorHandler(log: Logger): (err: Error, c: Context) => Response {
  return (err, c) => {
    const accept = c.req.header("accept") ?? "";
    if (jsonPaths.test(c.req.path) || !accept.includes("text/html")) {
      return problemResponse(c, asProblem(err), log);
    }
    ensureState(c);
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    let status = 500;
    let heading = t("出错了", "Something went wrong");
    let explanation = t(
      "控制台处理请求时出错。请稍后重试；如果一直出现，请把下面的请求编号告诉技术支持。",
      "The console could not complete the request. Try again shortly; if it keeps happening, give support the request id below.",
    );
    if (err instanceof PageRefusal) {
      status = err.status;
      heading = err.heading;
      explanation = err.explanation;
    } else if (err instanceof ApiProblem) {
      if (err.status === 401) {
        // The session was just found valid and the token minted from it: a service refusing it means
        // the console and that service do not share AUTH_TOKEN_SECRET. Sending the person to sign in
        // would only bring them back here, so say what is wrong instead.
        log.error("a service refused the console's token; check that both use the same AUTH_TOKEN_SECRET", {
          service: err.service,
          requestId: c.get("requestId"),
        });
        status = 502;
        heading = t("暂时无法访问", "Temporarily unavailable");
        explanation = t(
          `控制台暂时无法代您访问 ${err.service} 服务（配置不一致）。已记录这个问题，请稍后再试或联系技术支持。`,
          `The console cannot reach the ${err.service} service on your behalf (a configuration mismatch). The problem is logged; try again later or contact support.`,
        );
      } else {
        status = err.status >= 500 ? 502 : err.status;
        heading = err.title;
        explanation = err.detail || explanation;
        if (err.status >= 500) log.warn("service call failed", { service: err.service, status: err.status });
      }
    } else {
      const problem = toProblem(err);
      status = problem.status;
      if (status === 404) {
        heading = t("页面不存在", "Page not found");
        explanation = t(
          "没有这个页面。请从上方导航重新进入。",
          "There is no such page. Use the navigation above.",
        );
      } else if (status < 500) {
        heading = problem.code === "payloadTooLarge"
          ? t("提交的内容过大", "What you sent is too large")
          : heading;
        explanation = problem.detailText[w.lang];
      } else {
        log.error("page failed", {
          requestId: c.get("requestId"),
          path: c.req.path,
          error: err.message,
          stack: err.stack,
        });
      }
    }
    return renderPage(c, {
      title: heading,
      page: "error",
      status,
      body: (
        <section class="narrow">
          <h1>{heading}</h1>
          <p>{explanation}</p>
          <p class="muted">
            {t("请求编号", "Request id")}: <code>{String(c.get("requestId") ?? "")}</code>
          </p>
          <p>
            <a href="/">{t("返回首页", "Back to the start page")}</a>
          </p>
        </section>
      ),
    });
  };
}
