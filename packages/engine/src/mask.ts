import { StateFlag, type CompiledTables } from "./compiled-grammar.js";
import { classificationCache, classificationKey, classify, type Classification } from "./classify.js";
import { Chart } from "./earley.js";

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
  private readonly cache: Map<string, Classification>;
  private readonly groupRule: number[] = [];
  private readonly groupOrigin: number[] = [];
  private readonly groupNodes: number[][] = [];

  constructor(private readonly g: CompiledTables) {
    this.scratch = new Chart(g);
    this.cache = classificationCache(g);
  }

  /** Classification of the item (state, count), computed on first use. */
  classification(s: number, count: number, budget: number): Classification {
    const key = classificationKey(this.g, s, count);
    let c = this.cache.get(key);
    if (!c) {
      this.scratch.budget = budget;
      c = classify(this.g, this.scratch, s, count);
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
      if (!chart.scanCompletion(this.groupRule[i]!, this.groupOrigin[i]!)) continue;
      for (const node of this.groupNodes[i]!) this.walkBelow(chart, j + 1, node, out);
    }
    chart.truncate(j + 1);
  }

  private addGroup(rule: number, origin: number, nodes: Uint32Array): void {
    for (let i = 0; i < this.groupRule.length; i++) {
      if (this.groupRule[i] === rule && this.groupOrigin[i] === origin) {
        const list = this.groupNodes[i]!;
        for (const n of nodes) if (!list.includes(n)) list.push(n);
        return;
      }
    }
    this.groupRule.push(rule);
    this.groupOrigin.push(origin);
    this.groupNodes.push(Array.from(nodes));
  }

  /** Marks the tokens in the subtree below `root` that the chart accepts, starting from set `base`. */
  private walkBelow(chart: Chart, base: number, root: number, out: Uint32Array): void {
    const { byte, depth, subtreeEnd, tokenStart, tokenEnd, tokenIds } = this.g.vocab.trie;
    const rootDepth = depth[root]!;
    const end = subtreeEnd[root]!;
    let node = root + 1;
    while (node < end) {
      chart.truncate(base + depth[node]! - rootDepth);
      if (!chart.scanByte(byte[node]!)) {
        node = subtreeEnd[node]!;
        continue;
      }
      for (let t = tokenStart[node]!, e = tokenEnd[node]!; t < e; t++) out[tokenIds[t]! >>> 5]! |= 1 << (tokenIds[t]! & 31);
      node++;
    }
  }
}
