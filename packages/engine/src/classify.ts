import { StateFlag, type CompiledTables } from "./compiled-grammar.js";
import { Chart, EXIT_ORIGIN } from "./earley.js";
import type { TrieWalker } from "./trie-walk.js";

/**
 * What a parser item can do with each ordinary token, independent of what surrounds its rule.
 *
 * Starting from one item (state s of rule R, with its count), a token is *interior* if its bytes
 * can be consumed by R and the rules R calls, and R can still finish after it — such a token is
 * valid in every context the item appears in. Where R can finish after a prefix of a token and
 * the rest must be consumed by whatever called R, the trie node of that prefix is a *boundary*:
 * at run time the tokens below it are checked against the real parser state. Everything else is
 * rejected. (This is XGrammar's context-independent token cache, at the level of our automata.)
 *
 * Classifications depend only on the rule's structure and the vocabulary, so they are cached per
 * vocabulary under the rule's structural signature and shared by every grammar that contains the
 * same rule (for instance the JSON string rule of every schema).
 */
export interface Classification {
  /** Interior tokens as a bitmask (when dense) ... */
  readonly bits: Uint32Array | undefined;
  /** ... or as a list of ids (when sparse). */
  readonly list: Uint32Array | undefined;
  readonly count: number;
  /** Trie nodes where the item's rule may finish with more of the token to come. */
  readonly boundaries: Uint32Array;
}

/** The cache key of an item's classification: structure, position in the rule, clamped count. */
export function classificationKey(g: CompiledTables, s: number, count: number): string {
  const r = g.stateRule[s]!;
  if (g.stateFlags[s]! & StateFlag.Repeat) return `${g.ruleSignature[r]}/r/${countKey(g, r, count)}`;
  return `${g.ruleSignature[r]}/${g.stateLocal[s]}`;
}

/**
 * A repeat count as far as one token can tell: the copies still needed to reach the minimum and
 * the copies still allowed, each capped at the longest token's length.
 */
export function countKey(g: CompiledTables, r: number, count: number): string {
  const h = g.countHorizon;
  const toMin = Math.min(Math.max(g.repeatMin[r]! - count, 0), h);
  const toMax = Math.min(g.repeatMax[r]! - count, h);
  return `${toMin}:${toMax}`;
}

export function classificationCache(g: CompiledTables): Map<string, Classification> {
  let cache = g.vocab.caches.get("classifications") as Map<string, Classification> | undefined;
  if (!cache) {
    cache = new Map();
    g.vocab.caches.set("classifications", cache);
  }
  return cache;
}

/** Walks the vocabulary trie from a single item, in a scratch chart. */
export function classify(g: CompiledTables, scratch: Chart, walker: TrieWalker, s: number, count: number): Classification {
  const words = (g.vocab.vocabSize + 31) >>> 5;
  const boundaries: number[] = [];
  scratch.reset(s, EXIT_ORIGIN, count);
  walker.walk(scratch, 0, 0, g.vocab.trie.size, 0, null, boundaries);
  const n = walker.listSize;
  const list = walker.list;
  if (n > words) {
    const bits = new Uint32Array(words);
    for (let i = 0; i < n; i++) bits[list[i]! >>> 5]! |= 1 << (list[i]! & 31);
    return { bits, list: undefined, count: n, boundaries: Uint32Array.from(boundaries) };
  }
  return { bits: undefined, list: list.slice(0, n), count: n, boundaries: Uint32Array.from(boundaries) };
}
