import type { Automata } from "./automata.js";
import { setIds } from "./bitmask.js";
import { StateFlag } from "./compiled-grammar.js";
import { Chart, EXIT_ORIGIN } from "./earley.js";
import type { TokenTrie } from "./token-trie.js";
import { Slab } from "./slab.js";
import { grow } from "./tuple-table.js";

/**
 * Whether an item (state flags `f`, origin `origin`) can stand alone for a walk level (see
 * `virtualize`): nothing but byte edges, or also accepting when it is the item a classification
 * starts from, whose finishing only marks a boundary.
 */
function standsAlone(f: number, origin: number): boolean {
  return f === StateFlag.HasByteEdges || (f === (StateFlag.HasByteEdges | StateFlag.Accepting) && origin === EXIT_ORIGIN);
}

/**
 * What the items a state's rule calls can do, per state of an automaton that takes bytes and
 * calls rules (a number followed by optional whitespace, a key followed by `ws ":"`): the bytes
 * taken by the rest of its closure — the items it predicts and those it reaches past nullable
 * callees — and whether that closure finishes its rule. Worked out once per state, from the
 * closure of the state alone.
 */
class CallsAside {
  /** Per state: 0 not known yet; else 1, plus 2 if the closure finishes the state's rule. */
  known = new Uint8Array(64);
  /** Per state, 8 words: bytes some other item of the closure can take. */
  bytes = new Uint32Array(64 * 8);
  private readonly probe: Chart;

  constructor(private readonly g: Automata) {
    this.probe = new Chart(g);
  }

  /** Computes state `t`'s entry if needed; returns `known[t]`. */
  of(t: number): number {
    if (t >= this.known.length) {
      const n = Math.max(this.known.length * 2, t + 1);
      this.known = grow(this.known, n);
      this.bytes = grow(this.bytes, n * 8);
    }
    const k = this.known[t]!;
    if (k !== 0) return k;
    const probe = this.probe;
    probe.reset(t, EXIT_ORIGIN, 0);
    // The state itself is the first item; any other, even in the same state (a rule calling
    // itself first), belongs to the rest.
    orItemBytes(this.g, probe, probe.setBegin(0) + 1, probe.setEnd(0), this.bytes, t * 8);
    return (this.known[t] = 1 | (probe.exitAt[0] ? 2 : 0));
  }
}

const callsAside = new WeakMap<Automata, CallsAside>();

/**
 * Per counted-repeat rule whose copies are each one single-byte character (whitespace
 * `[ \t\n\r]{0,64}`): the bytes of those characters (8 words), or null for any other repeat.
 * The item's start state must take no other byte, so that every byte it takes is one whole copy.
 */
function runBytes(g: Automata, rule: number): Uint32Array | null {
  let known = runBytesMemo.get(g);
  if (!known) runBytesMemo.set(g, (known = new Map()));
  let bytes = known.get(rule);
  if (bytes !== undefined) return bytes;
  bytes = null;
  const item = g.repeatItem[rule]!;
  const start = item >= 0 ? g.startOf(item) : -1;
  if (start >= 0 && g.stateFlags[start] === StateFlag.HasByteEdges) {
    const at = g.bytesOf(start);
    const taken = g.stateBytes.slice(at, at + 8);
    let whole = true;
    for (let b = 0; b < 256 && whole; b++) {
      if ((taken[b >>> 5]! & (1 << (b & 31))) === 0) continue;
      const t = g.next(start, g.byteClass[b]!);
      whole = b < 0x80 && t >= 0 && g.stateFlags[t] === StateFlag.Accepting;
    }
    if (whole) bytes = taken;
  }
  known.set(rule, bytes);
  return bytes;
}

const runBytesMemo = new WeakMap<Automata, Map<number, Uint32Array | null>>();

/** Whether an item in state `s` waits for rule `rule` (a counted repeat of it, or a call). */
function waitsFor(g: Automata, s: number, rule: number): boolean {
  const f = g.stateFlags[s]!;
  if (f & StateFlag.Repeat) return g.repeatItem[g.stateRule[s]!] === rule;
  if (f & StateFlag.HasNtEdges) {
    for (let e = g.ntStart[s]!, end = e + g.ntCount[s]!; e < end; e++) if (g.ntRule[e] === rule) return true;
  }
  return false;
}

/** How many items of set `o` wait for rule `rule`. */
function waitingFor(g: Automata, chart: Chart, o: number, rule: number): number {
  let n = 0;
  for (let p = chart.setBegin(o), end = chart.setEnd(o); p < end; p++) if (waitsFor(g, chart.state[p]!, rule)) n++;
  return n;
}

/** ORs into `out[at .. at+8)` the bytes the items `from .. to` of `chart` can take. */
function orItemBytes(g: Automata, chart: Chart, from: number, to: number, out: Uint32Array, at: number): void {
  for (let k = from; k < to; k++) {
    const s = chart.state[k]!;
    if ((g.stateFlags[s]! & StateFlag.HasByteEdges) === 0) continue;
    const b = g.bytesOf(s);
    const bits = g.stateBytes;
    for (let w = 0; w < 8; w++) out[at + w]! |= bits[b + w]!;
  }
}

/** States with byte edges and rule calls, nothing else (no special tokens). */
const CALLS_AND_BYTES = StateFlag.HasByteEdges | StateFlag.HasNtEdges;

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
  /**
   * Per level inside a run of a counted repeat's one-byte copies (whitespace): the bytes of a
   * copy (null elsewhere), the copies counted so far and the most allowed (see `runAt`). Such a
   * level keeps the set where the run began as its real set, and that set's bytes.
   */
  private runBits: (Uint32Array | null)[];
  private runCount: Int32Array;
  private runMax: Int32Array;
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
  private setRunBits: (Uint32Array | null)[];
  private setRunCount: Int32Array;
  private setRunMax: Int32Array;
  private readonly aside: CallsAside;
  /** Ids marked by the last `walk` in list mode. */
  list = new Uint32Array(1024);
  listSize = 0;

  constructor(private readonly g: Automata) {
    const levels = g.vocab.trie.maxDepth + 2;
    // The per-level arrays come from one buffer (see Slab): six of `levels` words, eight of
    // `levels + 1` words, the two byte sets (8 words per level) and the memo kinds.
    const slab = new Slab(6 * levels + 8 * (levels + 1) + 8 * levels + 8 * (levels + 1), levels + 1);
    this.vState = slab.i32(levels);
    this.vOrigin = slab.i32(levels);
    this.vCount = slab.i32(levels);
    this.runCount = slab.i32(levels);
    this.runMax = slab.i32(levels);
    this.realSet = slab.i32(levels);
    this.allowed = slab.u32(levels * 8);
    this.memoA = slab.i32(levels + 1);
    this.memoB = slab.i32(levels + 1);
    this.memoC = slab.i32(levels + 1);
    this.setState = slab.i32(levels + 1);
    this.setOrigin = slab.i32(levels + 1);
    this.setCount = slab.i32(levels + 1);
    this.setRunCount = slab.i32(levels + 1);
    this.setRunMax = slab.i32(levels + 1);
    this.setAllowed = slab.u32((levels + 1) * 8);
    this.memoKind = slab.u8(levels + 1);
    this.runBits = new Array<Uint32Array | null>(levels).fill(null);
    this.setRunBits = new Array<Uint32Array | null>(levels + 1).fill(null);
    let aside = callsAside.get(g);
    if (!aside) callsAside.set(g, (aside = new CallsAside(g)));
    this.aside = aside;
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
    if (vs < 0 || (this.g.stateFlags[vs]! & StateFlag.HasNtEdges) !== 0) {
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
    const runBits = this.runBits;
    const runCount = this.runCount;
    const realSet = this.realSet;
    const memoKind = this.memoKind;
    const base = this.base;
    let node = from;
    while (node < to) {
      const level = depth[node]! - baseDepth;
      const parent = level - 1;
      let ps = vState[parent]!;
      const b = byte[node]!;
      const run = runBits[parent]!;
      if (run !== null && (run[b >>> 5]! & (1 << (b & 31))) !== 0) {
        // One more copy of the repeat: the same set with one more counted, if the maximum allows.
        const c = runCount[parent]! + 1;
        if (c > this.runMax[parent]!) {
          node = subtreeEnd[node]!;
          continue;
        }
        vState[level] = -1;
        realSet[level] = realSet[parent]!;
        runBits[level] = run;
        runCount[level] = c;
        this.runMax[level] = this.runMax[parent]!;
        this.allowed.copyWithin(level * 8, parent * 8, parent * 8 + 8);
        this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
        if (boundaries && chart.exitAt[realSet[parent]!] && subtreeEnd[node]! > node + 1) boundaries.push(node);
        node++;
        continue;
      }
      if (ps >= 0 && (g.stateFlags[ps]! & StateFlag.HasNtEdges) !== 0 && (this.aside.bytes[ps * 8 + (b >>> 5)]! & (1 << (b & 31))) !== 0) {
        // A byte the item's callees (or what follows them) may take: scan the level's real set,
        // built now if the level stands for the item on a set below (shares that level's set).
        if (parent > 0 && realSet[parent] === realSet[parent - 1]) this.itemSet(chart, parent, realSet[parent]! + 1, ps, vOrigin[parent]!, vCount[parent]!);
        ps = -1;
      }
      // The set this node needs is built on its parent's real set, right above it.
      const j = realSet[parent]! + 1;
      if (ps >= 0) {
        const t = g.next(ps, byteClass[b]!);
        if (t < 0) {
          node = subtreeEnd[node]!;
          continue;
        }
        // Flags are read after `next`, which may have grown the arrays.
        const ft = g.stateFlags[t]!;
        const o = vOrigin[parent]!;
        if (standsAlone(ft, o) || this.aloneWithCalls(t, ft, o)) {
          vState[level] = t;
          vOrigin[level] = o;
          vCount[level] = vCount[parent]!;
          runBits[level] = null;
          realSet[level] = realSet[parent]!;
          this.mark(tokenStart[node]!, tokenEnd[node]!, tokenIds, bits);
          // The classified item itself may finish here: that only records an exit.
          if (boundaries && o === EXIT_ORIGIN && subtreeEnd[node]! > node + 1 && ((ft & StateFlag.Accepting) !== 0 || ((ft & StateFlag.HasNtEdges) !== 0 && (this.aside.known[t]! & 2) !== 0))) boundaries.push(node);
          node++;
          continue;
        }
        this.itemSet(chart, level, j, t, o, vCount[parent]!);
      } else {
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

  /**
   * Whether the item (state `t` with flags `ft`, origin `o`) can stand for its level although
   * its state calls rules: it takes bytes, calls rules and nothing else, and its closure cannot
   * finish its rule into the sets below (or its origin is EXIT_ORIGIN, where finishing only
   * records an exit). A byte the rest of the closure cannot take then leads to a single item
   * again, found by one table lookup; any other byte scans the level's set, built then.
   */
  private aloneWithCalls(t: number, ft: number, o: number): boolean {
    if ((ft & ~StateFlag.Accepting) !== CALLS_AND_BYTES) return false;
    const k = this.aside.of(t);
    return o === EXIT_ORIGIN || (k & 2) === 0;
  }

  /**
   * Makes set `j` the real set of `level`, holding the item (state `t`, origin `o`, count `c`)
   * and its closure: recalled if built earlier on the same parent set, else built now.
   */
  private itemSet(chart: Chart, level: number, j: number, t: number, o: number, c: number): void {
    const m = j - this.base;
    if (chart.last >= j && this.memoKind[m] === 2 && this.memoA[m] === t && this.memoB[m] === o && this.memoC[m] === c) {
      this.recall(level, j);
    } else {
      chart.truncate(j);
      chart.pushItem(t, o, c);
      this.remember(chart, level, 2, t, o, c);
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
    this.setRunBits[m] = this.runBits[level]!;
    this.setRunCount[m] = this.runCount[level]!;
    this.setRunMax[m] = this.runMax[level]!;
    // The level's bytes, read where the set is scanned (a set standing for a single item with
    // nothing but byte edges never is: what is copied then goes unread).
    for (let w = 0; w < 8; w++) this.setAllowed[m * 8 + w] = this.allowed[level * 8 + w]!;
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
    this.runBits[level] = this.setRunBits[m]!;
    this.runCount[level] = this.setRunCount[m]!;
    this.runMax[level] = this.setRunMax[m]!;
    for (let w = 0; w < 8; w++) this.allowed[level * 8 + w] = this.setAllowed[m * 8 + w]!;
  }

  /**
   * Decides how `level` stands for set `j`, just built (or the base):
   * - the closure of a single item whose state also calls rules (see `aloneWithCalls`): the
   *   level steps that item, keeping the set's bytes for the bytes its callees take;
   * - inside a run of a counted repeat's one-byte copies (see `runAt`): the level counts them;
   * - exactly one item scans bytes and its state has nothing but byte edges: the other items
   *   only wait for rules to finish, and no byte can touch them until that item's rule ends,
   *   which needs a state with more than byte edges (and a real set again). The item a
   *   classification starts from (origin EXIT_ORIGIN) may also be in an accepting state:
   *   finishing it advances nothing, it only marks a boundary;
   * - otherwise the level records which bytes the set's items can take.
   */
  private virtualize(chart: Chart, j: number, level: number): void {
    const g = this.g;
    const lo = chart.setBegin(j);
    const hi = chart.setEnd(j);
    this.runBits[level] = null;
    const kernel = chart.singleKernelSet === j ? chart.state[lo]! : -1;
    if (kernel >= 0 && this.aloneWithCalls(kernel, g.stateFlags[kernel]!, chart.origin[lo]!)) {
      this.vState[level] = kernel;
      this.vOrigin[level] = chart.origin[lo]!;
      this.vCount[level] = chart.count[lo]!;
      this.fillAllowed(chart, j, level);
      return;
    }
    this.vState[level] = -1;
    if (this.runAt(chart, j, level)) {
      this.fillAllowed(chart, j, level);
      return;
    }
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
    this.fillAllowed(chart, j, level);
  }

  /** Records in `allowed` the bytes the items of set `j` can take. */
  private fillAllowed(chart: Chart, j: number, level: number): void {
    this.allowed.fill(0, level * 8, level * 8 + 8);
    orItemBytes(this.g, chart, chart.setBegin(j), chart.setEnd(j), this.allowed, level * 8);
  }

  /**
   * Whether set `j` is inside a run of whitespace-like copies: it was reached by one byte that
   * finished a copy of a counted repeat whose copies are single bytes (see `runBytes`), the
   * repeat alone waited for that copy, it has at least its minimum counted and room for more,
   * and nothing else in the set takes those bytes or waits for a copy. The set is then the
   * repeat's closure: the copy it starts, and what follows the repeat (reached once the minimum
   * was). One more byte of the run would build the same set with one more counted, so the
   * levels below take this set as theirs, counting, and a byte past the run is scanned from it
   * at any depth (the set that builds is shared by every such depth). Records the run on `level`.
   */
  private runAt(chart: Chart, j: number, level: number): boolean {
    if (chart.singleKernelSet !== j) return false;
    const g = this.g;
    const lo = chart.setBegin(j);
    const hi = chart.setEnd(j);
    const copy = chart.state[lo]!;
    const began = chart.origin[lo]!;
    if (g.stateFlags[copy] !== StateFlag.Accepting || began < 0) return false;
    const item = g.stateRule[copy]!;
    let repeat = -1;
    for (let k = lo + 1; k < hi; k++) {
      const s = chart.state[k]!;
      if ((g.stateFlags[s]! & StateFlag.Repeat) === 0 || g.repeatItem[g.stateRule[s]!] !== item) continue;
      if (repeat >= 0) return false;
      repeat = k;
    }
    if (repeat < 0) return false;
    const r = g.stateRule[chart.state[repeat]!]!;
    const count = chart.count[repeat]!;
    if (count < g.repeatMin[r]! || count >= g.repeatMax[r]!) return false;
    const run = runBytes(g, r);
    if (!run) return false;
    if (waitingFor(g, chart, began, item) !== 1) return false;
    const start = g.startOf(item);
    for (let k = lo + 1; k < hi; k++) {
      if (k === repeat) continue;
      const s = chart.state[k]!;
      if (s === start && chart.origin[k] === j) continue;
      if (waitsFor(g, s, item)) return false;
      if (g.stateFlags[s]! & StateFlag.HasByteEdges) {
        const from = g.bytesOf(s);
        const bits = g.stateBytes;
        for (let w = 0; w < 8; w++) if ((bits[from + w]! & run[w]!) !== 0) return false;
      }
    }
    this.runBits[level] = run;
    this.runCount[level] = count;
    this.runMax[level] = g.repeatMax[r]!;
    return true;
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
