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
  // What built the real set of each level, so a sibling needing the same set reuses it: the
  // byte class scanned from a real parent (memoKind 1), or the state pushed from a virtual one
  // (memoKind 2). Valid until the walk leaves the parent's subtree.
  private memoKind: Uint8Array;
  private memoA: Int32Array;
  private memoB: Int32Array;
  private memoC: Int32Array;
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
    this.memoKind = new Uint8Array(levels);
    this.memoA = new Int32Array(levels);
    this.memoB = new Int32Array(levels);
    this.memoC = new Int32Array(levels);
  }

  /**
   * Walks trie nodes `from .. to` (a whole subtree or the whole trie) whose parent, at trie
   * depth `baseDepth`, has parser state `base` (a set of `chart`). Accepted tokens go to `bits`,
   * or to `list` when `bits` is null. With `boundaries`, nodes where an item of origin
   * EXIT_ORIGIN completes and longer tokens follow are appended to it.
   */
  walk(trie: TokenTrie, chart: Chart, base: number, from: number, to: number, baseDepth: number, bits: Uint32Array | null, boundaries: number[] | null): void {
    this.prepare(chart, base);
    this.walkPrepared(trie, chart, base, from, to, baseDepth, bits, boundaries);
  }

  /** Empties `list` before a series of walks that collect ids into it. */
  beginList(): void {
    this.listSize = 0;
  }

  /**
   * Walks the subtree below each of `roots` from one parser state `base` — the tokens that
   * continue after a rule completed at those trie nodes. The base is prepared once.
   */
  walkBelow(trie: TokenTrie, chart: Chart, base: number, roots: ArrayLike<number>, bits: Uint32Array): void {
    const { depth, subtreeEnd } = trie;
    this.prepare(chart, base);
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i]!;
      this.walkPrepared(trie, chart, base, root + 1, subtreeEnd[root]!, depth[root]!, bits, null);
    }
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
    this.realSet[0] = base;
    this.virtualize(chart, base, 0);
  }

  private walkPrepared(trie: TokenTrie, chart: Chart, base: number, from: number, to: number, baseDepth: number, bits: Uint32Array | null, boundaries: number[] | null): void {
    const g = this.g;
    const { byte, depth, subtreeEnd, tokenStart, tokenEnd, tokenIds } = trie;
    const byteClass = g.byteClass;
    const vState = this.vState;
    const vOrigin = this.vOrigin;
    const vCount = this.vCount;
    const realSet = this.realSet;
    const memoKind = this.memoKind;
    memoKind.fill(0);
    let lastLevel = 0;
    let node = from;
    while (node < to) {
      const level = depth[node]! - baseDepth;
      // Leaving a subtree: the sets remembered for deeper levels belong to it.
      for (let l = level + 1; l <= lastLevel; l++) memoKind[l] = 0;
      lastLevel = level;
      const parent = level - 1;
      const ps = vState[parent]!;
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
          // This level no longer holds the remembered set, and this subtree may build over it.
          memoKind[level] = 0;
          this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
          // The classified item itself may finish here: that only records an exit.
          if (ft !== StateFlag.HasByteEdges && boundaries && subtreeEnd[node]! > node + 1) boundaries.push(node);
          node++;
          continue;
        }
        const o = vOrigin[parent]!;
        const c = vCount[parent]!;
        if (memoKind[level] === 2 && this.memoA[level] === t && this.memoB[level] === o && this.memoC[level] === c) {
          chart.truncate(realSet[level]! + 1);
        } else {
          chart.truncate(realSet[parent]! + 1);
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
        if (memoKind[level] === 1 && this.memoA[level] === cls) {
          chart.truncate(realSet[level]! + 1);
        } else {
          chart.truncate(realSet[parent]! + 1);
          if (!chart.scanByte(b)) {
            memoKind[level] = 0;
            node = subtreeEnd[node]!;
            continue;
          }
          this.remember(chart, level, 1, cls, 0, 0);
        }
      }
      const j = realSet[level]!;
      this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
      if (boundaries && chart.exitAt[j] && subtreeEnd[node]! > node + 1) boundaries.push(node);
      node++;
    }
    chart.truncate(base + 1);
  }

  /** Records the real set just built for `level` and how it was built. */
  private remember(chart: Chart, level: number, kind: number, a: number, b: number, c: number): void {
    const j = chart.last;
    this.realSet[level] = j;
    this.virtualize(chart, j, level);
    this.memoKind[level] = kind;
    this.memoA[level] = a;
    this.memoB[level] = b;
    this.memoC[level] = c;
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
