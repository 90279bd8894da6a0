import { StateFlag, UNBOUNDED } from "./compiled-grammar.js";
import { CompileError } from "./errors.js";
import { byteClasses, Edge, type Nfa, type NfaBuilder, type RuleDraft, type SignatureTable } from "./nfa-builder.js";
import { grow, TupleTable } from "./tuple-table.js";
import type { Vocabulary } from "./vocabulary.js";

/** A transition (or edge target) not worked out yet. */
export const UNKNOWN = -2;

/** Limits on automaton work, so a pathological grammar fails with a typed error instead of hanging. */
export interface AutomatonBudget {
  /** Automaton states over all rules (created as parsing reaches them). */
  readonly maxStates: number;
}

export const DEFAULT_AUTOMATON_BUDGET: AutomatonBudget = { maxStates: 2_000_000 };

/**
 * Every rule of a grammar as a deterministic automaton over byte classes, rule calls and special
 * tokens — determinized lazily. Compiling builds the rules' NFAs and what must be known up front
 * (which NFA states can still reach the end of their rule, which rules derive anything, which
 * are nullable, structural signatures); a DFA state is made from its set of NFA states the first
 * time parsing reaches it, and its byte transitions the first time they are asked for. So the
 * time to a first mask does not grow with the size of the schema, and a generation pays only for
 * the states it visits.
 *
 * Liveness is decided on the NFA: only NFA states that can still finish their rule enter a DFA
 * state, so every DFA state that exists is live and "no transition" means "not a viable prefix".
 *
 * Arrays grow as states are added: read them through this object (`next`, `ntTargetAt`, …) or
 * re-read the fields after anything that may create states.
 */
export class Automata {
  readonly startRule: number;
  readonly ruleNames: readonly string[];
  readonly numClasses: number;
  readonly byteClass: Uint8Array;
  /**
   * Counts past this are indistinguishable within one token: no token has more bytes, so it
   * cannot complete more repetitions. Cache keys clamp counts to it.
   */
  readonly countHorizon: number;
  // Rules
  readonly ruleStart: Int32Array;
  readonly ruleDone: Int32Array;
  readonly ruleNullable: Uint8Array;
  /** For counted repeats: the repeated rule, or -1 for ordinary rules. */
  readonly repeatItem: Int32Array;
  readonly repeatMin: Int32Array;
  /** UNBOUNDED for no upper bound. */
  readonly repeatMax: Int32Array;
  /** Interned structural signature: equal for identical rules of different grammars (same vocabulary). */
  readonly ruleSignature: Int32Array;
  // States (growable)
  numStates = 0;
  stateRule = new Int32Array(256);
  stateFlags = new Uint8Array(256);
  /** Byte transitions `trans[state * numClasses + class]`: a state, -1 for none, UNKNOWN until worked out. */
  trans: Int32Array;
  /** Rule-call edges of state s: `ntStart[s] .. ntStart[s] + ntCount[s]` into ntRule / ntTarget. */
  ntStart = new Int32Array(256);
  ntCount = new Int32Array(256);
  ntRule = new Int32Array(256);
  /** Targets of rule-call edges; UNKNOWN until first used (see `ntTargetAt`). */
  ntTarget = new Int32Array(256);
  /** Special-token edges, laid out like the rule-call edges. */
  tokStart = new Int32Array(256);
  tokCount = new Int32Array(256);
  tokId = new Int32Array(256);
  tokTarget = new Int32Array(256);
  private ntSize = 0;
  private tokSize = 0;
  /** See `bytesOf`. */
  stateBytes = new Uint32Array(0);
  private stateBytesDone = new Uint8Array(0);
  /** First byte of each byte class (classes are runs of consecutive bytes). */
  private readonly classLo: number[];
  /** The NFA states (of its rule) each DFA state stands for; empty for repeat and done states. */
  private readonly stateSet: (readonly number[])[] = [];
  /** Canonical name of each state within its rule: its NFA state set (for cross-grammar caches). */
  readonly stateKey: string[] = [];
  /** NFA targets of edges whose DFA target is not made yet, and the rule they belong to. */
  private readonly ntPending: (number[] | undefined)[] = [];
  private readonly tokPending: (number[] | undefined)[] = [];
  private readonly ntOwnerRule: number[] = [];
  private readonly tokOwnerRule: number[] = [];
  private readonly ids: Map<string, number>[];
  private readonly nfas: (Nfa | undefined)[];
  /** Per rule, per NFA state: 1 if the state can still reach the end of its rule. */
  private readonly live: Uint8Array[];
  /** Per rule, per NFA state: 1 if it has a byte, call or token edge, or is final. */
  private readonly important: Uint8Array[];
  private readonly productive: Uint8Array;
  private statesLeft: number;
  /** Scratch for `expandRow`: NFA targets per byte class (emptied after each row). */
  private rowTargets: (number[] | undefined)[];
  // Scratch for epsilon closures.
  private mark: Int32Array = new Int32Array(64);
  private stamp = 0;

  constructor(
    readonly vocab: Vocabulary,
    builder: NfaBuilder,
    startRule: number,
    budget: AutomatonBudget,
  ) {
    const rules = builder.rules;
    const R = rules.length;
    this.startRule = startRule;
    this.ruleNames = rules.map((r) => r.name);
    const { byteClass, numClasses, classLo } = byteClasses(rules);
    this.classLo = classLo;
    this.byteClass = byteClass;
    this.numClasses = numClasses;
    this.trans = new Int32Array(256 * numClasses);
    this.rowTargets = new Array<number[] | undefined>(numClasses).fill(undefined);
    this.countHorizon = vocab.trie.maxDepth + 1;
    this.statesLeft = budget.maxStates;
    this.nfas = rules.map((r) => r.nfa);
    this.ids = rules.map(() => new Map());
    this.important = rules.map((r) => {
      const nfa = r.nfa;
      if (!nfa) return new Uint8Array(0);
      const important = new Uint8Array(nfa.size);
      for (let i = 0; i < nfa.size; i++) {
        for (let e = nfa.edgeStart[i]!, end = nfa.edgeStart[i + 1]!; e < end; e++) if (nfa.kind[e] !== Edge.Epsilon) important[i] = 1;
      }
      important[nfa.final] = 1;
      return important;
    });

    this.ruleNullable = nullableRules(rules);
    const { live, productive } = liveStates(rules);
    this.live = live;
    this.productive = productive;

    this.repeatItem = new Int32Array(R).fill(-1);
    this.repeatMin = new Int32Array(R);
    this.repeatMax = new Int32Array(R);
    this.ruleStart = new Int32Array(R).fill(-1);
    this.ruleDone = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      const rep = rules[r]!.repeat;
      if (rep) {
        // An item that can be empty never needs to be counted toward the minimum; one that derives
        // nothing can only be used zero times.
        this.repeatItem[r] = rep.item;
        this.repeatMin[r] = this.ruleNullable[rep.item] ? 0 : rep.min;
        this.repeatMax[r] = productive[rep.item] ? rep.max : 0;
        this.ruleStart[r] = this.newState(r, StateFlag.Repeat, [], "");
      }
    }
    for (let r = 0; r < R; r++) this.ruleDone[r] = this.newState(r, StateFlag.Accepting | StateFlag.Done, [], "done");
    for (let r = 0; r < R; r++) {
      const nfa = rules[r]!.nfa;
      if (nfa && productive[r]) this.ruleStart[r] = this.intern(r, this.closure(r, [nfa.start]));
    }
    let table = vocab.caches.get("signatures") as SignatureTable | undefined;
    if (!table) {
      table = { table: new TupleTable(), unique: 0 };
      vocab.caches.set("signatures", table);
    }
    this.ruleSignature = builder.signatures(table);
  }

  /** The state byte class `c` leads to from state `s`, or -1. */
  next(s: number, c: number): number {
    const t = this.trans[s * this.numClasses + c]!;
    return t !== UNKNOWN ? t : this.expandRow(s, c);
  }

  /**
   * The bytes state `s` can take, as 8 words of `stateBytes` from the returned offset; computed
   * once per state (a trie walk asks for every item of every set it builds).
   */
  bytesOf(s: number): number {
    const at = s * 8;
    if (s >= this.stateBytesDone.length) {
      const n = Math.max(this.stateBytesDone.length * 2, s + 1);
      const done = new Uint8Array(n);
      done.set(this.stateBytesDone);
      this.stateBytesDone = done;
      const bits = new Uint32Array(n * 8);
      bits.set(this.stateBytes);
      this.stateBytes = bits;
    }
    if (this.stateBytesDone[s]) return at;
    const K = this.numClasses;
    const classLo = this.classLo;
    for (let c = 0; c < K; c++) {
      if (this.next(s, c) < 0) continue;
      const hi = c + 1 < K ? classLo[c + 1]! : 256;
      for (let b = classLo[c]!; b < hi; b++) this.stateBytes[at + (b >>> 5)]! |= 1 << (b & 31);
    }
    this.stateBytesDone[s] = 1;
    return at;
  }

  /** Target of rule-call edge `e`. */
  ntTargetAt(e: number): number {
    const t = this.ntTarget[e]!;
    if (t !== UNKNOWN) return t;
    // `makeTarget` may grow the edge arrays: store through the current one.
    const target = this.makeTarget(this.ntOwnerRule, this.ntPending, e);
    this.ntTarget[e] = target;
    return target;
  }

  /** Target of special-token edge `e`. */
  tokTargetAt(e: number): number {
    const t = this.tokTarget[e]!;
    if (t !== UNKNOWN) return t;
    const target = this.makeTarget(this.tokOwnerRule, this.tokPending, e);
    this.tokTarget[e] = target;
    return target;
  }

  /** The DFA state for the NFA targets edge `e` was waiting with (they are dropped). */
  private makeTarget(owners: readonly number[], pending: (number[] | undefined)[], e: number): number {
    const r = owners[e]!;
    const target = this.intern(r, this.closure(r, pending[e]!));
    pending[e] = undefined;
    return target;
  }

  /** Bytes held by the automata built so far. */
  memoryBytes(): number {
    const arrays = [this.ruleStart, this.ruleDone, this.ruleNullable, this.repeatItem, this.repeatMin, this.repeatMax, this.ruleSignature, this.stateRule, this.stateFlags, this.trans, this.ntStart, this.ntCount, this.ntRule, this.ntTarget, this.tokStart, this.tokCount, this.tokId, this.tokTarget, this.byteClass];
    return arrays.reduce((n, a) => n + a.byteLength, 0);
  }

  // ---------------------------------------------------------------------------------------------

  /** Epsilon closure over live NFA states; returns its important states, sorted. */
  private closure(r: number, seeds: readonly number[]): number[] {
    const nfa = this.nfas[r]!;
    const live = this.live[r]!;
    const important = this.important[r]!;
    if (this.mark.length < nfa.size) this.mark = new Int32Array(nfa.size * 2);
    const stamp = ++this.stamp;
    const stack: number[] = [];
    const out: number[] = [];
    for (const s of seeds) {
      if (live[s] && this.mark[s] !== stamp) {
        this.mark[s] = stamp;
        stack.push(s);
      }
    }
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (important[s]) out.push(s);
      for (let e = nfa.edgeStart[s]!, end = nfa.edgeStart[s + 1]!; e < end; e++) {
        if (nfa.kind[e] !== Edge.Epsilon) continue;
        const t = nfa.to[e]!;
        if (live[t] && this.mark[t] !== stamp) {
          this.mark[t] = stamp;
          stack.push(t);
        }
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** The DFA state of rule `r` for a set of live important NFA states (made on first use); -1 for the empty set. */
  private intern(r: number, set: number[]): number {
    if (set.length === 0) return -1;
    const key = set.join(",");
    const known = this.ids[r]!.get(key);
    if (known !== undefined) return known;
    const nfa = this.nfas[r]!;
    const live = this.live[r]!;
    let flags = 0;
    const calls = new Map<number, number[]>();
    const tokens = new Map<number, number[]>();
    for (const n of set) {
      if (n === nfa.final) flags |= StateFlag.Accepting;
      for (let e = nfa.edgeStart[n]!, end = nfa.edgeStart[n + 1]!; e < end; e++) {
        const to = nfa.to[e]!;
        if (!live[to]) continue;
        const kind = nfa.kind[e]!;
        if (kind === Edge.Bytes) flags |= StateFlag.HasByteEdges;
        else if (kind === Edge.Call && this.productive[nfa.a[e]!]) addTarget(calls, nfa.a[e]!, to);
        else if (kind === Edge.Token) addTarget(tokens, nfa.a[e]!, to);
      }
    }
    if (calls.size > 0) flags |= StateFlag.HasNtEdges;
    if (tokens.size > 0) flags |= StateFlag.HasTokenEdges;
    const id = this.newState(r, flags, set, key);
    this.ids[r]!.set(key, id);
    this.ntStart[id] = this.ntSize;
    this.ntCount[id] = calls.size;
    for (const [callee, targets] of calls) this.pushEdge("nt", r, callee, targets);
    this.tokStart[id] = this.tokSize;
    this.tokCount[id] = tokens.size;
    for (const [tokenId, targets] of tokens) this.pushEdge("tok", r, tokenId, targets);
    return id;
  }

  private newState(r: number, flags: number, set: readonly number[], key: string): number {
    if (--this.statesLeft < 0) {
      throw new CompileError("grammar_too_complex", `rule "${this.ruleNames[r]}" needs more automaton states than the budget allows`, this.ruleNames[r]);
    }
    const id = this.numStates++;
    if (id >= this.stateRule.length) this.growStates();
    this.stateRule[id] = r;
    this.stateFlags[id] = flags;
    this.stateSet[id] = set;
    this.stateKey[id] = key;
    this.trans.fill(flags & StateFlag.HasByteEdges ? UNKNOWN : -1, id * this.numClasses, (id + 1) * this.numClasses);
    this.ntStart[id] = this.ntSize;
    this.ntCount[id] = 0;
    this.tokStart[id] = this.tokSize;
    this.tokCount[id] = 0;
    return id;
  }

  private pushEdge(kind: "nt" | "tok", rule: number, label: number, targets: number[]): void {
    if (kind === "nt") {
      if (this.ntSize === this.ntRule.length) {
        this.ntRule = grow(this.ntRule, this.ntRule.length * 2);
        this.ntTarget = grow(this.ntTarget, this.ntTarget.length * 2);
      }
      this.ntRule[this.ntSize] = label;
      this.ntTarget[this.ntSize] = UNKNOWN;
      this.ntPending[this.ntSize] = targets;
      this.ntOwnerRule[this.ntSize] = rule;
      this.ntSize++;
    } else {
      if (this.tokSize === this.tokId.length) {
        this.tokId = grow(this.tokId, this.tokId.length * 2);
        this.tokTarget = grow(this.tokTarget, this.tokTarget.length * 2);
      }
      this.tokId[this.tokSize] = label;
      this.tokTarget[this.tokSize] = UNKNOWN;
      this.tokPending[this.tokSize] = targets;
      this.tokOwnerRule[this.tokSize] = rule;
      this.tokSize++;
    }
  }

  /** Works out every byte transition of state `s` at once; returns the one for class `c`. */
  private expandRow(s: number, c: number): number {
    const r = this.stateRule[s]!;
    const nfa = this.nfas[r]!;
    const live = this.live[r]!;
    const K = this.numClasses;
    const byClass = this.rowTargets;
    const touched: number[] = [];
    for (const n of this.stateSet[s]!) {
      for (let e = nfa.edgeStart[n]!, end = nfa.edgeStart[n + 1]!; e < end; e++) {
        if (nfa.kind[e] !== Edge.Bytes) continue;
        const to = nfa.to[e]!;
        if (!live[to]) continue;
        for (let k = this.byteClass[nfa.a[e]!]!, last = this.byteClass[nfa.b[e]!]!; k <= last; k++) {
          const list = byClass[k];
          if (list === undefined) {
            byClass[k] = [to];
            touched.push(k);
          } else list.push(to);
        }
      }
    }
    // Written straight into the table (no row is allocated); `intern` may grow `trans`, so every
    // write goes through the current array. Classes with the same targets share one closure,
    // found by the target (one) or the sorted list (several, with commas: never a number's key).
    const at = s * K;
    this.trans.fill(-1, at, at + K);
    const known = new Map<number | string, number>();
    for (const k of touched) {
      const list = byClass[k]!;
      byClass[k] = undefined;
      const key = list.length === 1 ? list[0]! : list.sort((a, b) => a - b).join(",");
      let t = known.get(key);
      if (t === undefined) known.set(key, (t = this.intern(r, this.closure(r, list))));
      this.trans[at + k] = t;
    }
    return this.trans[at + c]!;
  }

  private growStates(): void {
    const n = this.stateRule.length * 2;
    const K = this.numClasses;
    const resize = <T extends Int32Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.stateRule = resize(this.stateRule, n);
    this.stateFlags = resize(this.stateFlags, n);
    this.trans = resize(this.trans, n * K);
    this.ntStart = resize(this.ntStart, n);
    this.ntCount = resize(this.ntCount, n);
    this.tokStart = resize(this.tokStart, n);
    this.tokCount = resize(this.tokCount, n);
  }
}

/** Adds `to` to the targets of edge label `label`. */
function addTarget(targets: Map<number, number[]>, label: number, to: number): void {
  const list = targets.get(label);
  if (list) list.push(to);
  else targets.set(label, [to]);
}

/** Rules that derive the empty string: the start reaches the end through epsilons and nullable calls. */
function nullableRules(rules: readonly RuleDraft[]): Uint8Array {
  const R = rules.length;
  const nullable = new Uint8Array(R);
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < R; r++) {
      if (nullable[r]) continue;
      const d = rules[r]!;
      let is: boolean;
      if (d.repeat) {
        is = d.repeat.min === 0 || nullable[d.repeat.item] === 1;
      } else {
        const nfa = d.nfa!;
        const seen = new Uint8Array(nfa.size);
        const stack = [nfa.start];
        seen[nfa.start] = 1;
        is = false;
        while (stack.length > 0 && !is) {
          const s = stack.pop()!;
          if (s === nfa.final) is = true;
          for (let e = nfa.edgeStart[s]!, end = nfa.edgeStart[s + 1]!; e < end; e++) {
            const kind = nfa.kind[e]!;
            const t = nfa.to[e]!;
            if ((kind === Edge.Epsilon || (kind === Edge.Call && nullable[nfa.a[e]!])) && !seen[t]) {
              seen[t] = 1;
              stack.push(t);
            }
          }
        }
      }
      if (is) {
        nullable[r] = 1;
        changed = true;
      }
    }
  }
  return nullable;
}

/**
 * Which NFA states can still reach the end of their rule, and which rules derive anything at all,
 * together: a state is live if it is final or has an edge to a live state (a call counts once the
 * called rule is productive); a rule is productive once its start is live. Liveness spreads
 * backwards along predecessor edges from a worklist: linear in the size of the NFAs. States of
 * all rules are numbered in one space and edges are kept in flat arrays (no per-state arrays:
 * large grammars have hundreds of thousands of states).
 */
function liveStates(rules: readonly RuleDraft[]): { live: Uint8Array[]; productive: Uint8Array } {
  const R = rules.length;
  const base = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) base[r + 1] = base[r]! + (rules[r]!.nfa?.size ?? 0);
  const N = base[R]!;
  const liveAll = new Uint8Array(N);
  const productive = new Uint8Array(R);
  // Predecessors of each state (CSR by target), tagged with the callee for call edges (-1 otherwise);
  // callers of each rule: (state, target) pairs of the call edges to it.
  const predStart = new Int32Array(N + 1);
  const callerStart = new Int32Array(R + 1);
  const forEachEdge = (visit: (from: number, to: number, callee: number) => void): void => {
    for (let r = 0; r < R; r++) {
      const nfa = rules[r]!.nfa;
      if (!nfa || rules[r]!.repeat) continue;
      const b = base[r]!;
      for (let s = 0; s < nfa.size; s++) {
        for (let e = nfa.edgeStart[s]!, end = nfa.edgeStart[s + 1]!; e < end; e++) visit(b + s, b + nfa.to[e]!, nfa.kind[e] === Edge.Call ? nfa.a[e]! : -1);
      }
    }
  };
  forEachEdge((_from, to, callee) => {
    predStart[to + 1]!++;
    if (callee >= 0) callerStart[callee + 1]!++;
  });
  for (let i = 0; i < N; i++) predStart[i + 1]! += predStart[i]!;
  for (let r = 0; r < R; r++) callerStart[r + 1]! += callerStart[r]!;
  const predFrom = new Int32Array(predStart[N]!);
  const predCallee = new Int32Array(predStart[N]!);
  const callerFrom = new Int32Array(callerStart[R]!);
  const callerTo = new Int32Array(callerStart[R]!);
  const predFill = predStart.slice(0, N);
  const callerFill = callerStart.slice(0, R);
  forEachEdge((from, to, callee) => {
    const k = predFill[to]!++;
    predFrom[k] = from;
    predCallee[k] = callee;
    if (callee >= 0) {
      const c = callerFill[callee]!++;
      callerFrom[c] = from;
      callerTo[c] = to;
    }
  });
  const repeatsOf: number[][] = Array.from({ length: R }, () => []);
  for (let r = 0; r < R; r++) {
    const rep = rules[r]!.repeat;
    if (rep) repeatsOf[rep.item]!.push(r);
  }
  // Rule of each global state, to recognize rule starts.
  const startOf = new Int32Array(N).fill(-1);
  for (let r = 0; r < R; r++) {
    const nfa = rules[r]!.nfa;
    if (nfa && !rules[r]!.repeat) startOf[base[r]! + nfa.start] = r;
  }
  const work: number[] = [];
  const markLive = (g: number): void => {
    if (liveAll[g]) return;
    liveAll[g] = 1;
    work.push(g);
  };
  const markProductive = (r: number): void => {
    if (productive[r]) return;
    productive[r] = 1;
    for (let c = callerStart[r]!, end = callerStart[r + 1]!; c < end; c++) if (liveAll[callerTo[c]!]) markLive(callerFrom[c]!);
    for (const rep of repeatsOf[r]!) markProductive(rep);
  };
  for (let r = 0; r < R; r++) {
    const d = rules[r]!;
    if (d.repeat) {
      if (d.repeat.min === 0) markProductive(r);
    } else {
      markLive(base[r]! + d.nfa!.final);
    }
  }
  while (work.length > 0) {
    const g = work.pop()!;
    if (startOf[g]! >= 0) markProductive(startOf[g]!);
    for (let k = predStart[g]!, end = predStart[g + 1]!; k < end; k++) {
      const callee = predCallee[k]!;
      if (callee < 0 || productive[callee]) markLive(predFrom[k]!);
    }
  }
  return { live: rules.map((_, r) => liveAll.subarray(base[r]!, base[r + 1]!)), productive };
}

export { UNBOUNDED };
