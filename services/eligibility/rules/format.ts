/** Fen as yuan with thousands separators and two decimals: 120000 → "1,200.00元". */
export function formatYuan(fen: number): string {
  const yuan = Math.trunc(fen / 100);
  const cents = String(Math.abs(fen % 100)).padStart(2, "0");
  const grouped = groupThousands(String(Math.abs(yuan)));
  return `${fen < 0 ? "-" : ""}${grouped}.${cents}元`;
}

/** "1234567" → "1,234,567", without a regular expression (it runs for every line of every estimate). */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return out;
}

/** Fen as yuan in English text: 120000 → "1,200.00 yuan". */
export function formatYuanEn(fen: number): string {
  return `${formatYuan(fen).slice(0, -1)} yuan`;
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
