import { EMPTY, literal, ref, repeat, type Expr } from "@toolmask/grammar";
import { T_ARRAY, T_BOOLEAN, T_FRACTION, T_INTEGER, T_NULL, T_NUMBER, T_OBJECT, T_STRING, TOP, jsonEqual, jsonKey, typeOf, type Conj, type Contains } from "./constraints.js";
import type { CompileContext } from "./context.js";
import { decimalOf, type Decimal } from "./decimal.js";
import { AutomatonLimit } from "./dfa.js";
import { SchemaBudgetError } from "./errors.js";
import { choiceOf, exprSize, seqOf } from "./expr-util.js";
import type { JsonText } from "./json-text.js";
import { negatedNode, type Normalizer } from "./normalize.js";
import { MAX_STEP_MANTISSA, isUnconstrained, numberExpr, numberUnionExpr, type NumberConstraint } from "./number-grammar.js";
import type { CharSet } from "./charset.js";
import { additionalKeyGroups } from "./object-keys.js";
import type { Rules } from "./rule-store.js";
import type { SchemaNode } from "./schema-document.js";
import { StringCompiler } from "./strings.js";

/** States an any-order object may use to track which required properties it has seen. */
const ANY_ORDER_STATES = 1024;
/** Objects with at most this many declared properties track all of them in any order. */
const ANY_ORDER_ALL_MEMBERS = 4;

/** States an array with counted items (`contains`, a complement of `items`) may use. */
const COUNTED_ARRAY_STATES = 512;
/** Counts (`contains`-like constraints) one array may keep at once. */
const MAX_COUNTS = 3;

/** Item values `uniqueItems` may range over: arrays of distinct values use one rule per subset (256 at most). */
const MAX_DISTINCT_VALUES = 8;

/** Values whose expression has at most this many nodes are written in place instead of as a rule. */
const SMALL_VALUE = 6;

/** What a value at some place in the document may be, as a grammar: the core of the compiler. */
export class SchemaCompiler {
  /** Compiled values by schema list and depth; `busy` while compiling (recursion gets a rule). */
  private readonly memo = new Map<string, { busy: boolean; expr: Expr | null | undefined; name: string | undefined }>();

  private recursive = false;
  private readonly strings: StringCompiler;

  constructor(
    private readonly ctx: CompileContext,
    private readonly norm: Normalizer,
    private readonly rules: Rules,
    private readonly text: JsonText,
  ) {
    this.strings = new StringCompiler(ctx, text, rules);
  }

  /** Compiles the document root into rule `root`; returns the start rule's name, or undefined if no value satisfies the schema. */
  compileRoot(root: SchemaNode): string | undefined {
    const name = this.rules.reserve("root");
    const body = this.valueList([root], 0, "root", name);
    if (!body) return undefined;
    if (!this.rules.has(name)) this.rules.define(name, body);
    return name;
  }

  /**
   * The raw text of the strings `root` allows (see `StringCompiler.rawText`), as an expression,
   * or null where that is not written exactly: the schema allows more than strings, an enum, or
   * strings whose raw text could hold a character of `avoid`.
   */
  compileRawString(root: SchemaNode, avoid: CharSet): Expr | null {
    const exprs: Expr[] = [];
    for (const c of this.norm.flattenList([root])) {
      if (c === TOP || c.types !== T_STRING || c.enumValues) return null;
      const e = this.strings.rawText(this.strings.specOf(c, (v) => this.norm.checkConj({ ...c, notValues: [] }, v)), avoid, "raw");
      if (!e) return null;
      exprs.push(e);
    }
    return exprs.length === 0 ? null : choiceOf(exprs);
  }

  /** True once some rule may derive nothing (recursion, or a subschema nothing satisfies), so the grammar needs pruning. */
  get mayHaveDeadRules(): boolean {
    return this.recursive;
  }

  /**
   * A value satisfying every schema of `list`, at nesting `depth`, as a reference to a rule
   * shared by every place with the same schemas (and, in pretty mode, the same depth).
   * Undefined when no value satisfies them.
   */
  valueList(list: readonly SchemaNode[], depth: number, base: string, name?: string): Expr | undefined {
    const key = `${this.norm.listKey(list)}@${this.text.depthKey(depth)}`;
    let entry = this.memo.get(key);
    if (entry) {
      if (!entry.busy) return entry.expr ?? undefined;
      // A recursive schema: the value refers to itself, so it needs a rule.
      entry.name ??= name ?? this.rules.reserve(base);
      this.recursive = true;
      return ref(entry.name);
    }
    const alts = this.norm.flattenList(list);
    if (alts.length === 1 && alts[0] === TOP) return this.text.anyValue(depth);
    entry = { busy: true, expr: undefined, name: undefined };
    this.memo.set(key, entry);
    this.ctx.enter(list[0]?.pointer ?? "#");
    let exprs: Expr[];
    try {
      exprs = this.alternatives(alts, depth, base);
    } finally {
      this.ctx.leave();
    }
    const body = exprs.length === 0 ? undefined : choiceOf(exprs);
    entry.busy = false;
    if (entry.name !== undefined) {
      // A rule with no alternative refers to itself: it derives nothing and is pruned with its users.
      this.rules.define(entry.name, body ?? ref(entry.name));
      entry.expr = ref(entry.name);
    } else if (!body) entry.expr = null;
    else if (exprSize(body, SMALL_VALUE) <= SMALL_VALUE) entry.expr = body;
    else if (name !== undefined) {
      this.rules.define(name, body);
      entry.expr = ref(name);
    } else entry.expr = ref(this.defineRule(base, body));
    return entry.expr ?? undefined;
  }

  /**
   * The expressions of a list's alternatives. The numbers of several alternatives with number
   * constraints are one automaton, the union of their digit automata minimized (`anyOf` of
   * ranges, `multipleOf` 5 or 10), rather than a choice of automata a parser follows side by
   * side; past the automaton budget they stay separate.
   */
  private alternatives(alts: readonly Conj[], depth: number, base: string): Expr[] {
    const numbers = alts.map((c) => (!c.enumValues && (c.types & T_NUMBER) !== 0 ? this.numberConstraint(c) : undefined));
    const constrained = numbers.filter((n): n is NumberConstraint => n !== undefined && !isUnconstrained(n));
    const united = constrained.length >= 2 ? this.numberUnion(constrained, base) : undefined;
    const exprs: Expr[] = [];
    alts.forEach((c, i) => {
      const n = numbers[i];
      const e = this.conjExpr(c, depth, base, united && n && constrained.includes(n) ? null : n);
      if (e) exprs.push(e);
    });
    if (united) exprs.push(united);
    return exprs;
  }

  /** One automaton for the numbers of all of `constraints`, or undefined past the automaton budget (or when none has a number). */
  private numberUnion(constraints: readonly NumberConstraint[], base: string): Expr | undefined {
    try {
      return numberUnionExpr(constraints, this.rules, `${base}_num`, this.ctx.options.budget.automatonStates);
    } catch (e) {
      if (e instanceof AutomatonLimit) return undefined;
      throw e;
    }
  }

  /** `number`: the number constraint of `c` when already worked out, null when another expression writes its numbers. */
  private conjExpr(c: Conj, depth: number, base: string, number?: NumberConstraint | null): Expr | undefined {
    this.ctx.spend(1, c.pointer);
    if (c.enumValues) {
      const values: unknown[] = [];
      const seen = new Set<string>();
      // Each value is in the enum: checked against the other constraints only (linear in its length).
      const others: Conj = { ...c, enumValues: undefined };
      for (const v of c.enumValues) {
        const k = jsonKey(v);
        if (seen.has(k)) continue;
        seen.add(k);
        if (this.norm.checkConj(others, v)) values.push(v);
      }
      if (values.length === 0) return undefined;
      return choiceOf(values.map((v) => this.valueLiteral(v, depth)));
    }
    for (const v of c.notValues) {
      const t = typeOf(v);
      if ((t & (T_ARRAY | T_OBJECT) & c.types) !== 0) this.ctx.unsupported(c.pointer, "not", `excluding the ${t === T_ARRAY ? "array" : "object"} ${JSON.stringify(v)} has no grammar`);
    }
    const parts: Expr[] = [];
    const excluded = (v: unknown): boolean => c.notValues.some((x) => jsonEqual(x, v));
    if (c.types & T_NULL && !excluded(null)) parts.push(literal("null"));
    if (c.types & T_BOOLEAN) {
      if (!excluded(true)) parts.push(literal("true"));
      if (!excluded(false)) parts.push(literal("false"));
    }
    const add = (e: Expr | undefined): void => {
      if (e) parts.push(e);
    };
    if (c.types & T_NUMBER && number !== null) add(this.numberPart(c, base, number ?? this.numberConstraint(c)));
    if (c.types & T_STRING) add(this.stringPart(c, base));
    if (c.types & T_ARRAY) add(this.arrayPart(c, depth, base));
    if (c.types & T_OBJECT) add(this.objectPart(c, depth, base));
    return parts.length === 0 ? undefined : choiceOf(parts);
  }

  /** An enum/const value spelled under the whitespace policy. */
  private valueLiteral(v: unknown, depth: number): Expr {
    if (typeof v !== "object" || v === null) return literal(JSON.stringify(v));
    if (Array.isArray(v)) {
      if (v.length === 0) return this.text.empty("[]");
      const items: Expr[] = [this.text.open("[", depth)];
      v.forEach((x, i) => {
        if (i > 0) items.push(this.text.sep(depth));
        items.push(this.valueLiteral(x, depth + 1));
      });
      items.push(this.text.close("]", depth));
      return seqOf(...items);
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return this.text.empty("{}");
    const orders = this.ctx.options.propertyOrder === "any" && keys.length <= 4 ? permutations(keys) : [keys];
    return choiceOf(
      orders.map((order) => {
        const items: Expr[] = [this.text.open("{", depth)];
        order.forEach((k, i) => {
          if (i > 0) items.push(this.text.sep(depth));
          items.push(this.text.stringLiteral(k), this.text.colon(), this.valueLiteral((v as Record<string, unknown>)[k], depth + 1));
        });
        items.push(this.text.close("}", depth));
        return seqOf(...items);
      }),
    );
  }

  /** What the number automaton must enforce for `c` (steps too fine for an automaton reported and left out). */
  private numberConstraint(c: Conj): NumberConstraint {
    const types = c.types & T_NUMBER;
    const notEqual: Decimal[] = c.notValues.filter((v): v is number => typeof v === "number").map(decimalOf);
    let multipleOf = c.multipleOf;
    const tooBig = multipleOf.find((m) => Number(m.int + m.frac) > MAX_STEP_MANTISSA);
    if (tooBig) {
      this.ctx.unsupported(c.pointer, "multipleOf", `multipleOf ${tooBig.int}${tooBig.frac ? "." + tooBig.frac : ""} needs too many automaton states`);
      multipleOf = [];
    }
    const notMultipleOf = c.notMultipleOf.filter((m) => Number(m.int + m.frac) <= MAX_STEP_MANTISSA);
    if (notMultipleOf.length < c.notMultipleOf.length) this.ctx.unsupported(c.pointer, "not", "excluding multiples of a step this fine needs too many automaton states");
    // Non-integers only: the value is not a multiple of 1.
    if (types === T_FRACTION) notMultipleOf.push({ negative: false, int: "1", frac: "" });
    return { integer: types === T_INTEGER, lower: c.lower, upper: c.upper, multipleOf, notMultipleOf, notEqual };
  }

  private numberPart(c: Conj, base: string, constraint: NumberConstraint): Expr | undefined {
    if (isUnconstrained(constraint)) return constraint.integer ? this.text.integer() : this.text.number();
    try {
      return numberExpr(constraint, this.rules, `${base}_num`, this.ctx.options.budget.automatonStates);
    } catch (e) {
      if (e instanceof AutomatonLimit) throw new SchemaBudgetError(c.pointer, `automatonStates ${e.states}`, "the number constraints need too large an automaton");
      throw e;
    }
  }

  private stringPart(c: Conj, base: string): Expr | undefined {
    // An excluded string matters only if the other constraints allow it.
    const spec = this.strings.specOf(c, (v) => this.norm.checkConj({ ...c, notValues: [] }, v));
    return this.strings.expr(spec, base);
  }

  private arrayPart(c: Conj, depth: number, base: string): Expr | undefined {
    if (this.text.tooDeep(depth)) return c.minItems === 0 ? this.text.empty("[]") : undefined;
    if (c.uniqueItems && c.maxItems > 1) {
      const distinct = c.prefix.length === 0 && c.contains.length === 0 ? this.distinctItems(c, depth, base) : false;
      if (distinct !== false) return distinct;
      this.ctx.unsupported(c.uniqueItems, "uniqueItems", "uniqueItems cannot be enforced by a context-free grammar (except over at most 8 possible item values, such as an enum)");
    }
    // A count of items matching any value is a count of positions: a length limit.
    let minItems = c.minItems;
    let maxItems = c.maxItems;
    const counted = new Map<string, Contains>();
    for (const ct of c.contains) {
      if (this.norm.isTrivial(ct.schema)) {
        if (ct.min > 0) minItems = Math.max(minItems, ct.from + ct.min);
        if (ct.max < Infinity) maxItems = Math.min(maxItems, ct.from + ct.max);
        continue;
      }
      if (ct.min === 0 && ct.max === Infinity) continue;
      // The same count twice (merged in from two places) is one count with both bounds.
      const key = `${this.norm.nodeKey(ct.schema)}@${ct.from}`;
      const seen = counted.get(key);
      counted.set(key, seen ? { ...seen, min: Math.max(seen.min, ct.min), max: Math.min(seen.max, ct.max) } : ct);
    }
    if (minItems > maxItems) return undefined;
    if (counted.size > 0) {
      const exact = this.countedArray(c, [...counted.values()], minItems, maxItems, depth, base);
      if (exact !== false) return exact;
    }
    let max = maxItems;
    const items: Expr[] = [];
    for (let i = 0; i < c.prefix.length && i < max; i++) {
      const e = this.valueList(c.prefix[i]!, depth + 1, `${base}_item${i}`);
      if (!e) {
        max = i;
        break;
      }
      items.push(e);
    }
    let rest: Expr | undefined;
    if (max > c.prefix.length) {
      rest = this.valueList(c.rest, depth + 1, `${base}_item`);
      if (!rest) max = c.prefix.length;
    }
    if (minItems > max) return undefined;
    const item = (i: number): Expr => (i < items.length ? items[i]! : rest!);
    const sep = this.text.sep(depth);
    const tail = (i: number): Expr => {
      if (i >= max) return EMPTY;
      if (i < items.length) {
        const x = seqOf(sep, item(i), tail(i + 1));
        return i >= minItems ? repeat(x, 0, 1) : x;
      }
      return repeat(seqOf(sep, rest!), Math.max(0, minItems - i), max - i);
    };
    return this.arrayOf(depth, max >= 1 ? [[item(0), tail(1)]] : [], minItems === 0);
  }

  /**
   * An array: `[`, a first item and what follows it, `]`, for each way to start in `starts`;
   * and the empty array when `emptyOk`. Undefined when neither.
   */
  private arrayOf(depth: number, starts: readonly (readonly [Expr, Expr])[], emptyOk: boolean): Expr | undefined {
    const alts = starts.map(([first, rest]) => seqOf(this.text.open("[", depth), first, rest, this.text.close("]", depth)));
    if (emptyOk) alts.push(this.text.empty("[]"));
    return alts.length === 0 ? undefined : choiceOf(alts);
  }

  /**
   * `uniqueItems` over items with few possible values (an enum, booleans): the arrays of
   * distinct values in any order, as an automaton over the set of values written so far (one
   * rule per set). False when the items have more than {@link MAX_DISTINCT_VALUES} values or
   * some without an enumeration.
   */
  private distinctItems(c: Conj, depth: number, base: string): Expr | undefined | false {
    const values: unknown[] = [];
    const seen = new Set<string>();
    const add = (v: unknown): void => {
      const k = jsonKey(v);
      if (!seen.has(k)) {
        seen.add(k);
        values.push(v);
      }
    };
    for (const alt of this.norm.flattenList(c.rest)) {
      if (alt.enumValues) {
        const others: Conj = { ...alt, enumValues: undefined };
        for (const v of alt.enumValues) if (this.norm.checkConj(others, v)) add(v);
      } else if ((alt.types & ~(T_NULL | T_BOOLEAN)) === 0) {
        for (const v of [null, true, false]) if (this.norm.checkConj(alt, v)) add(v);
      } else return false;
      if (values.length > MAX_DISTINCT_VALUES) return false;
    }
    const maxItems = Math.min(c.maxItems, values.length);
    if (c.minItems > maxItems) return undefined;
    this.ctx.spend(1 << values.length, c.uniqueItems ?? c.pointer);
    const spelled = values.map((v) => this.valueLiteral(v, depth + 1));
    const sep = this.text.sep(depth);
    const rules = new Map<number, Expr>();
    /** The items after those in `set` (each after a separator). */
    const after = (set: number): Expr => {
      let e = rules.get(set);
      if (e) return e;
      const n = bitCount(set);
      const alts: Expr[] = [];
      if (n >= c.minItems) alts.push(EMPTY);
      if (n < maxItems) spelled.forEach((v, i) => (set & (1 << i)) === 0 && alts.push(seqOf(sep, v, after(set | (1 << i)))));
      const body = choiceOf(alts);
      e = body === EMPTY ? EMPTY : ref(this.defineRule(`${base}_distinct`, body));
      rules.set(set, e);
      return e;
    };
    return this.arrayOf(
      depth,
      maxItems >= 1 ? spelled.map((v, i) => [v, after(1 << i)] as const) : [],
      c.minItems === 0,
    );
  }

  /**
   * Arrays whose items are counted (`contains` with `minContains`/`maxContains`, or the
   * complement of `items`: some item outside its schema), as an automaton over positions: a
   * state is the number of items so far (exact up to the prefix, the lengths and the first
   * counted position; past them, and without `maxItems`, one state loops) and each count so far
   * (capped at its minimum when it has no maximum). An item either counts for a `contains` (it
   * satisfies its schema) or, where the count has a maximum, does not (it satisfies the
   * complement). States are rules; every path moves to a later position or a higher count, so
   * no rule refers to itself. False (reported; the caller drops the counts, a superset) past
   * {@link COUNTED_ARRAY_STATES} states.
   */
  private countedArray(c: Conj, counts: readonly Contains[], minItems: number, maxItems: number, depth: number, base: string): Expr | undefined | false {
    const caps = counts.map((ct) => (ct.max < Infinity ? ct.max : ct.min));
    const bounded = maxItems < Infinity;
    // Positions before `last` are told apart; `last` is the end (maxItems) or the loop.
    const last = bounded ? maxItems : Math.max(1, c.prefix.length, minItems, ...counts.map((ct) => ct.from));
    const states = (last + 1) * caps.reduce((n, cap) => n * (cap + 1), 1);
    if (states > COUNTED_ARRAY_STATES || counts.length > MAX_COUNTS) {
      const ct = counts[0]!;
      this.ctx.unsupported(ct.pointer, "contains", `counting items of ${counts.length} contains-like constraints up to ${bounded ? `maxItems ${maxItems}` : "the loop"} needs ${states} states (limit ${COUNTED_ARRAY_STATES} states, ${MAX_COUNTS} counts)`);
      return false;
    }
    this.ctx.spend(states, c.pointer);
    const sep = this.text.sep(depth);
    /** An item at `pos`, counted (1) or not counted (0) for each count as `choice` says (-1: either). */
    const slots = new Map<string, Expr | undefined>();
    const slot = (pos: number, choice: readonly number[]): Expr | undefined => {
      const at = pos < c.prefix.length ? pos : c.prefix.length;
      const key = `${at}:${choice.join(",")}`;
      if (slots.has(key)) return slots.get(key);
      const list: SchemaNode[] = [...(c.prefix[at] ?? c.rest)];
      choice.forEach((ch, j) => {
        if (ch === 1) list.push(counts[j]!.schema);
        else if (ch === 0) list.push(negatedNode(counts[j]!.schema));
      });
      const e = this.valueList(list, depth + 1, `${base}_item`);
      slots.set(key, e);
      return e;
    };
    /**
     * The ways to write an item at `pos` after counts `y`: for each count, the item counts
     * (while the count may grow), does not count (a count with a maximum), or is left free
     * (a count without one, or one that does not look at `pos` yet).
     */
    const moves = (pos: number, y: readonly number[]): { choice: number[]; next: number[] }[] => {
      let out: { choice: number[]; next: number[] }[] = [{ choice: [], next: [] }];
      counts.forEach((ct, j) => {
        const options: [number, number][] = [];
        if (pos < ct.from) options.push([-1, y[j]!]);
        else if (ct.max < Infinity) {
          options.push([0, y[j]!]);
          if (y[j]! < ct.max) options.push([1, y[j]! + 1]);
        } else {
          options.push([-1, y[j]!]);
          if (y[j]! < ct.min) options.push([1, y[j]! + 1]);
        }
        out = out.flatMap((m) => options.map(([ch, n]) => ({ choice: [...m.choice, ch], next: [...m.next, n] })));
      });
      return out;
    };
    const done = (pos: number, y: readonly number[]): boolean => pos >= minItems && counts.every((ct, j) => y[j]! >= ct.min);
    const memo = new Map<string, Expr | undefined>();
    /** The items after the first `pos` (each after a separator) when the counts are `y`. */
    const after = (pos: number, y: readonly number[]): Expr | undefined => {
      const key = `${pos}:${y.join(",")}`;
      if (memo.has(key)) return memo.get(key);
      const alts: Expr[] = done(pos, y) ? [EMPTY] : [];
      let loop: Expr | undefined;
      // With maxItems, `last` is the end: no item follows.
      for (const m of pos === last && bounded ? [] : moves(pos, y)) {
        const item = slot(pos, m.choice);
        if (!item) continue;
        // Past the last told-apart position an item that changes no count loops.
        if (pos === last && m.next.every((n, j) => n === y[j])) loop = seqOf(sep, item);
        else {
          const next = after(Math.min(pos + 1, last), m.next);
          if (next) alts.push(seqOf(sep, item, next));
        }
      }
      let e: Expr | undefined;
      if (alts.length > 0) {
        const body = loop ? seqOf(repeat(loop, 0, Infinity), choiceOf(alts)) : choiceOf(alts);
        e = body === EMPTY ? EMPTY : ref(this.defineRule(`${base}_items`, body));
      }
      memo.set(key, e);
      return e;
    };
    const start = counts.map(() => 0);
    const starts: (readonly [Expr, Expr])[] = [];
    for (const m of maxItems >= 1 ? moves(0, start) : []) {
      const item = slot(0, m.choice);
      const next = item && after(Math.min(1, last), m.next);
      if (item && next) starts.push([item, next]);
    }
    return this.arrayOf(depth, starts, done(0, start));
  }

  private objectPart(c: Conj, depth: number, base: string): Expr | undefined {
    const required = new Set(this.norm.requiredNames(c));
    const emptyOk = required.size === 0 && c.minProperties === 0;
    if (this.text.tooDeep(depth)) return emptyOk ? this.text.empty("{}") : undefined;
    const members: { name: string; required: boolean; expr: Expr }[] = [];
    for (const name of this.norm.declaredNames(c)) {
      const list = this.norm.keySchemas(c, name);
      const value = list && this.valueList(list, depth + 1, name);
      if (!value) {
        if (required.has(name)) return undefined;
        continue;
      }
      members.push({ name, required: required.has(name), expr: seqOf(this.text.stringLiteral(name), this.text.colon(), value) });
    }
    const member = this.additionalMember(c, depth, base);
    // Referenced from every state of the member chain: one rule.
    const additional = member && ref(this.defineRule(`${base}_other`, member));
    const body = this.ctx.options.propertyOrder === "any" ? this.anyOrderMembers(c, members, additional, depth, base) : this.orderedMembers(c, members, additional, depth, base);
    const alts: Expr[] = [];
    if (body) alts.push(seqOf(this.text.open("{", depth), body, this.text.close("}", depth)));
    if (emptyOk) alts.push(this.text.empty("{}"));
    return alts.length === 0 ? undefined : choiceOf(alts);
  }

  /**
   * A member whose key is not a declared property, or undefined when the schema allows none
   * (see {@link additionalKeyGroups}).
   */
  private additionalMember(c: Conj, depth: number, base: string): Expr | undefined {
    const members: Expr[] = [];
    for (const group of additionalKeyGroups(c, this.norm, this.strings, this.ctx, base)) {
      const value = this.valueList(group.values, depth + 1, `${base}_additional`);
      if (value) members.push(seqOf(group.key, this.text.colon(), value));
    }
    return members.length === 0 ? undefined : choiceOf(members);
  }

  /**
   * Members in declared order, each optional one skippable, then additional members; `S(i, n)`
   * is "members from the i-th declared one, n members written so far" (n capped by the
   * property-count limits), so separators and min/maxProperties come out exact.
   */
  private orderedMembers(c: Conj, members: readonly { required: boolean; expr: Expr }[], additional: Expr | undefined, depth: number, base: string): Expr | undefined {
    const minP = Math.max(c.minProperties, 1);
    const maxP = c.maxProperties;
    const cap = maxP < Infinity ? maxP : minP;
    const sep = this.text.sep(depth);
    const memo = new Map<string, Expr | null>();
    const state = (i: number, n: number): Expr | undefined => {
      const key = `${i},${n}`;
      const known = memo.get(key);
      if (known !== undefined) return known ?? undefined;
      let e: Expr | undefined;
      if (i === members.length) e = this.additionalTail(additional, n, minP, maxP, sep);
      else {
        const m = members[i]!;
        const alts: Expr[] = [];
        if (n < maxP) {
          const next = state(i + 1, Math.min(n + 1, cap));
          if (next) alts.push(seqOf(n === 0 ? EMPTY : sep, m.expr, next));
        }
        if (!m.required) {
          const skip = state(i + 1, n);
          if (skip) alts.push(skip);
        }
        if (alts.length > 0) {
          const body = choiceOf(alts);
          // States reached from two places become rules; the last few stay inline.
          if (alts.length > 1 && members.length - i > 1) {
            const name = this.rules.reserve(`${base}_props`);
            this.rules.define(name, body);
            e = ref(name);
          } else e = body;
        }
      }
      memo.set(key, e ?? null);
      return e;
    };
    return state(0, 0);
  }

  /**
   * Additional members after the declared ones, given `n` members so far. Two additional keys
   * may be the same key (a parsed object keeps one), so toward minProperties the additional
   * members count as one at most: the grammar then accepts only objects that certainly have
   * enough distinct properties (a subset of what minProperties allows).
   */
  private additionalTail(additional: Expr | undefined, n: number, minP: number, maxP: number, sep: Expr): Expr | undefined {
    if (!additional) return n >= minP ? EMPTY : undefined;
    const lo = n >= minP ? 0 : n + 1 >= minP ? 1 : undefined;
    const hi = maxP - n;
    if (lo === undefined || lo > hi) return undefined;
    if (n === 0) return seqOf(additional, repeat(seqOf(sep, additional), 0, hi - 1));
    return repeat(seqOf(sep, additional), lo, hi);
  }

  /**
   * Members in any order. Declared members are tracked as a set of those written (each at most
   * once) when there are few; with many, only required ones are tracked, and with very many
   * they are kept in declared order. Untracked members may come anywhere and repeat, which is
   * harmless (every copy is valid and the parsed object keeps one) but is why they count as
   * one at most toward minProperties; every member counts toward maxProperties.
   */
  private anyOrderMembers(c: Conj, members: readonly { required: boolean; expr: Expr }[], additional: Expr | undefined, depth: number, base: string): Expr | undefined {
    const minP = Math.max(c.minProperties, 1);
    const maxP = c.maxProperties;
    const cap = maxP < Infinity ? maxP : 1;
    // States: subsets of tracked members × member counts × whether an untracked member was written
    // (which matters only for minProperties of 2 or more).
    const fits = (k: number): boolean => 2 ** k * (cap + 1) * (minP >= 2 ? 2 : 1) <= ANY_ORDER_STATES;
    const req = members.filter((m) => m.required);
    if (!fits(0)) {
      // maxProperties too large to count members state by state (a state per count would be a
      // rule per count, and a recursion as deep). Without required members, the members are
      // one list of alternatives, counted by a bounded repetition; with them, the declared order
      // (whose grammar counts with repetitions too) is kept, as for too many required members.
      if (req.length === 0) {
        const all = [...members.map((m) => m.expr), ...(additional ? [additional] : [])];
        // Untracked members count as one at most toward minProperties (see above).
        if (all.length === 0 || minP >= 2) return undefined;
        const any = choiceOf(all);
        return seqOf(any, repeat(seqOf(this.text.sep(depth), any), 0, maxP - 1));
      }
      this.ctx.warn({ code: "declared_order", pointer: c.pointer, keyword: "maxProperties", message: `${c.pointer}: maxProperties ${maxP} is too large to count members in any order (over ${ANY_ORDER_STATES} grammar states); members must come in declared order` });
      return this.orderedMembers(c, members, additional, depth, base);
    }
    // Tracking optional members too makes minProperties exact; worth it for small objects only.
    const tracked = members.length <= ANY_ORDER_ALL_MEMBERS && fits(members.length) ? members : req;
    const ordered = !fits(tracked.length);
    if (ordered && tracked.length > 1) {
      this.ctx.warn({ code: "declared_order", pointer: c.pointer, keyword: "required", message: `${c.pointer}: ${tracked.length} required properties are too many to accept in any order (over ${ANY_ORDER_STATES} grammar states); they must come in declared order` });
    }
    const untracked = [...members.filter((m) => !tracked.includes(m)).map((m) => m.expr), ...(additional ? [additional] : [])];
    const optionalExpr = untracked.length === 0 ? undefined : untracked.length === 1 ? untracked[0]! : ref(this.defineRule(`${base}_optional`, choiceOf(untracked)));
    let requiredMask = 0;
    tracked.forEach((m, i) => {
      if (m.required) requiredMask |= 1 << i;
    });
    const sep = this.text.sep(depth);
    const distinct = (seen: number): number => (ordered ? seen : bitCount(seen));
    const complete = (seen: number): boolean => (ordered ? seen === tracked.length : (seen & requiredMask) === requiredMask);
    // States refer to each other; one without alternatives would be a dead rule.
    this.recursive = true;
    const names = new Map<string, string>();
    const state = (seen: number, n: number, extra: number): Expr => {
      const key = `${seen},${n},${extra}`;
      let name = names.get(key);
      if (name === undefined) {
        name = this.rules.reserve(`${base}_any`);
        names.set(key, name);
        const alts: Expr[] = [];
        if (complete(seen) && n >= 1 && (minP <= 1 || distinct(seen) + extra >= minP)) alts.push(EMPTY);
        const lead = n > 0 ? sep : EMPTY;
        const next = maxP < Infinity ? n + 1 : 1;
        if (next <= cap) {
          tracked.forEach((m, i) => {
            if (ordered ? i === seen : (seen & (1 << i)) === 0) alts.push(seqOf(lead, m.expr, state(ordered ? seen + 1 : seen | (1 << i), next, extra)));
          });
          if (optionalExpr) alts.push(seqOf(lead, optionalExpr, state(seen, next, minP >= 2 ? 1 : 0)));
        }
        this.rules.define(name, alts.length === 0 ? ref(name) : choiceOf(alts));
      }
      return ref(name);
    };
    return state(0, 0, 0);
  }

  private defineRule(base: string, body: Expr): string {
    const name = this.rules.reserve(base);
    this.rules.define(name, body);
    return name;
  }
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/** Number of set bits in `set` (a subset of at most 31 members). */
function bitCount(set: number): number {
  let n = 0;
  for (let x = set; x !== 0; x &= x - 1) n++;
  return n;
}
