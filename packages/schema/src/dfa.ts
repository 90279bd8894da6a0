import { EMPTY, choice, ref, repeat, stronglyConnectedComponents, type Expr } from "@toolmask/grammar";
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

/**
 * Where automaton work is counted: the compilation in progress sets it (compilation is
 * synchronous, so one at a time), and every construction reports its transitions, so the work
 * budget bounds automata as it bounds everything else.
 */
let meter: ((transitions: number) => void) | undefined;

/** Runs `fn` with automaton work reported to `count`. */
export function withAutomatonMeter<T>(count: (transitions: number) => void, fn: () => T): T {
  const previous = meter;
  meter = count;
  try {
    return fn();
  } finally {
    meter = previous;
  }
}

/** Reports automaton work done outside this module's constructions. */
export function reportWork(transitions: number): void {
  meter?.(transitions);
}

function metered(d: Dfa): Dfa {
  meter?.(d.trans.length);
  return d;
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
  return metered({ symbols, start: 0, trans: Int32Array.from(trans), accept });
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
  return metered({ symbols: n, start: a.start, trans, accept });
}

/**
 * The same automaton without unreachable and dead states (those from which no accepting state
 * is reachable), renumbered; undefined when the language is empty. Linear time, unlike
 * {@link minimizeDfa}, for large automata that are near minimal by construction.
 */
export function trimDfa(a: Dfa): Dfa | undefined {
  const n = a.symbols;
  const size = stateCount(a);
  const preds: number[][] = Array.from({ length: size }, () => []);
  for (let s = 0; s < size; s++) {
    for (let c = 0; c < n; c++) {
      const t = a.trans[s * n + c]!;
      if (t >= 0) preds[t]!.push(s);
    }
  }
  const live = new Uint8Array(size);
  const stack: number[] = [];
  for (let s = 0; s < size; s++) {
    if (a.accept[s]) {
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
  const id = new Int32Array(size).fill(-1);
  const order = [a.start];
  id[a.start] = 0;
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!;
    for (let c = 0; c < n; c++) {
      const t = a.trans[s * n + c]!;
      if (t >= 0 && live[t] && id[t] === -1) {
        id[t] = order.length;
        order.push(t);
      }
    }
  }
  const trans = new Int32Array(order.length * n).fill(-1);
  const accept = new Uint8Array(order.length);
  order.forEach((s, i) => {
    accept[i] = a.accept[s]!;
    for (let c = 0; c < n; c++) {
      const t = a.trans[s * n + c]!;
      if (t >= 0 && live[t]) trans[i * n + c] = id[t]!;
    }
  });
  return metered({ symbols: n, start: 0, trans, accept });
}

/**
 * The minimal automaton for the same language, without dead states (states from which no
 * accepting state is reachable). Returns undefined when the language is empty. Hopcroft's
 * partition refinement, O(n·k·log n) for n states and k symbols.
 */
export function minimizeDfa(a: Dfa): Dfa | undefined {
  const t = trimDfa(a);
  if (!t) return undefined;
  const k = t.symbols;
  const live = stateCount(t);
  // Complete the automaton with a dead state so every state has every transition.
  const N = live + 1;
  const dead = live;
  const next = (s: number, c: number): number => (s === dead ? dead : t.trans[s * k + c]! < 0 ? dead : t.trans[s * k + c]!);
  // Inverse transitions per symbol, as compressed rows.
  const invStart = new Int32Array(k * (N + 1));
  const invSrc = new Int32Array(k * N);
  for (let c = 0; c < k; c++) {
    const base = c * (N + 1);
    for (let s = 0; s < N; s++) invStart[base + next(s, c) + 1] = invStart[base + next(s, c) + 1]! + 1;
    for (let s = 0; s < N; s++) invStart[base + s + 1] = invStart[base + s + 1]! + invStart[base + s]!;
    const fill = invStart.slice(base, base + N);
    for (let s = 0; s < N; s++) {
      const to = next(s, c);
      invSrc[c * N + fill[to]!++] = s;
    }
  }
  const blockOf = new Int32Array(N);
  const blocks: number[][] = [];
  const accepting: number[] = [];
  const rejecting: number[] = [];
  for (let s = 0; s < N; s++) (s < live && t.accept[s] ? accepting : rejecting).push(s);
  for (const b of [accepting, rejecting]) {
    if (b.length === 0) continue;
    for (const s of b) blockOf[s] = blocks.length;
    blocks.push(b);
  }
  const inWork = new Uint8Array(N + 1);
  const work: number[] = [];
  const smaller = blocks.length === 2 && blocks[1]!.length < blocks[0]!.length ? 1 : 0;
  work.push(smaller);
  inWork[smaller] = 1;
  const marked = new Uint8Array(N);
  const markCount = new Int32Array(N + 1);
  while (work.length > 0) {
    const A = work.pop()!;
    inWork[A] = 0;
    const members = blocks[A]!.slice();
    for (let c = 0; c < k; c++) {
      const touched: number[] = [];
      for (const to of members) {
        const base = c * (N + 1);
        for (let i = invStart[base + to]!; i < invStart[base + to + 1]!; i++) {
          const s = invSrc[c * N + i]!;
          if (marked[s]) continue;
          marked[s] = 1;
          const b = blockOf[s]!;
          if (markCount[b] === 0) touched.push(b);
          markCount[b]!++;
        }
      }
      for (const b of touched) {
        const Y = blocks[b]!;
        if (markCount[b] === Y.length) {
          for (const s of Y) marked[s] = 0;
          markCount[b] = 0;
          continue;
        }
        // Split Y into its marked and unmarked states; the marked ones form a new block.
        const inside: number[] = [];
        const outside: number[] = [];
        for (const s of Y) (marked[s] ? inside : outside).push(s);
        for (const s of inside) marked[s] = 0;
        markCount[b] = 0;
        const z = blocks.length;
        blocks[b] = outside;
        blocks.push(inside);
        for (const s of inside) blockOf[s] = z;
        if (inWork[b]) {
          work.push(z);
          inWork[z] = 1;
        } else {
          const add = inside.length <= outside.length ? z : b;
          work.push(add);
          inWork[add] = 1;
        }
      }
    }
  }
  // Number the blocks from the start state, leaving out the dead block.
  const deadBlock = blockOf[dead]!;
  const id = new Int32Array(blocks.length).fill(-1);
  const reps: number[] = [];
  const queue = [t.start];
  id[blockOf[t.start]!] = 0;
  reps.push(t.start);
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    for (let c = 0; c < k; c++) {
      const to = next(s, c);
      const b = blockOf[to]!;
      if (b === deadBlock || id[b] !== -1) continue;
      id[b] = reps.length;
      reps.push(to);
      queue.push(to);
    }
  }
  const trans = new Int32Array(reps.length * k).fill(-1);
  const accept = new Uint8Array(reps.length);
  reps.forEach((s, i) => {
    accept[i] = t.accept[s]!;
    for (let c = 0; c < k; c++) {
      const b = blockOf[next(s, c)]!;
      if (b !== deadBlock) trans[i * k + c] = id[b]!;
    }
  });
  meter?.(N * k);
  return { symbols: k, start: 0, trans, accept };
}

/** Expression size (nodes) below which a state reached from several places is copied rather than made a rule. */
const SMALL_STATE = 12;

/**
 * States written inside one another before one becomes a rule: each adds about three levels of
 * expression nesting, and grammar IR may nest at most MAX_EXPR_DEPTH levels in a rule (a long
 * counted pattern, `maxLength` 600 with a pattern, is a chain of 600 states).
 */
const MAX_INLINE_CHAIN = 64;

/**
 * Marks in `needsRule` states that cut every chain of inlined states to at most
 * MAX_INLINE_CHAIN. The states not already rules form a DAG (cycles are rules); it is walked
 * leaves first with a stack of its own, so a chain of thousands of states needs no recursion.
 */
function limitNesting(start: number, edges: readonly (readonly { target: number }[])[], needsRule: Uint8Array): void {
  const height = new Int32Array(needsRule.length).fill(-1);
  const stack = [start];
  const next = [0];
  height[start] = -2; // on the stack
  while (stack.length > 0) {
    const s = stack[stack.length - 1]!;
    const out = edges[s]!;
    const i = next[next.length - 1]!;
    if (i < out.length) {
      next[next.length - 1] = i + 1;
      const t = out[i]!.target;
      if (height[t] === -1) {
        height[t] = -2;
        stack.push(t);
        next.push(0);
      }
      continue;
    }
    stack.pop();
    next.pop();
    let h = 0;
    for (const e of out) if (!needsRule[e.target]) h = Math.max(h, height[e.target]! + 1);
    if (h >= MAX_INLINE_CHAIN && !needsRule[s]) {
      needsRule[s] = 1;
      h = 0;
    }
    height[s] = needsRule[s] ? 0 : h;
  }
}

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
 *
 * With `end` (a string's closing quote), accepting states end with it, and when there are rules
 * the start state is one too: every reference to a state is then a tail call, so a mask engine
 * can build the whole automaton as one (a state rule reached from inside `"…"` would be called,
 * and built on its own with a copy of every state after it — quadratic for a long counted pattern).
 */
export function dfaToExpr(d: Dfa, render: (symbols: readonly number[]) => Expr, rules: RuleSink, base: string, end: Expr = EMPTY): Expr {
  const ends = !(end.kind === "literal" && end.text === "");
  const n = d.symbols;
  const size = stateCount(d);
  meter?.(size * n);
  // Each state's transitions grouped by target (alphabets can be wide, targets are few).
  const edges: { target: number; symbols: number[] }[][] = [];
  const loops: number[][] = [];
  const indegree = new Int32Array(size);
  for (let s = 0; s < size; s++) {
    const byTarget = new Map<number, number[]>();
    const loop: number[] = [];
    for (let c = 0; c < n; c++) {
      const t = d.trans[s * n + c]!;
      if (t < 0) continue;
      if (t === s) loop.push(c);
      else {
        let list = byTarget.get(t);
        if (!list) {
          byTarget.set(t, (list = []));
          indegree[t] = indegree[t]! + 1;
        }
        list.push(c);
      }
    }
    edges.push([...byTarget].map(([target, symbols]) => ({ target, symbols })));
    loops.push(loop);
  }
  const needsRule = new Uint8Array(size);
  // States on a cycle of more than one state (a self-loop alone is written as a repetition).
  for (const scc of stronglyConnectedComponents(size, () => n, (s, c) => d.trans[s * n + c]!).order) if (scc.length > 1) for (const s of scc) needsRule[s] = 1;
  limitNesting(d.start, edges, needsRule);
  // A shared state becomes a rule unless its whole expression is small: an accepting dead end
  // (""), a digit loop. Decided leaves first so sizes are known.
  const inlineSize = new Int32Array(size).fill(-1);
  const sizeOf = (s: number): number => {
    if (needsRule[s]) return 1;
    if (inlineSize[s]! >= 0) return inlineSize[s]!;
    let total = 1;
    for (const e of edges[s]!) total += 1 + sizeOf(e.target);
    inlineSize[s] = total;
    return total;
  };
  for (let s = size - 1; s >= 0; s--) if (!needsRule[s] && indegree[s]! > 1 && sizeOf(s) > SMALL_STATE) needsRule[s] = 1;
  if (ends && needsRule.includes(1)) needsRule[d.start] = 1;
  const names = new Map<number, string>();
  for (let s = 0; s < size; s++) if (needsRule[s]) names.set(s, rules.reserve(`${base}_s${s}`));

  const body = (s: number): Expr => {
    const alts = edges[s]!.map((e) => seqOf(render(e.symbols), stateExpr(e.target)));
    let rest: Expr;
    if (alts.length === 0) rest = end;
    else if (d.accept[s]) rest = ends ? choice(...alts, end) : alts.length === 1 ? repeat(alts[0]!, 0, 1) : repeat(choice(...alts), 0, 1);
    else rest = alts.length === 1 ? alts[0]! : choice(...alts);
    const loop = loops[s]!;
    return loop.length > 0 ? seqOf(repeat(render(loop), 0, Infinity), rest) : rest;
  };
  const stateExpr = (s: number): Expr => {
    const name = names.get(s);
    return name !== undefined ? ref(name) : body(s);
  };
  for (const [s, name] of names) rules.define(name, body(s));
  return stateExpr(d.start);
}

