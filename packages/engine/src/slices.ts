import { normalizeRanges, rangesContain, type CodepointRange } from "@toolmask/grammar";
import type { TokenTrie } from "./token-trie.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * The tokens made of nothing but whole characters of one character class — for a JSON string's
 * class, most of the vocabulary. Where a parser state consumes any such character and comes back
 * to itself (the inside of a string), every token of the slice is valid at once, and only the
 * other tokens (the residual) need a trie walk. This is llguidance's "slicer", kept exact: the
 * engine uses a slice only where it has checked the state's behaviour on every character of it.
 */
export interface Slice {
  readonly key: string;
  readonly ranges: readonly CodepointRange[];
  /** Slice tokens as a bitmask. */
  readonly bits: Uint32Array;
  readonly size: number;
  /** Ordinary tokens outside the slice, as a trie of their own. */
  readonly residual: TokenTrie;
  /** Bytes that can begin a character of the class (8 words). */
  readonly firstBytes: Uint32Array;
  /** Largest number of characters in a slice token. */
  readonly maxChars: number;
  /** Slice tokens with at most `n` characters, built on first use. */
  readonly upTo: (n: number) => Uint32Array;
  /** Slice tokens whose first character is in `ranges`. */
  readonly startingWith: (ranges: readonly CodepointRange[]) => Uint32Array;
}

/** Slices cover at least this share of the ordinary tokens, or they are not worth a residual trie. */
const MIN_SHARE = 0.5;

/** The slice of `ranges` for `vocab`, or null when too few tokens fall in it. Cached per vocabulary. */
export function getSlice(vocab: Vocabulary, ranges: readonly CodepointRange[]): Slice | null {
  const normalized = normalizeRanges(ranges);
  const key = normalized.map(([lo, hi]) => `${lo}-${hi}`).join(",");
  let cache = vocab.caches.get("slices") as Map<string, Slice | null> | undefined;
  if (!cache) {
    cache = new Map();
    vocab.caches.set("slices", cache);
  }
  if (cache.has(key)) return cache.get(key)!;
  const slice = buildSlice(vocab, normalized, key);
  cache.set(key, slice);
  return slice;
}

function buildSlice(vocab: Vocabulary, ranges: readonly CodepointRange[], key: string): Slice | null {
  const trie = vocab.trie;
  const total = trie.tokenIds.length;
  const words = (vocab.vocabSize + 31) >>> 5;
  const bits = new Uint32Array(words);
  const chars = new Uint8Array(vocab.vocabSize);
  const first = new Uint32Array(vocab.vocabSize);
  const residualIds: number[] = [];
  let size = 0;
  let maxChars = 0;
  for (let k = 0; k < total; k++) {
    const id = trie.tokenIds[k]!;
    const bytes = vocab.tokenBytes(id);
    const n = wholeCharsIn(bytes, ranges);
    if (n > 0) {
      first[id] = firstCodepoint(bytes);
      bits[id >>> 5]! |= 1 << (id & 31);
      chars[id] = Math.min(n, 255);
      if (n > maxChars) maxChars = n;
      size++;
    } else {
      residualIds.push(id);
    }
  }
  if (size < MIN_SHARE * total) return null;
  const firstBytes = firstBytesOf(ranges);
  const byCount = new Map<number, Uint32Array>();
  const upTo = (n: number): Uint32Array => {
    const limit = Math.min(n, maxChars);
    let m = byCount.get(limit);
    if (!m) {
      m = new Uint32Array(words);
      for (let w = 0; w < words; w++) {
        let v = bits[w]!;
        while (v !== 0) {
          const bit = 31 - Math.clz32(v & -v);
          if (chars[w * 32 + bit]! <= limit) m[w]! |= 1 << bit;
          v &= v - 1;
        }
      }
      byCount.set(limit, m);
    }
    return m;
  };
  // Slice tokens ordered by first character, to select those starting with given characters.
  const byFirst = new Uint32Array(size);
  let k = 0;
  for (let w = 0; w < words; w++) {
    let v = bits[w]!;
    while (v !== 0) {
      byFirst[k++] = w * 32 + (31 - Math.clz32(v & -v));
      v &= v - 1;
    }
  }
  byFirst.sort((a, b) => first[a]! - first[b]! || a - b);
  const startingWith = (sel: readonly CodepointRange[]): Uint32Array => {
    const m = new Uint32Array(words);
    for (const [lo, hi] of sel) {
      let a = 0;
      let z = byFirst.length;
      while (a < z) {
        const mid = (a + z) >> 1;
        if (first[byFirst[mid]!]! < lo) a = mid + 1;
        else z = mid;
      }
      for (let i = a; i < byFirst.length && first[byFirst[i]!]! <= hi; i++) m[byFirst[i]! >>> 5]! |= 1 << (byFirst[i]! & 31);
    }
    return m;
  };
  return { key, ranges, bits, size, residual: vocab.subsetTrie(Uint32Array.from(residualIds)), firstBytes, maxChars, upTo, startingWith };
}

/** Characters in `bytes` if they are well-formed UTF-8 and all in `ranges`; else 0. */
function wholeCharsIn(bytes: Uint8Array, ranges: readonly CodepointRange[]): number {
  let n = 0;
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let cp: number;
    let len: number;
    if (b0 < 0x80) [cp, len] = [b0, 1];
    else if (b0 >= 0xc2 && b0 <= 0xdf) [cp, len] = [b0 & 0x1f, 2];
    else if (b0 >= 0xe0 && b0 <= 0xef) [cp, len] = [b0 & 0x0f, 3];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [cp, len] = [b0 & 0x07, 4];
    else return 0;
    if (i + len > bytes.length) return 0;
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) return 0;
      cp = (cp << 6) | (b & 0x3f);
    }
    if ((len === 3 && cp < 0x800) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    if (!rangesContain(ranges, cp)) return 0;
    n++;
    i += len;
  }
  return n;
}

/** The first code point of well-formed UTF-8 bytes. */
function firstCodepoint(bytes: Uint8Array): number {
  const b0 = bytes[0]!;
  if (b0 < 0x80) return b0;
  const len = b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
  let cp = b0 & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
  for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[k]! & 0x3f);
  return cp;
}

/** The bytes that can begin a character in `ranges` (8 words). */
export function firstBytesOf(ranges: readonly CodepointRange[]): Uint32Array {
  const out = new Uint32Array(8);
  for (let b = 0; b < 256; b++) if (intersectsLead(b, ranges)) out[b >>> 5]! |= 1 << (b & 31);
  return out;
}

/** True if some code point in `ranges` is encoded with lead byte `b`. */
function intersectsLead(b: number, ranges: readonly CodepointRange[]): boolean {
  let lo: number;
  let hi: number;
  if (b < 0x80) [lo, hi] = [b, b];
  else if (b < 0xc2 || b > 0xf4) return false;
  else if (b < 0xe0) [lo, hi] = [Math.max(0x80, (b & 0x1f) << 6), ((b & 0x1f) << 6) | 0x3f];
  else if (b < 0xf0) [lo, hi] = [Math.max(0x800, (b & 0x0f) << 12), ((b & 0x0f) << 12) | 0xfff];
  else [lo, hi] = [Math.max(0x10000, (b & 0x07) << 18), Math.min(0x10ffff, ((b & 0x07) << 18) | 0x3ffff)];
  return ranges.some(([a, z]) => a <= hi && z >= lo);
}
