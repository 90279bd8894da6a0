import { classCodepoints, utf8Encode, utf8Sequences, validateGrammar, type Expr, type Grammar } from "@toolmask/grammar";
import { StateFlag, UNBOUNDED, type CompiledTables } from "./compiled-grammar.js";
import { CompileError } from "./errors.js";
import type { Vocabulary } from "./vocabulary.js";

/** Limits on compile work, so a pathological grammar fails with a typed error instead of hanging. */
export interface AutomatonBudget {
  /** Automaton states over all rules (after determinization). */
  readonly maxStates: number;
}

export const DEFAULT_AUTOMATON_BUDGET: AutomatonBudget = { maxStates: 2_000_000 };

// ---------------------------------------------------------------------------------------------
// Step 1: each rule's IR becomes an NFA with epsilon, byte-range, rule-call and token edges.
// Counted repeats (other than ?, *, +) become rules of their own whose items carry a counter.

interface NfaState {
  eps: number[];
  bytes: [lo: number, hi: number, to: number][];
  calls: [rule: number, to: number][];
  tokens: [id: number, to: number][];
}

interface RuleDraft {
  readonly name: string;
  /** Ordinary rule: its NFA. Repeat rule: undefined. */
  nfa?: { states: NfaState[]; start: number; final: number };
  repeat?: { item: number; min: number; max: number };
}

/**
 * Small rules with finite languages (no loops, no recursion) are copied into their callers, and
 * tiny counted repeats of such items are expanded: a JSON string's `char` rule then becomes part
 * of the string's automaton, so scanning a string is a table lookup per byte instead of a rule
 * completion per character. Larger or looping rules stay rules of their own, which keeps the
 * automata small and lets identical rules share cached token classifications.
 */
const INLINE_MAX_SIZE = 160;
const MINIMIZE_MAX_STATES = 64;
const EXPAND_MAX_COPIES = 8;

class NfaBuilder {
  readonly rules: RuleDraft[] = [];
  /** Structural id of each IR expression (equal structure, equal id), interned. */
  private readonly exprIds = new WeakMap<Expr, number>();
  private readonly structure = new Map<string, number>();
  /**
   * Within the rule being built: the state from which an expression (by structural id) or a
   * byte-range suffix leads to a given state. Identical suffixes are built once, so copies of an
   * inlined rule or of a class's multi-byte characters that all lead to the same place share
   * their states, and subset construction does not multiply them.
   */
  private shared = new Map<string, number>();
  /** Automaton size of each IR rule if finite, -1 if it loops or recurses. */
  private readonly finiteSize = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly anonymous = new Map<Expr, number>();
  private readonly repeats = new Map<string, number>();
  private pending: [rule: number, body: Expr][] = [];

  constructor(
    private readonly grammar: Grammar,
    private readonly vocab: Vocabulary,
  ) {}

  build(): number {
    const start = this.ruleFor(this.grammar.start);
    while (this.pending.length > 0) {
      const [rule, body] = this.pending.pop()!;
      const states: NfaState[] = [];
      const add = (): number => {
        states.push({ eps: [], bytes: [], calls: [], tokens: [] });
        return states.length - 1;
      };
      const s = add();
      const f = add();
      this.shared = new Map();
      this.expr(body, s, f, states, add, this.rules[rule]!.name);
      this.rules[rule]!.nfa = { states, start: s, final: f };
    }
    return start;
  }

  private ruleFor(name: string): number {
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push({ name });
      this.byName.set(name, id);
      this.pending.push([id, this.grammar.rules.get(name)!]);
    }
    return id;
  }

  /** A rule standing for an expression (the item of a counted repeat). */
  private ruleForExpr(e: Expr, owner: string): number {
    if (e.kind === "ref") return this.ruleFor(e.name);
    let id = this.anonymous.get(e);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push({ name: `${owner}#item${id}` });
      this.anonymous.set(e, id);
      this.pending.push([id, e]);
    }
    return id;
  }

  /** A state from which `e` leads to `to`, built once per (structure of e, to) within a rule. */
  private entry(e: Expr, to: number, states: NfaState[], add: () => number, owner: string): number {
    const key = `e${this.structuralId(e)}>${to}`;
    let st = this.shared.get(key);
    if (st === undefined) {
      st = add();
      this.expr(e, st, to, states, add, owner);
      this.shared.set(key, st);
    }
    return st;
  }

  private structuralId(e: Expr): number {
    let id = this.exprIds.get(e);
    if (id !== undefined) return id;
    let key: string;
    switch (e.kind) {
      case "literal":
      case "token":
        key = `${e.kind[0]}${JSON.stringify(e.text)}`;
        break;
      case "ref":
        key = `r${JSON.stringify(e.name)}`;
        break;
      case "class":
        key = `c${e.negated ? "^" : ""}${e.ranges.map((r) => `${r[0]}-${r[1]}`).join(",")}`;
        break;
      case "repeat":
        key = `x${this.structuralId(e.item)}{${e.min},${e.max}}`;
        break;
      case "sequence":
      case "choice":
        key = `${e.kind[0]}(${e.items.map((x) => this.structuralId(x)).join(" ")})`;
        break;
    }
    id = this.structure.get(key);
    if (id === undefined) {
      id = this.structure.size;
      this.structure.set(key, id);
    }
    this.exprIds.set(e, id);
    return id;
  }

  /** Automaton size of a rule's language if it is finite (no loops, no recursion), else -1. */
  private ruleSize(name: string, visiting: Set<string> = new Set()): number {
    const known = this.finiteSize.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return -1;
    visiting.add(name);
    const size = this.exprSize(this.grammar.rules.get(name)!, visiting);
    visiting.delete(name);
    this.finiteSize.set(name, size);
    return size;
  }

  private exprSize(e: Expr, visiting: Set<string>): number {
    switch (e.kind) {
      case "literal":
        return utf8Encode(e.text).length;
      case "token":
        return 1;
      case "class":
        return utf8Sequences(classCodepoints(e)).reduce((n, s) => n + s.length, 0);
      case "ref":
        return this.ruleSize(e.name, visiting);
      case "sequence":
      case "choice": {
        let total = 0;
        for (const item of e.items) {
          const n = this.exprSize(item, visiting);
          if (n < 0) return -1;
          total += n;
        }
        return total;
      }
      case "repeat": {
        if (e.max === Infinity) return -1;
        const n = this.exprSize(e.item, visiting);
        return n < 0 ? -1 : n * e.max;
      }
    }
  }

  private repeatRule(item: number, min: number, max: number, owner: string): number {
    const key = `${item}/${min}/${max}`;
    let id = this.repeats.get(key);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push({ name: `${owner}#repeat${id}`, repeat: { item, min, max } });
      this.repeats.set(key, id);
    }
    return id;
  }

  private expr(e: Expr, from: number, to: number, states: NfaState[], add: () => number, owner: string): void {
    switch (e.kind) {
      case "literal": {
        const bytes = utf8Encode(e.text);
        if (bytes.length === 0) {
          states[from]!.eps.push(to);
          break;
        }
        let cur = from;
        bytes.forEach((b, i) => {
          const next = i === bytes.length - 1 ? to : add();
          states[cur]!.bytes.push([b, b, next]);
          cur = next;
        });
        break;
      }
      case "class":
        for (const sequence of utf8Sequences(classCodepoints(e))) {
          // Continuation bytes are built right to left from shared suffix states.
          let next = to;
          for (let i = sequence.length - 1; i >= 1; i--) {
            const [lo, hi] = sequence[i]!;
            const key = `b${lo}-${hi}>${next}`;
            let st = this.shared.get(key);
            if (st === undefined) {
              st = add();
              states[st]!.bytes.push([lo, hi, next]);
              this.shared.set(key, st);
            }
            next = st;
          }
          states[from]!.bytes.push([sequence[0]![0], sequence[0]![1], next]);
        }
        break;
      case "sequence": {
        if (e.items.length === 0) {
          states[from]!.eps.push(to);
          break;
        }
        // Right to left: every item after the first starts at a shared entry state.
        let next = to;
        for (let i = e.items.length - 1; i >= 1; i--) next = this.entry(e.items[i]!, next, states, add, owner);
        this.expr(e.items[0]!, from, next, states, add, owner);
        break;
      }
      case "choice":
        for (const item of e.items) this.expr(item, from, to, states, add, owner);
        break;
      case "ref": {
        const size = this.ruleSize(e.name);
        if (size >= 0 && size <= INLINE_MAX_SIZE) this.expr(this.grammar.rules.get(e.name)!, from, to, states, add, owner);
        else states[from]!.calls.push([this.ruleFor(e.name), to]);
        break;
      }
      case "token": {
        const id = this.vocab.specialTokens.get(e.text);
        if (id === undefined) {
          throw new CompileError("token_not_in_vocabulary", `rule "${owner}" needs the special token ${JSON.stringify(e.text)}, which this vocabulary does not have`, owner);
        }
        states[from]!.tokens.push([id, to]);
        break;
      }
      case "repeat": {
        const { min, max } = e;
        if (max === 0) {
          states[from]!.eps.push(to);
        } else if (min === 1 && max === 1) {
          this.expr(e.item, from, to, states, add, owner);
        } else if (min <= 1 && (max === 1 || max === Infinity)) {
          // ?, *, + stay inside the automaton: an optional copy, or a loop after zero or one copy.
          const loop = add();
          if (min === 0) states[from]!.eps.push(loop);
          else this.expr(e.item, from, loop, states, add, owner);
          if (max === Infinity) {
            const back = add();
            this.expr(e.item, loop, back, states, add, owner);
            states[back]!.eps.push(loop);
          } else {
            this.expr(e.item, loop, to, states, add, owner);
          }
          states[loop]!.eps.push(to);
        } else if (max <= EXPAND_MAX_COPIES && this.exprSize(e.item, new Set()) >= 0 && max * this.exprSize(e.item, new Set()) <= INLINE_MAX_SIZE) {
          // min copies, then (max - min) optional ones: x x (x (x)?)? — linear in max.
          let cur = from;
          for (let i = 0; i < max; i++) {
            const next = i === max - 1 ? to : add();
            this.expr(e.item, cur, next, states, add, owner);
            if (i >= min) states[cur]!.eps.push(to);
            cur = next;
          }
        } else {
          const item = this.ruleForExpr(e.item, owner);
          states[from]!.calls.push([this.repeatRule(item, min, max === Infinity ? UNBOUNDED : max, owner), to]);
        }
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Step 2: byte classes shared by all rules, then subset construction per rule.

function byteClasses(rules: readonly RuleDraft[]): { byteClass: Uint8Array; numClasses: number; classLo: number[] } {
  const cut = new Uint8Array(257);
  cut[0] = 1;
  for (const r of rules) {
    for (const st of r.nfa?.states ?? []) {
      for (const [lo, hi] of st.bytes) {
        cut[lo] = 1;
        cut[hi + 1] = 1;
      }
    }
  }
  const byteClass = new Uint8Array(256);
  const classLo: number[] = [];
  let cls = -1;
  for (let b = 0; b < 256; b++) {
    if (cut[b]) {
      cls++;
      classLo.push(b);
    }
    byteClass[b] = cls;
  }
  return { byteClass, numClasses: cls + 1, classLo };
}

interface DfaDraft {
  accepting: boolean;
  trans: Int32Array; // per class, local target or -1
  calls: Map<number, number>; // rule -> local target
  tokens: Map<number, number>; // token id -> local target
}

function determinize(nfa: NonNullable<RuleDraft["nfa"]>, byteClass: Uint8Array, numClasses: number, budget: { left: number }, ruleName: string): DfaDraft[] {
  const states = nfa.states;
  // Only "important" NFA states — with a byte, call or token edge, or final — decide a DFA
  // state's future; states with nothing but epsilon edges are bookkeeping. Keying DFA states by
  // their important states alone merges twins such as a string's state right after the opening
  // quote and its state after a character.
  const important = states.map((st, i) => st.bytes.length > 0 || st.calls.length > 0 || st.tokens.length > 0 || i === nfa.final);
  const mark = new Int32Array(states.length).fill(-1);
  let stamp = 0;
  const closure = (seeds: readonly number[]): number[] => {
    stamp++;
    const stack = [...seeds];
    const out: number[] = [];
    for (const s of seeds) mark[s] = stamp;
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (important[s]) out.push(s);
      for (const t of states[s]!.eps) {
        if (mark[t] !== stamp) {
          mark[t] = stamp;
          stack.push(t);
        }
      }
    }
    return out.sort((a, b) => a - b);
  };
  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const out: DfaDraft[] = [];
  const intern = (set: number[]): number => {
    const key = set.join(",");
    let id = ids.get(key);
    if (id === undefined) {
      if (--budget.left < 0) throw new CompileError("grammar_too_complex", `rule "${ruleName}" needs more automaton states than the compile budget allows`, ruleName);
      id = sets.length;
      ids.set(key, id);
      sets.push(set);
    }
    return id;
  };
  intern(closure([nfa.start]));
  // Reused per DFA state: the NFA targets of each byte class, and which classes were touched.
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  const touched: number[] = [];
  for (let d = 0; d < sets.length; d++) {
    const set = sets[d]!;
    const calls = new Map<number, number[]>();
    const tokens = new Map<number, number[]>();
    let accepting = false;
    for (const s of set) {
      if (s === nfa.final) accepting = true;
      const st = states[s]!;
      for (const [lo, hi, to] of st.bytes) {
        for (let c = byteClass[lo]!, last = byteClass[hi]!; c <= last; c++) {
          const list = byClass[c]!;
          if (list.length === 0) touched.push(c);
          list.push(to);
        }
      }
      for (const [rule, to] of st.calls) {
        const list = calls.get(rule);
        if (list) list.push(to);
        else calls.set(rule, [to]);
      }
      for (const [id, to] of st.tokens) {
        const list = tokens.get(id);
        if (list) list.push(to);
        else tokens.set(id, [to]);
      }
    }
    const trans = new Int32Array(numClasses).fill(-1);
    const targets = new Map<string, number>();
    for (const c of touched) {
      const list = byClass[c]!;
      const key = list.length === 1 ? String(list[0]) : list.sort((a, b) => a - b).join(",");
      let id = targets.get(key);
      if (id === undefined) {
        id = intern(closure(list));
        targets.set(key, id);
      }
      trans[c] = id;
      list.length = 0;
    }
    touched.length = 0;
    const callTargets = new Map<number, number>();
    for (const [rule, t] of calls) callTargets.set(rule, intern(closure(t)));
    const tokenTargets = new Map<number, number>();
    for (const [id, t] of tokens) tokenTargets.set(id, intern(closure(t)));
    out.push({ accepting, trans, calls: callTargets, tokens: tokenTargets });
  }
  return out;
}

/**
 * Merges states with identical futures (Moore's partition refinement over byte classes, rule
 * calls and tokens). Subset construction leaves such twins — a string's state right after the
 * opening quote and its state after a character — and every twin would cost its own token
 * classification and its own mask cache entries. Refinement that has not settled within the
 * round limit keeps the automaton as it was: a coarser partition would be wrong.
 */
function minimize(dfa: DfaDraft[], numClasses: number): DfaDraft[] {
  const n = dfa.length;
  // Large automata are mostly literal chains (property names), where refinement costs many
  // rounds and merges little; keying by important states already removed the common twins.
  if (n <= 1 || n > MINIMIZE_MAX_STATES) return dfa;
  // Each state's byte transitions as runs of classes with the same target: keys stay short.
  const runs = dfa.map((st) => {
    const out: number[] = [];
    for (let c = 0; c < numClasses; ) {
      const t = st.trans[c]!;
      let end = c;
      while (end + 1 < numClasses && st.trans[end + 1] === t) end++;
      if (t >= 0) out.push(c, end, t);
      c = end + 1;
    }
    return out;
  });
  const edges = dfa.map((st) => [...[...st.calls].sort((a, b) => a[0] - b[0]).map(([r, t]) => ["r", r, t] as const), ...[...st.tokens].sort((a, b) => a[0] - b[0]).map(([id, t]) => ["t", id, t] as const)]);
  let block = new Int32Array(n);
  let blocks = 0;
  for (let round = 0; round < 256; round++) {
    const ids = new Map<string, number>();
    const next = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      let key = `${round === 0 ? "" : block[s]}${dfa[s]!.accepting ? "A" : "-"}`;
      const r = runs[s]!;
      // Adjacent runs whose targets fall in one block are one run.
      for (let i = 0; i < r.length; i += 3) {
        const b = round === 0 ? 0 : block[r[i + 2]!]!;
        const lo = r[i]!;
        let hi = r[i + 1]!;
        while (i + 3 < r.length && r[i + 3] === hi + 1 && (round === 0 ? 0 : block[r[i + 5]!]) === b) {
          i += 3;
          hi = r[i + 1]!;
        }
        key += `,${lo}-${hi}>${b}`;
      }
      for (const [kind, label, t] of edges[s]!) key += `;${kind}${label}>${round === 0 ? 0 : block[t]}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      next[s] = id;
    }
    const settled = ids.size === blocks;
    block = next;
    blocks = ids.size;
    if (settled) return rebuild(dfa, block, blocks, numClasses);
    if (blocks === n) return dfa;
  }
  return dfa;
}

/** The automaton over blocks, renumbered so the start state's block comes first. */
function rebuild(dfa: DfaDraft[], block: Int32Array, blocks: number, numClasses: number): DfaDraft[] {
  if (blocks === dfa.length) return dfa;
  const order = new Int32Array(blocks).fill(-1);
  let k = 0;
  order[block[0]!] = k++;
  for (let s = 0; s < dfa.length; s++) if (order[block[s]!]! < 0) order[block[s]!] = k++;
  const out: DfaDraft[] = new Array(blocks);
  for (let s = 0; s < dfa.length; s++) {
    const b = order[block[s]!]!;
    if (out[b]) continue;
    const st = dfa[s]!;
    const trans = new Int32Array(numClasses);
    for (let c = 0; c < numClasses; c++) trans[c] = st.trans[c]! < 0 ? -1 : order[block[st.trans[c]!]!]!;
    out[b] = {
      accepting: st.accepting,
      trans,
      calls: new Map([...st.calls].map(([r, t]) => [r, order[block[t]!]!])),
      tokens: new Map([...st.tokens].map(([id, t]) => [id, order[block[t]!]!])),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 3: nullable and productive rules, live states, pruning, flat tables, signatures.

/**
 * Compiles grammar IR for a vocabulary. Special-token terminals are resolved to token ids (a
 * token the vocabulary lacks is a `CompileError`); rules become automata; states from which the
 * grammar cannot finish are pruned, so a non-empty parser state always means a viable prefix.
 */
export function compileTables(grammar: Grammar, vocab: Vocabulary, budget: AutomatonBudget = DEFAULT_AUTOMATON_BUDGET): CompiledTables {
  validateGrammar(grammar);
  const builder = new NfaBuilder(grammar, vocab);
  const startRule = builder.build();
  const rules = builder.rules;
  const { byteClass, numClasses, classLo } = byteClasses(rules);
  const left = { left: budget.maxStates };
  const dfas = rules.map((r) => (r.nfa ? minimize(determinize(r.nfa, byteClass, numClasses, left, r.name), numClasses) : undefined));

  const R = rules.length;
  // Nullable: fixpoint over "the start state reaches acceptance through nullable calls only".
  const nullable = new Uint8Array(R);
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < R; r++) {
      if (nullable[r]) continue;
      const rep = rules[r]!.repeat;
      const isNullable = rep ? rep.min === 0 || nullable[rep.item] === 1 : reachesAccept(dfas[r]!, (rule) => nullable[rule] === 1, false);
      if (isNullable) {
        nullable[r] = 1;
        changed = true;
      }
    }
  }
  // Productive rules and live states, together: a state is live if it accepts or has an edge to a
  // live state (a rule call counts when the called rule is productive). Liveness spreads backwards
  // along predecessor edges from a worklist, so the work is linear in the automata's size.
  const byteTargets: number[][][] = dfas.map((d) => (d ? d.map((st) => distinctTargets(st.trans)) : []));
  const preds: number[][][] = dfas.map((d) => (d ? d.map(() => []) : []));
  const callPreds: number[][][] = dfas.map((d) => (d ? d.map(() => []) : [])); // [state, callee] pairs, flat
  const callersOf: number[][] = Array.from({ length: R }, () => []); // [rule, state, target] triples, flat
  const repeatsOf: number[][] = Array.from({ length: R }, () => []);
  for (let r = 0; r < R; r++) {
    const rep = rules[r]!.repeat;
    if (rep) {
      repeatsOf[rep.item]!.push(r);
      continue;
    }
    dfas[r]!.forEach((st, sIndex) => {
      for (const t of byteTargets[r]![sIndex]!) preds[r]![t]!.push(sIndex);
      for (const [, t] of st.tokens) preds[r]![t]!.push(sIndex);
      for (const [callee, t] of st.calls) {
        callPreds[r]![t]!.push(sIndex, callee);
        callersOf[callee]!.push(r, sIndex, t);
      }
    });
  }
  const productive = new Uint8Array(R);
  const live: Uint8Array[] = dfas.map((d) => new Uint8Array(d?.length ?? 0));
  const work: number[] = []; // [rule, state] pairs
  const markLive = (r: number, s: number): void => {
    if (live[r]![s]) return;
    live[r]![s] = 1;
    work.push(r, s);
  };
  const markProductive = (r: number): void => {
    if (productive[r]) return;
    productive[r] = 1;
    const callers = callersOf[r]!;
    for (let i = 0; i < callers.length; i += 3) if (live[callers[i]!]![callers[i + 2]!]) markLive(callers[i]!, callers[i + 1]!);
    for (const rep of repeatsOf[r]!) markProductive(rep);
  };
  for (let r = 0; r < R; r++) {
    const rep = rules[r]!.repeat;
    if (rep) {
      if (rep.min === 0) markProductive(r);
    } else {
      dfas[r]!.forEach((st, sIndex) => st.accepting && markLive(r, sIndex));
    }
  }
  while (work.length > 0) {
    const t = work.pop()!;
    const r = work.pop()!;
    if (t === 0) markProductive(r);
    for (const p of preds[r]![t]!) markLive(r, p);
    const cp = callPreds[r]![t]!;
    for (let i = 0; i < cp.length; i += 2) if (productive[cp[i + 1]!]) markLive(r, cp[i]!);
  }

  // Flat tables. Ordinary rules keep their live states (renumbered breadth-first from the start,
  // which is also the canonical order for signatures); a repeat rule has one state; every rule
  // gets a done marker.
  const ruleStart = new Int32Array(R);
  const ruleDone = new Int32Array(R);
  const repeatItem = new Int32Array(R).fill(-1);
  const repeatMin = new Int32Array(R);
  const repeatMax = new Int32Array(R);
  const localOrder: number[][] = [];
  let numStates = 0;
  for (let r = 0; r < R; r++) {
    const rep = rules[r]!.repeat;
    if (rep) {
      // An item that can be empty never needs to be counted toward the minimum; one that derives
      // nothing can only be used zero times.
      repeatItem[r] = rep.item;
      repeatMin[r] = nullable[rep.item] ? 0 : rep.min;
      repeatMax[r] = productive[rep.item] ? rep.max : 0;
      localOrder.push([0]);
      ruleStart[r] = numStates;
      numStates += 1;
    } else {
      const order = productive[r] ? bfsLive(dfas[r]!, byteTargets[r]!, live[r]!, productive) : [];
      localOrder.push(order);
      ruleStart[r] = order.length > 0 ? numStates : -1;
      numStates += order.length;
    }
  }
  for (let r = 0; r < R; r++) ruleDone[r] = numStates++;
  if (numStates > budget.maxStates) throw new CompileError("grammar_too_complex", `the grammar needs ${numStates} automaton states; the budget is ${budget.maxStates}`);

  const stateRule = new Int32Array(numStates);
  const stateFlags = new Uint8Array(numStates);
  const stateLocal = new Int32Array(numStates);
  const trans = new Int32Array(numStates * numClasses).fill(-1);
  const ntStart = new Int32Array(numStates + 1);
  const tokStart = new Int32Array(numStates + 1);
  const ntRule: number[] = [];
  const ntTarget: number[] = [];
  const tokIdList: number[] = [];
  const tokTarget: number[] = [];
  let next = 0;
  for (let r = 0; r < R; r++) {
    const order = localOrder[r]!;
    // Local (determinized) state → global state id, -1 for states pruned as dead.
    const globalOf = new Int32Array(dfas[r]?.length ?? 0).fill(-1);
    order.forEach((s, i) => (globalOf[s] = ruleStart[r]! + i));
    if (rules[r]!.repeat) {
      const g = ruleStart[r]!;
      stateRule[g] = r;
      stateFlags[g] = StateFlag.Repeat;
      ntStart[g] = ntRule.length;
      tokStart[g] = tokIdList.length;
      ntStart[g + 1] = ntRule.length;
      tokStart[g + 1] = tokIdList.length;
      next = g + 1;
      continue;
    }
    const dfa = dfas[r]!;
    order.forEach((s, i) => {
      const g = ruleStart[r]! + i;
      const st = dfa[s]!;
      stateRule[g] = r;
      stateLocal[g] = i;
      let flags = st.accepting ? StateFlag.Accepting : 0;
      for (let c = 0; c < numClasses; c++) {
        const t = st.trans[c]!;
        if (t >= 0 && globalOf[t]! >= 0) {
          trans[g * numClasses + c] = globalOf[t]!;
          flags |= StateFlag.HasByteEdges;
        }
      }
      ntStart[g] = ntRule.length;
      for (const [rule, t] of st.calls) {
        if (productive[rule] && globalOf[t]! >= 0) {
          ntRule.push(rule);
          ntTarget.push(globalOf[t]!);
          flags |= StateFlag.HasNtEdges;
        }
      }
      tokStart[g] = tokIdList.length;
      for (const [id, t] of st.tokens) {
        if (globalOf[t]! >= 0) {
          tokIdList.push(id);
          tokTarget.push(globalOf[t]!);
          flags |= StateFlag.HasTokenEdges;
        }
      }
      stateFlags[g] = flags;
      next = g + 1;
    });
  }
  for (let r = 0; r < R; r++) {
    const d = ruleDone[r]!;
    stateRule[d] = r;
    stateFlags[d] = StateFlag.Accepting | StateFlag.Done;
    stateLocal[d] = -1;
  }
  for (let s = next; s <= numStates; s++) {
    ntStart[s] = ntRule.length;
    tokStart[s] = tokIdList.length;
  }

  const tables: Omit<CompiledTables, "ruleSignature"> = {
    vocab,
    startRule,
    ruleNames: rules.map((r) => r.name),
    ruleStart,
    ruleDone,
    ruleNullable: nullable,
    repeatItem,
    repeatMin,
    repeatMax,
    numStates,
    stateRule,
    stateFlags,
    stateLocal,
    trans,
    numClasses,
    byteClass,
    ntStart,
    ntRule: Int32Array.from(ntRule),
    ntTarget: Int32Array.from(ntTarget),
    tokStart,
    tokId: Int32Array.from(tokIdList),
    tokTarget: Int32Array.from(tokTarget),
    countHorizon: vocab.trie.maxDepth + 1,
  };
  return { ...tables, ruleSignature: signatures(tables, localOrder.map((o) => o.length), classLo) };
}

function reachesAccept(dfa: readonly DfaDraft[], callOk: (rule: number) => boolean, _bytes: boolean): boolean {
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length > 0) {
    const s = stack.pop()!;
    const st = dfa[s]!;
    if (st.accepting) return true;
    for (const [rule, t] of st.calls) {
      if (callOk(rule) && !seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}

function bfsLive(dfa: readonly DfaDraft[], byteTargets: readonly number[][], live: Uint8Array, productive: Uint8Array): number[] {
  if (!live[0]) return [];
  const order = [0];
  const seen = new Uint8Array(dfa.length);
  seen[0] = 1;
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!;
    const st = dfa[s]!;
    const visit = (t: number): void => {
      if (t >= 0 && live[t] && !seen[t]) {
        seen[t] = 1;
        order.push(t);
      }
    };
    for (const t of byteTargets[s]!) visit(t);
    for (const [rule, t] of st.calls) if (productive[rule]) visit(t);
    for (const [, t] of st.tokens) visit(t);
  }
  return order;
}

/** The different states a transition row leads to (ignoring missing transitions). */
function distinctTargets(trans: Int32Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < trans.length; c++) {
    const t = trans[c]!;
    if (t >= 0 && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * Interned structural signatures: two rules (of any grammars compiled for the same vocabulary)
 * get the same number exactly when their automata, and those of every rule they call, are
 * identical. Rules on a recursion cycle get a signature unique to this grammar, which is always
 * safe. Token classifications are cached per signature, so a JSON string rule is classified once
 * per vocabulary rather than once per schema.
 */
function signatures(t: Omit<CompiledTables, "ruleSignature">, sizes: readonly number[], classLo: readonly number[]): Int32Array {
  const R = t.ruleStart.length;
  let table = t.vocab.caches.get("signatures") as { ids: Map<string, number>; unique: number } | undefined;
  if (!table) {
    table = { ids: new Map(), unique: 0 };
    t.vocab.caches.set("signatures", table);
  }
  const sig = new Int32Array(R).fill(-1);
  const onStack = new Uint8Array(R);
  const cyclic = new Uint8Array(R);
  const callees = (r: number): number[] => {
    if (t.repeatItem[r]! >= 0) return [t.repeatItem[r]!];
    const out: number[] = [];
    const start = t.ruleStart[r]!;
    for (let s = start; start >= 0 && s < start + sizes[r]!; s++) for (let e = t.ntStart[s]!; e < t.ntStart[s + 1]!; e++) out.push(t.ntRule[e]!);
    return out;
  };
  // Mark rules on cycles (iterative DFS with an explicit stack).
  const state = new Uint8Array(R); // 0 new, 1 open, 2 done
  for (let root = 0; root < R; root++) {
    if (state[root]) continue;
    const stack: [number, number[], number][] = [[root, callees(root), 0]];
    state[root] = 1;
    onStack[root] = 1;
    const path = [root];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top[2] < top[1].length) {
        const c = top[1][top[2]++]!;
        if (state[c] === 0) {
          state[c] = 1;
          onStack[c] = 1;
          path.push(c);
          stack.push([c, callees(c), 0]);
        } else if (onStack[c]) {
          for (let i = path.length - 1; i >= 0; i--) {
            cyclic[path[i]!] = 1;
            if (path[i] === c) break;
          }
        }
      } else {
        stack.pop();
        const r = path.pop()!;
        onStack[r] = 0;
        state[r] = 2;
      }
    }
  }
  const compute = (r: number): number => {
    if (sig[r]! >= 0) return sig[r]!;
    if (cyclic[r]) return (sig[r] = 0x40000000 + table.unique++);
    let text: string;
    if (t.repeatItem[r]! >= 0) {
      text = `rep(${compute(t.repeatItem[r]!)},${t.repeatMin[r]},${t.repeatMax[r]})`;
    } else {
      const start = t.ruleStart[r]!;
      const parts: string[] = [];
      for (let s = start; start >= 0 && s < start + sizes[r]!; s++) {
        let p = (t.stateFlags[s]! & StateFlag.Accepting) !== 0 ? "A" : "";
        let c = 0;
        while (c < t.numClasses) {
          const target = t.trans[s * t.numClasses + c]!;
          let end = c;
          while (end + 1 < t.numClasses && t.trans[s * t.numClasses + end + 1] === target) end++;
          if (target >= 0) p += `${classLo[c]}-${end + 1 < t.numClasses ? classLo[end + 1]! - 1 : 255}>${target - start};`;
          c = end + 1;
        }
        for (let e = t.ntStart[s]!; e < t.ntStart[s + 1]!; e++) p += `r${compute(t.ntRule[e]!)}>${t.ntTarget[e]! - start};`;
        for (let e = t.tokStart[s]!; e < t.tokStart[s + 1]!; e++) p += `t${t.tokId[e]}>${t.tokTarget[e]! - start};`;
        parts.push(p);
      }
      text = parts.join("|");
    }
    let id = table.ids.get(text);
    if (id === undefined) {
      id = table.ids.size;
      table.ids.set(text, id);
    }
    return (sig[r] = id);
  };
  for (let r = 0; r < R; r++) compute(r);
  return sig;
}
