/** Fen as yuan with thousands separators and two decimals: 120000 → "1,200.00元". */
export function formatYuan(fen: number): string {
  return `${yuanFigure(fen)}元`;
}

/** Fen as yuan in English text: 120000 → "1,200.00 yuan". */
export function formatYuanEn(fen: number): string {
  return `${yuanFigure(fen)} yuan`;
}

/**
 * "1,234.56" for 123456 fen, in integer arithmetic (it runs several times for every line of every
 * estimate: `padStart`, slices and a second pass for the English form cost a third more).
 */
function yuanFigure(fen: number): string {
  const abs = fen < 0 ? -fen : fen;
  const cents = abs % 100;
  let yuan = (abs - cents) / 100;
  let out = cents < 10 ? `.0${cents}` : `.${cents}`;
  while (yuan >= 1000) {
    const group = yuan % 1000;
    out = (group < 10 ? ",00" : group < 100 ? ",0" : ",") + group + out;
    yuan = (yuan - group) / 1000;
  }
  return fen < 0 ? `-${yuan}${out}` : `${yuan}${out}`;
}

/** Basis points as a percentage without trailing zeros: 9610 → "96.1%", 1000 → "10%". */
export function formatRate(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const cents = bp % 100;
  if (cents === 0) return `${whole}%`;
  return cents % 10 === 0 ? `${whole}.${cents / 10}%` : `${whole}.${cents < 10 ? "0" : ""}${cents}%`;
}

/** Chinese names of hospital levels. */
export const levelNamesZh: Record<1 | 2 | 3, string> = { 1: "一级", 2: "二级", 3: "三级" };

/** English names of hospital levels. */
export const levelNamesEn: Record<1 | 2 | 3, string> = { 1: "level-1", 2: "level-2", 3: "level-3" };
