/** Where an invalid value came from: the benefit rule or the estimate input. */
export type ValidationSource = "rule" | "input";

/**
 * A benefit rule or an estimate input that cannot be evaluated. `field` names the offending field as
 * a dotted path (`rates.bands.1.rateByLevelBp.2`, `visit.registered`), so callers can say exactly what
 * is missing instead of the estimator silently paying 0.
 */
export class EstimateValidationError extends Error {
  override name = "EstimateValidationError";
  /** Creates the error for `field` of the rule or the input; `zh` says it in Chinese for people. */
  constructor(
    readonly source: ValidationSource,
    readonly field: string,
    message: string,
    readonly zh?: string,
  ) {
    super(`${source === "rule" ? "Benefit rule" : "Estimate input"} field "${field}": ${message}`);
  }
}
