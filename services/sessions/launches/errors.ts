/** Domain errors of launches and answers; `routes/launches.ts` maps them to problem+json. */
import type { FieldError } from "@yibao/kit";

/** A launch that does not exist. */
export class LaunchNotFound extends Error {
  override name = "LaunchNotFound";
  constructor(readonly id: string) {
    super(`Launch "${id}" was not found`);
  }
}

/** An item waiting for review after its policy changed cannot be launched. */
export class ItemNeedsReview extends Error {
  override name = "ItemNeedsReview";
  constructor(readonly itemIds: string[], readonly problems: FieldError[]) {
    super(`Item ${itemIds.map((i) => `"${i}"`).join(", ")} needs review before it can be launched`);
  }
}

/** The respondent already answered these items of the launch (answers are locked once sent). */
export class AlreadyAnswered extends Error {
  override name = "AlreadyAnswered";
  constructor(readonly itemIds: string[], readonly problems: FieldError[]) {
    super(`Already answered item ${itemIds.map((i) => `"${i}"`).join(", ")}; answers cannot be changed`);
  }
}

/** A follow-up asks only those who took part in the session before. */
export class NotParticipant extends Error {
  override name = "NotParticipant";
  constructor(readonly launchId: string) {
    super(`Follow-up "${launchId}" asks only those who answered in the session before`);
  }
}
