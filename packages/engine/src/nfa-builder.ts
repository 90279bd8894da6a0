import { checkNode, classCodepoints, nullableRules, productiveRules, stronglyConnectedComponents, utf8Encode, utf8Sequences, type Expr, type Grammar, type RuleRef, type Utf8Sequence } from "@toolmask/grammar";
import { UNBOUNDED } from "./compiled-grammar.js";
import { CompileError } from "./errors.js";
import { Slab } from "./slab.js";
import { grow, PairMap, TupleTable } from "./tuple-table.js";
import type { Vocabulary } from "./vocabulary.js";

// Each rule's IR becomes an NFA with epsilon, byte-range, rule-call and token edges. Counted
// repeats (other than ?, *, +) become rules of their own whose items carry a counter. The
// automata built from these NFAs (determinized lazily) are in automata.ts.

/** Edge kinds of an NFA (see {@link Nfa}). */
export const enum Edge {
  Epsilon = 0,
  /** A byte in [a, b]. */
  Bytes = 1,
  /** A call to rule `a`. */
  Call = 2,
  /** Special token id `a`. */
  Token = 3,
}

/**
 * A rule's NFA, flat: the edges of state s are `edgeStart[s] .. edgeStart[s + 1]`, each a kind,
 * two operands and a target. No object per state or edge, so compiling a large schema makes
 * little garbage.
 */
export interface Nfa {
  readonly size: number;
  readonly start: number;
  readonly final: number;
  readonly edgeStart: Int32Array;
  readonly kind: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly to: Int32Array;
}

/**
 * An NFA being built: states are numbers, edges appended in any order. One draft serves every
 * rule a builder builds (`reset` between rules), so its arrays grow once, not per rule.
 */
class NfaDraft {
  size = 0;
  private edges = 0;
  /** Per edge: from, kind, a, b, to. */
  private data = new Int32Array(5 * 256);
  /** Per state, while `finish` places edges: where the state's next edge goes. */
  private cursor = new Int32Array(16);

  reset(): void {
    this.size = 0;
    this.edges = 0;
  }

  add(): number {
    return this.size++;
  }

  edge(from: number, kind: Edge, a: number, b: number, to: number): void {
    let at = 5 * this.edges;
    if (at + 5 > this.data.length) this.data = grow(this.data, this.data.length * 2);
    const d = this.data;
    d[at++] = from;
    d[at++] = kind;
    d[at++] = a;
    d[at++] = b;
    d[at] = to;
    this.edges++;
  }

  /** The finished NFA, edges grouped by state (in the order they were added), its arrays in one buffer. */
  finish(start: number, final: number): Nfa {
    const n = this.edges;
    const d = this.data;
    const slab = new Slab(this.size + 1 + 3 * n, n);
    const edgeStart = slab.i32(this.size + 1);
    const a = slab.i32(n);
    const b = slab.i32(n);
    const to = slab.i32(n);
    const kind = slab.u8(n);
    for (let e = 0; e < n; e++) edgeStart[d[5 * e]! + 1]!++;
    for (let s = 0; s < this.size; s++) edgeStart[s + 1]! += edgeStart[s]!;
    if (this.cursor.length < this.size) this.cursor = new Int32Array(2 * this.size);
    const at = this.cursor;
    at.set(edgeStart.subarray(0, this.size));
    for (let e = 0, x = 0; e < n; e++, x += 5) {
      const i = at[d[x]!]!++;
      kind[i] = d[x + 1]!;
      a[i] = d[x + 2]!;
      b[i] = d[x + 3]!;
      to[i] = d[x + 4]!;
    }
    return { size: this.size, start, final, edgeStart, kind, a, b, to };
  }
}

type RepeatShape = "empty" | "once" | "loop" | "expand" | "counted";

export interface RuleDraft {
  readonly name: string;
  /** Ordinary rule: its IR body (a grammar rule's, when `named`, or a repeat item's) and, once built, its NFA. */
  readonly body?: Expr;
  readonly named?: boolean;
  nfa?: Nfa;
  /**
   * Once built: the NFA states that begin an expression leading to a given state (shared
   * entries, spliced bodies), and what is known of their continuation signatures (see
   * `NfaBuilder.continuationSignature`).
   */
  entries?: ReadonlyMap<number, Entry>;
  continuations?: Map<number, number>;
  readonly repeat?: { item: number; min: number; max: number };
}

/** An NFA state from which expression `e` leads to state `to`, and nothing else. */
interface Entry {
  readonly e: Expr;
  readonly to: number;
}

/**
 * Structures numbered in a vocabulary's shared signature table before new ones stop being shared
 * (~180 per MaskBench schema, so over a thousand schemas; a few MB at most).
 */
const MAX_SHARED_SIGNATURES = 250_000;

/** IR nodes a rule's signature may cover before the rule gets a number of its own (see `signature`). */
const SIGNATURE_BUDGET = 4096;
/** Where `RuleAnalysis.reachSize` stops counting. */
const REACH_CAP = 1 << 30;
const OVER_BUDGET = new Error("signature over budget");

/**
 * Small rules with finite languages (no loops, no recursion) are copied into their callers, and
 * tiny counted repeats of such items are expanded: a JSON string's `char` rule then becomes part
 * of the string's automaton, so scanning a string is a table lookup per byte instead of a rule
 * completion per character. Larger or looping rules stay rules of their own, which keeps the
 * automata small and lets identical rules share cached token classifications.
 */
const INLINE_MAX_SIZE = 160;
/** Where automaton size walks stop (see NfaBuilder.ruleSize): any size at least this is too big to inline. */
const SIZE_CAP = INLINE_MAX_SIZE + 1;
const EXPAND_MAX_COPIES = 8;
/** Tail calls are spliced into a rule's automaton while it has fewer NFA states than this. */
const SPLICE_MAX_STATES = 16384;

export class NfaBuilder {
  readonly rules: RuleDraft[] = [];
  /** Structural id of each IR expression (equal structure, equal id), interned. */
  private readonly exprIds = new Map<Expr, number>();
  private readonly structure = new TupleTable();
  /**
   * Within the rule being built: the state from which an expression (by structural id) or a
   * byte-range suffix leads to a given state. Identical suffixes are built once, so copies of an
   * inlined rule or of a class's multi-byte characters that all lead to the same place share
   * their states, and subset construction does not multiply them.
   */
  private readonly shared = new PairMap();
  /** The NFA of the rule being built. */
  private readonly draft = new NfaDraft();
  /** Automaton size of each IR rule if finite, -1 if it loops or recurses. */
  private readonly finiteSize = new Map<string, number>();
  /** Size of each IR rule as built inline, -1 if it recurses or calls a rule (see `ruleSize`). */
  private readonly inlineSizes = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly anonymous = new Map<Expr, number>();
  private readonly repeats = new Map<string, number>();
  private readonly tailCalls = new Map<string, boolean>();
  /** How each repeat node is built (see `repeatShape`), worked out once per node. */
  private readonly shapes = new Map<Expr, RepeatShape>();

  /** What the IR's rules are, worked out before any is built (see `analyzeRules`). */
  readonly analysis: RuleAnalysis;
  // Signatures (see `signature`): the vocabulary's table, what is known of this grammar's names
  // and expressions, the rules being walked, and the IR nodes left to the current walk.
  private readonly signatures: SignatureTable;
  private readonly sigOfName = new Map<string, number>();
  private readonly sigOfExpr = new Map<Expr, number>();
  private readonly sigVisiting = new Set<string>();
  private sigBudget = 0;
  /** Signatures of entry expressions, -1 where over the budget (see `continuationSignature`). */
  private readonly entrySigs = new Map<Expr, number>();
  /** Entries of the rule being built (see `RuleDraft.entries`). */
  private entries = new Map<number, Entry>();
  /** Final state of the rule being built: a reference leading there is a tail call. */
  private final = -1;

  constructor(
    readonly grammar: Grammar,
    private readonly vocab: Vocabulary,
  ) {
    this.analysis = analyzeRules(grammar, vocab);
    let table = vocab.caches.get("signatures") as SignatureTable | undefined;
    if (!table) {
      table = { table: new TupleTable(), unique: 0 };
      vocab.caches.set("signatures", table);
    }
    this.signatures = table;
  }

  /**
   * Registers the start rule and returns its number. Rules are built one at a time, when the
   * automata first need them (`buildRule`): a tool set's argument rules wait until the model
   * names the tool.
   */
  build(): number {
    return this.ruleFor(this.grammar.start);
  }

  /** Builds rule `r`'s NFA if it is not built yet (registering the rules it calls). */
  buildRule(r: number): void {
    const d = this.rules[r]!;
    if (d.nfa || d.repeat) return;
    const body = d.body!;
    const nfa = this.draft;
    nfa.reset();
    const s = nfa.add();
    const f = nfa.add();
    this.shared.clear();
    this.final = f;
    this.entries = new Map();
    // A rule on a tail-call cycle: tail calls back to it lead to its start.
    if (this.analysis.rightLinear.has(d.name)) this.shared.add(this.structuralId(body), f, s);
    this.expr(body, s, f, nfa, d.name);
    d.nfa = nfa.finish(s, f);
    if (this.entries.size > 0) d.entries = this.entries;
  }

  private ruleFor(requested: string): number {
    const name = this.analysis.representative.get(requested) ?? requested;
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push({ name, body: this.grammar.rules.get(name)!, named: true });
      this.byName.set(name, id);
    }
    return id;
  }

  /** A rule standing for an expression (the item of a counted repeat). */
  private ruleForExpr(e: Expr, owner: string): number {
    if (e.kind === "ref") return this.ruleFor(e.name);
    let id = this.anonymous.get(e);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push({ name: `${owner}#item${id}`, body: e, named: false });
      this.anonymous.set(e, id);
    }
    return id;
  }

  /**
   * Rule `r`'s structural signature, interned in the vocabulary's signature table (one for every
   * grammar compiled for it): equal numbers mean equal NFAs, so token classifications are shared
   * across grammars. Worked out from the IR, without building anything: an expression is numbered
   * by its kind and its parts' numbers (hash-consing into a tuple table: no string per node), a
   * reference by the number of the rule it names, so names do not matter — the builder's choices
   * (inline, splice, call) follow from the structure alone. Rules on a recursion cycle get numbers
   * of their own (never shared), which is always safe; so do rules whose structure is larger
   * than `SIGNATURE_BUDGET` nodes (a schema's root: asking for it must not cost a walk over the
   * whole grammar) and new structures once the table is full.
   */
  signature(r: number): number {
    const d = this.rules[r]!;
    const t = this.signatures.table;
    if (d.repeat) {
      const item = this.signature(d.repeat.item);
      const at = t.open();
      t.push(Tag.RepeatRule);
      t.push(item);
      pushBounds(t, d.repeat.min, d.repeat.max);
      return this.closeSignature(at);
    }
    if (d.named && !this.worthSigning(d.name)) return this.uniqueSignature();
    const sig = this.withinBudget(() => (d.named ? this.nameSig(d.name) : this.exprSig(d.body!)));
    return sig >= 0 ? sig : this.uniqueSignature();
  }

  /**
   * Whether rule `name`'s signature is worth a walk: not when its reach is over the budget (the
   * walk would stop there, wasted), nor for the start rule — the whole grammar stands behind
   * it, so only the same grammar compiled again could share its classifications (the grammar
   * cache serves that case), while its first mask would pay for a walk over all of it.
   */
  private worthSigning(name: string): boolean {
    if (name === this.grammar.start) return false;
    const i = this.analysis.index.get(name);
    return i === undefined || this.analysis.reachSize[i]! <= SIGNATURE_BUDGET;
  }

  /** What `walk` numbers within SIGNATURE_BUDGET IR nodes, or -1 if it needs more. */
  private withinBudget(walk: () => number): number {
    this.sigBudget = SIGNATURE_BUDGET;
    const t = this.signatures.table;
    const at = t.open();
    try {
      return walk();
    } catch (e) {
      if (e !== OVER_BUDGET) throw e;
      t.discard(at);
      this.sigVisiting.clear();
      return -1;
    }
  }

  /**
   * A signature of the language NFA state `n` of rule `r` accepts up to the rule's end, or -1 if
   * none is known: the end itself, or an entry (a state from which an expression leads to another
   * state and nothing else, see `RuleDraft.entries`) followed by its target's signature. Equal
   * numbers mean equal languages, across rules and grammars; and a token's class from an item
   * depends only on the language its state accepts, so a DFA state that is the closure of such an
   * entry shares token classifications with its equals: "any key but these" after a prefix only
   * some names share, followed by the same value (`"na` where no other name starts so), the
   * inside of such a key, whichever names the object declares, the rest of an object after its
   * last member. Worked out from the IR, on first use.
   */
  continuationSignature(r: number, n: number): number {
    const d = this.rules[r]!;
    const memo = (d.continuations ??= new Map());
    // The chain of entry states from `n` to the end, or to a state whose signature is known.
    const states: number[] = [];
    let at = n;
    let sig = memo.get(at);
    while (sig === undefined) {
      if (at === d.nfa!.final) {
        sig = this.endSignature();
        break;
      }
      const entry = d.entries?.get(at);
      if (!entry) {
        sig = -1;
        break;
      }
      states.push(at);
      at = entry.to;
      sig = memo.get(at);
    }
    for (let i = states.length - 1; i >= 0; i--) {
      if (sig >= 0) {
        const head = this.entrySignature(d.entries!.get(states[i]!)!.e);
        if (head < 0) sig = -1;
        else {
          const t = this.signatures.table;
          const open = t.open();
          t.push(Tag.Then);
          t.push(head);
          t.push(sig);
          sig = this.closeSignature(open);
        }
      }
      memo.set(states[i]!, sig);
    }
    return sig;
  }

  private endSignature(): number {
    const t = this.signatures.table;
    const at = t.open();
    t.push(Tag.End);
    return this.closeSignature(at);
  }

  /** An entry expression's signature, -1 if its structure is over the budget. */
  private entrySignature(e: Expr): number {
    let sig = this.entrySigs.get(e);
    if (sig === undefined) this.entrySigs.set(e, (sig = this.withinBudget(() => this.exprSig(e))));
    return sig;
  }

  /** A number no other structure has (recursion, a budget exceeded, a full table). */
  private uniqueSignature(): number {
    return 0x40000000 + this.signatures.unique++;
  }

  private closeSignature(at: number): number {
    const t = this.signatures.table;
    const id = t.close(at, t.size + t.texts < MAX_SHARED_SIGNATURES);
    return id >= 0 ? id : this.uniqueSignature();
  }

  private nameSig(name: string): number {
    const known = this.sigOfName.get(name);
    if (known !== undefined) return known;
    if (this.sigVisiting.has(name)) {
      // Recursion: a number of its own.
      const id = this.uniqueSignature();
      this.sigOfName.set(name, id);
      return id;
    }
    this.sigVisiting.add(name);
    const t = this.signatures.table;
    const at = t.open();
    t.push(Tag.Body);
    t.push(this.exprSig(this.grammar.rules.get(name)!));
    this.sigVisiting.delete(name);
    const cyclic = this.sigOfName.get(name);
    if (cyclic !== undefined) {
      t.discard(at); // became cyclic while visiting
      return cyclic;
    }
    const id = this.closeSignature(at);
    this.sigOfName.set(name, id);
    return id;
  }

  private exprSig(e: Expr): number {
    const known = this.sigOfExpr.get(e);
    if (known !== undefined) return known;
    if (--this.sigBudget < 0) throw OVER_BUDGET;
    const t = this.signatures.table;
    const at = t.open();
    if (e.kind === "ref") {
      t.push(Tag.NamedRef);
      t.push(this.nameSig(e.name));
      // Whether a tail call to the rule may be spliced depends on where the rule stands in the
      // grammar's recursion, not on its structure: two rules of the same structure, one on a
      // cycle and one not, build different automata (one calls what the other splices), so
      // their signatures — under which token classes are shared — must differ.
      t.push(this.spliceable(e.name) ? 1 : 0);
    } else {
      pushNode(t, e, this.sigPart, this.sigText);
    }
    const id = this.closeSignature(at);
    this.sigOfExpr.set(e, id);
    return id;
  }

  private readonly sigPart = (e: Expr): number => this.exprSig(e);
  private readonly sigText = (s: string): number => {
    const t = this.signatures.table;
    const n = t.text(s, t.size + t.texts < MAX_SHARED_SIGNATURES);
    return n >= 0 ? n : this.uniqueSignature();
  };

  /**
   * A tail call to a rule outside recursion becomes a copy of the rule's body leading to the
   * caller's own end (an epsilon to the returned state), built once per caller: chains of tail
   * calls — a schema's optional properties, each rule "this member or skip it, then the rest" —
   * become one automaton whose states hold every member that may come next, instead of an Earley
   * item per remaining member at every step. A rule whose recursion is all tail calls (a regular
   * language written as a rule per automaton state) is spliced with its cycle. -1 when the rule
   * is not spliced: it recurses otherwise, has no tail call of its own (a leaf rule stays shared,
   * with its cached token classes), or the caller's automaton has reached its size limit.
   */
  private splice(name: string, nfa: NfaDraft, owner: string): number {
    if (!this.spliceable(name)) return -1;
    const rep = this.analysis.representative.get(name) ?? name;
    const body = this.grammar.rules.get(rep)!;
    const id = this.structuralId(body);
    let st = this.shared.get(id, this.final);
    if (st >= 0) return st;
    if (nfa.size > SPLICE_MAX_STATES) return -1;
    // The entry is known before the body is built, so tail calls back into a cycle close it
    // inside this automaton (a body cannot hold a copy of itself otherwise).
    st = nfa.add();
    this.shared.add(id, this.final, st);
    this.entries.set(st, { e: body, to: this.final });
    this.expr(body, st, this.final, nfa, owner);
    return st;
  }

  /** Whether a tail call to rule `name` may be spliced (see `splice`), size limit aside. */
  private spliceable(name: string): boolean {
    const rep = this.analysis.representative.get(name) ?? name;
    return !(this.analysis.recursive.has(rep) && !this.analysis.rightLinear.has(rep)) && this.hasTailCall(rep);
  }

  /** Whether a rule's body ends in a reference to a rule (in some alternative). */
  private hasTailCall(name: string): boolean {
    let known = this.tailCalls.get(name);
    if (known === undefined) {
      const ends = (e: Expr): boolean => {
        switch (e.kind) {
          case "ref":
            return !this.inlineable(e.name);
          case "sequence":
            return e.items.length > 0 && ends(e.items[e.items.length - 1]!);
          case "choice":
            return e.items.some(ends);
          default:
            return false;
        }
      };
      known = ends(this.grammar.rules.get(name)!);
      this.tailCalls.set(name, known);
    }
    return known;
  }

  /** A state from which `e` leads to `to`, built once per (structure of e, to) within a rule. */
  private entry(e: Expr, to: number, nfa: NfaDraft, owner: string): number {
    const id = this.structuralId(e);
    let st = this.shared.get(id, to);
    if (st < 0) {
      st = nfa.add();
      this.entries.set(st, { e, to });
      this.expr(e, st, to, nfa, owner);
      this.shared.add(id, to, st);
    }
    return st;
  }

  /** The state that takes one byte of `lo..hi` to `next`, one per (range, next) in an automaton. */
  private sharedByte(lo: number, hi: number, next: number, nfa: NfaDraft): number {
    // Keyed apart from entries (structural ids are never negative).
    const range = -1 - ((lo << 8) | hi);
    let st = this.shared.get(range, next);
    if (st < 0) {
      st = nfa.add();
      nfa.edge(st, Edge.Bytes, lo, hi, next);
      this.shared.add(range, next, st);
    }
    return st;
  }

  private structuralId(e: Expr): number {
    let id = this.exprIds.get(e);
    if (id !== undefined) return id;
    const t = this.structure;
    const at = t.open();
    if (e.kind === "ref") {
      t.push(Tag.NamedRef);
      t.push(t.text(e.name));
    } else {
      pushNode(t, e, this.structurePart);
    }
    id = t.close(at);
    this.exprIds.set(e, id);
    return id;
  }

  private readonly structurePart = (e: Expr): number => this.structuralId(e);

  /**
   * How a repetition is built: nothing, one copy, a loop inside the automaton (?, *, +), tiny
   * bounded repeats of small finite items expanded, everything else a counted rule of its own.
   */
  private repeatShape(e: Expr & { kind: "repeat" }): RepeatShape {
    let shape = this.shapes.get(e);
    if (shape === undefined) this.shapes.set(e, (shape = this.shapeOf(e)));
    return shape;
  }

  private shapeOf(e: Expr & { kind: "repeat" }): RepeatShape {
    const { min, max } = e;
    if (max === 0) return "empty";
    if (min === 1 && max === 1) return "once";
    if (min <= 1 && (max === 1 || max === Infinity)) return "loop";
    if (max <= EXPAND_MAX_COPIES) {
      const size = this.exprSize(e.item, "finite", new Set());
      if (size >= 0 && max * size <= INLINE_MAX_SIZE) return "expand";
    }
    return "counted";
  }

  /**
   * Whether references to the rule are replaced by a copy of its body: small rules with finite
   * languages, and small looping rules that call no rule (a JSON string's tail `char* "\""`
   * becomes part of the key or value automaton that uses it, so the loop's tokens are one slice
   * there instead of a trie walk through a rule boundary at every character).
   */
  private inlineable(name: string): boolean {
    const finite = this.ruleSize(name, "finite", new Set());
    if (finite >= 0 && finite <= INLINE_MAX_SIZE) return true;
    const inline = this.ruleSize(name, "inline", new Set());
    return inline >= 0 && inline <= INLINE_MAX_SIZE;
  }

  /**
   * Automaton size of a rule, -1 if it recurses. `finite`: the size of its language's automaton,
   * -1 if the language loops. `inline`: the size of the copy `inlineable` would make (loops built
   * once), -1 if the rule calls a rule (a counted repeat is a call). Sizes are only ever compared
   * with INLINE_MAX_SIZE, so a walk stops at SIZE_CAP: past it, -1 and any larger size decide
   * alike (a schema's big object rule is not walked to its end for every rule it calls).
   */
  private ruleSize(name: string, mode: "finite" | "inline", visiting: Set<string>): number {
    const cache = mode === "finite" ? this.finiteSize : this.inlineSizes;
    const known = cache.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return -1;
    visiting.add(name);
    const size = this.exprSize(this.grammar.rules.get(name)!, mode, visiting);
    visiting.delete(name);
    // Inside a cycle the size is not final (the cycle's entry decides); -1 always is.
    if (mode === "finite" || visiting.size === 0 || size >= 0) cache.set(name, size);
    return size;
  }

  private exprSize(e: Expr, mode: "finite" | "inline", visiting: Set<string>): number {
    switch (e.kind) {
      case "literal":
        return Math.min(SIZE_CAP, literalBytes(e).length);
      case "token":
        return 1;
      case "class":
        return Math.min(SIZE_CAP, classSequences(e).reduce((n, s) => n + s.length, 0));
      case "ref":
        return this.ruleSize(e.name, mode, visiting);
      case "sequence":
      case "choice": {
        let total = 0;
        for (const item of e.items) {
          const n = this.exprSize(item, mode, visiting);
          if (n < 0) return -1;
          total += n;
          if (total >= SIZE_CAP) return SIZE_CAP;
        }
        return total;
      }
      case "repeat": {
        if (mode === "finite") {
          if (e.max === Infinity) return -1;
          const n = this.exprSize(e.item, mode, visiting);
          return n < 0 ? -1 : Math.min(SIZE_CAP, n * e.max);
        }
        const shape = this.repeatShape(e);
        if (shape === "empty") return 0;
        // A counted repeat is a call: a looping rule that calls rules stays a rule of its own
        // (copies of it in a caller with many calls made completions scan far larger items).
        if (shape === "counted") return -1;
        const n = this.exprSize(e.item, mode, visiting);
        if (n < 0) return -1;
        return Math.min(SIZE_CAP, shape === "expand" ? n * e.max : shape === "loop" && e.min === 1 ? 2 * n : n);
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

  private expr(e: Expr, from: number, to: number, nfa: NfaDraft, owner: string): void {
    switch (e.kind) {
      case "literal": {
        const bytes = literalBytes(e);
        if (bytes.length === 0) {
          nfa.edge(from, Edge.Epsilon, 0, 0, to);
          break;
        }
        // Right to left from shared suffix states, as a class's continuation bytes: the same
        // literal ending at the same place (an escape like "\\u00" at every position of "any key
        // but these", before the shared rest of the string) is one chain of states, so the
        // automaton reaches one state after its first byte wherever it began.
        let next = to;
        for (let i = bytes.length - 1; i >= 1; i--) next = this.sharedByte(bytes[i]!, bytes[i]!, next, nfa);
        nfa.edge(from, Edge.Bytes, bytes[0]!, bytes[0]!, next);
        break;
      }
      case "class":
        for (const sequence of classSequences(e)) {
          // Continuation bytes are built right to left from shared suffix states.
          let next = to;
          for (let i = sequence.length - 1; i >= 1; i--) next = this.sharedByte(sequence[i]![0], sequence[i]![1], next, nfa);
          nfa.edge(from, Edge.Bytes, sequence[0]![0], sequence[0]![1], next);
        }
        break;
      case "sequence": {
        if (e.items.length === 0) {
          nfa.edge(from, Edge.Epsilon, 0, 0, to);
          break;
        }
        // Right to left: every item after the first starts at a shared entry state.
        let next = to;
        for (let i = e.items.length - 1; i >= 1; i--) next = this.entry(e.items[i]!, next, nfa, owner);
        this.expr(e.items[0]!, from, next, nfa, owner);
        break;
      }
      case "choice":
        for (const item of e.items) this.expr(item, from, to, nfa, owner);
        break;
      case "ref": {
        if (this.inlineable(e.name)) this.expr(this.grammar.rules.get(e.name)!, from, to, nfa, owner);
        else {
          const spliced = to === this.final ? this.splice(e.name, nfa, owner) : -1;
          if (spliced >= 0) nfa.edge(from, Edge.Epsilon, 0, 0, spliced);
          else nfa.edge(from, Edge.Call, this.ruleFor(e.name), 0, to);
        }
        break;
      }
      case "token": {
        const id = this.vocab.specialTokens.get(e.text);
        if (id === undefined) {
          throw new CompileError("token_not_in_vocabulary", `rule "${owner}" needs the special token ${JSON.stringify(e.text)}, which this vocabulary does not have`, owner);
        }
        nfa.edge(from, Edge.Token, id, 0, to);
        break;
      }
      case "repeat": {
        const { min, max } = e;
        switch (this.repeatShape(e)) {
          case "empty":
            nfa.edge(from, Edge.Epsilon, 0, 0, to);
            break;
          case "once":
            this.expr(e.item, from, to, nfa, owner);
            break;
          case "loop": {
            // ?, *, + stay inside the automaton: an optional copy, or a loop after zero or one copy.
            const loop = nfa.add();
            if (min === 0) nfa.edge(from, Edge.Epsilon, 0, 0, loop);
            else this.expr(e.item, from, loop, nfa, owner);
            if (max === Infinity) {
              const back = nfa.add();
              this.expr(e.item, loop, back, nfa, owner);
              nfa.edge(back, Edge.Epsilon, 0, 0, loop);
            } else {
              this.expr(e.item, loop, to, nfa, owner);
            }
            nfa.edge(loop, Edge.Epsilon, 0, 0, to);
            break;
          }
          case "expand": {
            // min copies, then (max - min) optional ones: x x (x (x)?)? — linear in max.
            let cur = from;
            for (let i = 0; i < max; i++) {
              const next = i === max - 1 ? to : nfa.add();
              this.expr(e.item, cur, next, nfa, owner);
              if (i >= min) nfa.edge(cur, Edge.Epsilon, 0, 0, to);
              cur = next;
            }
            break;
          }
          case "counted": {
            const item = this.ruleForExpr(e.item, owner);
            // Counts live in 32-bit tables: a bound no output can reach (2^31 − 1 copies or more)
            // is no bound, and a minimum that high stays out of reach (see UNBOUNDED).
            nfa.edge(from, Edge.Call, this.repeatRule(item, Math.min(min, UNBOUNDED - 1), max >= UNBOUNDED ? UNBOUNDED : max, owner), 0, to);
            break;
          }
        }
        break;
      }
    }
  }
}

/**
 * A character class as UTF-8 byte-range sequences. Schemas repeat the same few classes (a JSON
 * string's characters) in every string: each distinct class is worked out once, found by its
 * ranges (numbered in a tuple table, so no key string is built per class object).
 */
function classSequences(e: Expr & { kind: "class" }): Utf8Sequence[] {
  return classInfo(e).sequences;
}

/** A class's UTF-8 sequences and the byte-class boundaries they draw (see `byteClasses`). */
interface ClassInfo {
  readonly sequences: Utf8Sequence[];
  /** 257 bits (9 words): bit b set if byte b starts a byte range of a sequence or follows one's end. */
  readonly cuts: Uint32Array;
}

function classInfo(e: Expr & { kind: "class" }): ClassInfo {
  const seen = infoOf.get(e);
  if (seen) return seen;
  const at = classKeys.open();
  pushLeaf(classKeys, e);
  const id = classKeys.close(at);
  let info = infoById.get(id);
  if (!info) {
    const sequences = utf8Sequences(classCodepoints(e));
    const cuts = new Uint32Array(CUT_WORDS);
    for (const sequence of sequences) for (const [lo, hi] of sequence) cutRange(cuts, lo, hi);
    info = { sequences, cuts };
    infoById.set(id, info);
    if (infoById.size >= MAX_CACHED_CLASSES) {
      classKeys = new TupleTable();
      infoById = new Map();
    }
  }
  infoOf.set(e, info);
  return info;
}

/** Words of a set of byte-class boundaries: bytes 0..255 and 256 (past the last byte). */
const CUT_WORDS = 9;

/** Per class object (building and sizing ask for the same objects again and again). */
const infoOf = new WeakMap<Expr, ClassInfo>();

let classKeys = new TupleTable();
let infoById = new Map<number, ClassInfo>();
const MAX_CACHED_CLASSES = 4096;

/** A literal's UTF-8 bytes, encoded once per distinct text (sizing and building both ask). */
function literalBytes(e: Expr & { kind: "literal" }): Uint8Array {
  let bytes = literalBytesOf.get(e.text);
  if (!bytes) {
    if (literalBytesOf.size >= MAX_CACHED_LITERALS) literalBytesOf.clear();
    literalBytesOf.set(e.text, (bytes = utf8Encode(e.text)));
  }
  return bytes;
}

const literalBytesOf = new Map<string, Uint8Array>();
const MAX_CACHED_LITERALS = 16384;

let nonAscii: Uint32Array | undefined;

/** The byte-class boundaries the UTF-8 encodings of every non-ASCII code point draw. */
function nonAsciiCuts(): Uint32Array {
  if (!nonAscii) nonAscii = classInfo({ kind: "class", negated: false, ranges: [[0x80, 0xd7ff], [0xe000, 0x10ffff]] }).cuts;
  return nonAscii;
}

/** Sets in `cut` (see ClassInfo.cuts), at word `at`, the boundaries of the byte range `lo..hi`. */
function cutRange(cut: Uint32Array, lo: number, hi: number, at = 0): void {
  cut[at + (lo >>> 5)]! |= 1 << (lo & 31);
  cut[at + ((hi + 1) >>> 5)]! |= 1 << ((hi + 1) & 31);
}

/**
 * Byte classes shared by all rules: bytes that no literal or character class of the grammar
 * tells apart share a class. Read from the boundaries `analyzeRules` noted per rule, for the
 * rules reachable from the start, so that the rules themselves can be built later; a special
 * token such a rule names that the vocabulary lacks is an error now (a rule built during
 * generation must not fail then).
 */
export function byteClasses(grammar: Grammar, analysis: RuleAnalysis): { byteClass: Uint8Array; numClasses: number; classLo: number[] } {
  const { cuts, callees, missingTokens, names } = analysis;
  const cut = new Uint32Array(CUT_WORDS);
  cut[0] = 1;
  const start = analysis.index.get(grammar.start)!;
  const seen = new Uint8Array(names.length);
  seen[start] = 1;
  const queue = [start];
  while (queue.length > 0) {
    const r = queue.pop()!;
    const missing = missingTokens.get(r);
    if (missing !== undefined) {
      throw new CompileError("token_not_in_vocabulary", `rule "${names[r]}" needs the special token ${JSON.stringify(missing)}, which this vocabulary does not have`, names[r]);
    }
    for (let w = 0; w < CUT_WORDS; w++) cut[w]! |= cuts[r * CUT_WORDS + w]!;
    for (const c of callees[r]!) {
      if (!seen[c]) {
        seen[c] = 1;
        queue.push(c);
      }
    }
  }
  const byteClass = new Uint8Array(256);
  const classLo: number[] = [];
  let cls = -1;
  for (let b = 0; b < 256; b++) {
    if (cut[b >>> 5]! & (1 << (b & 31))) {
      cls++;
      classLo.push(b);
    }
    byteClass[b] = cls;
  }
  return { byteClass, numClasses: cls + 1, classLo };
}

/** What compiling needs to know about a grammar's rules before building any of them. */
export interface RuleAnalysis {
  /**
   * Each rule's representative among the rules that derive the same language by construction —
   * same structure, calling rules of the same groups (a rule without an entry is its own). A tool
   * set repeats sub-schemas under each tool's names; each group is built once.
   */
  readonly representative: ReadonlyMap<string, string>;
  /** Rules on a recursion cycle, and among them those whose recursion is all tail calls (see `isRightLinear`). */
  readonly recursive: ReadonlySet<string>;
  readonly rightLinear: ReadonlySet<string>;
  /** Rules that derive at least one finite string, and rules that derive the empty string. */
  readonly productive: ReadonlySet<string>;
  readonly nullable: ReadonlySet<string>;
  /** The rules in the grammar's order, their numbers, and the rules each one references (by number). */
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly callees: readonly (readonly number[])[];
  /** Per rule, CUT_WORDS words of byte-class boundaries its literals and classes draw (see `byteClasses`). */
  readonly cuts: Uint32Array;
  /** Rules naming a special token the vocabulary lacks, with the first such token (checked when a vocabulary is given). */
  readonly missingTokens: ReadonlyMap<number, string>;
  /**
   * Per rule, an upper bound on the IR nodes of the rules it reaches (its body and its callees',
   * shared callees counted once per path; capped): a signature walk larger than its budget is
   * known before it starts. Rules on a recursion cycle have the cap.
   */
  readonly reachSize: Int32Array;
}

/**
 * Analyses the rules over the call graph's strongly connected components, callees first
 * (Tarjan's order), the graph read in the same walk as the rules' quick shapes and shared with
 * the grammar package's productivity and nullability (settled component by component).
 *
 * Equivalence: a rule outside recursion is grouped by its body's shape (references as
 * placeholders) and the groups of the rules it calls. A rule inside recursion is grouped by the
 * unfolding of its component from it — each rule of the component numbered in the order a
 * depth-first walk meets it — so two copies of the same recursive structure under different
 * names share a group. Linear in the grammar outside recursion; never merges rules whose
 * structures differ (it may keep apart equivalent rules written differently, which is safe).
 */
export function analyzeRules(g: Grammar, vocab?: Vocabulary): RuleAnalysis {
  const names = [...g.rules.keys()];
  const n = names.length;
  const index = new Map(names.map((name, i) => [name, i]));
  const callees: number[][] = [];
  // A quick hash of each body's shape first: rules equivalent to another have the same shape,
  // so only rules whose hash clashes need their shapes interned and compared below (most schema
  // grammars have few such rules; a tool set has them where tools share sub-schemas). The same
  // walk checks each node and notes its byte-class boundaries (see RuleScan).
  const hashes = new Int32Array(n);
  /** Per hash: whether more than one rule has it. */
  const shared = new Map<number, boolean>();
  let anyClash = false;
  const scan = new RuleScan(index, n, vocab);
  for (let r = 0; r < n; r++) {
    const refs: number[] = [];
    scan.begin(r, names[r]!, refs);
    const h = scan.shape(g.rules.get(names[r]!)!);
    hashes[r] = h;
    if (shared.has(h)) anyClash = true;
    shared.set(h, shared.has(h));
    callees.push(refs);
  }
  const scanned = { names, index, callees, cuts: scan.cuts, missingTokens: scan.missingTokens };
  const clashes = (r: number): boolean => shared.get(hashes[r]!)!;
  const { component, order } = stronglyConnectedComponents(n, (r) => callees[r]!.length, (r, i) => callees[r]![i]!);
  const cyclic = (members: readonly number[]): boolean => members.length > 1 || callees[members[0]!]!.includes(members[0]!);
  const onCycle = new Set<string>();
  const rightLinear = new Set<string>();
  const reachSize = new Int32Array(n);
  for (const members of order) {
    if (!cyclic(members)) {
      // Callees come first in this order, so their reach is known.
      const r = members[0]!;
      let size = scan.sizes[r]!;
      for (const c of callees[r]!) size = Math.min(REACH_CAP, size + reachSize[c]!);
      reachSize[r] = size;
      continue;
    }
    for (const r of members) {
      onCycle.add(names[r]!);
      reachSize[r] = REACH_CAP;
    }
    if (isRightLinear(g, names, members, component, index)) for (const r of members) rightLinear.add(names[r]!);
  }
  const graph = { names, callees, order };
  const facts = { recursive: onCycle, rightLinear, productive: productiveRules(g, graph), nullable: nullableRules(g, graph) };
  if (!anyClash) return { representative: new Map(), ...facts, ...scanned, reachSize };
  const shapes = new Shapes(1_000_000);
  const shape = new Int32Array(n).fill(-1);
  const shapeOf = (r: number): number => (shape[r] !== -1 ? shape[r]! : (shape[r] = shapes.of(g.rules.get(names[r]!)!)));
  const keys = shapes.table;
  // A rule whose shape no other rule has is its own group: numbered below every interned key.
  const group = new Int32Array(n).fill(-1);
  const outside = (c: number): number => (c < 0 ? -1 : group[c]!);
  for (const members of order) {
    if (!members.some(clashes)) {
      for (const r of members) group[r] = -2 - r;
      continue;
    }
    if (!cyclic(members)) {
      const r = members[0]!;
      const at = keys.open();
      keys.push(Tag.Group);
      keys.push(shapeOf(r));
      for (const c of callees[r]!) keys.push(outside(c));
      group[r] = keys.close(at);
      continue;
    }
    if (members.length > MAX_CANONICAL_COMPONENT) {
      // A huge recursive component: every rule its own group (never wrong, only less sharing).
      for (const r of members) group[r] = -2 - r;
      continue;
    }
    const comp = component[members[0]!]!;
    const groups = members.map((root) => {
      // The component unfolded from root: each rule's shape, then per callee a rule outside
      // (by group), a rule met before (by its number in this walk), or the callee's own unfolding.
      const number = new Map<number, number>();
      const at = keys.open();
      keys.push(Tag.Recursive);
      const visit = (x: number): void => {
        number.set(x, number.size);
        keys.push(-3);
        keys.push(shapeOf(x));
        for (const c of callees[x]!) {
          if (c < 0 || component[c] !== comp) {
            keys.push(-4);
            keys.push(outside(c));
          } else if (number.has(c)) {
            keys.push(-5);
            keys.push(number.get(c)!);
          } else visit(c);
        }
        keys.push(-6);
      };
      visit(root);
      return keys.close(at);
    });
    members.forEach((r, i) => (group[r] = groups[i]!));
  }
  const first = new Map<number, string>();
  const out = new Map<string, string>();
  names.forEach((name, r) => {
    const rep = first.get(group[r]!);
    if (rep === undefined) first.set(group[r]!, name);
    else out.set(name, rep);
  });
  return { representative: out, ...facts, ...scanned, reachSize };
}

/**
 * The one walk over the IR before any rule is built, rule by rule. At every node: the grammar
 * package's structure check (what `validateGrammar` checks), the node's part of its rule's
 * shape hash, and the byte-class boundaries its bytes draw; per rule: its references' numbers
 * (-1 never occurs: an undefined rule is an error) and the first special token the vocabulary
 * lacks. Fresh IR costs a cache miss per node, so one walk instead of three is most of the
 * saving on a schema's first compile.
 */
class RuleScan {
  /** CUT_WORDS words per rule (see ClassInfo.cuts). */
  readonly cuts: Uint32Array;
  readonly missingTokens = new Map<number, string>();
  /** IR nodes in each rule's body. */
  readonly sizes: Int32Array;
  private rule = "";
  private r = 0;
  private at = 0;
  private refs: number[] = [];

  constructor(
    private readonly index: ReadonlyMap<string, number>,
    numRules: number,
    private readonly vocab: Vocabulary | undefined,
  ) {
    this.cuts = new Uint32Array(numRules * CUT_WORDS);
    this.sizes = new Int32Array(numRules);
  }

  /** Adds CUT_WORDS words of boundaries to the current rule's. */
  private addCuts(cuts: Uint32Array): void {
    for (let w = 0; w < CUT_WORDS; w++) this.cuts[this.at + w]! |= cuts[w]!;
  }

  begin(r: number, rule: string, refs: number[]): void {
    this.r = r;
    this.rule = rule;
    this.at = r * CUT_WORDS;
    this.refs = refs;
  }

  /**
   * A 32-bit hash of an expression's shape (references all alike, as `Shapes` numbers them).
   * Equal shapes hash equal; a clash of different shapes only costs the full grouping.
   */
  shape(e: Expr, depth = 0): number {
    checkNode(this.rule, e, this.index, depth);
    this.sizes[this.r]!++;
    switch (e.kind) {
      case "literal": {
        let h = 0x1b873593;
        const text = e.text;
        let ascii = true;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          h = mix(h, c);
          // An ASCII character is its own byte: no encoding (nor lookup of a cached one) needed.
          if (c < 0x80) cutRange(this.cuts, c, c, this.at);
          else ascii = false;
        }
        if (!ascii) for (const b of literalBytes(e)) cutRange(this.cuts, b, b, this.at);
        return mix(h, text.length);
      }
      case "token": {
        let h = 0x2c1b3c6d;
        for (let i = 0; i < e.text.length; i++) h = mix(h, e.text.charCodeAt(i));
        if (this.vocab && !this.vocab.specialTokens.has(e.text) && !this.missingTokens.has(this.r)) this.missingTokens.set(this.r, e.text);
        return mix(h, e.text.length);
      }
      case "class": {
        const ranges = e.ranges;
        let h = e.negated ? 0x297a2d39 : 0x3c6ef372;
        let ascii = true;
        for (let i = 0; i < ranges.length; i++) {
          h = mix(mix(h, ranges[i]![0]), ranges[i]![1]);
          if (ranges[i]![1] >= 0x80) ascii = false;
        }
        // Likewise a class of ASCII ranges, or its complement (`[^"\\]` in every JSON string):
        // within ASCII the complement has the same boundaries, and beyond it is every other
        // code point, whose boundaries never change. Any other class is looked up (see classInfo).
        if (ascii) {
          for (let i = 0; i < ranges.length; i++) cutRange(this.cuts, ranges[i]![0], ranges[i]![1], this.at);
          if (e.negated) this.addCuts(nonAsciiCuts());
        } else this.addCuts(classInfo(e).cuts);
        return h;
      }
      case "ref":
        this.refs.push(this.index.get(e.name)!);
        return 0x5bd1e995;
      case "repeat":
        return mix(mix(mix(0x68e31da4, this.shape(e.item, depth + 1)), e.min % 0x7fffffff), e.max === Infinity ? -1 : e.max % 0x7fffffff);
      case "sequence":
      case "choice": {
        let h = e.kind === "sequence" ? 0x7f4a7c15 : 0x94d049bb;
        for (const x of e.items) h = mix(h, this.shape(x, depth + 1));
        return mix(h, e.items.length);
      }
    }
  }
}

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** Recursive components larger than this are not canonicalized (the walk is quadratic in their size). */
const MAX_CANONICAL_COMPONENT = 64;

/**
 * Whether a recursive component calls its own rules only in tail position: a right-linear
 * grammar, whose language is regular. A minimized automaton written as grammar is like this (a
 * rule per state, each alternative a character and the next state's rule), and so is a pattern
 * compiled that way: the builder splices such rules into one automaton, cycles and all, instead
 * of calling a rule per character.
 */
function isRightLinear(g: Grammar, names: readonly string[], members: readonly number[], component: ArrayLike<number>, index: ReadonlyMap<string, number>): boolean {
  const comp = component[members[0]!]!;
  const inComponent = (name: string): boolean => {
    const r = index.get(name);
    return r !== undefined && component[r] === comp;
  };
  const tailOnly = (e: Expr, tail: boolean): boolean => {
    switch (e.kind) {
      case "ref":
        return tail || !inComponent(e.name);
      case "sequence":
        return e.items.every((x, i) => tailOnly(x, tail && i === e.items.length - 1));
      case "choice":
        return e.items.every((x) => tailOnly(x, tail));
      case "repeat":
        // An optional item ends where the repeat ends; a repeated one goes round again.
        return tailOnly(e.item, tail && e.max === 1 && e.min <= 1);
      default:
        return true;
    }
  };
  return members.every((r) => tailOnly(g.rules.get(names[r]!)!, true));
}

/**
 * A leaf as tuple parts: its kind, then its text's number (from `text` if given, else the
 * table's own) or its class's ranges. No string is built per leaf object: schemas make fresh
 * leaves in every compile.
 */
function pushLeaf(t: TupleTable, e: Expr & { kind: "literal" | "token" | "class" }, text?: (s: string) => number): void {
  if (e.kind === "class") {
    t.push(e.negated ? Tag.NegatedClass : Tag.Class);
    for (let i = 0; i < e.ranges.length; i++) {
      t.push(e.ranges[i]![0]);
      t.push(e.ranges[i]![1]);
    }
    return;
  }
  t.push(e.kind === "literal" ? Tag.Literal : Tag.Token);
  t.push(text ? text(e.text) : t.text(e.text));
}

/**
 * Pushes an expression other than a reference: its kind, then a leaf's content or the numbers
 * `part` gives its parts (a repeat's bounds after its item). Each numbering (shapes, structural
 * ids, signatures) writes references its own way.
 */
function pushNode(t: TupleTable, e: Exclude<Expr, RuleRef>, part: (x: Expr) => number, text?: (s: string) => number): void {
  switch (e.kind) {
    case "literal":
    case "token":
    case "class":
      pushLeaf(t, e, text);
      break;
    case "repeat":
      t.push(Tag.Repeat);
      t.push(part(e.item));
      pushBounds(t, e.min, e.max);
      break;
    case "sequence":
    case "choice":
      t.push(e.kind === "sequence" ? Tag.Sequence : Tag.Choice);
      for (const x of e.items) t.push(part(x));
      break;
  }
}

/**
 * Interned ids of expression shapes, references all alike (so rules that differ only in the
 * names they call share a shape).
 */
class Shapes {
  /** The shapes' numbers (analyzeRules numbers its group keys in the same table). */
  readonly table = new TupleTable();
  /**
   * Composite nodes already seen. IR is nearly always a tree, where a memo costs more than it
   * saves, so it is used only once a traversal has visited more nodes than a tree would have
   * (a DAG sharing subtrees many times over, as code-built grammars can).
   */
  private memo: Map<Expr, number> | null = null;
  private visits = 0;

  constructor(private readonly nodeLimit: number) {}

  of(e: Expr): number {
    const composite = e.kind === "sequence" || e.kind === "choice" || e.kind === "repeat";
    if (!this.memo && ++this.visits > this.nodeLimit) this.memo = new Map();
    if (composite && this.memo) {
      const known = this.memo.get(e);
      if (known !== undefined) return known;
    }
    const t = this.table;
    const at = t.open();
    if (e.kind === "ref") t.push(Tag.AnyRef);
    else pushNode(t, e, this.part);
    const id = t.close(at);
    if (composite && this.memo) this.memo.set(e, id);
    return id;
  }

  private readonly part = (e: Expr): number => this.of(e);
}

/** First element of each interned tuple: what kind of structure it numbers. */
const enum Tag {
  Literal = 1,
  Token,
  Class,
  NegatedClass,
  /** Any reference (shapes). */
  AnyRef,
  /** A reference by rule name. */
  NamedRef,
  Repeat,
  Sequence,
  Choice,
  /** Signatures: a counted repeat rule, a grammar rule's body. */
  RepeatRule,
  Body,
  /** Continuation signatures: the end of a rule, an expression followed by a continuation. */
  End,
  Then,
  /** analyzeRules: a rule outside recursion, a rule of a recursive component. */
  Group,
  Recursive,
}

/** Repetition bounds as tuple parts (Infinity as -1; bounds past 32 bits by their digits). */
function pushBounds(t: TupleTable, min: number, max: number): void {
  pushBound(t, min);
  pushBound(t, max);
}

function pushBound(t: TupleTable, x: number): void {
  if (x === Infinity) t.push(-1);
  else if (x <= 0x7fffffff) t.push(x);
  else {
    t.push(-2);
    t.push(t.text(String(x)));
  }
}

/** The structures numbered for a vocabulary, shared by every grammar compiled for it. */
export interface SignatureTable {
  readonly table: TupleTable;
  /** Numbers handed out past the table (recursion, a full table). */
  unique: number;
}
