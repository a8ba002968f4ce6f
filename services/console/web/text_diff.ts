/**
 * A character diff of Chinese text that people can read: a plain character diff of two rewritten
 * sentences matches scattered single characters ("起 付"), leaving confetti. Short equal runs caught
 * between changes are folded into the change (a semantic clean-up, as diff-match-patch does), so a
 * rewritten phrase reads as one deletion and one insertion, and unchanged sentences stay whole.
 */
import { diffChars } from "diff";

/** One piece of the diff. */
export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

/** Equal runs this short between two changes are folded into them. */
const foldBelow = 4;

/** The readable diff from `before` to `after`. */
export function readableDiff(before: string, after: string): DiffPart[] {
  const raw: DiffPart[] = diffChars(before, after).map((p) => ({
    kind: p.added ? "added" : p.removed ? "removed" : "same",
    text: p.value,
  }));
  // fold short equal runs that sit between changes
  const folded: DiffPart[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i]!;
    const changedBefore = folded.length > 0 && folded.at(-1)!.kind !== "same";
    const changedAfter = raw.slice(i + 1).find((x) =>
          x.kind !== "same" || x.text.length > 0
        )?.kind !== "same" &&
      i + 1 < raw.length;
    if (p.kind === "same" && [...p.text].length < foldBelow && changedBefore && changedAfter) {
      folded.push({ kind: "removed", text: p.text }, { kind: "added", text: p.text });
    } else folded.push(p);
  }
  // within each run of changes, all removals first, then all additions
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) out.push({ kind: "removed", text: removed });
    if (added) out.push({ kind: "added", text: added });
    removed = "";
    added = "";
  };
  for (const p of folded) {
    if (p.kind === "removed") removed += p.text;
    else if (p.kind === "added") added += p.text;
    else {
      flush();
      out.push(p);
    }
  }
  flush();
  return out;
}
