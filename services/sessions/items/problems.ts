/** Maps the items' errors to problems (then the service's own mapping). */
import { ProblemError, versionFromIfMatch } from "@yibao/kit";
import { NotYours, StaleSequence } from "../errors.ts";
import { asProblem } from "../problems.ts";
import { InterchangeRefused } from "./interchange.ts";
import { ItemNotFound } from "./repository.ts";

/** Throws the problem an items error means. */
export function asItemProblem(err: unknown): never {
  if (err instanceof ItemNotFound) {
    throw new ProblemError("notFound", { zh: `未找到题目「${err.id}」`, en: err.message });
  }
  if (err instanceof StaleSequence) {
    throw new ProblemError("preconditionFailed", {
      zh: "题目已被修改，请重新读取后再提交",
      en: `The item changed since it was read (revision ${err.current} now)`,
    }, { headers: { ETag: `"r${err.current}"` } });
  }
  if (err instanceof NotYours) {
    throw new ProblemError("forbidden", {
      zh: "主播只能修改自己出的题；运营人员和管理员可以修改所有题目",
      en: err.message,
    });
  }
  if (err instanceof InterchangeRefused) {
    throw new ProblemError("unprocessable", {
      zh: err.refusals.map((r) => r.zh).join("；"),
      en: err.message,
    }, {
      errors: err.refusals.map((r) => ({
        path: r.position > 0 ? `body.items.${r.position - 1}` : "body",
        message: { zh: r.zh, en: r.en },
        code: "unsupportedConstruct",
      })),
    });
  }
  return asProblem(err);
}

/** The item revision an If-Match names (`"r3"`); undefined when absent; 412 when unreadable. */
export function revisionFromIfMatch(header: string | undefined): number | undefined {
  return versionFromIfMatch(header, { prefix: "r", thing: { zh: "题目", en: "item" } });
}
