import { complementRanges, intersectRanges, normalizeRanges, rangesContain, withoutSurrogates, type CodepointRange } from "@toolmask/grammar";

/**
 * Sets of Unicode scalar values as normalized ranges (sorted, disjoint, not touching, surrogates
 * removed): the characters a JSON string can hold once decoded. Operations on normalized sets
 * are linear merges.
 */
export type CharSet = readonly CodepointRange[];

export const MAX_CP = 0x10ffff;

/** A set from ranges in any order. */
export function charSet(ranges: Iterable<CodepointRange>): CharSet {
  return withoutSurrogates(normalizeRanges(ranges));
}

export const ANY_CHAR: CharSet = charSet([[0, MAX_CP]]);

export function union(...sets: CharSet[]): CharSet {
  if (sets.length === 1) return sets[0]!;
  return charSet(sets.flat());
}

/** Everything in `ANY_CHAR` outside `s`. */
export function complement(s: CharSet): CharSet {
  return withoutSurrogates(complementRanges(s));
}

export const intersect: (a: CharSet, b: CharSet) => CharSet = intersectRanges;

/** Everything in `a` outside `b`: one merge of the two range lists (no complement is built). */
export function subtract(a: CharSet, b: CharSet): CharSet {
  if (b.length === 0) return a;
  const out: [number, number][] = [];
  let k = 0;
  for (const [lo, hi] of a) {
    let from = lo;
    // Ranges of b that end before this range starts cannot cut it or any later one.
    while (k < b.length && b[k]![1] < from) k++;
    for (let j = k; j < b.length && b[j]![0] <= hi; j++) {
      const [blo, bhi] = b[j]!;
      if (blo > from) out.push([from, blo - 1]);
      from = Math.max(from, bhi + 1);
      if (from > hi) break;
    }
    if (from <= hi) out.push([from, hi]);
  }
  return out;
}

export function isEmpty(s: CharSet): boolean {
  return s.length === 0;
}

export function setsEqual(a: CharSet, b: CharSet): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}

export const contains: (s: CharSet, cp: number) => boolean = rangesContain;

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
