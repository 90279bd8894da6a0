/**
 * Strongly connected components of a directed graph on nodes `0 .. n-1` (Tarjan's algorithm,
 * iterative, so long chains cannot overflow the stack). `successor(v, i)` is the i-th successor
 * of v for `i < degree(v)`, or a negative number for a slot without an edge.
 *
 * Components come in Tarjan's order: each after every component it reaches (callees before
 * callers in a call graph). `component[v]` is the position of v's component in `order`.
 */
export function stronglyConnectedComponents(
  n: number,
  degree: (v: number) => number,
  successor: (v: number, i: number) => number,
): { component: Int32Array; order: number[][] } {
  // One buffer for the four arrays (a typed array over 64 bytes costs a backing store of its own).
  const buffer = new ArrayBuffer(13 * n);
  const index = new Int32Array(buffer, 0, n).fill(-1);
  const low = new Int32Array(buffer, 4 * n, n);
  const component = new Int32Array(buffer, 8 * n, n).fill(-1);
  const onStack = new Uint8Array(buffer, 12 * n, n);
  const stack: number[] = [];
  const order: number[][] = [];
  const work: number[] = []; // pairs (node, next successor slot)
  let counter = 0;
  const enter = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    work.push(v, 0);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    enter(root);
    while (work.length > 0) {
      const v = work[work.length - 2]!;
      const i = work[work.length - 1]!;
      if (i < degree(v)) {
        work[work.length - 1] = i + 1;
        const w = successor(v, i);
        if (w < 0) continue;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.length -= 2;
      if (work.length > 0) {
        const parent = work[work.length - 2]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = order.length;
          members.push(w);
        } while (w !== v);
        order.push(members.reverse());
      }
    }
  }
  return { component, order };
}
