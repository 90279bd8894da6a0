import type { Automata } from "./automata.js";
import { StateFlag } from "./compiled-grammar.js";
import { Chart, EXIT_ORIGIN } from "./earley.js";
import type { TrieWalker } from "./trie-walk.js";
import { complementRanges, intersectRanges } from "@toolmask/grammar";
import { itemCharacters, loopCharacters, stepIntoLoop } from "./char-paths.js";
import { firstBytesOf, getSlice, type Slice } from "./slices.js";
import type { TokenTrie } from "./token-trie.js";

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
  /**
   * Where the item's rule may finish with more of the token to come: nodes of the tries walked
   * (the vocabulary's, a slice's residual, or both).
   */
  readonly boundaries: readonly Boundaries[];
  /**
   * For a counted repeat of one-character items: the slice whose tokens of at most
   * (max − count) characters are interior too (the count is known only at run time), and
   * between whose characters the repeat may finish.
   */
  readonly countedSlice: Slice | null;
}

export interface Boundaries {
  readonly trie: TokenTrie;
  readonly nodes: Uint32Array;
}

/** The cache key of an item's classification: structure, position in the rule, clamped count. */
export function classificationKey(g: Automata, s: number, count: number): string {
  const r = g.stateRule[s]!;
  if (g.stateFlags[s]! & StateFlag.Repeat) return `${g.ruleSignature[r]}/r/${countKey(g, r, count)}`;
  return `${g.ruleSignature[r]}/${g.stateKey[s]}`;
}

/**
 * A repeat count as far as one token can tell: the copies still needed to reach the minimum and
 * the copies still allowed, each capped at the longest token's length.
 */
export function countKey(g: Automata, r: number, count: number): string {
  const h = g.countHorizon;
  const toMin = Math.min(Math.max(g.repeatMin[r]! - count, 0), h);
  const toMax = Math.min(g.repeatMax[r]! - count, h);
  return `${toMin}:${toMax}`;
}

export function classificationCache(g: Automata): Map<string, Classification> {
  let cache = g.vocab.caches.get("classifications") as Map<string, Classification> | undefined;
  if (!cache) {
    cache = new Map();
    g.vocab.caches.set("classifications", cache);
  }
  return cache;
}

/**
 * Walks the vocabulary trie from a single item, in a scratch chart. Where the item's characters
 * are mostly one class, only the tokens outside that class's slice are walked:
 * - a state that loops on class K (inside a string): every slice token is interior;
 * - a state whose characters in `via` enter a K-loop (the first character of "any key but the
 *   declared ones"): slice tokens starting with a character in `via` are interior; the other
 *   slice tokens are walked in the vocabulary trie, under their first bytes only;
 * - the loop state may be accepting (free text, a key's text: the rule may end between any two
 *   characters). A slice token could then also be split between the rule and what follows it,
 *   but it is interior anyway, so the split cannot change the mask; tokens that leave the class
 *   are in the residual trie, walked with their boundaries;
 * - a counted repeat of one-character items: the slice part depends on the count, so it is added
 *   at run time (see `countedSlice`).
 */
export function classify(g: Automata, scratch: Chart, walker: TrieWalker, s: number, count: number): Classification {
  const vocab = g.vocab;
  const words = (vocab.vocabSize + 31) >>> 5;
  const boundaries: Boundaries[] = [];
  let interior: Uint32Array | null = null;
  let countedSlice: Slice | null = null;
  scratch.reset(s, EXIT_ORIGIN, count);
  walker.beginList();
  const walkAll = (trie: TokenTrie): void => {
    const nodes: number[] = [];
    walker.walk(trie, scratch, 0, 0, trie.size, 0, null, nodes);
    if (nodes.length > 0) boundaries.push({ trie, nodes: Uint32Array.from(nodes) });
  };

  if (g.stateFlags[s]! & StateFlag.Repeat) {
    const chars = itemCharacters(g, g.stateRule[s]!);
    countedSlice = chars.length > 0 ? getSlice(vocab, chars) : null;
    walkAll(countedSlice ? countedSlice.residual : vocab.trie);
  } else {
    // The loop the item's characters run in: its own state, or the state most characters enter.
    const loop = loopCharacters(g, s, true);
    const step = loop.length > 0 ? null : stepIntoLoop(g, s);
    const slice = loop.length > 0 ? getSlice(vocab, loop) : step ? getSlice(vocab, loopCharacters(g, step.loop, true)) : null;
    if (!slice) {
      walkAll(vocab.trie);
    } else if (!step) {
      interior = slice.bits.slice();
      walkAll(slice.residual);
    } else {
      interior = slice.startingWith(step.via).slice();
      walkAll(slice.residual);
      // Slice tokens whose first character does not enter the loop: walk them under their first byte.
      const others = firstBytesOf(intersectRanges(slice.ranges, complementRanges(step.via)));
      const { byte, subtreeEnd } = vocab.trie;
      const nodes: number[] = [];
      for (let node = 0; node < vocab.trie.size; node = subtreeEnd[node]!) {
        const b = byte[node]!;
        if ((others[b >>> 5]! & (1 << (b & 31))) !== 0) walker.walk(vocab.trie, scratch, 0, node, subtreeEnd[node]!, 0, null, nodes);
      }
      if (nodes.length > 0) boundaries.push({ trie: vocab.trie, nodes: Uint32Array.from(nodes) });
    }
  }

  const n = walker.listSize;
  const list = walker.list;
  if (interior || n > words) {
    const bits = interior ?? new Uint32Array(words);
    for (let i = 0; i < n; i++) bits[list[i]! >>> 5]! |= 1 << (list[i]! & 31);
    return { bits, list: undefined, count: n, boundaries, countedSlice };
  }
  return { bits: undefined, list: list.slice(0, n), count: n, boundaries, countedSlice };
}
