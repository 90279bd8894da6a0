import compiled from "./ebnf.generated.js";
import { EbnfLexer } from "./ebnf-lexer.js";
import type { Grammar } from "./ir.js";
import { assembleGrammar, runNearley, sourceText } from "./parse-common.js";

export interface ParseEbnfOptions {
  /** Name of the start rule; `root` as in XGrammar and llama.cpp. */
  readonly start?: string;
}

const TOKEN_NAMES: Readonly<Record<string, string>> = {
  ruleHead: "a rule definition (name ::=)",
  string: "a string",
  charClass: "a character class",
  ident: "a rule name",
  tokenMacro: "a special token",
  angleToken: "a special token",
  dot: "'.'",
  lparen: "'('",
  rparen: "')'",
  pipe: "'|'",
  star: "'*'",
  plus: "'+'",
  question: "'?'",
  range: "a repetition range",
};

/**
 * Parses the EBNF dialect that XGrammar, WebLLM's `response_format.grammar` and llama.cpp's
 * GBNF share: `name ::= ...`, strings and character classes with escapes, grouping, `|`,
 * `* + ?`, `{m}`, `{m,}`, `{m,n}`, `.`, `#` comments. Special tokens are written `<tool_call>`
 * or `Token("[TOOL_CALLS]")`.
 *
 * Bytes are accepted too and must be UTF-8. Throws {@link GrammarSyntaxError} (line, column and
 * a caret excerpt) for text that does not parse, and {@link GrammarError} for a grammar that
 * parses but cannot be used (undefined or duplicate rule, empty language).
 *
 * @example
 * const g = parseEbnf('root ::= "yes" | "no"');
 */
export function parseEbnf(source: string | Uint8Array, options: ParseEbnfOptions = {}): Grammar {
  const text = sourceText(source);
  const lexer = new EbnfLexer();
  return assembleGrammar(text, runNearley(compiled, lexer, text, TOKEN_NAMES), options.start ?? "root");
}
