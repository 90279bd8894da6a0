/**
 * What the parsers skip as whitespace: JavaScript's WhiteSpace and LineTerminator, the set
 * `String.prototype.trim` removes. Grammars that exclude whitespace use the same ranges.
 */
export const SPACE_RANGES: readonly (readonly [number, number])[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

export function isSpace(c: number): boolean {
  for (const [lo, hi] of SPACE_RANGES) if (c >= lo && c <= hi) return true;
  return false;
}
