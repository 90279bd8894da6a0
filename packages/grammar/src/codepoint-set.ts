import { MAX_CODEPOINT, SURROGATE_MAX, SURROGATE_MIN, pushUtf8, utf8Length } from "./utf8.js";

/** Inclusive range of Unicode code points. */
export type CodepointRange = readonly [lo: number, hi: number];

/** Inclusive range of byte values. */
export type ByteRange = readonly [lo: number, hi: number];

/**
 * One way of spelling part of a code point set in UTF-8: the i-th byte lies in the i-th range.
 * A set is the union of a few such sequences.
 */
export type Utf8Sequence = readonly ByteRange[];

/** Sorts ranges and merges those that overlap or touch. */
export function normalizeRanges(ranges: Iterable<CodepointRange>): CodepointRange[] {
  // Most callers pass ranges that are normalized already (a set's own ranges, one range): a
  // linear check spares them the sort and its copies.
  if (Array.isArray(ranges) && isNormalized(ranges)) return ranges.map(([lo, hi]) => [lo, hi] as const);
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

/** Sorted, disjoint and not touching: what {@link normalizeRanges} returns. */
function isNormalized(ranges: readonly CodepointRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const [lo, hi] = ranges[i]!;
    if (!(lo <= hi) || (i > 0 && lo <= ranges[i - 1]![1] + 1)) return false;
  }
  return true;
}

/** Code points in [0, U+10FFFF] not in `ranges` (which must be normalized). */
export function complementRanges(ranges: readonly CodepointRange[]): CodepointRange[] {
  const out: CodepointRange[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODEPOINT) out.push([next, MAX_CODEPOINT]);
  return out;
}

/** Removes the surrogate block, which no UTF-8 string can contain. */
export function withoutSurrogates(ranges: readonly CodepointRange[]): CodepointRange[] {
  const out: CodepointRange[] = [];
  for (const [lo, hi] of ranges) {
    if (hi < SURROGATE_MIN || lo > SURROGATE_MAX) {
      out.push([lo, hi]);
      continue;
    }
    if (lo < SURROGATE_MIN) out.push([lo, SURROGATE_MIN - 1]);
    if (hi > SURROGATE_MAX) out.push([SURROGATE_MAX + 1, hi]);
  }
  return out;
}

/** Code points in both `a` and `b` (both normalized); the result is normalized. */
export function intersectRanges(a: readonly CodepointRange[], b: readonly CodepointRange[]): CodepointRange[] {
  const out: CodepointRange[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length && k < b.length) {
    const lo = Math.max(a[i]![0], b[k]![0]);
    const hi = Math.min(a[i]![1], b[k]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[k]![1]) i++;
    else k++;
  }
  return out;
}

/** True if `cp` is in `ranges` (normalized), by binary search. */
export function rangesContain(ranges: readonly CodepointRange[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The UTF-8 byte sequences that spell exactly the scalar values in `ranges` (surrogates are
 * skipped). Ranges are split at encoding-length boundaries and then wherever a continuation
 * byte would otherwise not sweep its full 0x80–0xBF range, so each piece is a product of
 * byte ranges.
 */
export function utf8Sequences(ranges: readonly CodepointRange[]): Utf8Sequence[] {
  const out: Utf8Sequence[] = [];
  for (const [lo, hi] of withoutSurrogates(normalizeRanges(ranges))) splitRange(lo, hi, out);
  return out;
}

const LENGTH_BOUNDS = [0x7f, 0x7ff, 0xffff];

function splitRange(lo: number, hi: number, out: Utf8Sequence[]): void {
  for (const bound of LENGTH_BOUNDS) {
    if (lo <= bound && hi > bound) {
      splitRange(lo, bound, out);
      splitRange(bound + 1, hi, out);
      return;
    }
  }
  const n = utf8Length(lo);
  for (let i = 1; i < n; i++) {
    const low = (1 << (6 * i)) - 1;
    if ((lo & ~low) !== (hi & ~low)) {
      if ((lo & low) !== 0) {
        splitRange(lo, lo | low, out);
        splitRange((lo | low) + 1, hi, out);
        return;
      }
      if ((hi & low) !== low) {
        splitRange(lo, (hi & ~low) - 1, out);
        splitRange(hi & ~low, hi, out);
        return;
      }
    }
  }
  const a: number[] = [];
  const b: number[] = [];
  pushUtf8(a, lo);
  pushUtf8(b, hi);
  out.push(a.map((x, k) => [x, b[k]!] as const));
}
