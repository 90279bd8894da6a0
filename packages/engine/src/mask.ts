import { StateFlag, type CompiledTables } from "./compiled-grammar.js";
import { classificationCache, classificationKey, classify, type Classification } from "./classify.js";
import { Chart } from "./earley.js";
import { TrieWalker } from "./trie-walk.js";

/**
 * Computes the next-token mask of a parser state (the last set of a chart):
 * 1. stop tokens where the grammar can end; special tokens some item can take;
 * 2. for every item that scans bytes, its interior tokens (cached, context-free);
 * 3. for every boundary of those items, the tokens below the boundary's trie node that the
 *    real parser state accepts once the item's rule is completed there — a trie walk in the
 *    real chart on sets appended after the current one and dropped afterwards.
 */
export class MaskComputer {
  private readonly scratch: Chart;
  private readonly walker: TrieWalker;
  private readonly cache: Map<string, Classification>;
  private readonly groupRule: number[] = [];
  private readonly groupOrigin: number[] = [];
  private readonly groupNodes: Uint32Array[][] = [];
  /** Generation stamps per trie node, to walk each boundary once when several items share it. */
  private readonly stamp: Uint32Array;
  private generation = 0;
  private roots: number[] = [];

  constructor(private readonly g: CompiledTables) {
    this.scratch = new Chart(g);
    this.walker = new TrieWalker(g);
    this.stamp = new Uint32Array(g.vocab.trie.size);
    this.cache = classificationCache(g);
  }

  /** Classification of the item (state, count), computed on first use. */
  classification(s: number, count: number, budget: number): Classification {
    const key = classificationKey(this.g, s, count);
    let c = this.cache.get(key);
    if (!c) {
      this.scratch.budget = budget;
      c = classify(this.g, this.scratch, this.walker, s, count);
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
    this.groupRule.length = 0;
    this.groupOrigin.length = 0;
    this.groupNodes.length = 0;
    for (let k = chart.setBegin(j), end = chart.setEnd(j); k < end; k++) {
      const s = chart.state[k]!;
      const f = g.stateFlags[s]!;
      if (f & StateFlag.HasTokenEdges) {
        for (let e = g.tokStart[s]!; e < g.tokStart[s + 1]!; e++) out[g.tokId[e]! >>> 5]! |= 1 << (g.tokId[e]! & 31);
      }
      if ((f & StateFlag.HasByteEdges) === 0) continue;
      const c = this.classification(s, chart.count[k]!, budget);
      if (c.bits) {
        const bits = c.bits;
        for (let w = 0; w < bits.length; w++) out[w]! |= bits[w]!;
      } else {
        const list = c.list!;
        for (let i = 0; i < list.length; i++) out[list[i]! >>> 5]! |= 1 << (list[i]! & 31);
      }
      if (c.boundaries.length > 0) this.addGroup(g.stateRule[s]!, chart.origin[k]!, c.boundaries);
    }
    for (let i = 0; i < this.groupRule.length; i++) {
      chart.truncate(j + 1);
      if (!chart.pushItem(g.ruleDone[this.groupRule[i]!]!, this.groupOrigin[i]!, 0)) continue;
      const lists = this.groupNodes[i]!;
      let roots: ArrayLike<number> = lists[0]!;
      if (lists.length > 1) {
        // Several items of the same rule instance: walk the union of their boundaries once.
        const gen = ++this.generation;
        this.roots.length = 0;
        for (const list of lists) {
          for (let k = 0; k < list.length; k++) {
            const node = list[k]!;
            if (this.stamp[node] !== gen) {
              this.stamp[node] = gen;
              this.roots.push(node);
            }
          }
        }
        roots = this.roots;
      }
      this.walker.walkBelow(chart, j + 1, roots, out);
    }
    chart.truncate(j + 1);
  }

  private addGroup(rule: number, origin: number, nodes: Uint32Array): void {
    for (let i = 0; i < this.groupRule.length; i++) {
      if (this.groupRule[i] === rule && this.groupOrigin[i] === origin) {
        this.groupNodes[i]!.push(nodes);
        return;
      }
    }
    this.groupRule.push(rule);
    this.groupOrigin.push(origin);
    this.groupNodes.push([nodes]);
  }
}
