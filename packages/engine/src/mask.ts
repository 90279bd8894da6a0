import type { Automata } from "./automata.js";
import { setIds } from "./bitmask.js";
import { StateFlag, UNBOUNDED } from "./compiled-grammar.js";
import { classificationCache, classificationKey, classify, type Classification, type ClassificationCache } from "./classify.js";
import { itemCharacters } from "./char-paths.js";
import { Chart } from "./earley.js";
import type { TokenTrie } from "./token-trie.js";
import { TrieWalker } from "./trie-walk.js";
import { grow } from "./tuple-table.js";

/** Boundaries to walk after completing one rule instance, in one trie. */
interface Group {
  rule: number;
  origin: number;
  trie: TokenTrie;
  lists: Uint32Array[];
  /**
   * A counted repeat classified through its slice, whose copies may run out between the
   * characters of a longer slice token: if what follows the repeat can take a byte of
   * `firstBytes`, the copy just started (state `item`, in the current set, count 0) is
   * classified on its own and its boundaries walked as well.
   */
  counted: { readonly firstBytes: Uint32Array; readonly item: number } | null;
}

/**
 * Computes the next-token mask of a parser state (the last set of a chart):
 * 1. stop tokens where the grammar can end; special tokens some item can take;
 * 2. for every item that scans bytes, its interior tokens (cached, context-free), including the
 *    slice tokens of items that loop on a character class;
 * 3. for every boundary of those items, the tokens below the boundary's trie node that the
 *    real parser state accepts once the item's rule is completed there — a trie walk in the
 *    real chart on sets appended after the current one and dropped afterwards.
 * The start of a counted repeat's item, when the items are single characters, is classified
 * through the repeat itself (its count decides how many characters fit), so a string with
 * `maxLength` or a counted pattern costs a slice lookup or a cached classification per step.
 */
export class MaskComputer {
  private readonly scratch: Chart;
  private readonly walker: TrieWalker;
  private readonly cache: ClassificationCache;
  private readonly groups: Group[] = [];
  /** Generation stamps per trie node, to walk each boundary once when several items share it. */
  private readonly stamp: Map<TokenTrie, Uint32Array> = new Map();
  private generation = 0;
  private roots: number[] = [];
  /** Per rule: 0 not known yet, 1 a counted repeat of one-character items, 2 not. */
  private characterRepeats = new Uint8Array(64);

  constructor(private readonly g: Automata) {
    this.scratch = new Chart(g);
    this.walker = new TrieWalker(g);
    this.cache = classificationCache(g);
  }

  /** Classification of the item (state, count), computed on first use. */
  classification(s: number, count: number, budget: number): Classification {
    const key = classificationKey(this.g, s, count);
    let c = this.cache.get(key);
    if (!c) {
      this.scratch.budget = budget;
      c = classify(this.g, this.scratch, this.walker, s, count, (loop) => this.classification(loop, 0, budget));
      this.cache.set(key, c);
    }
    return c;
  }

  /** Writes the mask of the last set of `chart` into `out` (cleared first). */
  fill(chart: Chart, out: Uint32Array, budget: number): void {
    const g = this.g;
    const j = chart.last;
    out.fill(0);
    if (chart.canEnd(j)) for (const id of g.vocab.eosTokenIds) out[id >>> 5]! |= 1 << (id & 31);
    this.groups.length = 0;
    for (let k = chart.setBegin(j), end = chart.setEnd(j); k < end; k++) {
      const s = chart.state[k]!;
      const f = g.stateFlags[s]!;
      if (f & StateFlag.HasTokenEdges) {
        for (let e = g.tokStart[s]!, end = e + g.tokCount[s]!; e < end; e++) out[g.tokId[e]! >>> 5]! |= 1 << (g.tokId[e]! & 31);
      }
      if ((f & StateFlag.HasByteEdges) === 0) continue;
      const parent = chart.origin[k] === j ? this.onlyRepeatParent(chart, j, s) : -1;
      if (parent >= 0 && this.repeatsCharacters(g.stateRule[chart.state[parent]!]!)) {
        // A counted repeat of one-character items is classified as a whole (with its count):
        // the item alone would finish after every character, leaving a boundary walk through
        // the real chart over every token that starts with one.
        const ps = chart.state[parent]!;
        const pc = chart.count[parent]!;
        const r = g.stateRule[ps]!;
        const c = this.classification(ps, pc, budget);
        this.addInterior(c, out);
        if (c.countedSlice) {
          const max = g.repeatMax[r]!;
          orInto(out, max === UNBOUNDED ? c.countedSlice.bits : c.countedSlice.upTo(max - pc));
          this.addGroups(r, chart.origin[parent]!, c, { firstBytes: c.countedSlice.firstBytes, item: s });
        } else {
          this.addGroups(r, chart.origin[parent]!, c, null);
        }
        continue;
      }
      const c = this.classification(s, chart.count[k]!, budget);
      this.addInterior(c, out);
      this.addGroups(g.stateRule[s]!, chart.origin[k]!, c, null);
    }
    for (const group of this.groups) {
      chart.truncate(j + 1);
      if (!chart.pushItem(g.ruleDone[group.rule]!, group.origin, 0)) continue;
      if (group.counted) {
        this.walker.prepare(chart, j + 1);
        if (this.walker.baseTakesAny(group.counted.firstBytes)) {
          // What follows the repeat could continue a slice token split inside it: classify the
          // copy just started on its own and walk its boundaries in the real chart.
          const item = group.counted.item;
          const c = this.classification(item, 0, budget);
          this.addInterior(c, out);
          chart.truncate(j + 1);
          if (c.boundaries.length > 0 && chart.pushItem(g.ruleDone[g.stateRule[item]!]!, j, 0)) {
            for (const b of c.boundaries) this.walker.walkBelow(b.trie, chart, j + 1, b.nodes, out);
          }
          chart.truncate(j + 1);
          if (!chart.pushItem(g.ruleDone[group.rule]!, group.origin, 0)) continue;
        }
      }
      if (group.lists.length === 0) continue;
      let roots: ArrayLike<number> = group.lists[0]!;
      if (group.lists.length > 1) {
        // Several items of the same rule instance: walk the union of their boundaries once.
        let stamp = this.stamp.get(group.trie);
        if (!stamp) {
          stamp = new Uint32Array(group.trie.size);
          this.stamp.set(group.trie, stamp);
        }
        const gen = ++this.generation;
        this.roots.length = 0;
        for (const list of group.lists) {
          for (let i = 0; i < list.length; i++) {
            const node = list[i]!;
            if (stamp[node] !== gen) {
              stamp[node] = gen;
              this.roots.push(node);
            }
          }
        }
        roots = this.roots;
      }
      this.walker.walkBelow(group.trie, chart, j + 1, roots, out);
    }
    chart.truncate(j + 1);
  }

  /** Whether a counted repeat's items are single characters (cached per rule). */
  private repeatsCharacters(rule: number): boolean {
    if (rule >= this.characterRepeats.length) this.characterRepeats = grow(this.characterRepeats, Math.max(rule + 1, this.characterRepeats.length * 2));
    let known = this.characterRepeats[rule]!;
    if (known === 0) known = this.characterRepeats[rule] = itemCharacters(this.g, rule).length > 0 ? 1 : 2;
    return known === 1;
  }

  /**
   * The item of set `j` that predicted the item in state `s` (just started here), if it is the
   * only one waiting for that rule and is a counted repeat of it; else -1.
   */
  private onlyRepeatParent(chart: Chart, j: number, s: number): number {
    const g = this.g;
    const rule = g.stateRule[s]!;
    if (g.startOf(rule) !== s) return -1;
    let found = -1;
    for (let p = chart.setBegin(j), end = chart.setEnd(j); p < end; p++) {
      const ps = chart.state[p]!;
      const f = g.stateFlags[ps]!;
      if (f & StateFlag.Repeat) {
        const r = g.stateRule[ps]!;
        if (g.repeatItem[r] !== rule || chart.count[p]! >= g.repeatMax[r]!) continue;
        if (found >= 0) return -1;
        found = p;
      } else if (f & StateFlag.HasNtEdges) {
        for (let e = g.ntStart[ps]!, end = e + g.ntCount[ps]!; e < end; e++) if (g.ntRule[e] === rule) return -1;
      }
    }
    return found;
  }

  private addInterior(c: Classification, out: Uint32Array): void {
    if (c.bits) orInto(out, c.bits);
    else setIds(out, c.list!);
  }

  /** Queues the item's boundaries (per trie) to walk once its rule is completed. */
  private addGroups(rule: number, origin: number, c: Classification, counted: Group["counted"]): void {
    if (counted) this.groups.push({ rule, origin, trie: this.g.vocab.trie, lists: [], counted });
    for (const b of c.boundaries) this.addGroup(rule, origin, b.trie, b.nodes);
  }

  private addGroup(rule: number, origin: number, trie: TokenTrie, nodes: Uint32Array): void {
    for (const group of this.groups) {
      if (group.rule === rule && group.origin === origin && group.trie === trie && !group.counted) {
        group.lists.push(nodes);
        return;
      }
    }
    this.groups.push({ rule, origin, trie, lists: [nodes], counted: null });
  }
}

function orInto(out: Uint32Array, bits: Uint32Array): void {
  for (let w = 0; w < bits.length; w++) out[w]! |= bits[w]!;
}
