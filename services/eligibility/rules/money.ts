import { EstimateValidationError } from "./errors.ts";

/** Basis points in a whole: 10000 bp = 100%. */
export const BP_WHOLE = 10_000;

function assertSafeNonNegativeInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new EstimateValidationError("input", what, `must be a non-negative safe integer, got ${value}`);
  }
}

/** `numerator / denominator` for non-negative integers, rounded half up (exact, via BigInt). */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  assertSafeNonNegativeInt(numerator, "numerator");
  assertSafeNonNegativeInt(denominator, "denominator");
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  let q = n / d;
  if (2n * (n % d) >= d) q += 1n;
  return Number(q);
}

/** `numerator / denominator` for non-negative integers, rounded down (exact, via BigInt). */
export function divFloor(numerator: number, denominator: number): number {
  assertSafeNonNegativeInt(numerator, "numerator");
  assertSafeNonNegativeInt(denominator, "denominator");
  return Number(BigInt(numerator) / BigInt(denominator));
}

/** `fen × bp / 10000` in integer arithmetic, rounded half up to the fen. */
export function applyRate(fen: number, bp: number): number {
  assertSafeNonNegativeInt(fen, "fen");
  assertSafeNonNegativeInt(bp, "bp");
  return divRoundHalfUp(fen * bp, BP_WHOLE);
}

/** `fen × bp / 10000` in integer arithmetic, rounded half up when `round`, otherwise down. */
export function applyRateRounded(fen: number, bp: number, round: boolean): number {
  return round ? applyRate(fen, bp) : divFloor(fen * bp, BP_WHOLE);
}
