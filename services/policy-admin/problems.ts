import { ChangeConflictError } from "@yibao/domain";
import { ProblemError, versionFromIfMatch } from "@yibao/kit";
import {
  AmendmentNotFound,
  BadReferences,
  NothingChanges,
  PolicyNotFound,
  StaleRevision,
} from "./repository.ts";
import { WorkflowError } from "./workflow.ts";

/** Maps the workflow's domain errors to problems; anything else is rethrown as it is. */
export function asProblem(err: unknown): never {
  if (err instanceof WorkflowError) {
    const code = err.kind === "forbidden"
      ? "forbidden"
      : err.kind === "conflict"
      ? "conflict"
      : "unprocessable";
    throw new ProblemError(
      code,
      { zh: err.zh, en: err.message },
      err.path ? { errors: [{ path: err.path, message: { zh: err.zh, en: err.message } }] } : {},
    );
  }
  if (err instanceof AmendmentNotFound) {
    throw new ProblemError("notFound", { zh: "未找到该修订", en: err.message });
  }
  if (err instanceof PolicyNotFound) {
    throw new ProblemError("notFound", { zh: "未找到该政策", en: err.message });
  }
  if (err instanceof StaleRevision) {
    throw new ProblemError("preconditionFailed", {
      zh: "修订已被他人修改，请重新读取后再提交",
      en: err.message,
    }, { headers: { ETag: etagOf(err.current) } });
  }
  if (err instanceof NothingChanges) {
    throw new ProblemError("unprocessable", { zh: "这些修改不会改变政策内容", en: err.message }, {
      errors: [{
        path: "body.changes",
        message: { zh: "这些修改不会改变政策内容", en: "The changes change nothing" },
      }],
    });
  }
  if (err instanceof ChangeConflictError) {
    throw new ProblemError("unprocessable", {
      zh: `修改无法应用到当前版本：${err.zh}`,
      en: err.message,
    }, { errors: [{ path: `body.changes(${err.field})`, message: { zh: err.zh, en: err.message } }] });
  }
  if (err instanceof BadReferences) {
    const taken = err.problems.some((p) => p.path === "body.id");
    throw new ProblemError(taken ? "conflict" : "validationFailed", {
      zh: `引用无效：${err.problems.map((p) => p.message.zh).join("；")}`,
      en: err.message,
    }, { errors: err.problems });
  }
  throw err;
}

/** The strong ETag of an amendment revision. */
export function etagOf(revision: number): string {
  return `"r${revision}"`;
}

/** The amendment revision named by an If-Match header (`"r3"`); undefined when absent; 412 when unreadable. */
export function revisionFromIfMatch(header: string | undefined): number | undefined {
  return versionFromIfMatch(header, { prefix: "r", thing: { zh: "修订", en: "amendment" } });
}
