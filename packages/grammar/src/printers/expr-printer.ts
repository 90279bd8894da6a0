import { GrammarError } from "../errors.js";
import { checkNode } from "../validate.js";
import type { CodepointRange } from "../codepoint-set.js";
import type { CharClass, Expr, Grammar } from "../ir.js";

/** What differs between the grammar syntaxes we print. */
export interface Dialect {
  /** Name of the rule in the output, given the IR name (already made unique by the caller). */
  readonly ruleName: (name: string) => string;
  readonly literal: (text: string) => string;
  readonly charClass: (c: CharClass) => string;
  readonly token: (text: string) => string;
  /** Text of a rule definition line. */
  readonly rule: (name: string, body: string) => string;
}

// Binding strength: a choice binds loosest, then a sequence, then a quantified atom.
const enum Prec {
  Choice = 0,
  Sequence = 1,
  Atom = 2,
}

export function printRules(g: Grammar, dialect: Dialect, order: readonly string[]): string {
  const lines: string[] = [];
  for (const name of order) {
    lines.push(dialect.rule(dialect.ruleName(name), printExpr(g, g.rules.get(name)!, dialect, Prec.Choice, name, 0)));
  }
  return lines.join("\n") + "\n";
}

/**
 * `e` at nesting `depth` in rule `rule` of `g`. Each node is checked as validateGrammar checks it,
 * with the same GrammarError: past MAX_EXPR_DEPTH (not a stack overflow), a lone surrogate in a
 * literal (text that has no UTF-8 form, which no engine reads back), an undefined rule, …
 */
function printExpr(g: Grammar, e: Expr, d: Dialect, ctx: Prec, rule: string, depth: number): string {
  checkNode(rule, e, g.rules, depth);
  switch (e.kind) {
    case "literal":
      return d.literal(e.text);
    case "class":
      return d.charClass(e);
    case "ref":
      return d.ruleName(e.name);
    case "token":
      return d.token(e.text);
    case "sequence": {
      if (e.items.length === 0) return d.literal("");
      const body = e.items.map((x) => printExpr(g, x, d, Prec.Sequence + 1, rule, depth + 1)).join(" ");
      return ctx > Prec.Sequence ? `(${body})` : body;
    }
    case "choice": {
      const body = e.items.map((x) => printExpr(g, x, d, Prec.Sequence, rule, depth + 1)).join(" | ");
      return ctx > Prec.Choice ? `(${body})` : body;
    }
    case "repeat": {
      // A quantifier applies to an atom; a quantified item is wrapped so `(x*)*` stays nested.
      let item = printExpr(g, e.item, d, Prec.Atom, rule, depth + 1);
      if (e.item.kind === "repeat") item = `(${item})`;
      return item + quantifier(e.min, e.max);
    }
  }
}

function quantifier(min: number, max: number): string {
  if (min === 0 && max === 1) return "?";
  if (min === 0 && max === Infinity) return "*";
  if (min === 1 && max === Infinity) return "+";
  if (max === Infinity) return `{${min},}`;
  if (min === max) return `{${min}}`;
  return `{${min},${max}}`;
}

/**
 * Escapes a code point for a quoted string or class: `\n \r \t \\` and the given specials
 * keep their short form, other invisible characters become `\xHH` / `\uHHHH` / `\UHHHHHHHH`.
 */
export function escapeCodepoint(cp: number, specials: string): string {
  const c = String.fromCodePoint(cp);
  if (c === "\\") return "\\\\";
  if (specials.includes(c)) return `\\${c}`;
  if (cp === 10) return "\\n";
  if (cp === 13) return "\\r";
  if (cp === 9) return "\\t";
  if (isInvisible(cp)) {
    if (cp < 0x100) return `\\x${hex(cp, 2)}`;
    if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
    return `\\U${hex(cp, 8)}`;
  }
  return c;
}

function isInvisible(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad || (cp >= 0x2000 && cp <= 0x200f) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || (cp >= 0xfff0 && cp <= 0xffff);
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

export function quoteText(text: string): string {
  let out = '"';
  for (const ch of text) out += escapeCodepoint(ch.codePointAt(0)!, '"');
  return out + '"';
}

/** Class body in EBNF/GBNF syntax: `[^a-z\]]`. */
export function bracketClass(c: CharClass): string {
  return `[${c.negated ? "^" : ""}${classItems(c.ranges, "]^-[")}]`;
}

export function classItems(ranges: readonly CodepointRange[], specials: string): string {
  let out = "";
  for (const [lo, hi] of ranges) {
    out += escapeCodepoint(lo, specials);
    if (hi > lo) out += (hi > lo + 1 ? "-" : "") + escapeCodepoint(hi, specials);
  }
  return out;
}

/** Assigns each IR rule a name the target syntax accepts, keeping names unique. */
export function renameRules(g: Grammar, spell: (name: string) => string, startName?: string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  if (startName !== undefined) {
    out.set(g.start, startName);
    used.add(startName);
  }
  for (const name of g.rules.keys()) {
    if (out.has(name)) continue;
    const base = spell(name);
    let candidate = base;
    for (let i = 2; used.has(candidate); i++) candidate = `${base}${spell("_")}${i}`;
    out.set(name, candidate);
    used.add(candidate);
  }
  return out;
}

/** Rule order for printing: the start rule first, then the rest as defined. */
export function startFirst(g: Grammar): string[] {
  return [g.start, ...[...g.rules.keys()].filter((n) => n !== g.start)];
}

export function unsupported(message: string, rule?: string): never {
  throw new GrammarError("unsupported_syntax", message, rule);
}
