import { normalizeRanges, type CodepointRange } from "@toolmask/grammar";

/**
 * Sets of Unicode scalar values as normalized ranges (sorted, disjoint, not touching, surrogates
 * removed): the characters a JSON string can hold once decoded. Operations on normalized sets
 * are linear merges.
 */
export type CharSet = readonly CodepointRange[];

export const MAX_CP = 0x10ffff;

/** A set from ranges in any order. */
export function charSet(ranges: Iterable<CodepointRange>): CharSet {
  const out: CodepointRange[] = [];
  for (const [lo, hi] of normalizeRanges(ranges)) pushWithoutSurrogates(out, lo, hi);
  return out;
}

function pushWithoutSurrogates(out: CodepointRange[], lo: number, hi: number): void {
  if (hi < 0xd800 || lo > 0xdfff) out.push([lo, hi]);
  else {
    if (lo < 0xd800) out.push([lo, 0xd7ff]);
    if (hi > 0xdfff) out.push([0xe000, hi]);
  }
}

export const ANY_CHAR: CharSet = charSet([[0, MAX_CP]]);

export function union(...sets: CharSet[]): CharSet {
  if (sets.length === 1) return sets[0]!;
  return charSet(sets.flat());
}

/** Everything in `ANY_CHAR` outside `s`. */
export function complement(s: CharSet): CharSet {
  const out: CodepointRange[] = [];
  let next = 0;
  for (const [lo, hi] of s) {
    if (lo > next) pushWithoutSurrogates(out, next, lo - 1);
    next = hi + 1;
  }
  if (next <= MAX_CP) pushWithoutSurrogates(out, next, MAX_CP);
  return out;
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: CodepointRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

export function subtract(a: CharSet, b: CharSet): CharSet {
  if (b.length === 0) return a;
  return intersect(a, complement(b));
}

export function isEmpty(s: CharSet): boolean {
  return s.length === 0;
}

export function setsEqual(a: CharSet, b: CharSet): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}

export function contains(s: CharSet, cp: number): boolean {
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = s[mid]!;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function setKey(s: CharSet): string {
  return s.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(",");
}

/** ECMAScript `\d`. */
export const DIGIT: CharSet = charSet([[0x30, 0x39]]);
/** ECMAScript `\w`. */
export const WORD: CharSet = charSet([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
/** ECMAScript `\s`: WhiteSpace and LineTerminator code points. */
export const SPACE: CharSet = charSet([
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
]);
/** Line terminators, which ECMAScript `.` does not match. */
export const LINE_TERMINATORS: CharSet = charSet([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);
export const BMP: CharSet = charSet([[0, 0xffff]]);
