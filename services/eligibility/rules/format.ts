/** Fen as yuan with thousands separators and two decimals: 120000 → "1,200.00元". */
export function formatYuan(fen: number): string {
  const yuan = Math.trunc(fen / 100);
  const cents = String(Math.abs(fen % 100)).padStart(2, "0");
  const grouped = String(Math.abs(yuan)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "-" : ""}${grouped}.${cents}元`;
}

/** Fen as yuan in English text: 120000 → "1,200.00 yuan". */
export function formatYuanEn(fen: number): string {
  return `${formatYuan(fen).slice(0, -1)} yuan`;
}

/** Basis points as a percentage without trailing zeros: 9610 → "96.1%", 1000 → "10%". */
export function formatRate(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac === "" ? `${whole}%` : `${whole}.${frac}%`;
}

/** Chinese names of hospital levels. */
export const levelNamesZh: Record<1 | 2 | 3, string> = { 1: "一级", 2: "二级", 3: "三级" };

/** English names of hospital levels. */
export const levelNamesEn: Record<1 | 2 | 3, string> = { 1: "level-1", 2: "level-2", 3: "level-3" };
