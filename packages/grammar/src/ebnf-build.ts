// Postprocessors for the nearley EBNF grammar: they turn matched tokens into IR. nearley hands
// them untyped arrays, so each one states the shape it expects.
import type { LexToken as EbnfToken } from "./lexer-base.js";
import { charClass as makeClass, EMPTY, literal as makeLiteral, normalizeExpr, ref, repeat, token, type Expr } from "./ir.js";

export interface ParsedRule {
  readonly name: string;
  /** Normalized, as `normalizeExpr` would leave it. */
  readonly body: Expr;
  readonly head: EbnfToken;
}

type Data = unknown[];

/**
 * A list built back to front and shared between parse states: Earley keeps partial parses
 * alive side by side, so lists must not be mutated, and copying them would be quadratic.
 */
export type ConsList<T> = { readonly head: T; readonly tail: ConsList<T> } | null;

function toArray<T>(list: ConsList<T>): T[] {
  const out: T[] = [];
  for (let l = list; l; l = l.tail) out.push(l.head);
  return out.reverse();
}

export const first = (d: Data): unknown => d[0];

export const nil = (): ConsList<never> => null;

/** `list item` */
export const cons = (d: Data): ConsList<unknown> => ({ head: d[1], tail: d[0] as ConsList<unknown> });

/** `list separator item` */
export const consSkip = (d: Data): ConsList<unknown> => ({ head: d[2], tail: d[0] as ConsList<unknown> });

export const single = (d: Data): ConsList<unknown> => ({ head: d[0], tail: null });


/**
 * `rule -> ruleHead choice` is complete after every token of the rule (the parser cannot know
 * which token is the last), so nearley calls this once per token. It must be O(1): the body is
 * built from the cons lists when first read, after parsing, for the one parse that is kept.
 * Building it here made a rule of n items cost O(n²) (20,000 alternatives took 18 s).
 */
export function rule(d: Data): ParsedRule {
  const head = d[0] as EbnfToken;
  if (head.decoded?.kind !== "name") throw new Error("rule head token was not decoded");
  return new LazyRule(head.decoded.name, head, d[1] as ConsList<ConsList<Expr>>);
}

class LazyRule implements ParsedRule {
  private built: Expr | undefined;
  constructor(
    readonly name: string,
    readonly head: EbnfToken,
    private readonly alternatives: ConsList<ConsList<Expr>>,
  ) {}
  get body(): Expr {
    return (this.built ??= normalizeExpr(choiceOf(this.alternatives), this.name));
  }
}

/**
 * A choice of sequences, each a cons list of items. Nodes are made from the arrays directly:
 * spreading a list of 100,000 items into `choice(...)` or `seq(...)` overflows the call stack.
 */
function choiceOf(alternatives: ConsList<ConsList<Expr>>): Expr {
  const alts = toArray(alternatives);
  const items = alts.map((a) => sequenceOf(toArray(a)));
  return items.length === 1 ? items[0]! : { kind: "choice", items };
}

function sequenceOf(items: Expr[]): Expr {
  return items.length === 0 ? EMPTY : items.length === 1 ? items[0]! : { kind: "sequence", items };
}


export function quantified(d: Data): Expr {
  const item = d[0] as Expr;
  const q = d[1] as EbnfToken;
  switch (q.type) {
    case "star":
      return repeat(item, 0, Infinity);
    case "plus":
      return repeat(item, 1, Infinity);
    case "question":
      return repeat(item, 0, 1);
    default:
      if (q.decoded?.kind !== "range") throw new Error("range token was not decoded");
      return repeat(item, q.decoded.min, q.decoded.max);
  }
}

export function literal(d: Data): Expr {
  const t = d[0] as EbnfToken;
  return makeLiteral(t.decoded?.kind === "text" ? t.decoded.text : "");
}

export function charClass(d: Data): Expr {
  const t = d[0] as EbnfToken;
  if (t.decoded?.kind !== "class") throw new Error("class token was not decoded");
  return makeClass(t.decoded.ranges, t.decoded.negated);
}

export const ruleRef = (d: Data): Expr => ref((d[0] as EbnfToken).text);

export function specialToken(d: Data): Expr {
  const t = d[0] as EbnfToken;
  return token(t.decoded?.kind === "text" ? t.decoded.text : t.text);
}

export const group = (d: Data): Expr => choiceOf(d[1] as ConsList<ConsList<Expr>>);

export const empty = (): Expr => EMPTY;

/** GBNF's `.`: any one character. */
export const anyChar = (): Expr => makeClass([], true);

/** Lark's `[x]`: x or nothing. */
export const optionalGroup = (d: Data): Expr => repeat(choiceOf(d[1] as ConsList<ConsList<Expr>>), 0, 1);
