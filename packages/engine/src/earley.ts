import type { Automata } from "./automata.js";
import { StateFlag, UNBOUNDED } from "./compiled-grammar.js";
import { MatcherError } from "./errors.js";
import { Slab } from "./slab.js";

/** Origin of the item a classification starts from: completing it is an exit, not a completion. */
export const EXIT_ORIGIN = -1;

/** Items and sets a chart has room for before its arrays first grow. */
const INITIAL_ITEMS = 256;
const INITIAL_SETS = 64;

/** Frozen sets with at least this many items get an index of their items by awaited rule. */
const INDEX_MIN_ITEMS = 24;

/**
 * An Earley chart over the compiled automata. Items are (state, origin, count) triples kept in
 * parallel typed arrays; set k holds items `setStart[k] .. setStart[k+1]`. Sets are only ever
 * appended or truncated, so a token trie walk can push a set per byte and drop it on the way
 * back, and rollback is truncation.
 *
 * Counts belong to counted-repeat items (how many copies matched; capped at the minimum when the
 * maximum is unbounded); other items have count 0. Completing an item whose origin is
 * EXIT_ORIGIN records an exit in `exitAt` instead of advancing parents.
 */
export class Chart {
  state: Int32Array;
  origin: Int32Array;
  count: Int32Array;
  size = 0;
  setStart: Int32Array;
  numSets = 0;
  /** Set index → 1 if an item with origin EXIT_ORIGIN completed in it. */
  exitAt: Uint8Array;
  /** Work units left before `work_budget_exceeded`; callers reset it per operation. */
  budget = Infinity;
  /**
   * The last set built, if it grew from a single item (its kernel) and is that item's closure:
   * set by `reset`, `pushItem` and `scanByte`; -1 otherwise (see TrieWalker.virtualize).
   */
  singleKernelSet = -1;

  // Dedupe table for the set being built: slots hold item index + 1; `used` lists the slots set.
  private table: Int32Array;
  private used: Int32Array;
  private usedCount = 0;
  // (rule, origin) pairs completed into the set being closed, flattened.
  private completed: Int32Array;
  private completedCount = 0;
  /**
   * Per frozen set, lazily: the items waiting for each rule (rule → item indices). A trie walk
   * completes rules into the same earlier sets again and again; with the index a completion
   * visits only the items that wait for its rule, not the whole set.
   */
  private waiting: (Map<number, number[]> | undefined)[] = [];

  constructor(readonly g: Automata) {
    // One buffer for the starting arrays (see Slab): a matcher makes several charts (its own,
    // and scratch ones for masks) before its first mask.
    const slab = new Slab(3 * INITIAL_ITEMS + INITIAL_SETS + 64 + 32 + 32, INITIAL_SETS);
    this.state = slab.i32(INITIAL_ITEMS);
    this.origin = slab.i32(INITIAL_ITEMS);
    this.count = slab.i32(INITIAL_ITEMS);
    this.setStart = slab.i32(INITIAL_SETS);
    this.table = slab.i32(64);
    this.used = slab.i32(32);
    this.completed = slab.i32(32);
    this.exitAt = slab.u8(INITIAL_SETS);
  }

  /** Empties the chart and builds set 0 from one item. */
  reset(state: number, origin: number, count: number): void {
    this.size = 0;
    this.numSets = 0;
    this.beginSet();
    this.add(state, origin, count);
    this.close();
    this.singleKernelSet = 0;
  }

  /** Starts the grammar: set 0 predicts the start rule. */
  start(): void {
    this.reset(this.g.startOf(this.g.startRule), 0, 0);
  }

  get last(): number {
    return this.numSets - 1;
  }

  setBegin(k: number): number {
    return this.setStart[k]!;
  }

  setEnd(k: number): number {
    return k + 1 < this.numSets ? this.setStart[k + 1]! : this.size;
  }

  /** Drops every set after the first `numSets`. */
  truncate(numSets: number): void {
    if (numSets >= this.numSets) return;
    this.numSets = numSets;
    this.size = this.setStart[numSets]!;
  }

  /** Appends the set reached from the last set by byte `b`; returns false (and adds nothing) if it is empty. */
  scanByte(b: number): boolean {
    const g = this.g;
    const from = this.last;
    const lo = this.setStart[from]!;
    const hi = this.size;
    const cls = g.byteClass[b]!;
    this.beginSet();
    for (let k = lo; k < hi; k++) {
      const s = this.state[k]!;
      if ((g.stateFlags[s]! & StateFlag.HasByteEdges) === 0) continue;
      const t = g.next(s, cls);
      if (t >= 0) this.add(t, this.origin[k]!, this.count[k]!);
    }
    const k = this.last;
    const single = this.size - this.setStart[k]! === 1;
    if (!this.finishSet()) return false;
    if (single) this.singleKernelSet = k;
    return true;
  }

  /** Appends the set reached by special token `id`; false if empty. */
  scanToken(id: number): boolean {
    const g = this.g;
    const from = this.last;
    const lo = this.setStart[from]!;
    const hi = this.size;
    this.beginSet();
    for (let k = lo; k < hi; k++) {
      const s = this.state[k]!;
      if ((g.stateFlags[s]! & StateFlag.HasTokenEdges) === 0) continue;
      for (let e = g.tokStart[s]!, end = e + g.tokCount[s]!; e < end; e++) if (g.tokId[e] === id) this.add(g.tokTargetAt(e), this.origin[k]!, this.count[k]!);
    }
    return this.finishSet();
  }

  /**
   * Appends a set built from one item and its closure (the item reached without the chart
   * knowing how: a completed rule's done marker, or a state a trie walk stepped to on its own).
   */
  pushItem(state: number, origin: number, count: number): boolean {
    this.beginSet();
    this.add(state, origin, count);
    if (!this.finishSet()) return false;
    this.singleKernelSet = this.last;
    return true;
  }

  /** True if the grammar can end after the last set. */
  canEnd(k = this.last): boolean {
    const g = this.g;
    for (let i = this.setStart[k]!, end = this.setEnd(k); i < end; i++) {
      if (this.origin[i] !== 0) continue;
      const s = this.state[i]!;
      if (g.stateRule[s] !== g.startRule) continue;
      if (this.complete(s, this.count[i]!)) return true;
    }
    return false;
  }

  /** True if the item in `state` with `count` has finished its rule. */
  complete(s: number, count: number): boolean {
    const f = this.g.stateFlags[s]!;
    if (f & StateFlag.Repeat) return count >= this.g.repeatMin[this.g.stateRule[s]!]!;
    return (f & StateFlag.Accepting) !== 0;
  }

  private beginSet(): void {
    const k = this.numSets++;
    if (k + 1 >= this.setStart.length) {
      const a = new Int32Array(this.setStart.length * 2);
      a.set(this.setStart);
      this.setStart = a;
      const e = new Uint8Array(this.exitAt.length * 2);
      e.set(this.exitAt);
      this.exitAt = e;
    }
    this.setStart[k] = this.size;
    this.exitAt[k] = 0;
    this.singleKernelSet = -1;
    if (k < this.waiting.length) this.waiting[k] = undefined;
  }

  /** Closes the set just begun; removes it and returns false if it is empty. */
  private finishSet(): boolean {
    const k = this.last;
    if (this.size === this.setStart[k]) {
      this.clearTable();
      this.numSets--;
      return false;
    }
    this.close();
    return true;
  }

  /** Prediction and completion over the last set until it stops growing. */
  private close(): void {
    const g = this.g;
    const j = this.last;
    this.completedCount = 0;
    for (let k = this.setStart[j]!; k < this.size; k++) {
      this.spend(1);
      const s = this.state[k]!;
      const o = this.origin[k]!;
      const c = this.count[k]!;
      const f = g.stateFlags[s]!;
      if (f & StateFlag.Repeat) {
        const r = g.stateRule[s]!;
        if (c >= g.repeatMin[r]!) this.completeRule(r, o, j);
        if (c < g.repeatMax[r]!) this.predict(g.repeatItem[r]!, j);
        continue;
      }
      if (f & StateFlag.Accepting) this.completeRule(g.stateRule[s]!, o, j);
      if (f & StateFlag.HasNtEdges) {
        for (let e = g.ntStart[s]!, end = e + g.ntCount[s]!; e < end; e++) {
          const callee = g.ntRule[e]!;
          this.predict(callee, j);
          // Aycock–Horspool: a nullable callee may complete right here, after this item was seen.
          if (g.ruleNullable[callee]) this.add(g.ntTargetAt(e), o, c);
        }
      }
    }
    this.clearTable();
  }

  /** Counts parser work against the budget; throws once it is used up. */
  private spend(units: number): void {
    this.budget -= units;
    if (this.budget < 0) {
      this.clearTable();
      throw new MatcherError("work_budget_exceeded", "the grammar needed more parser work than the budget allows for one step (is it hugely ambiguous?)");
    }
  }

  private predict(rule: number, j: number): void {
    this.add(this.g.startOf(rule), j, 0);
  }

  /** Advances every item of set `o` that waits for `rule`, into set `j`. */
  private completeRule(rule: number, o: number, j: number): void {
    if (o === EXIT_ORIGIN) {
      this.exitAt[j] = 1;
      return;
    }
    // A rule completed in the set it started in derived the empty string, so it is nullable and
    // every item here waiting for it was advanced when it was seen (Aycock–Horspool, in
    // `close`); a counted repeat never counts an empty copy.
    if (o === j) return;
    // A completion from an earlier (frozen) set only needs doing once per set.
    const done = this.completed;
    const n = this.completedCount;
    for (let i = 0; i < n; i += 2) if (done[i] === rule && done[i + 1] === o) return;
    if (n + 2 > done.length) {
      this.completed = new Int32Array(done.length * 2);
      this.completed.set(done);
    }
    this.completed[n] = rule;
    this.completed[n + 1] = o;
    this.completedCount = n + 2;
    const begin = this.setStart[o]!;
    const end = this.setEnd(o);
    if (end - begin < INDEX_MIN_ITEMS) {
      // Small sets (most of a trie walk's): scanning beats building an index.
      this.spend(end - begin);
      const g = this.g;
      for (let p = begin; p < end; p++) {
        const s = this.state[p]!;
        const f = g.stateFlags[s]!;
        if (f & StateFlag.Repeat ? g.repeatItem[g.stateRule[s]!] === rule : f & StateFlag.HasNtEdges) this.advance(p, rule, j);
      }
      return;
    }
    const items = this.waitingFor(o).get(rule);
    if (items === undefined) return;
    this.spend(items.length);
    for (let i = 0; i < items.length; i++) this.advance(items[i]!, rule, j);
  }

  /** Advances item `p` of a frozen set over a completed `rule` into set `j`. */
  private advance(p: number, rule: number, j: number): void {
    const g = this.g;
    const s = this.state[p]!;
    const f = g.stateFlags[s]!;
    if (f & StateFlag.Repeat) {
      const r = g.stateRule[s]!;
      const c = this.count[p]!;
      const max = g.repeatMax[r]!;
      if (c >= max) return;
      const min = g.repeatMin[r]!;
      this.add(s, this.origin[p]!, max === UNBOUNDED && c + 1 >= min ? min : c + 1);
      return;
    }
    for (let e = g.ntStart[s]!, eEnd = e + g.ntCount[s]!; e < eEnd; e++) {
      if (g.ntRule[e] === rule) this.add(g.ntTargetAt(e), this.origin[p]!, this.count[p]!);
    }
  }

  /** The waiting-items index of frozen set `o`, built on first use. */
  private waitingFor(o: number): Map<number, number[]> {
    let index = this.waiting[o];
    if (index !== undefined) return index;
    const g = this.g;
    index = new Map();
    const end = this.setEnd(o);
    this.spend(end - this.setStart[o]!);
    const note = (rule: number, p: number): void => {
      const list = index!.get(rule);
      if (list === undefined) index!.set(rule, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    };
    for (let p = this.setStart[o]!; p < end; p++) {
      const s = this.state[p]!;
      const f = g.stateFlags[s]!;
      if (f & StateFlag.Repeat) {
        note(g.repeatItem[g.stateRule[s]!]!, p);
      } else if (f & StateFlag.HasNtEdges) {
        for (let e = g.ntStart[s]!, eEnd = e + g.ntCount[s]!; e < eEnd; e++) note(g.ntRule[e]!, p);
      }
    }
    while (this.waiting.length < o) this.waiting.push(undefined);
    this.waiting[o] = index;
    return index;
  }

  /** Adds an item to the last set unless it is already there. */
  private add(s: number, o: number, c: number): void {
    const mask = this.table.length - 1;
    let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(o + 1, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) >>> 0;
    for (;;) {
      h &= mask;
      const slot = this.table[h]!;
      if (slot === 0) break;
      const i = slot - 1;
      if (this.state[i] === s && this.origin[i] === o && this.count[i] === c) return;
      h++;
    }
    const i = this.size++;
    if (i >= this.state.length) this.growItems();
    this.state[i] = s;
    this.origin[i] = o;
    this.count[i] = c;
    this.table[h] = i + 1;
    this.markUsed(h);
    if (this.usedCount * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    const j = this.last;
    this.clearTable();
    this.table = new Int32Array(this.table.length * 2);
    const mask = this.table.length - 1;
    for (let i = this.setStart[j]!; i < this.size; i++) {
      let h = (Math.imul(this.state[i]!, 0x9e3779b1) ^ Math.imul(this.origin[i]! + 1, 0x85ebca6b) ^ Math.imul(this.count[i]!, 0xc2b2ae35)) >>> 0;
      for (;;) {
        h &= mask;
        if (this.table[h] === 0) break;
        h++;
      }
      this.table[h] = i + 1;
      this.markUsed(h);
    }
  }

  private markUsed(h: number): void {
    if (this.usedCount === this.used.length) {
      const grown = new Int32Array(this.used.length * 2);
      grown.set(this.used);
      this.used = grown;
    }
    this.used[this.usedCount++] = h;
  }

  private clearTable(): void {
    const used = this.used;
    for (let i = 0, n = this.usedCount; i < n; i++) this.table[used[i]!] = 0;
    this.usedCount = 0;
  }

  private growItems(): void {
    const n = this.state.length * 2;
    const s = new Int32Array(n);
    s.set(this.state);
    this.state = s;
    const o = new Int32Array(n);
    o.set(this.origin);
    this.origin = o;
    const c = new Int32Array(n);
    c.set(this.count);
    this.count = c;
  }

  /** A deep copy sharing nothing with this chart. */
  clone(): Chart {
    const c = new Chart(this.g);
    c.state = this.state.slice();
    c.origin = this.origin.slice();
    c.count = this.count.slice();
    c.size = this.size;
    c.setStart = this.setStart.slice();
    c.exitAt = this.exitAt.slice();
    c.numSets = this.numSets;
    c.singleKernelSet = this.singleKernelSet;
    return c;
  }
}
