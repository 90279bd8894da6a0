import { describe, expect, it } from "vitest";
import { stronglyConnectedComponents } from "./graph.js";

const sccs = (adj: number[][]) => stronglyConnectedComponents(adj.length, (v) => adj[v]!.length, (v, i) => adj[v]![i]!);

describe("stronglyConnectedComponents", () => {
  it("groups cycles and orders every component after the components it reaches", () => {
    // 0 → 1 ⇄ 2 → 3, 3 ↺, 4 → 0, a skipped slot (-1) on 4
    const { component, order } = sccs([[1], [2], [1, 3], [3], [-1, 0]]);
    expect(order.map((c) => [...c].sort())).toEqual([[3], [1, 2], [0], [4]]);
    expect(component[1]).toBe(component[2]);
    for (let v = 0; v < 5; v++) expect(order[component[v]!]).toContain(v);
  });

  it("handles a chain of 100,000 nodes without recursion", () => {
    const n = 100_000;
    const { order } = stronglyConnectedComponents(n, (v) => (v + 1 < n ? 1 : 0), (v) => v + 1);
    expect(order.length).toBe(n);
    expect(order[0]).toEqual([n - 1]);
  });
});
