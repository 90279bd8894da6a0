import type { Grammar } from "./ir.js";
import compiled from "./lark.generated.js";
import { LarkLexer } from "./lark-lexer.js";
import { assembleGrammar, runNearley, sourceText } from "./parse-common.js";

export interface ParseLarkOptions {
  /** Start rule; `start` as in Lark. */
  readonly start?: string;
  /** Text of special tokens written by id (`<[151657]>`). */
  readonly tokenTexts?: ReadonlyMap<number, string>;
}

const TOKEN_NAMES: Readonly<Record<string, string>> = {
  ruleHead: "a rule definition (name:)",
  string: "a string",
  regex: "a regex",
  ident: "a rule name",
  angleToken: "a special token",
  angleIdToken: "a special token",
  lparen: "'('",
  rparen: "')'",
  lbracket: "'['",
  rbracket: "']'",
  pipe: "'|'",
  star: "'*'",
  plus: "'+'",
  question: "'?'",
  range: "a repetition range",
};

/**
 * Parses the Lark subset that {@link printLark} writes and llguidance reads: rules
 * `name: ...` (terminals in upper case are treated as rules), strings, single-class regexes
 * (`/[a-z]/`, `/./`), `[x]`, `? * +`, `{m,n}`, special tokens `<tool_call>` and `<[id]>`,
 * `//` and `#` comments, `-> alias` (ignored: it names tree nodes, not language). Directives
 * such as `%ignore` change lexing and are refused with a {@link GrammarSyntaxError}.
 */
export function parseLark(source: string | Uint8Array, options: ParseLarkOptions = {}): Grammar {
  const text = sourceText(source);
  const lexer = new LarkLexer(options.tokenTexts);
  return assembleGrammar(text, runNearley(compiled, lexer, text, TOKEN_NAMES), options.start ?? "start");
}
