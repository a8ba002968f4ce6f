/**
 * @module
 * What import and export share: an item as read from a file (before it is cited and stored), and
 * the refusal that names the item and the construct outside the supported subset.
 */
import type { ItemKind } from "./model.ts";

/** An item as a file gives it. */
export interface Imported {
  /** The item's identifier in the file (QTI `identifier`, GIFT `::title::`), or `q<n>` when none. */
  ident: string;
  kind: ItemKind;
  stem: string;
  choices: { id: string; text: string }[];
  correctChoiceIds: string[];
  explanation: string;
}

/** One thing outside the subset, or wrong, in one item of a file. */
export interface Refusal {
  /** 1-based position of the item in the file. */
  position: number;
  ident: string;
  zh: string;
  en: string;
}

/** A file that cannot be imported (or items that cannot be exported), every refusal named. */
export class InterchangeRefused extends Error {
  override name = "InterchangeRefused";
  constructor(readonly refusals: Refusal[]) {
    super(refusals.map((r) => r.en).join("; "));
  }
}

/** A refusal: "第 3 题（标识 q3）使用了不支持的题型 matching / Item 3 (q3) uses matching, which is not supported". */
export function unsupported(position: number, ident: string, construct: string): Refusal {
  return {
    position,
    ident,
    zh: `第 ${position} 题（标识 ${ident}）使用了不支持的题型 ${construct}`,
    en: `Item ${position} (${ident}) uses ${construct}, which is not supported`,
  };
}

/** A refusal for anything else wrong with an item. */
export function wrong(position: number, ident: string, zh: string, en: string): Refusal {
  return {
    position,
    ident,
    zh: `第 ${position} 题（标识 ${ident}）${zh}`,
    en: `Item ${position} (${ident}) ${en}`,
  };
}

/** Choice ids for files that have none: a, b, c … */
export function letterId(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : `c${n + 1}`;
}
