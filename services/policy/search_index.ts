/**
 * An in-process full-text index of policy versions, for the catalogue search (no region): it ranks a
 * question's hits as the graph's `policy_version_dated` fulltext index does, so Neo4j is asked only
 * to check and project the few best instead of scoring every version that shares a bigram with the
 * question (about half of Neo4j's CPU per search on the national bench graph).
 *
 * 1. Text is cut into terms as Lucene's `CJKAnalyzer` (the fulltext indexes' `cjk` analyzer) cuts it:
 *    width-folded (NFKC) and lowercased; each run of Han characters into its bigrams (a lone character
 *    alone); Latin words and numbers whole (digits joined by `.` or `,`), English stop words left out.
 * 2. Each version has three fields, `title`, `body` and `searchText`, as the graph's indexes do. A hit's
 *    score is the sum, over the question's terms (repeats count again) and the fields, of Lucene's BM25
 *    (k1 = 1.2, b = 0.75, no `k1 + 1` factor; a field's length kept in one byte, `SmallFloat.intToByte4`,
 *    as Lucene keeps it): idf · tf / (tf + k1 · (1 − b + b · length / average length)).
 * 3. Only versions valid on the date (`effectiveFrom ≤ asOf < effectiveTo`) are ranked, as the graph's
 *    index skips ended ones (`searchEnded`): the caller's query checks the dates again in the graph, so
 *    this is a filter for speed, never the rule.
 *
 * Nothing here is authoritative: the service fills it from the graph, refreshes a policy's versions on
 * each policy event and checks on every search that it holds as many versions as the graph (see
 * search_index_sync.ts).
 */

/** The three text fields of a version, as the graph's fulltext indexes hold them. */
const fields = ["title", "body", "searchText"] as const;
const k1 = 1.2;
const b = 0.75;

/** What the index keeps of a policy version (dates `yyyy-mm-dd`). */
export interface IndexedVersion {
  id: string;
  policyId: string;
  title: string;
  body: string | null;
  searchText: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** A ranked hit: the version's id, its score, and whether it holds one of the question's own words. */
export interface RankedHit {
  id: string;
  score: number;
  held: boolean;
}

// The CJKAnalyzer's English stop words (lucene/analysis/cjk/stopwords.txt).
const stopWords = new Set(
  ("a and are as at be but by for if in into is it no not of on or s such t that the their then there " +
    "these they this to was will with www").split(" "),
);
const tokenRe = /\p{Script=Han}+|\p{N}+(?:[.,]\p{N}+)*|[[\p{L}\p{N}\p{M}_]--\p{Script=Han}]+/gv;
const hanRe = /\p{Script=Han}/u;

/** The terms Lucene's `cjk` analyzer makes of a text, in order (repeats kept). */
export function cjkTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(tokenRe)) {
    const run = m[0];
    if (hanRe.test(run[0]!)) {
      const chars = [...run];
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else if (!stopWords.has(run)) {
      out.push(run);
    }
  }
  return out;
}

/** Lucene's `SmallFloat.intToByte4`: a length in one byte, exact below 24, then 4 significant bits. */
export function lengthToByte(n: number): number {
  if (n < 24) return n;
  const i = n - 24;
  const bits = 32 - Math.clz32(i);
  if (bits < 4) return 24 + i;
  const shift = bits - 4;
  return 24 + (((i >>> shift) & 0x07) | ((shift + 1) << 3));
}

/** Lucene's `SmallFloat.byte4ToInt`: the length a norm byte stands for. */
export function byteToLength(v: number): number {
  if (v < 24) return v;
  const i = v - 24;
  const bits = i & 0x07;
  const shift = (i >>> 3) - 1;
  return 24 + (shift === -1 ? bits : (bits | 0x08) * 2 ** shift);
}

const lengthTable = Array.from({ length: 256 }, (_, i) => byteToLength(i));

/** A date `yyyy-mm-dd` as the number yyyymmdd (none: +∞). */
function day(date: string | null): number {
  return date === null ? Infinity : Number(date.slice(0, 10).replaceAll("-", ""));
}

/** A term's postings: the documents holding it and, packed 10 bits a field, its frequency in each field. */
interface Postings {
  docs: number[];
  tfs: number[];
  /** Live documents holding the term, per field. */
  df: [number, number, number];
}

const tfBits = 10;
const tfMax = (1 << tfBits) - 1;
const tfOf = (packed: number, fi: number) => (packed >>> (tfBits * fi)) & tfMax;

/** The index: add, replace and remove versions by policy; rank a question's hits valid on a date. */
export class SearchIndex {
  #ids: string[] = [];
  #policy: string[] = [];
  #from: number[] = [];
  #to: number[] = [];
  #alive: boolean[] = [];
  /** Norm byte per field (−1: the version has no such field). */
  #norms: [number[], number[], number[]] = [[], [], []];
  /** Each document's terms: [posting index, packed frequencies, …], to score it alone and to undo its counts. */
  #docTerms: Int32Array[] = [];
  #termIndex = new Map<string, number>();
  #postings: Postings[] = [];
  #byId = new Map<string, number>();
  #byPolicy = new Map<string, Set<number>>();
  #docCount: [number, number, number] = [0, 0, 0];
  #sumLength: [number, number, number] = [0, 0, 0];
  #live = 0;
  #scores = new Float64Array(0);
  /** Per document during a ranking: 1 when a proving term scored it (see {@linkcode rank}). */
  #held = new Uint8Array(0);

  /** Versions held now. */
  get size(): number {
    return this.#live;
  }

  /** Ids of the versions held, with their policies. */
  entries(): { id: string; policyId: string }[] {
    return [...this.#byId].map(([id, d]) => ({ id, policyId: this.#policy[d]! }));
  }

  /** Adds a version, replacing one with the same id. */
  add(v: IndexedVersion): void {
    this.remove(v.id);
    const d = this.#ids.length;
    this.#ids.push(v.id);
    this.#policy.push(v.policyId);
    this.#from.push(day(v.effectiveFrom));
    this.#to.push(day(v.effectiveTo));
    this.#alive.push(true);
    const counts = new Map<number, number>();
    fields.forEach((f, i) => {
      const fi = i as 0 | 1 | 2;
      const text = v[f];
      if (text === null || text === undefined) {
        this.#norms[fi].push(-1);
        return;
      }
      const terms = cjkTerms(text);
      this.#norms[fi].push(lengthToByte(terms.length));
      this.#docCount[fi] += 1;
      this.#sumLength[fi] += terms.length;
      for (const t of terms) {
        let ti = this.#termIndex.get(t);
        if (ti === undefined) {
          ti = this.#postings.length;
          this.#termIndex.set(t, ti);
          this.#postings.push({ docs: [], tfs: [], df: [0, 0, 0] });
        }
        const packed = counts.get(ti) ?? 0;
        if (tfOf(packed, fi) < tfMax) counts.set(ti, packed + (1 << (tfBits * fi)));
      }
    });
    const own = new Int32Array(counts.size * 2);
    let k = 0;
    for (const [ti, packed] of counts) {
      const p = this.#postings[ti]!;
      p.docs.push(d);
      p.tfs.push(packed);
      for (let fi = 0; fi < 3; fi++) if (tfOf(packed, fi) > 0) p.df[fi as 0 | 1 | 2] += 1;
      own[k++] = ti;
      own[k++] = packed;
    }
    this.#docTerms.push(own);
    this.#byId.set(v.id, d);
    let set = this.#byPolicy.get(v.policyId);
    if (!set) this.#byPolicy.set(v.policyId, set = new Set());
    set.add(d);
    this.#live++;
  }

  /** Removes a version (its postings are skipped, and dropped when {@linkcode compact} runs). */
  remove(id: string): void {
    const d = this.#byId.get(id);
    if (d === undefined) return;
    this.#byId.delete(id);
    this.#alive[d] = false;
    this.#byPolicy.get(this.#policy[d]!)?.delete(d);
    for (let fi = 0; fi < 3; fi++) {
      if (this.#norms[fi]![d]! >= 0) this.#docCount[fi as 0 | 1 | 2] -= 1;
    }
    const own = this.#docTerms[d]!;
    for (let k = 0; k < own.length; k += 2) {
      const p = this.#postings[own[k]!]!;
      for (let fi = 0; fi < 3; fi++) {
        const tf = tfOf(own[k + 1]!, fi);
        this.#sumLength[fi as 0 | 1 | 2] -= tf;
        if (tf > 0) p.df[fi as 0 | 1 | 2] -= 1;
      }
    }
    this.#docTerms[d] = new Int32Array(0);
    this.#live--;
  }

  /** Replaces every version of a policy with `versions` (none: the policy is gone). */
  replacePolicy(policyId: string, versions: IndexedVersion[]): void {
    const old = [...(this.#byPolicy.get(policyId) ?? [])].map((d) => this.#ids[d]!);
    for (const id of old) this.remove(id);
    for (const v of versions) this.add(v);
    if (!this.#byPolicy.get(policyId)?.size) this.#byPolicy.delete(policyId);
    this.compactIfSparse();
  }

  /** Compacts when more than half of the documents held are removed ones. */
  compactIfSparse(): void {
    if (this.#ids.length > 1_000 && this.#live < this.#ids.length / 2) this.compact();
  }

  /** Drops removed versions' postings and renumbers the rest. */
  compact(): void {
    const keep: number[] = [];
    for (let d = 0; d < this.#ids.length; d++) if (this.#alive[d]) keep.push(d);
    const renumber = new Int32Array(this.#ids.length).fill(-1);
    keep.forEach((d, i) => renumber[d] = i);
    const pick = <T>(xs: T[]) => keep.map((d) => xs[d]!);
    this.#ids = pick(this.#ids);
    this.#policy = pick(this.#policy);
    this.#from = pick(this.#from);
    this.#to = pick(this.#to);
    this.#alive = keep.map(() => true);
    this.#norms = [pick(this.#norms[0]), pick(this.#norms[1]), pick(this.#norms[2])];
    this.#docTerms = pick(this.#docTerms);
    for (const p of this.#postings) {
      const docs: number[] = [];
      const tfs: number[] = [];
      for (let i = 0; i < p.docs.length; i++) {
        const to = renumber[p.docs[i]!]!;
        if (to < 0) continue;
        docs.push(to);
        tfs.push(p.tfs[i]!);
      }
      p.docs = docs;
      p.tfs = tfs;
    }
    this.#byId = new Map(this.#ids.map((id, i) => [id, i]));
    this.#byPolicy = new Map();
    this.#ids.forEach((_, i) => {
      const pid = this.#policy[i]!;
      let set = this.#byPolicy.get(pid);
      if (!set) this.#byPolicy.set(pid, set = new Set());
      set.add(i);
    });
  }

  /**
   * The question's terms the index holds, each with its postings and, per field, its idf and that
   * field's scoring table by norm byte (idf 0: no document holds the term in that field). Repeated
   * terms stay repeated (each occurrence adds again), in the question's order.
   */
  #weights(terms: readonly string[], proving: ReadonlySet<string>) {
    const weights: { ti: number; proves: boolean; idf: [number, number, number]; cache: number[][] }[] = [];
    for (const t of terms) {
      const ti = this.#termIndex.get(t);
      if (ti === undefined) continue;
      const p = this.#postings[ti]!;
      const idf: [number, number, number] = [0, 0, 0];
      const cache: number[][] = [[], [], []];
      for (let fi = 0 as 0 | 1 | 2; fi < 3; fi = (fi + 1) as 0 | 1 | 2) {
        const df = p.df[fi];
        const docCount = this.#docCount[fi];
        if (df === 0 || docCount === 0) continue;
        idf[fi] = Math.fround(Math.log(1 + (docCount - df + 0.5) / (df + 0.5)));
        const avg = Math.fround(this.#sumLength[fi] / docCount);
        cache[fi] = lengthTable.map((len) => Math.fround(k1 * ((1 - b) + (b * len) / avg)));
      }
      weights.push({ ti, proves: proving.has(t), idf, cache });
    }
    return weights;
  }

  /**
   * A document's score with the term's packed frequencies added, field by field in field order (the
   * order every ranking adds in, so equal inputs give equal floats), and whether the term counted (the
   * document holds it in a field the index weighs).
   */
  #addTerm(
    before: number,
    packed: number,
    d: number,
    w: { idf: number[]; cache: number[][] },
  ): { score: number; counted: boolean } {
    let score = before;
    let counted = false;
    for (let fi = 0; fi < 3; fi++) {
      const tf = (packed >>> (tfBits * fi)) & tfMax;
      const idf = w.idf[fi]!;
      if (tf === 0 || idf === 0) continue;
      score += idf - idf / (1 + tf / w.cache[fi]![this.#norms[fi]![d]!]!);
      counted = true;
    }
    return { score, counted };
  }

  /**
   * Ranks only the versions `ids` (e.g. those the in-force rule gives for a region), best first, those
   * holding none of the terms left out; `missing` when the index does not hold one of them (then the
   * ranking is incomplete and the caller must not use it). `held` as in {@linkcode rank}.
   */
  rankAmong(
    terms: readonly string[],
    ids: readonly string[],
    proving: ReadonlySet<string> = new Set(),
  ): { hits: RankedHit[]; missing: boolean } {
    const weights = this.#weights(terms, proving);
    const hits: RankedHit[] = [];
    for (const id of ids) {
      const d = this.#byId.get(id);
      if (d === undefined) return { hits: [], missing: true };
      const own = this.#docTerms[d]!;
      let score = 0;
      let held = false;
      for (const w of weights) {
        const packed = packedOf(own, w.ti);
        if (packed === 0) continue;
        const added = this.#addTerm(score, packed, d, w);
        if (added.counted && w.proves) held = true;
        score = added.score;
      }
      if (score > 0) hits.push({ id, score: Math.fround(score), held });
    }
    hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    return { hits, missing: false };
  }

  /**
   * The best `limit` versions valid on `asOf` (`yyyy-mm-dd`) for the question's `terms` (as
   * {@linkcode cjkTerms} cuts them), best first (equal scores by id), and how many valid versions hold
   * any of the terms. A hit is `held` when it holds, as a term, one of `proving` (the question's words as
   * snippet.ts cuts them): its text then certainly contains that word, and the graph need not look.
   *
   * Each term's postings are read once, for its three fields together.
   */
  rank(
    terms: readonly string[],
    asOf: string,
    limit: number,
    proving: ReadonlySet<string> = new Set(),
  ): { hits: RankedHit[]; total: number } {
    const n = this.#ids.length;
    if (this.#scores.length < n) {
      const size = Math.max(n, this.#scores.length * 2);
      this.#scores = new Float64Array(size);
      this.#held = new Uint8Array(size);
    }
    const scores = this.#scores;
    const heldBy = this.#held;
    const date = day(asOf);
    const touched: number[] = [];
    const alive = this.#alive, from = this.#from, to = this.#to;
    const [norms0, norms1, norms2] = this.#norms;
    for (const w of this.#weights(terms, proving)) {
      const p = this.#postings[w.ti]!;
      const docs = p.docs, tfs = p.tfs;
      const [idf0, idf1, idf2] = w.idf;
      const [cache0, cache1, cache2] = w.cache as [number[], number[], number[]];
      const proves = w.proves ? 1 : 0;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (!alive[d] || from[d]! > date || date >= to[d]!) continue;
        const packed = tfs[i]!;
        const tf0 = idf0 === 0 ? 0 : packed & tfMax;
        const tf1 = idf1 === 0 ? 0 : (packed >>> tfBits) & tfMax;
        const tf2 = idf2 === 0 ? 0 : (packed >>> (2 * tfBits)) & tfMax;
        if (tf0 === 0 && tf1 === 0 && tf2 === 0) continue;
        // the fields in order, as #addTerm adds them (written out: this loop is the search's hot path)
        let score = scores[d]!;
        if (score === 0) touched.push(d);
        if (tf0 !== 0) score += idf0 - idf0 / (1 + tf0 / cache0[norms0[d]!]!);
        if (tf1 !== 0) score += idf1 - idf1 / (1 + tf1 / cache1[norms1[d]!]!);
        if (tf2 !== 0) score += idf2 - idf2 / (1 + tf2 / cache2[norms2[d]!]!);
        scores[d] = score;
        heldBy[d]! |= proves;
      }
    }
    const ids = this.#ids;
    const byScoreThenId = (x: number, y: number) => scores[y]! - scores[x]! || (ids[x]! < ids[y]! ? -1 : 1);
    let best: number[];
    if (touched.length <= limit) {
      best = touched.sort(byScoreThenId);
    } else {
      // Only the best `limit` are sorted: those above the limit-th best score, then, of the versions
      // tied at it, the first by id (with many ties, sorting them all by score first cost more than the
      // postings' scan).
      const values = new Float64Array(touched.length);
      for (let i = 0; i < touched.length; i++) values[i] = scores[touched[i]!]!;
      const cut = kthLargest(values, limit);
      const above: number[] = [];
      const tied: number[] = [];
      for (const d of touched) {
        const score = scores[d]!;
        if (score > cut) above.push(d);
        else if (score === cut) tied.push(d);
      }
      above.sort(byScoreThenId);
      tied.sort((x, y) => (ids[x]! < ids[y]! ? -1 : 1));
      best = above.concat(tied.slice(0, limit - above.length));
    }
    const hits = best.map((d) => ({
      id: ids[d]!,
      score: Math.fround(scores[d]!),
      held: heldBy[d] === 1,
    }));
    for (const d of touched) {
      scores[d] = 0;
      heldBy[d] = 0;
    }
    return { hits, total: touched.length };
  }
}

/**
 * The `k`-th largest of `values` (1 ≤ k ≤ length), found in linear time on average (Hoare's
 * selection); reorders `values`.
 */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1; // the position it would have sorted largest first
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

/** A document's packed frequencies of term `ti` (its own terms, [term, packed, …]); 0 when it lacks the term. */
function packedOf(own: Int32Array, ti: number): number {
  for (let k = 0; k < own.length; k += 2) if (own[k] === ti) return own[k + 1]!;
  return 0;
}
