/**
 * Join codes: six digits from 1 to 9 (no 0, so nothing reads as the letter O), easy to read aloud
 * on a livestream and to type on a phone's number pad.
 */

/** The shape of a join code. */
export const joinCodePattern = /^[1-9]{6}$/;

/** `n` random candidate codes. */
export function candidateJoinCodes(n = 8): string[] {
  const out: string[] = [];
  const bytes = crypto.getRandomValues(new Uint8Array(n * 6 * 2));
  let i = 0;
  while (out.length < n) {
    let code = "";
    while (code.length < 6) {
      const b = bytes[i++ % bytes.length]!;
      if (b < 252) code += String(1 + (b % 9)); // 252 = 28 × 9: no bias
    }
    out.push(code);
  }
  return out;
}
