/**
 * @module
 * A launch's results from counted answers, and the pseudonymous names of a timed quiz's
 * leaderboard. Pure.
 *
 * 1. Per item: `answered` (n), `counts` per choice id (a rating item counts "1"…"5"), and for a
 *    knowledge item `correct` (how many) and `shareCorrect` (correct / n, null when n = 0), with the
 *    key and its explanation (shown to the audience only once the host reveals the results).
 * 2. Open-text answers go to the host only (`texts`, newest first); the audience sees their number.
 * 3. Leaderboard (timed quizzes): correct answers first, then less total time from the launch's
 *    opening to each answer; a respondent appears under a name derived from their pseudonymous id,
 *    never the id itself.
 */
import { choicesOf, isKnowledge, type LiveItem } from "../answers/grading.ts";

/** One item's results. */
export interface ItemResults {
  itemId: string;
  kind: LiveItem["kind"];
  answered: number;
  counts: Record<string, number>;
  correct: number | null;
  shareCorrect: number | null;
  correctChoiceIds: string[] | null;
  explanation: string | null;
  meanRating: number | null;
  texts?: string[];
}

/** Counted answers of one item, as the results query returns them. */
export interface CountedItem {
  itemId: string;
  answered: number;
  correct: number;
  counts: Record<string, number>;
  texts: string[];
}

/** Results per item, in the launch's order. */
export function itemResults(
  items: LiveItem[],
  counted: Map<string, CountedItem>,
  options: { forHost: boolean },
): ItemResults[] {
  return items.map((item) => {
    const c = counted.get(item.id);
    const answered = c?.answered ?? 0;
    const counts: Record<string, number> = {};
    const ids = item.kind === "rating" ? ["1", "2", "3", "4", "5"] : choicesOf(item).map((x) => x.id);
    for (const id of ids) counts[id] = c?.counts[id] ?? 0;
    const knowledge = isKnowledge(item);
    const ratingTotal = item.kind === "rating" ? ids.reduce((s, id) => s + Number(id) * counts[id]!, 0) : 0;
    return {
      itemId: item.id,
      kind: item.kind,
      answered,
      counts,
      correct: knowledge ? (c?.correct ?? 0) : null,
      shareCorrect: knowledge && answered > 0
        ? Math.round(((c?.correct ?? 0) / answered) * 10_000) / 10_000
        : null,
      correctChoiceIds: knowledge ? item.correctChoiceIds : null,
      explanation: knowledge ? item.explanation : null,
      meanRating: item.kind === "rating" && answered > 0
        ? Math.round((ratingTotal / answered) * 100) / 100
        : null,
      ...(options.forHost && item.kind === "openText" ? { texts: c?.texts ?? [] } : {}),
    };
  });
}

const names: [string, string][] = [
  ["熊猫", "Panda"],
  ["白鹭", "Egret"],
  ["银杏", "Ginkgo"],
  ["海燕", "Petrel"],
  ["梅花", "Plum"],
  ["仙鹤", "Crane"],
  ["青松", "Pine"],
  ["锦鲤", "Koi"],
  ["云雀", "Lark"],
  ["翠竹", "Bamboo"],
  ["喜鹊", "Magpie"],
  ["海豚", "Dolphin"],
];

/** A pseudonymous display name for a respondent id (hex): the same id, the same name. */
export function displayName(respondentId: string): string {
  const n = parseInt(respondentId.slice(0, 8), 16) || 0;
  const [zh, en] = names[n % names.length]!;
  const number = String(Math.floor(n / names.length) % 1000).padStart(3, "0");
  return `${zh} ${number} / ${en} ${number}`;
}

/** One row of a timed quiz's leaderboard. */
export interface LeaderRow {
  rank: number;
  displayName: string;
  correct: number;
  answered: number;
  totalSeconds: number;
}

/** Ranks respondents: most correct first, then least total time. */
export function leaderboard(
  rows: { respondentId: string; correct: number; answered: number; totalMs: number }[],
  top = 10,
): LeaderRow[] {
  return [...rows]
    .sort((a, b) =>
      b.correct - a.correct || a.totalMs - b.totalMs || a.respondentId.localeCompare(b.respondentId)
    )
    .slice(0, top)
    .map((r, i) => ({
      rank: i + 1,
      displayName: displayName(r.respondentId),
      correct: r.correct,
      answered: r.answered,
      totalSeconds: Math.round(r.totalMs / 100) / 10,
    }));
}
