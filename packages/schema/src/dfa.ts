import { EMPTY, choice, ref, repeat, type Expr } from "@toolmask/grammar";
import { seqOf } from "./expr-util.js";

/**
 * A deterministic finite automaton over a small alphabet of symbol ids `0..symbols-1`. A symbol
 * stands for a set of characters (a digit, a code point block); the caller renders symbol sets
 * as grammar expressions. Transitions are `trans[state * symbols + symbol]`, -1 for none.
 * Used where a grammar cannot be written structurally: number ranges with `multipleOf`,
 * complements of name sets and patterns, intersections of patterns.
 */
export interface Dfa {
  readonly symbols: number;
  readonly start: number;
  readonly trans: Int32Array;
  readonly accept: Uint8Array;
}

/** Raised by automaton construction when a state limit is reached; callers turn it into a budget error. */
export class AutomatonLimit extends Error {
  constructor(readonly states: number) {
    super(`automaton exceeds ${states} states`);
  }
}

export function stateCount(d: Dfa): number {
  return d.accept.length;
}

/**
 * Builds the automaton of the states reachable from `start`, where `step` gives the successor
 * of a state on a symbol (undefined: rejected) and `key` identifies equal states.
 */
export function exploreDfa<S>(
  symbols: number,
  start: S,
  key: (s: S) => string,
  step: (s: S, symbol: number) => S | undefined,
  accepting: (s: S) => boolean,
  limit: number,
): Dfa {
  const ids = new Map<string, number>();
  const states: S[] = [];
  const trans: number[] = [];
  const intern = (s: S): number => {
    const k = key(s);
    let id = ids.get(k);
    if (id === undefined) {
      id = states.length;
      if (id >= limit) throw new AutomatonLimit(limit);
      ids.set(k, id);
      states.push(s);
    }
    return id;
  };
  intern(start);
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    for (let c = 0; c < symbols; c++) {
      const next = step(s, c);
      trans[i * symbols + c] = next === undefined ? -1 : intern(next);
    }
  }
  const accept = new Uint8Array(states.length);
  states.forEach((s, i) => (accept[i] = accepting(s) ? 1 : 0));
  return { symbols, start: 0, trans: Int32Array.from(trans), accept };
}

/** Intersection (`"and"`) or union (`"or"`) of two automata over the same alphabet. */
export function productDfa(a: Dfa, b: Dfa, mode: "and" | "or", limit: number): Dfa {
  const n = a.symbols;
  // -1 stands for "this side has rejected"; a union keeps going while either side is alive.
  return exploreDfa<readonly [number, number]>(
    n,
    [a.start, b.start],
    (s) => `${s[0]},${s[1]}`,
    ([x, y], c) => {
      const nx = x < 0 ? -1 : a.trans[x * n + c]!;
      const ny = y < 0 ? -1 : b.trans[y * n + c]!;
      if (mode === "and" ? nx < 0 || ny < 0 : nx < 0 && ny < 0) return undefined;
      return [nx, ny];
    },
    ([x, y]) => {
      const ax = x >= 0 && a.accept[x] === 1;
      const ay = y >= 0 && b.accept[y] === 1;
      return mode === "and" ? ax && ay : ax || ay;
    },
    limit,
  );
}

/** The automaton accepting exactly the strings over the alphabet that `a` rejects. */
export function complementDfa(a: Dfa): Dfa {
  const n = a.symbols;
  const size = stateCount(a);
  const sink = size;
  const trans = new Int32Array((size + 1) * n);
  for (let i = 0; i < size; i++) for (let c = 0; c < n; c++) trans[i * n + c] = a.trans[i * n + c]! < 0 ? sink : a.trans[i * n + c]!;
  for (let c = 0; c < n; c++) trans[sink * n + c] = sink;
  const accept = new Uint8Array(size + 1);
  for (let i = 0; i < size; i++) accept[i] = a.accept[i] === 1 ? 0 : 1;
  accept[sink] = 1;
  return { symbols: n, start: a.start, trans, accept };
}

/**
 * The minimal automaton for the same language, without dead states (states from which no
 * accepting state is reachable). Returns undefined when the language is empty.
 */
export function minimizeDfa(a: Dfa): Dfa | undefined {
  const n = a.symbols;
  const size = stateCount(a);
  // Reachable from the start.
  const reach = new Uint8Array(size);
  const stack = [a.start];
  reach[a.start] = 1;
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (let c = 0; c < n; c++) {
      const t = a.trans[s * n + c]!;
      if (t >= 0 && !reach[t]) {
        reach[t] = 1;
        stack.push(t);
      }
    }
  }
  // Co-reachable: can reach an accepting state.
  const preds: number[][] = Array.from({ length: size }, () => []);
  for (let s = 0; s < size; s++) {
    if (!reach[s]) continue;
    for (let c = 0; c < n; c++) {
      const t = a.trans[s * n + c]!;
      if (t >= 0) preds[t]!.push(s);
    }
  }
  const live = new Uint8Array(size);
  for (let s = 0; s < size; s++) {
    if (reach[s] && a.accept[s]) {
      live[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const p of preds[s]!) {
      if (!live[p]) {
        live[p] = 1;
        stack.push(p);
      }
    }
  }
  if (!live[a.start]) return undefined;
  const states: number[] = [];
  for (let s = 0; s < size; s++) if (live[s]) states.push(s);
  const target = (s: number, c: number): number => {
    const t = a.trans[s * n + c]!;
    return t >= 0 && live[t] ? t : -1;
  };
  // Moore's partition refinement: split blocks by (block, successor blocks) until stable.
  let block = new Int32Array(size).fill(-1);
  for (const s of states) block[s] = a.accept[s] ? 1 : 0;
  let count = 0;
  for (;;) {
    const sig = new Map<string, number>();
    const next = new Int32Array(size).fill(-1);
    for (const s of states) {
      let k = String(block[s]);
      for (let c = 0; c < n; c++) {
        const t = target(s, c);
        k += "," + (t < 0 ? -1 : block[t]);
      }
      let id = sig.get(k);
      if (id === undefined) {
        id = sig.size;
        sig.set(k, id);
      }
      next[s] = id;
    }
    const stable = sig.size === count;
    count = sig.size;
    block = next;
    if (stable) break;
  }
  // Renumber blocks so the start block is 0 and the rest follow in discovery order.
  const order = new Int32Array(count).fill(-1);
  const queue = [a.start];
  order[block[a.start]!] = 0;
  let assigned = 1;
  const rep = new Int32Array(count).fill(-1);
  rep[block[a.start]!] = a.start;
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (let c = 0; c < n; c++) {
      const t = target(s, c);
      if (t < 0) continue;
      const b = block[t]!;
      if (order[b] === -1) {
        order[b] = assigned++;
        rep[b] = t;
        queue.push(t);
      }
    }
  }
  const trans = new Int32Array(assigned * n).fill(-1);
  const accept = new Uint8Array(assigned);
  for (let b = 0; b < count; b++) {
    const id = order[b]!;
    if (id < 0) continue;
    const s = rep[b]!;
    accept[id] = a.accept[s]!;
    for (let c = 0; c < n; c++) {
      const t = target(s, c);
      trans[id * n + c] = t < 0 ? -1 : order[block[t]!]!;
    }
  }
  return { symbols: n, start: 0, trans, accept };
}

/** Expression size (nodes) below which a state reached from several places is copied rather than made a rule. */
const SMALL_STATE = 12;

/** Where {@link dfaToExpr} puts the rules it needs for shared and cyclic states. */
export interface RuleSink {
  /** Reserves a fresh rule name derived from `base`. */
  reserve(base: string): string;
  /** Gives a reserved name its body. */
  define(name: string, body: Expr): void;
}

/**
 * A grammar expression for a minimized automaton. States on cycles or with several predecessors
 * become rules; the others are inlined, and a state's self-loop becomes a `repeat` so loops like
 * "any digits" cost no recursion. `render` spells a set of symbols (one transition) as an expression.
 */
export function dfaToExpr(d: Dfa, render: (symbols: readonly number[]) => Expr, rules: RuleSink, base: string): Expr {
  const n = d.symbols;
  const size = stateCount(d);
  const indegree = new Int32Array(size);
  for (let s = 0; s < size; s++) {
    for (let c = 0; c < n; c++) {
      const t = d.trans[s * n + c]!;
      if (t >= 0 && t !== s) indegree[t] = indegree[t]! + 1;
    }
  }
  const needsRule = new Uint8Array(size);
  for (const scc of nontrivialSccs(d)) for (const s of scc) needsRule[s] = 1;
  // A shared state becomes a rule unless its whole expression is small: an accepting dead end
  // (""), a digit loop. Decided leaves first so sizes are known.
  const inlineSize = new Int32Array(size).fill(-1);
  const sizeOf = (s: number): number => {
    if (needsRule[s]) return 1;
    if (inlineSize[s]! >= 0) return inlineSize[s]!;
    let total = 1;
    for (let c = 0; c < n; c++) {
      const t = d.trans[s * n + c]!;
      if (t >= 0 && t !== s) total += 1 + sizeOf(t);
    }
    inlineSize[s] = total;
    return total;
  };
  for (let s = size - 1; s >= 0; s--) if (!needsRule[s] && indegree[s]! > 1 && sizeOf(s) > SMALL_STATE) needsRule[s] = 1;
  const names = new Map<number, string>();
  for (let s = 0; s < size; s++) if (needsRule[s]) names.set(s, rules.reserve(`${base}_s${s}`));

  const body = (s: number): Expr => {
    const byTarget = new Map<number, number[]>();
    const loop: number[] = [];
    for (let c = 0; c < n; c++) {
      const t = d.trans[s * n + c]!;
      if (t < 0) continue;
      if (t === s) loop.push(c);
      else {
        let list = byTarget.get(t);
        if (!list) byTarget.set(t, (list = []));
        list.push(c);
      }
    }
    const alts: Expr[] = [];
    for (const [t, syms] of byTarget) alts.push(seqOf(render(syms), stateExpr(t)));
    let rest: Expr;
    if (alts.length === 0) rest = EMPTY;
    else if (d.accept[s]) rest = alts.length === 1 ? repeat(alts[0]!, 0, 1) : repeat(choice(...alts), 0, 1);
    else rest = alts.length === 1 ? alts[0]! : choice(...alts);
    return loop.length > 0 ? seqOf(repeat(render(loop), 0, Infinity), rest) : rest;
  };
  const stateExpr = (s: number): Expr => {
    const name = names.get(s);
    return name !== undefined ? ref(name) : body(s);
  };
  for (const [s, name] of names) rules.define(name, body(s));
  return stateExpr(d.start);
}

/** Strongly connected components with more than one state (Tarjan's algorithm, iterative). */
function nontrivialSccs(d: Dfa): number[][] {
  const n = d.symbols;
  const size = stateCount(d);
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const s = frame[0];
      const c = frame[1];
      if (c < n) {
        frame[1] = c + 1;
        const t = d.trans[s * n + c]!;
        if (t < 0) continue;
        if (index[t] === -1) {
          index[t] = low[t] = counter++;
          stack.push(t);
          onStack[t] = 1;
          work.push([t, 0]);
        } else if (onStack[t]) {
          low[s] = Math.min(low[s]!, index[t]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[s]!);
      }
      if (low[s] === index[s]) {
        const comp: number[] = [];
        let x: number;
        do {
          x = stack.pop()!;
          onStack[x] = 0;
          comp.push(x);
        } while (x !== s);
        if (comp.length > 1) out.push(comp);
      }
    }
  }
  return out;
}
