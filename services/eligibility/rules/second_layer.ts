import type { BenefitRule } from "@yibao/domain";
import { type BandShare, splitAcrossBands } from "./bands.ts";
import type { YearToDate } from "./input.ts";

/** A second layer (大病保险) as the rule model states it. */
export type SecondLayerRule = NonNullable<BenefitRule["secondLayer"]>;

/** What the second layer pays on one visit. */
export interface SecondLayerResult {
  /** The residual in-scope amount it looks at: in-scope − what the basic fund pays. */
  residualFen: number;
  /** The layer's deductible taken on this visit. */
  deductibleFen: number;
  /** The year-to-date residual the layer continued from, or null when it was not given. */
  baseFen: number | null;
  /** The residual above the deductible, split across the layer's bands. */
  bands: BandShare[];
  /** The layer's payment before its annual cap. */
  fundBeforeCapFen: number;
  /** The part cut by the layer's annual cap. */
  capFen: number;
  /** What the layer pays. */
  fundFen: number;
}

/**
 * The second layer on one visit. It looks at the residual in-scope amount (the class-B and category
 * self-pay shares, parts above price limits and self-pay items are not in scope, so they never reach it).
 *
 * Over a year (`ytd.secondLayerBaseFen` given, B): the layer's scale is the year's cumulative residual.
 * This visit adds `[B, B + residual)` to it; the layer's deductible D takes what of that lies below D
 * (`min(residual, max(0, D − B))`), and the bands are positions on the cumulative residual above D, so
 * this visit's part is `[max(0, B − D), max(0, B + residual − D))` — a second visit continues in the
 * band where the first left off.
 *
 * Without it (older callers): the deductible is taken on a visit when the layer has paid nothing yet
 * this year (`ytd.secondLayerPaidFen === 0`) and counts as met afterwards; the bands are measured on this
 * visit's residual above the deductible, from 0.
 *
 * Either way the layer's annual cap limits it to `annualCapFen − ytd.secondLayerPaidFen` (never negative).
 */
export function secondLayer(
  layer: SecondLayerRule,
  residualFen: number,
  ytd: YearToDate,
  round: boolean,
): SecondLayerResult {
  const base = ytd.secondLayerBaseFen;
  let deductibleFen: number;
  let lo: number;
  if (base === undefined) {
    deductibleFen = ytd.secondLayerPaidFen > 0 ? 0 : Math.min(layer.deductibleFen, residualFen);
    lo = 0;
  } else {
    deductibleFen = Math.min(residualFen, Math.max(0, layer.deductibleFen - base));
    lo = Math.max(0, base - layer.deductibleFen);
  }
  const bands = splitAcrossBands(
    layer.bands,
    "secondLayer.bands",
    lo,
    lo + residualFen - deductibleFen,
    1,
    0,
    0,
    round,
  );
  const fundBeforeCapFen = bands.reduce((sum, b) => sum + b.fundFen, 0);
  const available = layer.annualCapFen === null
    ? Number.POSITIVE_INFINITY
    : Math.max(0, layer.annualCapFen - ytd.secondLayerPaidFen);
  const fundFen = Math.min(fundBeforeCapFen, available);
  return {
    residualFen,
    deductibleFen,
    baseFen: base ?? null,
    bands,
    fundBeforeCapFen,
    capFen: fundBeforeCapFen - fundFen,
    fundFen,
  };
}
