import type { Automata } from "./automata.js";
import { setIds } from "./bitmask.js";
import { StateFlag } from "./compiled-grammar.js";
import { EXIT_ORIGIN, type Chart } from "./earley.js";
import type { TokenTrie } from "./token-trie.js";

/**
 * Whether an item (state flags `f`, origin `origin`) can stand alone for a walk level (see
 * `virtualize`): nothing but byte edges, or also accepting when it is the item a classification
 * starts from, whose finishing only marks a boundary.
 */
function standsAlone(f: number, origin: number): boolean {
  return f === StateFlag.HasByteEdges || (f === (StateFlag.HasByteEdges | StateFlag.Accepting) && origin === EXIT_ORIGIN);
}

/**
 * Walks part of the vocabulary trie from a parser state, marking the tokens whose bytes the
 * parser accepts. Each trie depth keeps either a real chart set or, when the state is a single
 * item whose automaton state has only byte edges (the inside of a string, a literal, a number),
 * just that item: stepping it is one table lookup and builds no set. Sets are materialized only
 * where the automaton reaches rule calls or an accepting state. Allocates nothing per node.
 */
export class TrieWalker {
  private vState: Int32Array;
  private vOrigin: Int32Array;
  private vCount: Int32Array;
  private realSet: Int32Array;
  /** For each level with a real set: the bytes some item of the set can take (8 words). */
  private allowed: Uint32Array;
  /** The set the walk starts from (see `prepare`); the sets it builds follow it. */
  private base = 0;
  // What built each set above the base (indexed by set − base), so a later node needing the same
  // set on the same parent set reuses it: the byte class scanned from a real set (memoKind 1), or
  // the state pushed from a single item (memoKind 2). A set present in the chart was built after
  // the set below it (building a set drops everything above), so a match is always valid; each
  // set also keeps its level data (single item or allowed bytes) to restore.
  private memoKind: Uint8Array;
  private memoA: Int32Array;
  private memoB: Int32Array;
  private memoC: Int32Array;
  private setState: Int32Array;
  private setOrigin: Int32Array;
  private setCount: Int32Array;
  private setAllowed: Uint32Array;
  /** Ids marked by the last `walk` in list mode. */
  list = new Uint32Array(1024);
  listSize = 0;

  constructor(private readonly g: Automata) {
    const levels = g.vocab.trie.maxDepth + 2;
    this.vState = new Int32Array(levels);
    this.vOrigin = new Int32Array(levels);
    this.vCount = new Int32Array(levels);
    this.realSet = new Int32Array(levels);
    this.allowed = new Uint32Array(levels * 8);
    this.memoKind = new Uint8Array(levels + 1);
    this.memoA = new Int32Array(levels + 1);
    this.memoB = new Int32Array(levels + 1);
    this.memoC = new Int32Array(levels + 1);
    this.setState = new Int32Array(levels + 1);
    this.setOrigin = new Int32Array(levels + 1);
    this.setCount = new Int32Array(levels + 1);
    this.setAllowed = new Uint32Array((levels + 1) * 8);
  }

  /**
   * Walks trie nodes `from .. to` (a whole subtree or the whole trie) whose parent, at trie
   * depth `baseDepth`, has parser state `base` (a set of `chart`). Accepted tokens go to `bits`,
   * or to `list` when `bits` is null. With `boundaries`, nodes where an item of origin
   * EXIT_ORIGIN completes and longer tokens follow are appended to it.
   */
  walk(trie: TokenTrie, chart: Chart, base: number, from: number, to: number, baseDepth: number, bits: Uint32Array | null, boundaries: number[] | null): void {
    this.prepare(chart, base);
    this.walkPrepared(trie, chart, from, to, baseDepth, bits, boundaries);
    chart.truncate(base + 1);
  }

  /** Empties `list` before a series of walks that collect ids into it. */
  beginList(): void {
    this.listSize = 0;
  }

  /**
   * Walks the subtree below each of `roots` from one parser state `base` — the tokens that
   * continue after a rule completed at those trie nodes. The base is prepared once, and the sets
   * built on it are shared by all the subtrees (the closing quote after every boundary of a
   * string's text is one set, not one per boundary).
   */
  walkBelow(trie: TokenTrie, chart: Chart, base: number, roots: ArrayLike<number>, bits: Uint32Array): void {
    const { depth, subtreeEnd } = trie;
    this.prepare(chart, base);
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i]!;
      this.walkPrepared(trie, chart, root + 1, subtreeEnd[root]!, depth[root]!, bits, null);
    }
    chart.truncate(base + 1);
  }

  /** True if the base set prepared by the last walk can take any byte set in `bytes` (8 words). */
  baseTakesAny(bytes: Uint32Array): boolean {
    const vs = this.vState[0]!;
    if (vs < 0) {
      for (let w = 0; w < 8; w++) if ((this.allowed[w]! & bytes[w]!) !== 0) return true;
      return false;
    }
    for (let b = 0; b < 256; b++) if ((bytes[b >>> 5]! & (1 << (b & 31))) !== 0 && this.g.next(vs, this.g.byteClass[b]!) >= 0) return true;
    return false;
  }

  /** Prepares `base` as the root level of a walk (its bytes, or its single scanning item). */
  prepare(chart: Chart, base: number): void {
    chart.truncate(base + 1);
    this.base = base;
    this.memoKind.fill(0);
    this.realSet[0] = base;
    this.virtualize(chart, base, 0);
  }

  /**
   * Walks nodes `from .. to` on the prepared base. Leaves the sets it built in the chart (the
   * caller drops them), so that the next subtree walked on the same base can reuse them.
   */
  private walkPrepared(trie: TokenTrie, chart: Chart, from: number, to: number, baseDepth: number, bits: Uint32Array | null, boundaries: number[] | null): void {
    const g = this.g;
    const { byte, depth, subtreeEnd, tokenStart, tokenEnd, tokenIds } = trie;
    const byteClass = g.byteClass;
    const vState = this.vState;
    const vOrigin = this.vOrigin;
    const vCount = this.vCount;
    const realSet = this.realSet;
    const memoKind = this.memoKind;
    const base = this.base;
    let node = from;
    while (node < to) {
      const level = depth[node]! - baseDepth;
      const parent = level - 1;
      const ps = vState[parent]!;
      // The set this node needs is built on its parent's real set, right above it.
      const j = realSet[parent]! + 1;
      if (ps >= 0) {
        const t = g.next(ps, byteClass[byte[node]!]!);
        if (t < 0) {
          node = subtreeEnd[node]!;
          continue;
        }
        // Flags are read after `next`, which may have grown the arrays.
        const ft = g.stateFlags[t]!;
        if (standsAlone(ft, vOrigin[parent]!)) {
          vState[level] = t;
          vOrigin[level] = vOrigin[parent]!;
          vCount[level] = vCount[parent]!;
          realSet[level] = realSet[parent]!;
          this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
          // The classified item itself may finish here: that only records an exit.
          if (ft !== StateFlag.HasByteEdges && boundaries && subtreeEnd[node]! > node + 1) boundaries.push(node);
          node++;
          continue;
        }
        const o = vOrigin[parent]!;
        const c = vCount[parent]!;
        const m = j - base;
        if (chart.last >= j && memoKind[m] === 2 && this.memoA[m] === t && this.memoB[m] === o && this.memoC[m] === c) {
          this.recall(level, j);
        } else {
          chart.truncate(j);
          chart.pushItem(t, o, c);
          this.remember(chart, level, 2, t, o, c);
        }
      } else {
        const b = byte[node]!;
        // A byte no item of the parent set can take: skip without building a set.
        if ((this.allowed[parent * 8 + (b >>> 5)]! & (1 << (b & 31))) === 0) {
          node = subtreeEnd[node]!;
          continue;
        }
        const cls = byteClass[b]!;
        const m = j - base;
        if (chart.last >= j && memoKind[m] === 1 && this.memoA[m] === cls) {
          this.recall(level, j);
        } else {
          chart.truncate(j);
          if (!chart.scanByte(b)) {
            node = subtreeEnd[node]!;
            continue;
          }
          this.remember(chart, level, 1, cls, 0, 0);
        }
      }
      this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
      if (boundaries && chart.exitAt[j] && subtreeEnd[node]! > node + 1) boundaries.push(node);
      node++;
    }
  }

  /** Records the real set just built for `level` (the chart's last), how it was built and its level data. */
  private remember(chart: Chart, level: number, kind: number, a: number, b: number, c: number): void {
    const j = chart.last;
    this.realSet[level] = j;
    this.virtualize(chart, j, level);
    const m = j - this.base;
    this.memoKind[m] = kind;
    this.memoA[m] = a;
    this.memoB[m] = b;
    this.memoC[m] = c;
    this.setState[m] = this.vState[level]!;
    this.setOrigin[m] = this.vOrigin[level]!;
    this.setCount[m] = this.vCount[level]!;
    // A set standing for a single item (virtual) is stepped through its state: no bytes to keep.
    if (this.vState[level]! < 0) for (let w = 0; w < 8; w++) this.setAllowed[m * 8 + w] = this.allowed[level * 8 + w]!;
  }

  /**
   * Makes set `j`, built earlier on the same parent set and still in the chart, the real set of
   * `level`. The sets above it stay: they were built on it, and deeper nodes may need them again
   * (every boundary of a string's text goes on with the same closing quote, comma and space).
   */
  private recall(level: number, j: number): void {
    const m = j - this.base;
    this.realSet[level] = j;
    this.vState[level] = this.setState[m]!;
    this.vOrigin[level] = this.setOrigin[m]!;
    this.vCount[level] = this.setCount[m]!;
    if (this.setState[m]! < 0) for (let w = 0; w < 8; w++) this.allowed[level * 8 + w] = this.setAllowed[m * 8 + w]!;
  }

  /**
   * Level `level` becomes virtual if exactly one item of set `j` scans bytes and its state has
   * nothing but byte edges: the other items only wait for rules to finish, and no byte can touch
   * them until that item's rule ends, which needs a state with more than byte edges (and a real
   * set again). The item a classification starts from (origin EXIT_ORIGIN) may also be in an
   * accepting state: finishing it advances nothing, it only marks a boundary. Otherwise the
   * level records which bytes the set's items can take.
   */
  private virtualize(chart: Chart, j: number, level: number): void {
    const g = this.g;
    const lo = chart.setBegin(j);
    const hi = chart.setEnd(j);
    let scanning = -1;
    let count = 0;
    for (let k = lo; k < hi && count < 2; k++) {
      if (g.stateFlags[chart.state[k]!]! & StateFlag.HasByteEdges) {
        scanning = k;
        count++;
      }
    }
    if (count === 1 && standsAlone(g.stateFlags[chart.state[scanning]!]!, chart.origin[scanning]!)) {
      this.vState[level] = chart.state[scanning]!;
      this.vOrigin[level] = chart.origin[scanning]!;
      this.vCount[level] = chart.count[scanning]!;
      return;
    }
    this.vState[level] = -1;
    const allowed = this.allowed;
    const at = level * 8;
    allowed.fill(0, at, at + 8);
    for (let k = lo; k < hi; k++) {
      const s = chart.state[k]!;
      if ((g.stateFlags[s]! & StateFlag.HasByteEdges) === 0) continue;
      const from = g.bytesOf(s);
      const bits = g.stateBytes;
      for (let w = 0; w < 8; w++) allowed[at + w]! |= bits[from + w]!;
    }
  }

  private mark(start: number, end: number, tokenIds: Uint32Array, bits: Uint32Array | null): void {
    if (start === end) return;
    if (bits) {
      setIds(bits, tokenIds, start, end);
      return;
    }
    if (this.listSize + (end - start) > this.list.length) {
      const grown = new Uint32Array(Math.max(this.list.length * 2, this.listSize + end - start));
      grown.set(this.list);
      this.list = grown;
    }
    for (let t = start; t < end; t++) this.list[this.listSize++] = tokenIds[t]!;
  }
}
