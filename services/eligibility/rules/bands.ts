import { EstimateValidationError } from "./errors.ts";
import { formatRate, formatYuan, formatYuanEn, levelNamesEn, levelNamesZh } from "./format.ts";
import { BP_WHOLE, divFloor, divRoundHalfUp } from "./money.ts";

/** A band as both rate tables and second layers state it. */
export interface BandLike {
  /** Band start (inclusive). */
  fromFen: number;
  /** Band end (exclusive), or null for no end. */
  toFen: number | null;
  /** A flat rate. */
  rateBp?: number;
  /** A rate per hospital level. */
  rateByLevelBp?: { "1": number; "2": number; "3": number };
}

/** The part of a visit's payable amount falling in one band. */
export interface BandShare {
  /** Start of the part (a position on the band scale). */
  fromFen: number;
  /** End of the part (exclusive). */
  toFen: number;
  /** Fen in this band. */
  amountFen: number;
  /** The rate applied (after adjustments); 0 above the last band. */
  rateBp: number;
  /** What the payer pays on this part, rounded as the rule says. */
  fundFen: number;
  /** `amountFen × rateBp`: the unrounded payment in 1/10000 fen. */
  exactTimes10000: number;
  /** Index of the band in its table, or null above the last band. */
  bandIndex: number | null;
}

/**
 * Checks a band list: it starts at 0, each band starts where the one before ends, and only the last may
 * be open-ended. Throws naming the first offending field.
 */
export function validateBands(bands: readonly BandLike[], path: string): void {
  bands.forEach((band, i) => {
    const expectedFrom = i === 0 ? 0 : bands[i - 1]!.toFen;
    if (expectedFrom === null) {
      throw new EstimateValidationError(
        "rule",
        `${path}.${i - 1}.toFen`,
        "only the last band may be open-ended",
      );
    }
    if (band.fromFen !== expectedFrom) {
      throw new EstimateValidationError(
        "rule",
        `${path}.${i}.fromFen`,
        `must be ${expectedFrom} (bands start at 0 and follow each other without gaps)`,
      );
    }
    if (band.toFen !== null && band.toFen <= band.fromFen) {
      throw new EstimateValidationError("rule", `${path}.${i}.toFen`, "must be above fromFen");
    }
  });
}

/** The rate of one band for a hospital level, plus added points (max 100%) less points off (min 0). */
export function bandRate(
  band: BandLike,
  path: string,
  level: 1 | 2 | 3,
  pointsAdded: number,
  pointsOff: number,
): number {
  let base = band.rateBp;
  if (base === undefined) {
    base = (band.rateByLevelBp as Partial<Record<"1" | "2" | "3", number>> | undefined)
      ?.[String(level) as "1"];
  }
  if (base === undefined) {
    throw new EstimateValidationError(
      "rule",
      `${path}.rateByLevelBp.${level}`,
      `has no rate for hospital level ${level}`,
    );
  }
  return Math.max(0, Math.min(BP_WHOLE, base + pointsAdded) - pointsOff);
}

/**
 * Splits the segment `[lo, hi)` of the band scale across `bands`, each part paid at its band's rate.
 * Any part above the last band's end is returned at rate 0 (`bandIndex` null). Only non-empty parts
 * are returned. `round` says whether each part's payment is rounded half up (else rounded down).
 */
export function splitAcrossBands(
  bands: readonly BandLike[],
  path: string,
  lo: number,
  hi: number,
  level: 1 | 2 | 3,
  pointsAdded: number,
  pointsOff: number,
  round: boolean,
): BandShare[] {
  const shares: BandShare[] = [];
  const push = (fromFen: number, toFen: number, rateBp: number, bandIndex: number | null) => {
    const amountFen = toFen - fromFen;
    const exact = amountFen * rateBp;
    const fundFen = round ? divRoundHalfUp(exact, BP_WHOLE) : divFloor(exact, BP_WHOLE);
    shares.push({ fromFen, toFen, amountFen, rateBp, fundFen, exactTimes10000: exact, bandIndex });
  };
  bands.forEach((band, i) => {
    const from = Math.max(lo, band.fromFen);
    const to = band.toFen === null ? hi : Math.min(hi, band.toFen);
    if (to > from) push(from, to, bandRate(band, `${path}.${i}`, level, pointsAdded, pointsOff), i);
  });
  const lastEnd = bands[bands.length - 1]?.toFen ?? null;
  if (lastEnd !== null && hi > Math.max(lo, lastEnd)) push(Math.max(lo, lastEnd), hi, 0, null);
  return shares;
}

/** A Chinese explanation of one band share. */
export function describeShare(
  share: BandShare,
  scaleZh: string,
  level: 1 | 2 | 3,
  payerZh: string,
): string {
  const range = `${scaleZh}${formatYuan(share.fromFen)}至${formatYuan(share.toFen)}段`;
  if (share.bandIndex === null) {
    return `${range}超过最高一段，${payerZh}不支付，由个人负担：${formatYuan(share.amountFen)}`;
  }
  return `${range}（${levelNamesZh[level]}医院）${payerZh}支付${formatRate(share.rateBp)}：${
    formatYuan(share.amountFen)
  } × ${formatRate(share.rateBp)} = ${formatYuan(share.fundFen)}`;
}

/** An English explanation of one band share. */
export function describeShareEn(
  share: BandShare,
  scaleEn: string,
  level: 1 | 2 | 3,
  payerEn: string,
): string {
  const range = `${scaleEn} from ${formatYuanEn(share.fromFen)} to ${formatYuanEn(share.toFen)}`;
  if (share.bandIndex === null) {
    return `${range} lies above the last band: ${payerEn} pays nothing, the insured pays ${
      formatYuanEn(share.amountFen)
    }`;
  }
  return `${range} (${levelNamesEn[level]} hospital): ${payerEn} pays ${formatRate(share.rateBp)}: ${
    formatYuanEn(share.amountFen)
  } × ${formatRate(share.rateBp)} = ${formatYuanEn(share.fundFen)}`;
}
