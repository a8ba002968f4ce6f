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
 * The second layer on one visit. It looks at the residual in-scope amount (the class-B self-pay share
 * and self-pay items are not in scope, so they never reach it). Simplification: the layer's deductible is
 * taken once a year — on a visit when the layer has paid nothing yet this year
 * (`ytd.secondLayerPaidFen === 0`); once it has paid, the deductible counts as met. The bands are
 * measured on this visit's residual above the deductible, from 0. The layer's annual cap limits it to
 * `annualCapFen − ytd.secondLayerPaidFen` (never negative).
 */
export function secondLayer(
  layer: SecondLayerRule,
  residualFen: number,
  ytd: YearToDate,
  round: boolean,
): SecondLayerResult {
  const deductibleFen = ytd.secondLayerPaidFen > 0 ? 0 : Math.min(layer.deductibleFen, residualFen);
  const bands = splitAcrossBands(
    layer.bands,
    "secondLayer.bands",
    0,
    residualFen - deductibleFen,
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
  return { residualFen, deductibleFen, bands, fundBeforeCapFen, capFen: fundBeforeCapFen - fundFen, fundFen };
}
