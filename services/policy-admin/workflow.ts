/**
 * The amendment workflow as rules over plain data, testable without HTTP or Neo4j:
 * draft → submitted → approved → published, and withdrawn from any state before it takes effect.
 * A reviewer may return a submitted amendment to draft with a reason; until its author submits it
 * again its derived {@linkcode AmendmentDeskState} is `returned`.
 */

/** Where an amendment is. */
export type AmendmentStatus = "draft" | "submitted" | "approved" | "published" | "withdrawn";

/** What the workflow needs to know of an amendment. */
export interface AmendmentState {
  id: string;
  status: AmendmentStatus;
  authorId: string;
  effectiveFrom: string;
}

/** An action on an amendment. */
export type Action = "update" | "submit" | "approve" | "return" | "publish" | "withdraw";

/**
 * Where an amendment is as the desk board shows it: its status, with two refinements — a draft a
 * reviewer sent back (and its author has not resubmitted) is `returned`; a published amendment whose
 * `effectiveFrom` is after today is `scheduled`, and `published` once it is in effect.
 */
export type AmendmentDeskState =
  | "draft"
  | "returned"
  | "submitted"
  | "approved"
  | "scheduled"
  | "published"
  | "withdrawn";

/** Every desk state, in the board's order. */
export const deskStates: readonly AmendmentDeskState[] = [
  "draft",
  "returned",
  "submitted",
  "approved",
  "scheduled",
  "published",
  "withdrawn",
];

/** Why an action is refused: `conflict` (409), `forbidden` (403) or `unprocessable` (422), optionally naming the field. */
export class WorkflowError extends Error {
  override name = "WorkflowError";
  constructor(
    readonly kind: "conflict" | "forbidden" | "unprocessable",
    readonly zh: string,
    en: string,
    readonly path?: string,
  ) {
    super(en);
  }
}

const from: Record<Exclude<Action, "withdraw">, AmendmentStatus> = {
  update: "draft",
  submit: "draft",
  approve: "submitted",
  return: "submitted",
  publish: "approved",
};

/** The shortest and longest reason a reviewer gives when returning an amendment. */
export const returnReasonLength = { min: 4, max: 1_000 } as const;

/**
 * The desk state of an amendment on `today` (Asia/Shanghai): `returned` for a draft with at least
 * one return (only a return brings a submitted amendment back to draft), `scheduled` for a
 * published one not yet in effect.
 */
export function deskState(
  a: { status: AmendmentStatus; effectiveFrom: string; returns?: readonly unknown[] },
  today: string,
): AmendmentDeskState {
  if (a.status === "draft" && (a.returns?.length ?? 0) > 0) return "returned";
  if (a.status === "published" && a.effectiveFrom > today) return "scheduled";
  return a.status;
}

/**
 * Throws an `unprocessable` {@linkcode WorkflowError} naming `path` when `effectiveFrom` is before
 * `today`: an amendment can only take effect today or later, and saying so at drafting time spares
 * the author a refusal at publication.
 */
export function checkEffectiveFrom(effectiveFrom: string, today: string, path: string): void {
  if (effectiveFrom < today) {
    throw new WorkflowError(
      "unprocessable",
      `生效日期 ${effectiveFrom} 已过，请设为今天（${today}）或以后`,
      `effectiveFrom ${effectiveFrom} is in the past; set today (${today}) or later`,
      path,
    );
  }
}

const statusZh: Record<AmendmentStatus, string> = {
  draft: "草稿",
  submitted: "待审核",
  approved: "已批准",
  published: "已发布",
  withdrawn: "已撤回",
};

/** The status after `action`. */
export function nextStatus(action: Action): AmendmentStatus {
  return ({
    update: "draft",
    submit: "submitted",
    approve: "approved",
    return: "draft",
    publish: "published",
    withdraw: "withdrawn",
  } as const)[
    action
  ];
}

/**
 * Throws a {@linkcode WorkflowError} unless `actorId` may do `action` on `a` today: the approver
 * (or the reviewer who returns it) is never the author (four eyes); publishing needs an approval; a
 * published amendment can be withdrawn only before its day comes; `effectiveFrom` of a submission or
 * a publication is today or later.
 */
export function checkAction(a: AmendmentState, action: Action, actorId: string, today: string): void {
  if (action === "withdraw") {
    if (a.status === "withdrawn") {
      throw new WorkflowError("conflict", "该修订已撤回", `Amendment "${a.id}" is already withdrawn`);
    }
    if (a.status === "published" && a.effectiveFrom <= today) {
      throw new WorkflowError(
        "conflict",
        `该修订已于 ${a.effectiveFrom} 生效，不能撤回；请起草新的修订`,
        `Amendment "${a.id}" took effect on ${a.effectiveFrom} and can no longer be withdrawn; draft a new amendment`,
      );
    }
    return;
  }
  const needed = from[action];
  if (a.status !== needed) {
    const zh = action === "publish"
      ? `修订须经审核批准后才能发布（当前状态：${statusZh[a.status]}）`
      : `此操作要求修订处于「${statusZh[needed]}」状态（当前：${statusZh[a.status]}）`;
    throw new WorkflowError(
      "conflict",
      zh,
      `Amendment "${a.id}" is ${a.status}; ${action} needs it ${needed}`,
    );
  }
  if (action === "approve" && a.authorId === actorId) {
    throw new WorkflowError(
      "forbidden",
      "不能批准自己起草的修订（双人复核）",
      "The author of an amendment cannot approve it (four eyes)",
    );
  }
  if (action === "return" && a.authorId === actorId) {
    throw new WorkflowError(
      "forbidden",
      "不能退回自己起草的修订（双人复核）",
      "The author of an amendment cannot return it (four eyes)",
    );
  }
  if (action === "submit" || action === "publish") {
    checkEffectiveFrom(a.effectiveFrom, today, "effectiveFrom");
  }
}
