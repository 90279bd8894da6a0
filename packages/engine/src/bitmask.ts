import { MatcherError, VocabularyError } from "./errors.js";
import { MAX_VOCAB_SIZE } from "./vocabulary.js";

/** Words in a token bitmask for `vocabSize` logits: ceil(vocabSize / 32). */
export function bitmaskWords(vocabSize: number): number {
  return (vocabSize + 31) >>> 5;
}

/**
 * A zeroed token bitmask (bit 1 = allowed, as in XGrammar). A `vocabSize` that is not an integer
 * from 0 to MAX_VOCAB_SIZE throws `VocabularyError("invalid_vocab_size")` (2^40 used to give an
 * empty mask, 2^31 a 256 MiB one).
 */
export function allocateTokenBitmask(vocabSize: number): Uint32Array {
  if (typeof vocabSize !== "number" || !Number.isInteger(vocabSize) || vocabSize < 0 || vocabSize > MAX_VOCAB_SIZE) {
    throw new VocabularyError("invalid_vocab_size", `allocateTokenBitmask: vocabSize ${String(vocabSize)} must be an integer from 0 to MAX_VOCAB_SIZE (${MAX_VOCAB_SIZE})`);
  }
  return new Uint32Array(bitmaskWords(vocabSize));
}

export function isTokenAllowed(mask: Uint32Array, id: number): boolean {
  return ((mask[id >>> 5]! >>> (id & 31)) & 1) === 1;
}

/** @internal Sets the bits of `ids[from .. to)` in `mask`. */
export function setIds(mask: Uint32Array, ids: ArrayLike<number>, from = 0, to = ids.length): void {
  for (let i = from; i < to; i++) mask[ids[i]! >>> 5]! |= 1 << (ids[i]! & 31);
}

/** @internal Clears the bits of `ids[from .. to)` in `mask`. */
export function clearIds(mask: Uint32Array, ids: ArrayLike<number>, from = 0, to = ids.length): void {
  for (let i = from; i < to; i++) mask[ids[i]! >>> 5]! &= ~(1 << (ids[i]! & 31));
}

/** Number of allowed tokens in a mask. */
export function countAllowed(mask: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < mask.length; w++) {
    let v = mask[w]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return n;
}

/** Allowed token ids, ascending. */
export function allowedTokens(mask: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < mask.length; w++) {
    let v = mask[w]!;
    while (v !== 0) {
      const bit = 31 - Math.clz32(v & -v);
      out.push(w * 32 + bit);
      v &= v - 1;
    }
  }
  return out;
}

let saved = new Float32Array(1024);

/**
 * Sets the logits of disallowed tokens to -Infinity, in place. Logits past the mask are
 * disallowed. Two paths: when few tokens are allowed, their logits are saved, the array is
 * filled with -Infinity and the saved values put back; otherwise only the clear bits are visited.
 */
export function applyTokenBitmask(logits: Float32Array, mask: Uint32Array): void {
  const words = mask.length;
  if (logits.length > words * 32) logits.fill(-Infinity, words * 32);
  const n = Math.min(logits.length, words * 32);
  const allowed = countAllowed(mask);
  if (allowed * 8 < n) {
    if (saved.length < allowed) saved = new Float32Array(allowed * 2);
    let k = 0;
    for (let w = 0; w < words; w++) {
      let v = mask[w]!;
      while (v !== 0) {
        const i = w * 32 + (31 - Math.clz32(v & -v));
        if (i < n) saved[k++] = logits[i]!;
        v &= v - 1;
      }
    }
    logits.fill(-Infinity, 0, n);
    k = 0;
    for (let w = 0; w < words; w++) {
      let v = mask[w]!;
      while (v !== 0) {
        const i = w * 32 + (31 - Math.clz32(v & -v));
        if (i < n) logits[i] = saved[k++]!;
        v &= v - 1;
      }
    }
    return;
  }
  for (let w = 0; w < words; w++) {
    const v = mask[w]!;
    if (v === 0xffffffff || v === -1) continue;
    const base = w * 32;
    if (v === 0) {
      logits.fill(-Infinity, base, Math.min(base + 32, n));
      continue;
    }
    let off = ~v;
    while (off !== 0) {
      const i = base + (31 - Math.clz32(off & -off));
      if (i < n) logits[i] = -Infinity;
      off &= off - 1;
    }
  }
}

export function checkBitmask(mask: Uint32Array, vocabSize: number): void {
  if (!(mask instanceof Uint32Array) || mask.length !== bitmaskWords(vocabSize)) {
    throw new MatcherError("invalid_bitmask", `the bitmask must be a Uint32Array of ${bitmaskWords(vocabSize)} words (vocabSize ${vocabSize}); got ${mask instanceof Uint32Array ? `${mask.length} words` : kindOf(mask)}`);
  }
}

/** What a value is, for an error message: its class name for an object ("Int32Array", "Array"). */
function kindOf(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  const name = (Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? `${/^[aeiou]/i.test(name) ? "an" : "a"} ${name}` : "an object";
}
