/** Overlaps between sessions' occurrences, with buffers before and after. */
import type { Occurrence } from "./recurrence.ts";

/** One occurrence of another session that collides with the candidate. */
export interface Clash {
  sessionId: string;
  reason: "host" | "channel";
  start: number;
  end: number;
}

/** Another scheduled session, with its occurrences in the window checked. */
export interface Neighbour {
  id: string;
  sameHost: boolean;
  sameChannel: boolean;
  occurrences: Occurrence[];
}

/**
 * The neighbours' occurrences that come closer than `bufferMs` to one of the candidate's live
 * occurrences (cancelled ones never clash). Sweeps both sorted lists, so O(n + m) per neighbour.
 */
export function findClashes(candidate: Occurrence[], neighbours: Neighbour[], bufferMs: number): Clash[] {
  const mine = candidate.filter((o) => !o.cancelled).sort((a, b) => a.start - b.start);
  const clashes: Clash[] = [];
  for (const n of neighbours) {
    const theirs = n.occurrences.filter((o) => !o.cancelled).sort((a, b) => a.start - b.start);
    let i = 0;
    let j = 0;
    while (i < mine.length && j < theirs.length) {
      const a = mine[i]!;
      const b = theirs[j]!;
      if (a.start < b.end + bufferMs && b.start < a.end + bufferMs) {
        clashes.push({
          sessionId: n.id,
          reason: n.sameHost ? "host" : "channel",
          start: b.start,
          end: b.end,
        });
        break; // one clash per neighbour is enough to name it
      }
      if (a.end + bufferMs <= b.start) i++;
      else j++;
    }
  }
  return clashes;
}
