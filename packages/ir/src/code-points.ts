/**
 * UTF-16 code points of the `.fzir` source text, for the lexer and the
 * string literal decoder: both step over the text a code point at a time and
 * reject a lone surrogate.
 */

/** Whether UTF-16 unit `c` is a high (leading) surrogate. */
export const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
/** Whether UTF-16 unit `c` is a low (trailing) surrogate. */
export const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** The UTF-16 units of the code point at `pos` of `s`: 1, 2 for a surrogate pair, or 0 for a lone surrogate. */
export function codePointUnits(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  if (c < 0xd800 || c > 0xdfff) return 1;
  return isHigh(c) && isLow(s.charCodeAt(pos + 1)) ? 2 : 0;
}
