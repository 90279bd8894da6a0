import type { Automata } from "./automata.js";
import { StateFlag } from "./compiled-grammar.js";
import { clearIds, setIds } from "./bitmask.js";
import { Chart, EXIT_ORIGIN } from "./earley.js";
import type { TrieWalker } from "./trie-walk.js";
import { closedCharacters, itemCharacters, loopCharacters, stepIntoLoop } from "./char-paths.js";
import { getSlice, sliceCandidate, type Slice } from "./slices.js";
import { subtreeTokensEnd, type TokenTrie } from "./token-trie.js";
import type { Vocabulary } from "./vocabulary.js";

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

/**
 * The cache key of an item's classification: the signature of its state's language where one is
 * known (see `Automata.continuationSignatureOf`), else structure and position in the rule, and
 * for a counted repeat the clamped count. Kept per state in `g.classKey` — for a counted repeat,
 * the key at a count far from both bounds — so a mask builds no string for most items.
 */
export function classificationKey(g: Automata, s: number, count: number): string {
  const r = g.stateRule[s]!;
  const repeat = (g.stateFlags[s]! & StateFlag.Repeat) !== 0;
  // Near a bound (fewer copies than the minimum, or fewer than a token's length left) the count
  // shows in the key; far from both every count has the same key.
  const nearBound = repeat && (count < g.repeatMin[r]! || g.repeatMax[r]! - count < g.countHorizon);
  let key = nearBound ? undefined : g.classKey[s];
  if (key === undefined) {
    if (repeat) key = `${g.signatureOf(r)}/r/${countKey(g, r, count)}`;
    else {
      const language = g.continuationSignatureOf(s);
      key = language >= 0 ? `${language}/c` : `${g.signatureOf(r)}/${g.stateKey[s]}`;
    }
    if (!nearBound) g.classKey[s] = key;
  }
  return key;
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

/**
 * The classifications of one vocabulary, shared by every grammar compiled for it, within a
 * memory budget (`Vocabulary.classificationCacheBytes`): past it the oldest are dropped (and
 * worked out again if reached again), so a long session that compiles many schemas does not
 * grow without bound.
 */
export class ClassificationCache {
  private readonly entries = new Map<string, Classification>();
  private held = 0;
  /** Classifications dropped for the budget so far. */
  dropped = 0;

  constructor(private readonly vocab: Vocabulary) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of token sets held (bitmasks, id lists, boundary nodes). */
  get bytes(): number {
    return this.held;
  }

  get(key: string): Classification | undefined {
    return this.entries.get(key);
  }

  set(key: string, c: Classification): void {
    const old = this.entries.get(key);
    if (old) this.held -= bytesOf(old);
    this.entries.set(key, c);
    this.held += bytesOf(c);
    // Oldest first: Map iteration follows insertion order.
    for (const [k, e] of this.entries) {
      if (this.held <= this.vocab.classificationCacheBytes) break;
      this.entries.delete(k);
      this.held -= bytesOf(e);
      this.dropped++;
    }
  }
}

function bytesOf(c: Classification): number {
  let n = (c.bits?.byteLength ?? 0) + (c.list?.byteLength ?? 0);
  for (const b of c.boundaries) n += b.nodes.byteLength;
  return n;
}

export function classificationCache(g: Automata): ClassificationCache {
  let cache = g.vocab.caches.get("classifications") as ClassificationCache | undefined;
  if (!cache) {
    cache = new ClassificationCache(g.vocab);
    g.vocab.caches.set("classifications", cache);
  }
  return cache;
}

/**
 * Walks the vocabulary trie from a single item, in a scratch chart. Where the item's characters
 * are mostly one class, only the tokens outside that class's slice are walked:
 * - a state that loops on class K (inside a string): every slice token is interior;
 * - a state whose characters mostly enter a K-loop (a position in "any key but the declared
 *   ones"): a difference from the loop's own classification, which `reference` gives (cached,
 *   or classified first; see `byDifference`);
 * - the loop state may be accepting (free text, a key's text: the rule may end between any two
 *   characters). A slice token could then also be split between the rule and what follows it,
 *   but it is interior anyway, so the split cannot change the mask; tokens that leave the class
 *   are in the residual trie, walked with their boundaries;
 * - a counted repeat of one-character items: the slice part depends on the count, so it is added
 *   at run time (see `countedSlice`).
 */
export function classify(g: Automata, scratch: Chart, walker: TrieWalker, s: number, count: number, reference: (state: number) => Classification): Classification {
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
  } else if (!takesSliceShare(g, s)) {
    // Too few tokens start with a byte the item takes for any slice: the walk enters only their
    // subtrees (a literal's next letter, a number's digits), cheaper than looking for a slice.
    walkAll(vocab.trie);
  } else {
    // The characters the item runs on, in order of what costs least: its own loop's (their
    // slice at once, the rest walked); else the loop most characters enter (a difference from
    // its classification, walked only where the two differ: along the declared names of "any
    // key but these"); else the characters it can never go wrong with (see closedCharacters:
    // their slice at once, the rest walked); else every token walked.
    const loop = loopCharacters(g, s, true);
    const own = loop.length > 0 ? getSlice(vocab, loop) : null;
    const step = own ? null : stepIntoLoop(g, s);
    const stepSlice = step ? getSlice(vocab, loopCharacters(g, step.loop, true)) : null;
    if (own) {
      interior = own.bits.slice();
      walkAll(own.residual);
    } else {
      if (step && stepSlice) {
        // The loop's classification comes from its slice and residual (as in the branch above).
        const ref = reference(step.loop);
        if (ref.bits && ref.boundaries.every((b) => b.trie === stepSlice.residual)) return byDifference(g, scratch, walker, s, step.loop, ref, stepSlice.residual);
        // Classifying the loop used the scratch chart and list: start this item's walk afresh.
        scratch.reset(s, EXIT_ORIGIN, count);
        walker.beginList();
      }
      const closed = closedCharacters(g, s);
      const slice = closed.length > 0 ? getSlice(vocab, closed) : null;
      if (slice) interior = slice.bits.slice();
      walkAll(slice ? slice.residual : vocab.trie);
    }
  }

  const n = walker.listSize;
  const list = walker.list;
  if (interior || n > words) {
    const bits = interior ?? new Uint32Array(words);
    setIds(bits, list, 0, n);
    return { bits, list: undefined, boundaries, countedSlice };
  }
  return { bits: undefined, list: list.slice(0, n), boundaries, countedSlice };
}

/** Whether enough tokens start with a byte state `s` takes for a slice to be worth looking for (see sliceCandidate). */
function takesSliceShare(g: Automata, s: number): boolean {
  // `bytesOf` may grow `stateBytes`: the array is read after it.
  const at = g.bytesOf(s);
  return sliceCandidate(g.vocab, g.stateBytes, at);
}

/** A state with nothing but byte edges (accepting or not), or an accepting end with no edges; or none (-1). */
function plain(g: Automata, q: number): boolean {
  return q < 0 || (g.stateFlags[q]! & (StateFlag.HasNtEdges | StateFlag.HasTokenEdges | StateFlag.Repeat | StateFlag.Done)) === 0;
}

/**
 * The classification of state `s` as a difference from that of the loop its characters mostly
 * enter. Both are walked in lockstep down the vocabulary trie: where they reach the same state,
 * every token below has the same outcome for both and the subtree is skipped; only where they
 * differ (for "any key but the declared ones", along the declared names) are the loop's outcomes
 * replaced by the state's own. So a key's text costs a walk along the names it could still be,
 * not over the vocabulary, at every position. Both walks stay in plain automaton states (byte
 * edges, accepting ends); a subtree that reaches anything else (a rule call) is walked from `s`
 * in the scratch chart instead. The loop's boundaries are nodes of `residual` (its slice's
 * residual trie); the state's own are nodes of the vocabulary trie.
 */
function byDifference(g: Automata, scratch: Chart, walker: TrieWalker, s: number, loop: number, ref: Classification, residual: TokenTrie): Classification {
  const trie = g.vocab.trie;
  const { byte, depth, subtreeEnd, tokenStart, tokenEnd, tokenIds, size } = trie;
  const bits = ref.bits!.slice();
  const levels = trie.maxDepth + 1;
  const stateAt = new Int32Array(levels);
  const loopAt = new Int32Array(levels);
  /** The residual trie's node with the same bytes as the path, or -1 (-2: the root). */
  const residualAt = new Int32Array(levels);
  /**
   * Per level, the residual child of the path's node to search from: siblings are met in byte
   * order in both tries, so finding the residual twin of each node is one pass over its siblings.
   */
  const cursor = new Int32Array(levels + 1);
  stateAt[0] = s;
  loopAt[0] = loop;
  residualAt[0] = -2;
  cursor[1] = 0;
  const own: number[] = [];
  const dropped: number[] = []; // residual node ranges [from, to) whose loop boundaries are not the state's
  const residualChild = (level: number, b: number): number => {
    const parent = residualAt[level - 1]!;
    if (parent === -1) return -1;
    const end = parent === -2 ? residual.size : residual.subtreeEnd[parent]!;
    let c = cursor[level]!;
    while (c < end && residual.byte[c]! < b) c = residual.subtreeEnd[c]!;
    cursor[level] = c;
    return c < end && residual.byte[c] === b ? c : -1;
  };
  walker.beginList();
  let node = 0;
  while (node < size) {
    const level = depth[node]!;
    const a = stateAt[level - 1]!;
    const r = loopAt[level - 1]!;
    const cls = g.byteClass[byte[node]!]!;
    const qs = a >= 0 ? g.next(a, cls) : -1;
    const qr = r >= 0 ? g.next(r, cls) : -1;
    if (qs === qr || sameFuture(g, qs, qr, 3)) {
      node = subtreeEnd[node]!;
      continue;
    }
    const rn = residualChild(level, byte[node]!);
    if (!plain(g, qs) || !plain(g, qr)) {
      // Not plain: the loop's outcomes here are dropped and the state's walked from its parent.
      clearIds(bits, tokenIds, tokenStart[node]!, subtreeTokensEnd(trie, node));
      if (rn >= 0) dropped.push(rn, residual.subtreeEnd[rn]!);
      scratch.reset(a, EXIT_ORIGIN, 0);
      walker.walk(trie, scratch, 0, node, subtreeEnd[node]!, level - 1, null, own);
      node = subtreeEnd[node]!;
      continue;
    }
    // Tokens ending here: accepted where the state goes on. Set or cleared where the loop differs.
    if (qs >= 0 && qr < 0) setIds(bits, tokenIds, tokenStart[node]!, tokenEnd[node]!);
    if (qs < 0 && qr >= 0) clearIds(bits, tokenIds, tokenStart[node]!, tokenEnd[node]!);
    // Boundaries here: where the rule may finish with more of the token to come.
    const ownBoundary = qs >= 0 && (g.stateFlags[qs]! & StateFlag.Accepting) !== 0 && subtreeEnd[node]! > node + 1;
    const loopBoundary = qr >= 0 && (g.stateFlags[qr]! & StateFlag.Accepting) !== 0 && rn >= 0 && residual.subtreeEnd[rn]! > rn + 1;
    if (ownBoundary && !loopBoundary) own.push(node);
    if (loopBoundary && !ownBoundary) dropped.push(rn, rn + 1);
    if (qs < 0 || qr < 0) {
      if (qr >= 0) {
        // The state stops here: nothing below is its.
        clearIds(bits, tokenIds, tokenEnd[node]!, subtreeTokensEnd(trie, node));
        if (rn >= 0) dropped.push(rn + 1, residual.subtreeEnd[rn]!);
      } else if (subtreeEnd[node]! > node + 1 && (g.stateFlags[qs]! & StateFlag.HasByteEdges) !== 0) {
        // The loop stops here: everything below is the state's own walk.
        scratch.reset(qs, EXIT_ORIGIN, 0);
        walker.walk(trie, scratch, 0, node + 1, subtreeEnd[node]!, level, null, own);
      }
      node = subtreeEnd[node]!;
      continue;
    }
    stateAt[level] = qs;
    loopAt[level] = qr;
    residualAt[level] = rn;
    cursor[level + 1] = rn + 1;
    node++;
  }
  setIds(bits, walker.list, 0, walker.listSize);
  const boundaries: Boundaries[] = [];
  for (const b of ref.boundaries) {
    const kept = withoutRanges(b.nodes, dropped);
    if (kept.length > 0) boundaries.push({ trie: b.trie, nodes: kept });
  }
  if (own.length > 0) boundaries.push({ trie, nodes: Uint32Array.from(own) });
  return { bits, list: undefined, boundaries, countedSlice: null };
}

/**
 * True if states `a` and `b` behave the same on every byte string: both have nothing but byte
 * edges and each byte takes them to the same state, or (`depth` more times) to states that behave
 * the same in turn. The middle of a character is like this: after the lead byte of a character
 * that enters a string's inside, the state that came from a key's first position and the one that
 * came from the inside itself are different states, but their continuation bytes lead to the same
 * one. Without this, `byDifference` would walk every multi-byte prefix of the vocabulary in
 * lockstep. Answers are kept per automaton.
 */
function sameFuture(g: Automata, a: number, b: number, depth: number): boolean {
  if (a < 0 || b < 0 || g.stateFlags[a] !== StateFlag.HasByteEdges || g.stateFlags[b] !== StateFlag.HasByteEdges) return false;
  let memo = sameFutureMemo.get(g);
  if (!memo) sameFutureMemo.set(g, (memo = new Map()));
  const key = a < b ? a * 0x100000 + b : b * 0x100000 + a;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let same = true;
  for (let c = 0; c < g.numClasses && same; c++) {
    const ta = g.next(a, c);
    const tb = g.next(b, c);
    same = ta === tb || (depth > 0 && sameFuture(g, ta, tb, depth - 1));
  }
  memo.set(key, same);
  return same;
}

const sameFutureMemo = new WeakMap<Automata, Map<number, boolean>>();

/**
 * The nodes (sorted) outside the ranges [from, to) listed in `ranges` (in trie order: starts
 * ascending): `nodes` itself when none falls inside, else the runs between the ranges, found by
 * binary search and copied whole (the loop's boundaries can number thousands).
 */
export function withoutRanges(nodes: Uint32Array, ranges: readonly number[]): Uint32Array {
  let out: Uint32Array | null = null;
  let size = 0;
  let i = 0;
  for (let d = 0; d < ranges.length && i < nodes.length; d += 2) {
    const from = lowerBound(nodes, ranges[d]!, i);
    const to = lowerBound(nodes, ranges[d + 1]!, from);
    if (to === from) continue;
    out ??= new Uint32Array(nodes.length);
    out.set(nodes.subarray(i, from), size);
    size += from - i;
    i = to;
  }
  if (!out) return nodes;
  out.set(nodes.subarray(i), size);
  size += nodes.length - i;
  return out.slice(0, size);
}

/** First index at or after `from` whose value is at least `x` (values ascending). */
function lowerBound(values: Uint32Array, x: number, from: number): number {
  let a = from;
  let z = values.length;
  while (a < z) {
    const mid = (a + z) >>> 1;
    if (values[mid]! < x) a = mid + 1;
    else z = mid;
  }
  return a;
}
