import { StateFlag, UNBOUNDED } from "./compiled-grammar.js";
import { CompileError } from "./errors.js";
import { exprNullable, exprProductive } from "@toolmask/grammar";
import { byteClasses, Edge, type Nfa, type NfaBuilder } from "./nfa-builder.js";
import { Slab } from "./slab.js";
import { grow } from "./tuple-table.js";
import type { Vocabulary } from "./vocabulary.js";

/** Rules and states the automata have room for before their arrays first grow. */
const INITIAL_RULES = 64;
const INITIAL_STATES = 64;
/** NFA states the closure and row scratch arrays have room for before they first grow. */
const INITIAL_SCRATCH = 64;

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
 * tokens — built lazily. Compiling works out only what must be known up front, from the grammar
 * IR: the byte classes, which rules derive anything and which are nullable, and that every
 * special token exists. A rule's NFA is built the first time parsing predicts the rule (a tool
 * set's argument rules wait until the model names the tool), a DFA state is made from its set of
 * NFA states the first time parsing reaches it, and its byte transitions the first time they are
 * asked for. So the time to a first mask does not grow with the size of the grammar, and a
 * generation pays only for the rules and states it visits.
 *
 * Liveness is decided on the NFA: only NFA states that can still finish their rule enter a DFA
 * state, so every DFA state that exists is live and "no transition" means "not a viable prefix".
 *
 * Arrays grow as rules and states are added: read them through this object (`next`, `startOf`,
 * `ntTargetAt`, …) or re-read the fields after anything that may create rules or states.
 */
export class Automata {
  readonly startRule: number;
  readonly ruleNames: string[] = [];
  readonly numClasses: number;
  readonly byteClass: Uint8Array;
  /**
   * Counts past this are indistinguishable within one token: no token has more bytes, so it
   * cannot complete more repetitions. Cache keys clamp counts to it.
   */
  readonly countHorizon: number;
  // Rules (growable: rules are registered as the rules calling them are built)
  /** Start state of each rule, -1 if the rule derives nothing, UNKNOWN until first asked (see `startOf`). */
  ruleStart: Int32Array;
  ruleDone: Int32Array;
  ruleNullable: Uint8Array;
  /** For counted repeats: the repeated rule, or -1 for ordinary rules. */
  repeatItem: Int32Array;
  repeatMin: Int32Array;
  /** UNBOUNDED for no upper bound. */
  repeatMax: Int32Array;
  /** Interned structural signature, -1 until first asked (see `signatureOf`). */
  private ruleSignature: Int32Array;
  private productive: Uint8Array;
  // States (growable)
  numStates = 0;
  stateRule: Int32Array;
  stateFlags: Uint8Array;
  /** Byte transitions `trans[state * numClasses + class]`: a state, -1 for none, UNKNOWN until worked out. */
  trans: Int32Array;
  /** Rule-call edges of state s: `ntStart[s] .. ntStart[s] + ntCount[s]` into ntRule / ntTarget. */
  ntStart: Int32Array;
  ntCount: Int32Array;
  ntRule: Int32Array;
  /** Targets of rule-call edges; UNKNOWN until first used (see `ntTargetAt`). */
  ntTarget: Int32Array;
  /** Special-token edges, laid out like the rule-call edges. */
  tokStart: Int32Array;
  tokCount: Int32Array;
  tokId: Int32Array;
  tokTarget: Int32Array;
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
  /**
   * Each state's classification key once worked out (see `classificationKey`): for a counted
   * repeat's state, its key at a count far from both bounds (the common case).
   */
  readonly classKey: (string | undefined)[] = [];
  /**
   * For a state made as the closure of one NFA state (a transition with a single target): that
   * NFA state, whose continuation signature may name the state's language (see
   * `continuationSignatureOf`). Absent otherwise.
   */
  private readonly stateSeed: number[] = [];
  /** NFA targets of edges whose DFA target is not made yet, and the rule they belong to. */
  private readonly ntPending: (number[] | undefined)[] = [];
  private readonly tokPending: (number[] | undefined)[] = [];
  private readonly ntOwnerRule: number[] = [];
  private readonly tokOwnerRule: number[] = [];
  /** Per rule: its NFA and what the automata keep of it, once built (see `build`). */
  private readonly built: (BuiltRule | undefined)[] = [];
  private statesLeft: number;
  /**
   * Scratch for `expandRow` (emptied after each row): per byte class, its first NFA target (-1
   * for none) and the rest of its targets when it has several; per NFA state, the DFA state its
   * closure gave in the current row (valid where `rowMark` holds the row's stamp).
   */
  private readonly rowFirst: Int32Array;
  private readonly rowMore: (number[] | undefined)[];
  private rowMark: Int32Array;
  private rowTarget: Int32Array;
  private rowStamp = 0;
  // Scratch for epsilon closures.
  private mark: Int32Array;
  private stamp = 0;

  constructor(
    readonly vocab: Vocabulary,
    private readonly builder: NfaBuilder,
    startRule: number,
    budget: AutomatonBudget,
  ) {
    this.startRule = startRule;
    // The growable per-rule and per-state arrays start in one buffer (see Slab); each is replaced
    // by an array of its own when it grows.
    const { byteClass, numClasses, classLo } = byteClasses(builder.grammar, builder.analysis);
    const slab = new Slab(6 * INITIAL_RULES + (9 + numClasses) * INITIAL_STATES + numClasses + 3 * INITIAL_SCRATCH, 2 * INITIAL_RULES + 1 * INITIAL_STATES);
    this.ruleStart = slab.i32(INITIAL_RULES);
    this.ruleDone = slab.i32(INITIAL_RULES);
    this.repeatItem = slab.i32(INITIAL_RULES);
    this.repeatMin = slab.i32(INITIAL_RULES);
    this.repeatMax = slab.i32(INITIAL_RULES);
    this.ruleSignature = slab.i32(INITIAL_RULES);
    this.stateRule = slab.i32(INITIAL_STATES);
    this.ntStart = slab.i32(INITIAL_STATES);
    this.ntCount = slab.i32(INITIAL_STATES);
    this.ntRule = slab.i32(INITIAL_STATES);
    this.ntTarget = slab.i32(INITIAL_STATES);
    this.tokStart = slab.i32(INITIAL_STATES);
    this.tokCount = slab.i32(INITIAL_STATES);
    this.tokId = slab.i32(INITIAL_STATES);
    this.tokTarget = slab.i32(INITIAL_STATES);
    this.ruleNullable = slab.u8(INITIAL_RULES);
    this.productive = slab.u8(INITIAL_RULES);
    this.stateFlags = slab.u8(INITIAL_STATES);
    this.classLo = classLo;
    this.byteClass = byteClass;
    this.numClasses = numClasses;
    this.trans = slab.i32(INITIAL_STATES * numClasses);
    this.rowFirst = slab.i32(numClasses).fill(-1);
    this.rowMark = slab.i32(INITIAL_SCRATCH);
    this.rowTarget = slab.i32(INITIAL_SCRATCH);
    this.mark = slab.i32(INITIAL_SCRATCH);
    this.rowMore = new Array<number[] | undefined>(numClasses).fill(undefined);
    this.countHorizon = vocab.trie.maxDepth + 1;
    this.statesLeft = budget.maxStates;
    this.syncRules();
  }

  /** Number of rules registered so far. */
  get numRules(): number {
    return this.ruleNames.length;
  }

  /** Number of rules whose NFA is built so far (rules are built as parsing first reaches them). */
  get builtRules(): number {
    let n = 0;
    for (const b of this.built) if (b) n++;
    return n;
  }

  /** Start state of rule `r` (building the rule on first use), or -1 if it derives nothing. */
  startOf(r: number): number {
    const known = this.ruleStart[r]!;
    if (known !== UNKNOWN) return known;
    let start = -1;
    if (this.productive[r]) {
      start = this.stateOf(r, [this.build(r).nfa.start]);
    }
    this.ruleStart[r] = start;
    return start;
  }

  /** Rule `r`'s structural signature: equal for identical rules of different grammars (same vocabulary). */
  signatureOf(r: number): number {
    let sig = this.ruleSignature[r]!;
    if (sig < 0) sig = this.ruleSignature[r] = this.builder.signature(r);
    return sig;
  }

  /**
   * A signature of state `s`'s language (equal numbers, equal languages, across rules and
   * grammars: see `NfaBuilder.continuationSignature`), or -1 if none is known.
   */
  continuationSignatureOf(s: number): number {
    const seed = this.stateSeed[s];
    return seed === undefined ? -1 : this.builder.continuationSignature(this.stateRule[s]!, seed);
  }

  /** Rule `r`'s NFA and what the automata need of it, built on first use (taking in the rules it calls). */
  private build(r: number): BuiltRule {
    const known = this.built[r];
    if (known) return known;
    this.builder.buildRule(r);
    this.syncRules();
    const nfa = this.builder.rules[r]!.nfa!;
    const flags = new Uint8Array(2 * nfa.size);
    const important = flags.subarray(0, nfa.size);
    for (let i = 0; i < nfa.size; i++) {
      for (let e = nfa.edgeStart[i]!, end = nfa.edgeStart[i + 1]!; e < end; e++) if (nfa.kind[e] !== Edge.Epsilon) important[i] = 1;
    }
    important[nfa.final] = 1;
    const live = flags.subarray(nfa.size);
    liveStates(nfa, this.productive, live);
    const rule = { nfa, live, important, ids: new Map<string, number>() };
    this.built[r] = rule;
    return rule;
  }

  /**
   * Takes in the rules registered since the last call: their names, whether they derive anything
   * or the empty string (from the IR), a repeat's bounds and start, and each rule's done state.
   */
  private syncRules(): void {
    const rules = this.builder.rules;
    for (let r = this.ruleNames.length; r < rules.length; r++) {
      if (r >= this.ruleStart.length) this.growRules(rules.length * 2);
      const d = rules[r]!;
      this.ruleNames.push(d.name);
      this.ruleSignature[r] = -1;
      this.repeatItem[r] = -1;
      const rep = d.repeat;
      if (rep) {
        // An item that can be empty never needs to be counted toward the minimum; one that
        // derives nothing can only be used zero times.
        const item = rep.item;
        this.ruleNullable[r] = rep.min === 0 || this.ruleNullable[item] ? 1 : 0;
        this.productive[r] = rep.min === 0 || this.productive[item] ? 1 : 0;
        this.repeatItem[r] = item;
        this.repeatMin[r] = this.ruleNullable[item] ? 0 : rep.min;
        this.repeatMax[r] = this.productive[item] ? rep.max : 0;
        this.ruleStart[r] = this.newState(r, StateFlag.Repeat, [], "");
      } else {
        // From the IR: a grammar rule by name, a repeat's item expression from the rules it calls.
        const { productive, nullable } = this.builder.analysis;
        const body = d.body!;
        this.ruleNullable[r] = (d.named ? nullable.has(d.name) : exprNullable(body, nullable)) ? 1 : 0;
        this.productive[r] = (d.named ? productive.has(d.name) : exprProductive(body, productive)) ? 1 : 0;
        this.ruleStart[r] = UNKNOWN;
      }
      this.ruleDone[r] = this.newState(r, StateFlag.Accepting | StateFlag.Done, [], "done");
    }
  }

  private growRules(n: number): void {
    this.ruleStart = grow(this.ruleStart, n);
    this.ruleDone = grow(this.ruleDone, n);
    this.ruleNullable = grow(this.ruleNullable, n);
    this.repeatItem = grow(this.repeatItem, n);
    this.repeatMin = grow(this.repeatMin, n);
    this.repeatMax = grow(this.repeatMax, n);
    this.ruleSignature = grow(this.ruleSignature, n);
    this.productive = grow(this.productive, n);
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
      this.stateBytesDone = grow(this.stateBytesDone, n);
      this.stateBytes = grow(this.stateBytes, n * 8);
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
    const target = this.stateOf(r, pending[e]!);
    pending[e] = undefined;
    return target;
  }

  /** Bytes held by the automata built so far. */
  memoryBytes(): number {
    const arrays = [this.ruleStart, this.ruleDone, this.ruleNullable, this.repeatItem, this.repeatMin, this.repeatMax, this.ruleSignature, this.productive, this.stateRule, this.stateFlags, this.trans, this.ntStart, this.ntCount, this.ntRule, this.ntTarget, this.tokStart, this.tokCount, this.tokId, this.tokTarget, this.byteClass];
    return arrays.reduce((n, a) => n + a.byteLength, 0);
  }

  // ---------------------------------------------------------------------------------------------

  /** Epsilon closure over live NFA states; returns its important states, sorted. */
  private closure(r: number, seeds: readonly number[]): number[] {
    const { nfa, live, important } = this.built[r]!;
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

  /**
   * The DFA state rule `r` reaches on NFA states `seeds` (their closure), made on first use; -1
   * if none is live. A state reached from a single NFA state records it (see `stateSeed`).
   */
  private stateOf(r: number, seeds: number[]): number {
    const t = this.intern(r, this.closure(r, seeds));
    if (seeds.length === 1 && t >= 0) this.stateSeed[t] ??= seeds[0]!;
    return t;
  }

  /** The DFA state of rule `r` for a set of live important NFA states (made on first use); -1 for the empty set. */
  private intern(r: number, set: number[]): number {
    if (set.length === 0) return -1;
    const key = set.join(",");
    const { nfa, live, ids } = this.built[r]!;
    const known = ids.get(key);
    if (known !== undefined) return known;
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
    ids.set(key, id);
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
    const { nfa, live } = this.built[r]!;
    const K = this.numClasses;
    // Per class: its first NFA target and, for the few classes with more than one, all of them.
    const first = this.rowFirst;
    const more = this.rowMore;
    const touched: number[] = [];
    for (const n of this.stateSet[s]!) {
      for (let e = nfa.edgeStart[n]!, end = nfa.edgeStart[n + 1]!; e < end; e++) {
        if (nfa.kind[e] !== Edge.Bytes) continue;
        const to = nfa.to[e]!;
        if (!live[to]) continue;
        for (let k = this.byteClass[nfa.a[e]!]!, last = this.byteClass[nfa.b[e]!]!; k <= last; k++) {
          if (first[k]! < 0) {
            first[k] = to;
            touched.push(k);
          } else {
            const list = more[k];
            if (list === undefined) more[k] = [first[k]!, to];
            else list.push(to);
          }
        }
      }
    }
    // Written straight into the table (no row is allocated); `intern` may grow `trans`, so every
    // write goes through the current array. Classes with the same targets share one closure,
    // found by the target (stamped per NFA state: most classes have one) or by the sorted list.
    const at = s * K;
    this.trans.fill(-1, at, at + K);
    if (this.rowMark.length < nfa.size) {
      this.rowMark = new Int32Array(nfa.size * 2);
      this.rowTarget = new Int32Array(nfa.size * 2);
    }
    const stamp = ++this.rowStamp;
    let lists: Map<string, number> | undefined;
    let done = false;
    try {
      for (const k of touched) {
        const list = more[k];
        const single = first[k]!;
        let t: number;
        if (list === undefined) {
          if (this.rowMark[single] === stamp) t = this.rowTarget[single]!;
          else {
            t = this.stateOf(r, [single]);
            this.rowMark[single] = stamp;
            this.rowTarget[single] = t;
          }
        } else {
          const key = list.sort((x, y) => x - y).join(",");
          lists ??= new Map();
          const known = lists.get(key);
          if (known !== undefined) t = known;
          else lists.set(key, (t = this.stateOf(r, list)));
        }
        this.trans[at + k] = t;
      }
      done = true;
    } finally {
      // When `intern` stops at the state budget, the row is left to be worked out again and the
      // scratch emptied: the automata stay usable.
      if (!done) this.trans.fill(UNKNOWN, at, at + K);
      for (const k of touched) {
        first[k] = -1;
        more[k] = undefined;
      }
    }
    return this.trans[at + c]!;
  }

  private growStates(): void {
    const n = this.stateRule.length * 2;
    const K = this.numClasses;
    this.stateRule = grow(this.stateRule, n);
    this.stateFlags = grow(this.stateFlags, n);
    this.trans = grow(this.trans, n * K);
    this.ntStart = grow(this.ntStart, n);
    this.ntCount = grow(this.ntCount, n);
    this.tokStart = grow(this.tokStart, n);
    this.tokCount = grow(this.tokCount, n);
  }
}

/** Adds `to` to the targets of edge label `label`. */
function addTarget(targets: Map<number, number[]>, label: number, to: number): void {
  const list = targets.get(label);
  if (list) list.push(to);
  else targets.set(label, [to]);
}

/** A rule's NFA and what the automata keep of it. */
interface BuiltRule {
  readonly nfa: Nfa;
  /** Per NFA state: 1 if the state can still reach the end of its rule. */
  readonly live: Uint8Array;
  /** Per NFA state: 1 if it has a byte, call or token edge, or is final. */
  readonly important: Uint8Array;
  /** The rule's DFA states by their NFA state sets. */
  readonly ids: Map<string, number>;
}

/** Scratch for liveStates, kept between calls up to this many elements. */
const LIVE_SCRATCH_MAX = 1 << 16;
let liveScratch = new Int32Array(1024);

/**
 * Marks in `live` (zeroed, one byte per state) which states of a rule's NFA can still reach its
 * end: the final state, and every state with an edge to a live one (a call counts only if the
 * called rule derives anything). Liveness spreads backwards along predecessor edges from a
 * worklist: linear in the size of the NFA.
 */
function liveStates(nfa: Nfa, productive: Uint8Array, live: Uint8Array): void {
  const n = nfa.size;
  const counts = (e: number): boolean => nfa.kind[e] !== Edge.Call || productive[nfa.a[e]!] === 1;
  // Predecessors of each state, by target (CSR), and a fill cursor per state, in one scratch
  // array kept between calls: predStart at 0, the fill cursor at n + 1, predFrom at 2n + 1.
  const edges = nfa.edgeStart[n]!;
  const need = 2 * n + 1 + edges;
  // A rule too big for the kept array gets one of its own, so one huge rule does not pin its
  // scratch for the life of the page.
  if (liveScratch.length < need && need <= LIVE_SCRATCH_MAX) liveScratch = new Int32Array(Math.min(LIVE_SCRATCH_MAX, 2 * need));
  const scratch = need <= liveScratch.length ? liveScratch : new Int32Array(need);
  scratch.fill(0, 0, n + 1);
  for (let e = 0; e < edges; e++) if (counts(e)) scratch[nfa.to[e]! + 1]!++;
  for (let i = 0; i < n; i++) scratch[i + 1]! += scratch[i]!;
  const fill = n + 1;
  const predFrom = 2 * n + 1;
  scratch.copyWithin(fill, 0, n);
  for (let s = 0; s < n; s++) {
    for (let e = nfa.edgeStart[s]!, end = nfa.edgeStart[s + 1]!; e < end; e++) if (counts(e)) scratch[predFrom + scratch[fill + nfa.to[e]!]!++] = s;
  }
  live[nfa.final] = 1;
  const work = [nfa.final];
  while (work.length > 0) {
    const t = work.pop()!;
    for (let k = scratch[t]!, end = scratch[t + 1]!; k < end; k++) {
      const p = scratch[predFrom + k]!;
      if (!live[p]) {
        live[p] = 1;
        work.push(p);
      }
    }
  }
}

export { UNBOUNDED };
