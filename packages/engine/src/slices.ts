import { normalizeRanges, utf8CharAt, type CodepointRange } from "@toolmask/grammar";
import { filterTokenTrie, subtreeTokensEnd, type TokenTrie } from "./token-trie.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * The tokens made of nothing but whole characters of one character class — for a JSON string's
 * class, most of the vocabulary. Where a parser state consumes any such character and comes back
 * to itself (the inside of a string), every token of the slice is valid at once, and only the
 * other tokens (the residual) need a trie walk. This is llguidance's "slicer", kept exact: the
 * engine uses a slice only where it has checked the state's behaviour on every character of it.
 */
export interface Slice {
  readonly ranges: readonly CodepointRange[];
  /** Slice tokens as a bitmask. */
  readonly bits: Uint32Array;
  /** Ordinary tokens outside the slice, as a trie of their own. */
  readonly residual: TokenTrie;
  /** Bytes that can begin a character of the class (8 words). */
  readonly firstBytes: Uint32Array;
  /** Slice tokens with at most `n` characters, built on first use. */
  readonly upTo: (n: number) => Uint32Array;
}

/** Slices cover at least this share of the ordinary tokens, or they are not worth a residual trie. */
const MIN_SHARE = 0.25;
/**
 * A slice covering less than this share has a residual trie of most of the vocabulary (a few MB
 * on a large one): such slices are made only while their residual tries stay within
 * `LOW_SHARE_BYTES` per vocabulary. Past it, states whose characters are such a class are walked
 * over the whole trie, as with no slice.
 */
const HIGH_SHARE = 0.5;
const LOW_SHARE_BYTES = 16 * 2 ** 20;

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
  const slice = buildSlice(vocab, normalized);
  cache.set(key, slice);
  return slice;
}

/**
 * Whether some slice could hold the characters of a state that takes the bytes `bytes[at .. at+8)`
 * first: false when too few tokens start with one of them for any class of their characters to
 * reach a slice's minimum share (then slices, and the analysis that finds their classes, are not
 * worth asking for: a direct trie walk only enters those few subtrees).
 */
export function sliceCandidate(vocab: Vocabulary, bytes: Uint32Array, at: number): boolean {
  let byFirst = vocab.caches.get("tokens-by-first-byte") as Uint32Array | undefined;
  if (!byFirst) {
    // Tokens per first byte: the token positions of each root child's subtree.
    const trie = vocab.trie;
    byFirst = new Uint32Array(256);
    for (let node = 0; node < trie.size; node = trie.subtreeEnd[node]!) byFirst[trie.byte[node]!] = subtreeTokensEnd(trie, node) - trie.tokenStart[node]!;
    vocab.caches.set("tokens-by-first-byte", byFirst);
  }
  let n = 0;
  for (let b = 0; b < 256; b++) if ((bytes[at + (b >>> 5)]! & (1 << (b & 31))) !== 0) n += byFirst[b]!;
  return n >= MIN_SHARE * vocab.trie.tokenIds.length;
}

/**
 * The ordinary tokens decoded to characters once per vocabulary, so that building a slice is a
 * pass over small integers rather than a UTF-8 decode of every token. Positions follow the
 * trie's `tokenIds` (byte order), so a slice's residual ids come out already sorted.
 */
interface TokenChars {
  /** Sorted distinct code points of all well-formed tokens. */
  readonly codepoints: Int32Array;
  /** Per trie position: index into `chars` of its first character (positions run on: k's end is k+1's start). */
  readonly start: Int32Array;
  /** Per trie position, its characters as indices into `codepoints` (ends at the next start). */
  readonly chars: Int32Array;
  /** Per token id: its first code point and its number of characters (0 if not well-formed UTF-8: part of a character). */
  readonly firstCodepoint: Int32Array;
  readonly numChars: Uint16Array;
  /** Well-formed token ids sorted by first code point, then id. */
  readonly byFirst: Uint32Array;
}

function tokenChars(vocab: Vocabulary): TokenChars {
  const known = vocab.caches.get("token-chars") as TokenChars | undefined;
  if (known) return known;
  const trie = vocab.trie;
  const total = trie.tokenIds.length;
  const start = new Int32Array(total + 1);
  const firstCodepoint = new Int32Array(vocab.vocabSize);
  const numChars = new Uint16Array(vocab.vocabSize);
  const { bytes, offsets } = vocab.rawBytes();
  // No token has more characters than bytes.
  const cps = new Int32Array(offsets[offsets.length - 1]!);
  // Which code points occur (listed as first met, then sorted: a few thousand), then their ranks.
  const seen = new Uint8Array(0x110000);
  const found: number[] = [];
  let size = 0;
  for (let k = 0; k < total; k++) {
    const id = trie.tokenIds[k]!;
    start[k] = size;
    const n = decodeInto(bytes, offsets[id]!, offsets[id + 1]!, cps, size);
    if (n === 0) continue;
    firstCodepoint[id] = cps[size]!;
    numChars[id] = Math.min(n, 0xffff);
    for (let i = size; i < size + n; i++) {
      const cp = cps[i]!;
      if (seen[cp] === 0) {
        seen[cp] = 1;
        found.push(cp);
      }
    }
    size += n;
  }
  start[total] = size;
  const codepoints = Int32Array.from(found).sort();
  const distinct = codepoints.length;
  const rank = new Int32Array(0x110000);
  for (let i = 0; i < distinct; i++) rank[codepoints[i]!] = i;
  const chars = new Int32Array(size);
  for (let i = 0; i < size; i++) chars[i] = rank[cps[i]!]!;
  // Well-formed ids by (first code point, id): a counting sort on the first character's rank.
  const bucket = new Int32Array(distinct + 1);
  for (let id = 0; id < vocab.vocabSize; id++) if (numChars[id]! > 0) bucket[rank[firstCodepoint[id]!]! + 1]!++;
  for (let i = 0; i < distinct; i++) bucket[i + 1]! += bucket[i]!;
  const byFirst = new Uint32Array(bucket[distinct]!);
  for (let id = 0; id < vocab.vocabSize; id++) if (numChars[id]! > 0) byFirst[bucket[rank[firstCodepoint[id]!]!]!++] = id;
  const table: TokenChars = { codepoints, start, chars, firstCodepoint, numChars, byFirst };
  vocab.caches.set("token-chars", table);
  return table;
}

function buildSlice(vocab: Vocabulary, ranges: readonly CodepointRange[]): Slice | null {
  const trie = vocab.trie;
  const total = trie.tokenIds.length;
  const words = (vocab.vocabSize + 31) >>> 5;
  const table = tokenChars(vocab);
  const { codepoints, start, chars, numChars, firstCodepoint } = table;
  // A slice token starts with a character of the class: when too few do, no pass over the tokens.
  let starting = 0;
  for (const [lo, hi] of ranges) starting += lowerBound(table.byFirst, firstCodepoint, hi + 1) - lowerBound(table.byFirst, firstCodepoint, lo);
  if (starting < MIN_SHARE * total) return null;
  // Which of the vocabulary's code points are in the class: one merge of two sorted lists.
  const inClass = new Uint8Array(codepoints.length);
  for (let i = 0, r = 0; i < codepoints.length && r < ranges.length; ) {
    const cp = codepoints[i]!;
    if (cp > ranges[r]![1]) r++;
    else {
      if (cp >= ranges[r]![0]) inClass[i] = 1;
      i++;
    }
  }
  const bits = new Uint32Array(words);
  // Trie positions of the residual (tokens outside the slice).
  const residual = new Uint8Array(total);
  let residualSize = 0;
  let size = 0;
  let maxChars = 0;
  // Positions in trie order, so the character table is read front to back; a token that is not
  // well-formed UTF-8 has no characters (its start is the next one's).
  const tokenIds = trie.tokenIds;
  let begin = start[0]!;
  for (let k = 0; k < total; k++) {
    const end = start[k + 1]!;
    let i = begin;
    while (i < end && inClass[chars[i]!] !== 0) i++;
    const id = tokenIds[k]!;
    if (i === end && end > begin) {
      bits[id >>> 5]! |= 1 << (id & 31);
      if (end - begin > maxChars) maxChars = end - begin;
      size++;
    } else {
      residual[k] = 1;
      residualSize++;
    }
    begin = end;
  }
  if (size < MIN_SHARE * total) return null;
  let spent = 0;
  if (size < HIGH_SHARE * total) {
    spent = ((vocab.caches.get("low-share-slice-bytes") as number | undefined) ?? 0) + residualBytes(trie, residualSize);
    if (spent > LOW_SHARE_BYTES) return null;
  }
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
          if (numChars[w * 32 + bit]! <= limit) m[w]! |= 1 << bit;
          v &= v - 1;
        }
      }
      byCount.set(limit, m);
    }
    return m;
  };
  if (spent > 0) vocab.caches.set("low-share-slice-bytes", spent);
  return { ranges, bits, residual: filterTokenTrie(trie, residual), firstBytes, upTo };
}

/** Bytes of a residual trie of `tokens` of the vocabulary trie's tokens, estimated from its share of them (15 per node, 4 per id). */
function residualBytes(trie: TokenTrie, tokens: number): number {
  return Math.ceil((trie.size * 15 * tokens) / trie.tokenIds.length) + 4 * tokens;
}

/**
 * Decodes `bytes[from .. to)` into `out` from `at`; returns the number of characters, or 0 if
 * the bytes are not well-formed UTF-8 (a token holding part of a character).
 */
function decodeInto(bytes: Uint8Array, from: number, to: number, out: Int32Array, at: number): number {
  let n = 0;
  for (let i = from; i < to; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out[at + n++] = b;
      i++;
      continue;
    }
    const c = utf8CharAt(bytes, i, to);
    if (c < 0) return 0;
    out[at + n++] = c >>> 3;
    i += c & 7;
  }
  return n;
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

/** Position in `byFirst` (ids sorted by first code point) of the first token whose first code point is at least `cp`. */
function lowerBound(byFirst: Uint32Array, firstCodepoint: Int32Array, cp: number): number {
  let a = 0;
  let z = byFirst.length;
  while (a < z) {
    const mid = (a + z) >> 1;
    if (firstCodepoint[byFirst[mid]!]! < cp) a = mid + 1;
    else z = mid;
  }
  return a;
}
