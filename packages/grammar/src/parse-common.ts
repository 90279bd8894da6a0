import nearley from "nearley";
import type { ParsedRule } from "./ebnf-build.js";
import { GrammarError, GrammarSyntaxError, positionOf } from "./errors.js";
import type { Expr, Grammar } from "./ir.js";
import type { DecodingLexer, LexToken } from "./lexer-base.js";
import { utf8Decode } from "./utf8.js";
import { MAX_EXPR_DEPTH } from "./depth.js";
import { validateGrammar } from "./validate.js";

/** Source text from a string or UTF-8 bytes; invalid UTF-8 is a syntax error at that byte. */
export function sourceText(source: string | Uint8Array): string {
  if (typeof source === "string") return source;
  const decoded = utf8Decode(source);
  if ("text" in decoded) return decoded.text;
  const before = utf8Decode(source.subarray(0, decoded.invalidAt));
  const prefix = "text" in before ? before.text : "";
  const byte = source[decoded.invalidAt]!.toString(16).padStart(2, "0");
  const shown = prefix + "\uFFFD";
  throw new GrammarSyntaxError(`invalid UTF-8 byte 0x${byte}`, shown, positionOf(shown, prefix.length));
}

/** The parse table nearley keeps but does not declare: one column per token. */
type ParserInternals = nearley.Parser & {
  table: ({ states: { rule: { symbols: unknown[] }; dot: number }[] } | undefined)[];
};

/** Feeds nearley a token list that was lexed beforehand. */
class ReplayLexer {
  private i = 0;
  constructor(
    private readonly tokens: readonly LexToken[],
    private readonly owner: DecodingLexer,
  ) {}
  reset(): void {
    this.i = 0;
  }
  next(): LexToken | undefined {
    return this.tokens[this.i++];
  }
  save(): undefined {
    return undefined;
  }
  has(type: string): boolean {
    return this.owner.has(type);
  }
  formatError(token: LexToken, message = "syntax error"): string {
    return `${message} at line ${token.line}, column ${token.col}`;
  }
}

/**
 * Lexes `text`, then parses it one rule at a time with a nearleyc grammar whose start symbol
 * is a single rule. Rule heads (`name ::=`, `name:`) are tokens of their own, so splitting at
 * them is exact; parsing per rule keeps nearley's memory bounded, which keeps large grammars
 * linear. Each parse is unambiguous, so it has exactly one result.
 */
export function runNearley(compiled: unknown, lexer: DecodingLexer, text: string, tokenNames: Readonly<Record<string, string>>): { rules: ParsedRule[]; tokens: LexToken[] } {
  const tokens = lexer.tokenize(text);
  const grammar = nearley.Grammar.fromCompiled(compiled as nearley.CompiledRules);
  const rules: ParsedRule[] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = start + 1;
    let depth = 0;
    for (; end < tokens.length && tokens[end]!.type !== "ruleHead"; end++) {
      const type = tokens[end]!.type;
      if (type === "lparen" || type === "lbracket") {
        if (++depth > MAX_EXPR_DEPTH) tooDeep(text, tokens[start]!, tokens[end]!);
      } else if (type === "rparen" || type === "rbracket") {
        depth--;
      }
    }
    const slice = tokens.slice(start, end);
    grammar.lexer = new ReplayLexer(slice, lexer) as unknown as nearley.Lexer;
    const parser = new nearley.Parser(grammar) as ParserInternals;
    try {
      parser.feed("");
    } catch (err) {
      const tok = (err as { token?: LexToken }).token;
      if (!tok) throw err;
      const expected = expectedTokens(parser, parser.table.length - 2, tokenNames);
      throw new GrammarSyntaxError(`unexpected ${describe(tok, tokenNames)}${expected}`, text, positionOf(text, tok.offset));
    }
    const results = parser.results as ParsedRule[];
    if (results.length === 0) {
      const expected = expectedTokens(parser, parser.table.length - 1, tokenNames);
      const next = tokens[end];
      const what = next ? `unexpected ${describe(next, tokenNames)}` : "unexpected end of grammar";
      throw new GrammarSyntaxError(`${what}${expected}`, text, positionOf(text, next ? next.offset : text.length));
    }
    rules.push(results[0]!);
    start = end;
  }
  return { rules, tokens };
}

/**
 * Groups nested past MAX_EXPR_DEPTH are refused before parsing, as validateGrammar refuses such
 * IR: every walk over the IR recurses into groups, so deeper ones would overflow the stack.
 */
function tooDeep(text: string, head: LexToken, open: LexToken): never {
  const rule = head.decoded?.kind === "name" ? head.decoded.name : head.text;
  throw new GrammarError(
    "expression_too_deep",
    `rule "${rule}": groups nest more than ${MAX_EXPR_DEPTH} levels deep at line ${open.line}, column ${open.col}; split the rule into rules`,
    rule,
    positionOf(text, open.offset),
    text,
  );
}

function describe(tok: LexToken, names: Readonly<Record<string, string>>): string {
  const name = names[tok.type ?? ""] ?? tok.type ?? "token";
  return tok.type === "ruleHead" || tok.type === "ident" || tok.type === "string" ? `${name} ${JSON.stringify(tok.text.trim())}` : name;
}

/** The terminals the parser could have taken in a column, as "; expected a, b or c". */
function expectedTokens(parser: ParserInternals, column: number, names: Readonly<Record<string, string>>): string {
  const col = parser.table[column];
  if (!col) return "";
  const found = new Set<string>();
  for (const state of col.states) {
    const sym = state.rule.symbols[state.dot] as { type?: string } | string | undefined;
    if (sym && typeof sym === "object" && sym.type) found.add(names[sym.type] ?? sym.type);
  }
  if (found.size === 0) return "";
  const list = [...found];
  return `; expected ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`}`;
}

/**
 * Assembles parsed rules into a checked grammar: duplicate and undefined rules are reported at
 * their source position, then the grammar is validated.
 */
export function assembleGrammar(text: string, { rules: parsed, tokens }: { rules: readonly ParsedRule[]; tokens: readonly LexToken[] }, start: string): Grammar {
  const rules = new Map<string, Expr>();
  for (const r of parsed) {
    if (rules.has(r.name)) {
      throw new GrammarError("duplicate_rule", `rule "${r.name}" is defined twice (again at line ${r.head.line}, column ${r.head.col})`, r.name, positionOf(text, r.head.offset), text);
    }
    // Already normalized by the builder, once per rule kept.
    rules.set(r.name, r.body);
  }
  if (rules.size === 0) throw new GrammarSyntaxError("the grammar defines no rules", text, positionOf(text, text.length));
  for (const tok of tokens) {
    if (tok.type === "ident" && !rules.has(tok.text)) {
      throw new GrammarError("undefined_rule", `rule "${tok.text}" is used at line ${tok.line}, column ${tok.col} but never defined`, tok.text, positionOf(text, tok.offset), text);
    }
  }
  if (!rules.has(start)) throw new GrammarError("missing_start_rule", `the grammar has no "${start}" rule to start from`, start);
  const grammar: Grammar = { start, rules };
  validateGrammar(grammar);
  return grammar;
}
