import { complementRanges, normalizeRanges, withoutSurrogates, type CodepointRange } from "./codepoint-set.js";
import { checkDepth } from "./depth.js";

/**
 * Grammar IR. Terminals are Unicode text and code point classes, matched as their UTF-8 bytes;
 * `token` is a special-token terminal: the model must emit that one vocabulary entry, and the
 * same characters spelled with ordinary tokens do not match it.
 */
export type Expr = Literal | CharClass | Sequence | Choice | Repeat | RuleRef | TokenTerminal;

/** Exact text, matched as its UTF-8 bytes. The empty string matches the empty input. */
export interface Literal {
  readonly kind: "literal";
  readonly text: string;
}

/**
 * One code point from a set. `ranges` are normalized (sorted, disjoint, not touching);
 * with `negated` the class matches every scalar value outside them.
 */
export interface CharClass {
  readonly kind: "class";
  readonly ranges: readonly CodepointRange[];
  readonly negated: boolean;
}

export interface Sequence {
  readonly kind: "sequence";
  readonly items: readonly Expr[];
}

/** Alternation; always has at least one item. */
export interface Choice {
  readonly kind: "choice";
  readonly items: readonly Expr[];
}

/**
 * `item` repeated between `min` and `max` times (`max` may be Infinity). Kept as one node with
 * a counter: engines must not unroll it, which is what makes `{0,10000}` cheap.
 */
export interface Repeat {
  readonly kind: "repeat";
  readonly item: Expr;
  readonly min: number;
  readonly max: number;
}

export interface RuleRef {
  readonly kind: "ref";
  readonly name: string;
}

/** A special token named by its text, e.g. Qwen3's `<tool_call>`. */
export interface TokenTerminal {
  readonly kind: "token";
  readonly text: string;
}

/** A set of named rules and the rule that derives the whole output. */
export interface Grammar {
  readonly start: string;
  /** Insertion order is kept by printers. */
  readonly rules: ReadonlyMap<string, Expr>;
}

export const EMPTY: Literal = Object.freeze({ kind: "literal", text: "" });

export function literal(text: string): Literal {
  return { kind: "literal", text };
}

/** A class from ranges in any order; `negated` matches everything outside them. */
export function charClass(ranges: Iterable<CodepointRange>, negated = false): CharClass {
  return { kind: "class", ranges: normalizeRanges(ranges), negated };
}

/** A class of the listed characters. */
export function charSet(chars: string, negated = false): CharClass {
  return charClass(
    Array.from(chars, (c) => {
      const cp = c.codePointAt(0)!;
      return [cp, cp] as const;
    }),
    negated,
  );
}

export function seq(...items: Expr[]): Expr {
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0]!;
  return { kind: "sequence", items };
}

export function choice(...items: Expr[]): Expr {
  if (items.length === 0) throw new RangeError("choice needs at least one alternative");
  if (items.length === 1) return items[0]!;
  return { kind: "choice", items };
}

export function repeat(item: Expr, min: number, max = min): Repeat {
  return { kind: "repeat", item, min, max };
}

export const optional = (item: Expr): Repeat => repeat(item, 0, 1);
export const star = (item: Expr): Repeat => repeat(item, 0, Infinity);
export const plus = (item: Expr): Repeat => repeat(item, 1, Infinity);

export function ref(name: string): RuleRef {
  return { kind: "ref", name };
}

export function token(text: string): TokenTerminal {
  return { kind: "token", text };
}

/** Builds a grammar from rules given in order; the first rule is the start unless `start` says otherwise. */
export function grammar(rules: Iterable<readonly [string, Expr]>, start?: string): Grammar {
  const map = new Map<string, Expr>();
  for (const [name, body] of rules) map.set(name, body);
  const first = map.keys().next();
  return { start: start ?? (first.done ? "root" : first.value), rules: map };
}

/** The scalar values a class matches, as normalized ranges without surrogates. */
export function classCodepoints(c: CharClass): CodepointRange[] {
  return withoutSurrogates(c.negated ? complementRanges(c.ranges) : c.ranges);
}

/**
 * Flattens nested sequences and choices and unwraps one-item ones, the shape the EBNF parser
 * produces. Two grammars that print identically normalize to equal values. `rule` names the rule
 * `e` is the body of, for errors: IR nested more than MAX_EXPR_DEPTH levels is a
 * `GrammarError("expression_too_deep")`, as `validateGrammar` gives, not a stack overflow.
 */
export function normalizeExpr(e: Expr, rule?: string): Expr {
  return normalizeAt(e, rule, 0);
}

function normalizeAt(e: Expr, rule: string | undefined, depth: number): Expr {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "sequence":
    case "choice": {
      // Loops, not spreads: a rule of a few hundred thousand items must not overflow the stack.
      const items: Expr[] = [];
      for (const item of e.items) {
        const n = normalizeAt(item, rule, depth + 1);
        if (n.kind === e.kind) for (const x of n.items) items.push(x);
        else items.push(n);
      }
      if (items.length === 1) return items[0]!;
      if (items.length === 0) return e.kind === "sequence" ? EMPTY : choice();
      return { kind: e.kind, items };
    }
    case "repeat":
      return repeat(normalizeAt(e.item, rule, depth + 1), e.min, e.max);
    case "class":
      return charClass(e.ranges, e.negated);
    default:
      return e;
  }
}

/** {@link normalizeExpr} on every rule; IR nested past MAX_EXPR_DEPTH is `expression_too_deep` naming the rule. */
export function normalizeGrammar(g: Grammar): Grammar {
  const rules = new Map<string, Expr>();
  for (const [name, body] of g.rules) rules.set(name, normalizeExpr(body, name));
  return { start: g.start, rules };
}

/** Structural equality. Iterative, so any depth of nesting compares (no stack overflow). */
export function exprEquals(a: Expr, b: Expr): boolean {
  const stack: Expr[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case "literal":
      case "token":
        if (x.text !== (y as Literal | TokenTerminal).text) return false;
        break;
      case "ref":
        if (x.name !== (y as RuleRef).name) return false;
        break;
      case "class": {
        const c = y as CharClass;
        if (x.negated !== c.negated || x.ranges.length !== c.ranges.length || !x.ranges.every((r, i) => r[0] === c.ranges[i]![0] && r[1] === c.ranges[i]![1])) return false;
        break;
      }
      case "repeat": {
        const r = y as Repeat;
        if (x.min !== r.min || x.max !== r.max) return false;
        stack.push(x.item, r.item);
        break;
      }
      case "sequence":
      case "choice": {
        const o = y as Sequence | Choice;
        if (x.items.length !== o.items.length) return false;
        for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!, o.items[i]!);
        break;
      }
    }
  }
  return true;
}

/** Same start rule and the same rules in the same order. */
export function grammarEquals(a: Grammar, b: Grammar): boolean {
  if (a.start !== b.start || a.rules.size !== b.rules.size) return false;
  const bEntries = [...b.rules];
  let i = 0;
  for (const [name, body] of a.rules) {
    const other = bEntries[i++]!;
    if (other[0] !== name || !exprEquals(body, other[1])) return false;
  }
  return true;
}

/**
 * A string equal for equal terminals and references (literal, special token, class, rule
 * reference), and different between kinds. A sequence, choice or repeat has none (a TypeError):
 * comparing those by content would cost time in their size.
 */
export function leafKey(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return `L${e.text}`;
    case "token":
      return `T${e.text}`;
    case "ref":
      return `R${e.name}`;
    case "class":
      return `C${e.negated ? "^" : ""}${e.ranges.map((r) => `${r[0]}-${r[1]}`).join(",")}`;
    default:
      throw new TypeError(`${e.kind} is not a terminal`);
  }
}

/** Calls `visit` on `e` and every expression inside it, parents first, in order. Iterative, so any depth of nesting is walked. */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    visit(x);
    if (x.kind === "sequence" || x.kind === "choice") for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
    else if (x.kind === "repeat") stack.push(x.item);
  }
}

/** Calls `visit` with the name of every rule reference in `e`, in order (no recursion, no allocation per node). */
export function forEachRef(e: Expr, visit: (name: string) => void): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "ref") visit(x.name);
    else if (x.kind === "sequence" || x.kind === "choice") for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
    else if (x.kind === "repeat") stack.push(x.item);
  }
}

/**
 * A canonical string for a grammar's content, for cache keys: equal grammars give equal keys.
 * IR nested past MAX_EXPR_DEPTH is `GrammarError("expression_too_deep")` naming the rule.
 */
export function grammarKey(g: Grammar): string {
  const parts: string[] = [JSON.stringify(g.start)];
  for (const [name, body] of g.rules) parts.push(`${JSON.stringify(name)}=${exprKey(body, name, 0)}`);
  return parts.join(";");
}

function exprKey(e: Expr, rule: string, depth: number): string {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "literal":
      return `L${JSON.stringify(e.text)}`;
    case "token":
      return `T${JSON.stringify(e.text)}`;
    case "ref":
      return `R${JSON.stringify(e.name)}`;
    case "class":
      return `C${e.negated ? "^" : ""}${e.ranges.map((r) => `${r[0]}-${r[1]}`).join(",")}`;
    case "repeat":
      return `(${exprKey(e.item, rule, depth + 1)}){${e.min},${e.max === Infinity ? "" : e.max}}`;
    case "sequence":
      return `S(${e.items.map((x) => exprKey(x, rule, depth + 1)).join(" ")})`;
    case "choice":
      return `A(${e.items.map((x) => exprKey(x, rule, depth + 1)).join("|")})`;
  }
}
