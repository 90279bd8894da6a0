import { EMPTY, choice, literal, ref, repeat, seq, type Expr } from "@toolmask/grammar";
import { T_ARRAY, T_BOOLEAN, T_FRACTION, T_INTEGER, T_NULL, T_NUMBER, T_OBJECT, T_STRING, TOP, jsonEqual, typeOf, type Conj } from "./constraints.js";
import type { CompileContext } from "./context.js";
import { decimalOf, type Decimal } from "./decimal.js";
import { AutomatonLimit } from "./dfa.js";
import { SchemaBudgetError } from "./errors.js";
import { choiceOf, exprSize, seqOf } from "./expr-util.js";
import { formatLanguage } from "./formats.js";
import type { JsonText } from "./json-text.js";
import type { Normalizer } from "./normalize.js";
import { MAX_STEP_MANTISSA, isUnconstrained, numberExpr, type NumberConstraint } from "./number-grammar.js";
import { patternMatches } from "./pattern-test.js";
import { PatternError, constrainLength, patternLanguage, type Rx } from "./regex.js";
import type { RuleStore } from "./rule-store.js";
import type { SchemaNode } from "./schema-document.js";

/** Values whose expression has at most this many nodes are written in place instead of as a rule. */
const SMALL_VALUE = 6;

/** Nodes {@link constrainLength} may build for one string schema. */
const LENGTH_SPLIT_NODES = 2_000;

/** What a value at some place in the document may be, as a grammar: the core of the compiler. */
export class SchemaCompiler {
  /** Compiled values by schema list and depth; `busy` while compiling (recursion gets a rule). */
  private readonly memo = new Map<string, { busy: boolean; expr: Expr | null | undefined; name: string | undefined }>();

  private readonly notInMemo = new Map<string, Expr | null>();
  private recursive = false;

  constructor(
    private readonly ctx: CompileContext,
    private readonly norm: Normalizer,
    private readonly rules: RuleStore,
    private readonly text: JsonText,
  ) {}

  /** Compiles the document root into rule `root`; returns the start rule's name, or undefined if no value satisfies the schema. */
  compileRoot(root: SchemaNode): string | undefined {
    const name = this.rules.reserve("root");
    const body = this.valueList([root], 0, "root", name);
    if (!body) return undefined;
    if (!this.rules.has(name)) this.rules.define(name, body);
    return name;
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
    const exprs = alts.map((c) => this.conjExpr(c, depth, base)).filter((e): e is Expr => e !== undefined);
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

  private conjExpr(c: Conj, depth: number, base: string): Expr | undefined {
    this.ctx.spend(1, c.pointer);
    if (c.enumValues) {
      const values: unknown[] = [];
      for (const v of c.enumValues) if (!values.some((w) => jsonEqual(v, w)) && this.norm.checkConj(c, v)) values.push(v);
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
    if (c.types & T_NUMBER) add(this.numberPart(c, base));
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

  private numberPart(c: Conj, base: string): Expr | undefined {
    const types = c.types & T_NUMBER;
    const notEqual: Decimal[] = c.notValues.filter((v): v is number => typeof v === "number").map(decimalOf);
    let multipleOf = c.multipleOf;
    const tooBig = multipleOf.find((m) => Number(m.int + m.frac) > MAX_STEP_MANTISSA);
    if (tooBig) {
      this.ctx.unsupported(c.pointer, "multipleOf", `multipleOf ${tooBig.int}${tooBig.frac ? "." + tooBig.frac : ""} needs too many automaton states`);
      multipleOf = [];
    }
    const notMultipleOf = [...c.notMultipleOf.filter((m) => Number(m.int + m.frac) <= MAX_STEP_MANTISSA)];
    if (notMultipleOf.length < c.notMultipleOf.length) this.ctx.unsupported(c.pointer, "not", "excluding multiples of a step this fine needs too many automaton states");
    // Non-integers only: the value is not a multiple of 1.
    if (types === T_FRACTION) notMultipleOf.push({ negative: false, int: "1", frac: "" });
    const constraint: NumberConstraint = { integer: types === T_INTEGER, lower: c.lower, upper: c.upper, multipleOf, notMultipleOf, notEqual };
    if (isUnconstrained(constraint)) return constraint.integer ? this.text.integer() : this.text.number();
    try {
      return numberExpr(constraint, this.rules, `${base}_num`, this.ctx.options.budget.automatonStates);
    } catch (e) {
      if (e instanceof AutomatonLimit) throw new SchemaBudgetError(c.pointer, `automatonStates ${e.states}`, "the number constraints need too large an automaton");
      throw e;
    }
  }

  private stringPart(c: Conj, base: string): Expr | undefined {
    const min = c.minLength;
    const max = c.maxLength;
    const languages: { rx: Rx; pointer: string; keyword: string; test: (s: string) => boolean }[] = [];
    for (const p of c.patterns) {
      try {
        languages.push({ rx: patternLanguage(p.value), pointer: p.pointer, keyword: "pattern", test: (s) => patternMatches(p.value, s) });
      } catch (e) {
        if (!(e instanceof PatternError)) throw e;
        this.ctx.unsupported(p.pointer, "pattern", `the pattern ${JSON.stringify(p.value)} ${e.message}`);
      }
    }
    for (const f of c.formats) languages.push({ rx: formatLanguage(f.value), pointer: f.pointer, keyword: "format", test: () => true });
    for (const p of c.notPatterns) this.ctx.unsupported(p.pointer, "not", `a string must not match ${JSON.stringify(p.value)}, and pattern complements are not supported`);
    // Excluded strings matter only if the other constraints allow them.
    const notIn = c.notValues.filter((v): v is string => typeof v === "string" && this.norm.checkConj({ ...c, notValues: [] }, v));
    if (languages.length === 0) {
      return notIn.length === 0 ? this.text.stringOfLength(min, max) : this.stringNotIn(notIn, min, max);
    }
    if (languages.length > 1) {
      const [first, second] = languages;
      this.ctx.unsupported(second!.pointer, second!.keyword, `a string must match both ${first!.keyword} (at ${first!.pointer}) and this ${second!.keyword}, and intersections of patterns are not supported`);
    }
    if (notIn.length > 0) this.ctx.unsupported(c.pointer, "not", "excluding particular strings from a pattern is not supported");
    const lang = languages[0]!;
    let rx: Rx | undefined = lang.rx;
    if (min > 0 || max < Infinity) {
      rx = constrainLength(rx, min, max, { nodes: LENGTH_SPLIT_NODES });
      if (!rx) {
        this.ctx.unsupported(c.pointer, max < Infinity ? "maxLength" : "minLength", `the length limits cannot be combined with the ${lang.keyword} at ${lang.pointer} into a grammar of reasonable size`);
        rx = lang.rx;
      }
    }
    const body = this.rxExpr(rx);
    return body ? seqOf(literal('"'), body, literal('"')) : undefined;
  }

  private rxExpr(rx: Rx): Expr | undefined {
    switch (rx.t) {
      case "chars":
        return this.text.spell(rx.set);
      case "seq": {
        const items: Expr[] = [];
        for (const x of rx.items) {
          const e = this.rxExpr(x);
          if (!e) return undefined;
          items.push(e);
        }
        return seqOf(...items);
      }
      case "alt": {
        const items = rx.items.map((x) => this.rxExpr(x)).filter((e): e is Expr => e !== undefined);
        return items.length === 0 ? undefined : choiceOf(items);
      }
      case "rep": {
        const item = this.rxExpr(rx.item);
        if (!item) return rx.min === 0 ? EMPTY : undefined;
        return repeat(item, rx.min, rx.max);
      }
    }
  }

  /**
   * A string of `min` to `max` characters that is none of `names`: a trie of the names where
   * every node may end the string (unless it spells a name) or leave the trie with any other
   * character, after which anything goes. Characters on trie paths are spelled canonically, so
   * an escaped spelling of a name cannot slip through.
   */
  private stringNotIn(names: readonly string[], min: number, max: number): Expr | undefined {
    const key = `${min},${max}:${[...names].sort().join("\u0000")}`;
    const known = this.notInMemo.get(key);
    if (known !== undefined) return known ?? undefined;
    interface Node {
      end: boolean;
      children: Map<number, Node>;
    }
    const root: Node = { end: false, children: new Map() };
    for (const name of names) {
      let node = root;
      for (const ch of name) {
        const cp = ch.codePointAt(0)!;
        let next = node.children.get(cp);
        if (!next) node.children.set(cp, (next = { end: false, children: new Map() }));
        node = next;
      }
      node.end = true;
    }
    const quote = literal('"');
    // The rest of a string that already differs from every name, after k + 1 characters.
    const tails = new Map<number, Expr>();
    const tail = (k: number): Expr => {
      let t = tails.get(k);
      if (!t) tails.set(k, (t = this.text.stringTail(Math.max(0, min - k - 1), max - k - 1)));
      return t;
    };
    let visited = 0;
    const build = (node: Node, k: number): Expr | undefined => {
      visited++;
      const alts: Expr[] = [];
      if (!node.end && k >= min && k <= max) alts.push(quote);
      if (k < max) {
        const cps = node.children.size === 1 ? [node.children.keys().next().value!] : [...node.children.keys()].sort((a, b) => a - b);
        for (const cp of cps) {
          const spelled = this.text.spellChar(cp);
          const rest = spelled && build(node.children.get(cp)!, k + 1);
          if (spelled && rest) alts.push(seq(spelled, rest));
        }
        const other = this.text.spellAllBut(cps);
        if (other) alts.push(seq(other, tail(k)));
      }
      return alts.length === 0 ? undefined : alts.length === 1 ? alts[0]! : choice(...alts);
    };
    const body = build(root, 0);
    this.ctx.spend(visited, "#");
    const out = body ? seqOf(quote, body) : undefined;
    this.notInMemo.set(key, out ?? null);
    return out;
  }

  private arrayPart(c: Conj, depth: number, base: string): Expr | undefined {
    const emptyOk = c.minItems === 0;
    if (this.text.tooDeep(depth)) return emptyOk ? this.text.empty("[]") : undefined;
    for (const ct of c.contains) {
      if (!this.norm.isTrivial(ct.schema) || ct.min > 1 || ct.max < Infinity) this.ctx.unsupported(ct.pointer, "contains", "contains is not supported");
    }
    if (c.uniqueItems && c.maxItems > 1) this.ctx.unsupported(c.uniqueItems, "uniqueItems", "uniqueItems cannot be enforced by a context-free grammar");
    let maxItems = c.maxItems;
    // `contains` with a trivial schema just means "at least one item".
    let minItems = Math.max(c.minItems, c.contains.some((ct) => ct.min >= 1 && this.norm.isTrivial(ct.schema)) ? 1 : 0);
    const items: Expr[] = [];
    for (let i = 0; i < c.prefix.length && i < maxItems; i++) {
      const e = this.valueList(c.prefix[i]!, depth + 1, `${base}_item${i}`);
      if (!e) {
        maxItems = i;
        break;
      }
      items.push(e);
    }
    let rest: Expr | undefined;
    if (maxItems > c.prefix.length) {
      rest = this.valueList(c.rest, depth + 1, `${base}_item`);
      if (!rest) maxItems = c.prefix.length;
    }
    if (minItems > maxItems) return undefined;
    minItems = Math.max(0, minItems);
    const alts: Expr[] = [];
    if (maxItems >= 1) {
      const item = (i: number): Expr => (i < items.length ? items[i]! : rest!);
      const sep = this.text.sep(depth);
      const tail = (i: number): Expr => {
        if (i >= maxItems) return EMPTY;
        if (i < items.length) {
          const x = seqOf(sep, item(i), tail(i + 1));
          return i >= minItems ? repeat(x, 0, 1) : x;
        }
        return repeat(seqOf(sep, rest!), Math.max(0, minItems - i), maxItems - i);
      };
      alts.push(seqOf(this.text.open("[", depth), item(0), tail(1), this.text.close("]", depth)));
    }
    if (minItems === 0) alts.push(this.text.empty("[]"));
    return alts.length === 0 ? undefined : choiceOf(alts);
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
   * A member whose key is not a declared property, or undefined when the schema allows none.
   * Keys are any string except the declared names (so a declared property cannot reappear
   * with another value), narrowed by `propertyNames` and `patternProperties`.
   */
  private additionalMember(c: Conj, depth: number, base: string): Expr | undefined {
    const excluded = [...new Set([...this.norm.declaredNames(c), ...c.forbidden])];
    const parts = c.objectParts;
    const sources = [...new Set(parts.flatMap((p) => p.patterns.map((x) => x.source)))];
    const explicit = parts.map((p) => p.additional).filter((a): a is SchemaNode => a !== undefined);
    // Keys matching no pattern: every part must allow additional properties.
    const othersAllowed = !this.norm.refusesOtherKeys(c) && parts.every((p) => p.additional?.node !== false);
    const patternsMatter = parts.some((p) => p.patterns.length > 0 && (p.additional !== undefined || p.patterns.some((x) => !this.norm.isTrivial(x.schema))));
    if (sources.length === 0 || (othersAllowed && !patternsMatter)) {
      if (!othersAllowed) return undefined;
      const key = this.keyExcluding(c, excluded);
      const value = key && this.valueList(explicit, depth + 1, `${base}_additional`);
      return value ? seqOf(key, this.text.colon(), value) : undefined;
    }
    const pointer = parts.find((p) => p.patterns.length > 0)!.pointer;
    if (othersAllowed) {
      this.ctx.unsupported(pointer, "patternProperties", "patternProperties beside additional properties with a different schema needs the complement of a pattern, which is not supported");
      return undefined;
    }
    // Keys matching the pattern: parts without it must allow additional properties.
    if (parts.some((p) => p.patterns.length === 0 && p.additional?.node === false)) return undefined;
    if (sources.length > 1) {
      this.ctx.unsupported(pointer, "patternProperties", "several patternProperties patterns are not supported when other keys are refused");
      return undefined;
    }
    const source = sources[0]!;
    if (excluded.some((name) => patternMatches(source, name))) {
      this.ctx.unsupported(pointer, "patternProperties", `a declared property matches pattern ${JSON.stringify(source)}, and excluding it from the pattern is not supported`);
      return undefined;
    }
    if (c.propertyNames.length > 0) {
      this.ctx.unsupported(c.propertyNames[0]!.pointer, "propertyNames", "propertyNames together with patternProperties is not supported");
      return undefined;
    }
    let rx: Rx;
    try {
      rx = patternLanguage(source);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      this.ctx.unsupported(pointer, "patternProperties", `the pattern ${JSON.stringify(source)} ${e.message}`);
      return undefined;
    }
    const keyBody = this.rxExpr(rx);
    if (!keyBody) return undefined;
    const values = [...parts.flatMap((p) => p.patterns.map((x) => x.schema)), ...parts.filter((p) => p.patterns.length === 0 && p.additional).map((p) => p.additional!)];
    const value = this.valueList(values, depth + 1, `${base}_pattern`);
    return value ? seqOf(literal('"'), keyBody, literal('"'), this.text.colon(), value) : undefined;
  }

  /** Keys other than `excluded`, within `propertyNames`. */
  private keyExcluding(c: Conj, excluded: readonly string[]): Expr | undefined {
    if (c.propertyNames.length === 0) return excluded.length === 0 ? this.text.string() : this.stringNotIn(excluded, 0, Infinity);
    const alts = this.norm.flattenList(c.propertyNames).filter((x) => x.types & T_STRING);
    if (alts.length === 0) return undefined;
    const exprs: Expr[] = [];
    for (const alt of alts) {
      const names = { ...alt, types: T_STRING };
      if (alt.enumValues) {
        const keys = alt.enumValues.filter((v): v is string => typeof v === "string" && !excluded.includes(v) && this.norm.checkConj(names, v));
        exprs.push(...keys.map((k) => this.text.stringLiteral(k)));
        continue;
      }
      // Declared names that propertyNames refuses never need excluding.
      const clash = excluded.filter((n) => this.norm.checkConj(names, n));
      const e = this.stringPart({ ...names, notValues: [...names.notValues, ...clash] }, "key");
      if (e) exprs.push(e);
    }
    return exprs.length === 0 ? undefined : choiceOf(exprs);
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
      if (i === members.length) e = this.additionalTail(c, additional, n, minP, maxP, sep);
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

  private additionalTail(c: Conj, additional: Expr | undefined, n: number, minP: number, maxP: number, sep: Expr): Expr | undefined {
    if (!additional) return n >= minP ? EMPTY : undefined;
    let lo = Math.max(0, minP - n);
    const hi = maxP - n;
    if (lo > hi) return undefined;
    // Two additional members may repeat a key, and a parsed object keeps one of them:
    // counting members then overcounts properties.
    if (lo >= 2) {
      this.ctx.unsupported(c.pointer, "minProperties", `minProperties ${c.minProperties} would need distinct additional keys, which a grammar cannot ensure`);
      lo = 1;
    }
    if (n === 0) return seqOf(additional, repeat(seqOf(sep, additional), Math.max(0, lo - 1), hi - 1));
    return repeat(seqOf(sep, additional), lo, hi);
  }

  /**
   * Members in any order. The state is the set of required properties written so far (and a
   * capped member count), so required ones cannot be skipped; optional and additional members
   * may come anywhere, and a repeated key is harmless because every copy is valid.
   */
  private anyOrderMembers(c: Conj, members: readonly { required: boolean; expr: Expr }[], additional: Expr | undefined, depth: number, base: string): Expr | undefined {
    const req = members.filter((m) => m.required);
    const states = 2 ** req.length * 2;
    if (states > this.ctx.options.budget.automatonStates) {
      throw new SchemaBudgetError(c.pointer, `automatonStates ${this.ctx.options.budget.automatonStates}`, `any-order objects track every subset of ${req.length} required properties`);
    }
    if (c.minProperties >= 2) this.ctx.unsupported(c.pointer, "minProperties", "minProperties with any property order would need distinct keys, which a grammar cannot ensure");
    if (c.maxProperties < Infinity) this.ctx.unsupported(c.pointer, "maxProperties", "maxProperties is not supported with any property order");
    const optional = [...members.filter((m) => !m.required).map((m) => m.expr), ...(additional ? [additional] : [])];
    const optionalExpr = optional.length === 0 ? undefined : optional.length === 1 ? optional[0]! : ref(this.defineRule(`${base}_optional`, choiceOf(optional)));
    const sep = this.text.sep(depth);
    const all = 2 ** req.length - 1;
    // States refer to each other; one without alternatives would be a dead rule.
    this.recursive = true;
    const names = new Map<number, string>();
    // started = 1 once a member was written (separators come before every later member).
    const state = (seen: number, started: number): Expr => {
      const key = seen * 2 + started;
      let name = names.get(key);
      if (name === undefined) {
        name = this.rules.reserve(`${base}_any`);
        names.set(key, name);
        const alts: Expr[] = [];
        if (seen === all && started === 1) alts.push(EMPTY);
        const lead = started ? sep : EMPTY;
        req.forEach((m, i) => alts.push(seqOf(lead, m.expr, state(seen | (1 << i), 1))));
        if (optionalExpr) alts.push(seqOf(lead, optionalExpr, state(seen, 1)));
        this.rules.define(name, alts.length === 0 ? ref(name) : choiceOf(alts));
      }
      return ref(name);
    };
    return state(0, 0);
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
