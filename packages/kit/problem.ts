/** A text for people, Chinese first and English second. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * One failing input, named by its path (`body.title`, `query.asOf`, `header.if-match`). The message
 * is for people: give it in both languages and the reply carries the client's; a plain string is
 * sent as it is.
 */
export interface FieldError {
  path: string;
  message: string | Bilingual;
  code?: string;
}

/** A field error as a reply carries it: the message in the client's language. */
export interface FieldErrorBody {
  path: string;
  message: string;
  code?: string;
}

/** The field errors in `lang`. */
export function localizeFieldErrors(errors: FieldError[], lang: "zh" | "en"): FieldErrorBody[] {
  return errors.map((e) => ({ ...e, message: typeof e.message === "string" ? e.message : e.message[lang] }));
}

/** The stable problem codes, with their HTTP status and title. */
export const problemCatalogue = {
  validationFailed: { status: 400, title: { zh: "请求参数无效", en: "Request validation failed" } },
  malformedBody: {
    status: 400,
    title: { zh: "请求体不是有效的 JSON", en: "The request body is not valid JSON" },
  },
  unauthorized: { status: 401, title: { zh: "需要身份认证", en: "Authentication required" } },
  forbidden: { status: 403, title: { zh: "没有执行此操作的权限", en: "Permission denied" } },
  notFound: { status: 404, title: { zh: "未找到请求的资源", en: "Not found" } },
  methodNotAllowed: { status: 405, title: { zh: "不支持该请求方法", en: "Method not allowed" } },
  conflict: { status: 409, title: { zh: "与现有数据冲突", en: "Conflict" } },
  preconditionFailed: { status: 412, title: { zh: "数据已被修改，请刷新后重试", en: "Precondition failed" } },
  preconditionRequired: {
    status: 428,
    title: { zh: "缺少 If-Match 请求头", en: "Precondition required" },
  },
  payloadTooLarge: { status: 413, title: { zh: "请求体过大", en: "Request body too large" } },
  unsupportedMediaType: { status: 415, title: { zh: "不支持的内容类型", en: "Unsupported media type" } },
  unprocessable: { status: 422, title: { zh: "请求无法处理", en: "Unprocessable request" } },
  tooManyRequests: { status: 429, title: { zh: "请求过于频繁", en: "Too many requests" } },
  internal: { status: 500, title: { zh: "服务器内部错误", en: "Internal server error" } },
  unavailable: { status: 503, title: { zh: "服务暂不可用", en: "Service unavailable" } },
} as const satisfies Record<string, { status: number; title: Bilingual }>;

/** A stable, camelCase problem code. */
export type ProblemCode = keyof typeof problemCatalogue;

/**
 * An error that becomes an RFC 9457 problem response. Domain errors extend it or are mapped to it
 * by the kit's error handler.
 */
export class ProblemError extends Error {
  override name = "ProblemError";
  readonly status: number;
  readonly detailText: Bilingual;

  constructor(
    readonly code: ProblemCode,
    detail: string | Bilingual,
    readonly extra:
      & { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown }
      & Record<
        string,
        unknown
      > = {},
  ) {
    const text = typeof detail === "string" ? { zh: detail, en: detail } : detail;
    super(text.en, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.status = problemCatalogue[code].status;
    this.detailText = text;
  }
}

/** 404 for a named thing: `Region "9999" was not found`. */
export function notFound(thing: Bilingual, id: string): ProblemError {
  return new ProblemError("notFound", {
    zh: `未找到${thing.zh}「${id}」`,
    en: `${thing.en} "${id}" was not found`,
  });
}

/** The JSON body of a problem response. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId: string;
  errors?: FieldErrorBody[];
  [extension: string]: unknown;
}

/** Picks the language of a reply from `Accept-Language`: English only when the client prefers it. */
export function preferredLanguage(acceptLanguage: string | undefined): "zh" | "en" {
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh";
}

/** Builds the problem body for `err` in the client's language. */
export function problemBody(
  err: ProblemError,
  ctx: { instance: string; requestId: string; lang: "zh" | "en" },
): ProblemBody {
  const { errors, headers: _h, cause: _c, ...extensions } = err.extra;
  return {
    type: `urn:yibao:problem:${err.code}`,
    title: problemCatalogue[err.code].title[ctx.lang],
    status: err.status,
    detail: err.detailText[ctx.lang],
    instance: ctx.instance,
    code: err.code,
    requestId: ctx.requestId,
    ...(errors ? { errors: localizeFieldErrors(errors, ctx.lang) } : {}),
    ...extensions,
  };
}
