/**
 * @module
 * Awareness measured honestly: the share of people answering a knowledge item correctly, with a
 * Wilson 95% interval, the 80% target and the small-sample warning, and the pre/post gain.
 *
 * 1. `wilson(correct, n)`: the Wilson score interval at z = 1.959964 (95%); n = 0 gives the whole
 *    range [0, 1] (nothing is known).
 * 2. A segment meets the target only when the interval's lower bound is ≥ 0.80 (`meetsTarget`); the
 *    point estimate alone never counts.
 * 3. Fewer than 60 answers (`tooSmallBelow`) is `tooSmall`: the words say the sample is too small
 *    to tell, whatever the rate.
 * 4. Pre/post, paired by respondent: each person's score is their share correct in the pre-test and
 *    in the post-test; mean individual gain = mean(post − pre) over people who took both; Hake's g =
 *    (mean post − mean pre) / (1 − mean pre) over the same people (null when mean pre is 1 or
 *    nobody is paired); `onlyPre` and `onlyPost` count the people who took one of the two.
 */

/** z for a two-sided 95% interval. */
export const z95 = 1.959964;
/** The awareness target (知晓率 ≥ 80%), applied to the interval's lower bound. */
export const awarenessTarget = 0.8;
/** Below this many answers the sample is too small to tell. */
export const tooSmallBelow = 60;

/** The Wilson score interval of `correct` successes in `n` trials. */
export function wilson(correct: number, n: number, z = z95): { lower: number; upper: number } {
  if (!Number.isInteger(n) || !Number.isInteger(correct) || n < 0 || correct < 0 || correct > n) {
    throw new RangeError(`wilson(${correct}, ${n}): need integers 0 ≤ correct ≤ n`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  const p = correct / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** True only when the lower bound of the interval reaches the target. */
export function meetsTarget(lower: number, target = awarenessTarget): boolean {
  return lower >= target;
}

/** True when there are too few answers to tell. */
export function tooSmall(n: number): boolean {
  return n < tooSmallBelow;
}

/** One segment's awareness: n, correct, rate and interval, target and sample-size verdicts. */
export interface Awareness {
  n: number;
  correct: number;
  /** correct / n; null when n = 0. */
  rate: number | null;
  lower: number;
  upper: number;
  meetsTarget: boolean;
  tooSmall: boolean;
}

/** The awareness of `correct` of `n`. */
export function awareness(correct: number, n: number): Awareness {
  const { lower, upper } = wilson(correct, n);
  return {
    n,
    correct,
    rate: n === 0 ? null : correct / n,
    lower,
    upper,
    meetsTarget: n > 0 && meetsTarget(lower),
    tooSmall: tooSmall(n),
  };
}

/** One answer to a knowledge item in a pre- or post-test. */
export interface ScoredAnswer {
  respondentId: string;
  correct: boolean;
}

/** The pre/post comparison over paired respondents. */
export interface PrePost {
  paired: number;
  onlyPre: number;
  onlyPost: number;
  /** Mean of each paired person's pre-test score (share correct); null when nobody is paired. */
  meanPre: number | null;
  meanPost: number | null;
  /** mean(post − pre) over paired people. */
  meanGain: number | null;
  /** (meanPost − meanPre) / (1 − meanPre); null when unpaired or meanPre = 1. */
  hakeG: number | null;
}

/** Each respondent's share correct. */
export function scores(answers: ScoredAnswer[]): Map<string, number> {
  const tally = new Map<string, { right: number; all: number }>();
  for (const a of answers) {
    const t = tally.get(a.respondentId) ?? { right: 0, all: 0 };
    t.all++;
    if (a.correct) t.right++;
    tally.set(a.respondentId, t);
  }
  return new Map([...tally].map(([id, t]) => [id, t.right / t.all]));
}

/** The pre/post gain, paired by respondent. */
export function prePost(pre: ScoredAnswer[], post: ScoredAnswer[]): PrePost {
  const a = scores(pre);
  const b = scores(post);
  const pairs: [number, number][] = [];
  for (const [id, s] of a) {
    const t = b.get(id);
    if (t !== undefined) pairs.push([s, t]);
  }
  const paired = pairs.length;
  const onlyPre = a.size - paired;
  const onlyPost = b.size - paired;
  if (paired === 0) {
    return { paired, onlyPre, onlyPost, meanPre: null, meanPost: null, meanGain: null, hakeG: null };
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const meanPre = mean(pairs.map((p) => p[0]));
  const meanPost = mean(pairs.map((p) => p[1]));
  const meanGain = mean(pairs.map((p) => p[1] - p[0]));
  const hakeG = meanPre >= 1 ? null : (meanPost - meanPre) / (1 - meanPre);
  return { paired, onlyPre, onlyPost, meanPre, meanPost, meanGain, hakeG };
}
