import type { Grammar } from "../ir.js";
import { ANGLE_TOKEN } from "./ebnf.js";
import { bracketClass, printRules, quoteText, renameRules, startFirst, unsupported } from "./expr-printer.js";

export interface PrintGbnfOptions {
  /**
   * Token ids by text, for special tokens GBNF cannot name by text (`<[id]>` syntax). Tokens
   * shaped `<...>` print by name and do not need it.
   */
  readonly tokenIds?: ReadonlyMap<string, number>;
}

/**
 * Prints a grammar as llama.cpp GBNF. The start rule becomes `root`; other names keep letters,
 * digits, `-` and `_` (dots become `-`). Special tokens use llama.cpp's `<token>` and `<[id]>`
 * syntax. Throws `GrammarError` (`unsupported_syntax`) for a token it cannot spell.
 */
export function printGbnf(g: Grammar, options: PrintGbnfOptions = {}): string {
  const names = renameRules(g, (n) => n.replace(/[^A-Za-z0-9_-]/g, "-"), "root");
  return printRules(
    g,
    {
      ruleName: (name) => names.get(name)!,
      literal: quoteText,
      charClass: bracketClass,
      token: (text) => {
        if (ANGLE_TOKEN.test(text)) return text;
        const id = options.tokenIds?.get(text);
        if (id === undefined) unsupported(`GBNF can name special token ${JSON.stringify(text)} only by id: pass options.tokenIds`);
        return `<[${id}]>`;
      },
      rule: (name, body) => `${name} ::= ${body}`,
    },
    startFirst(g),
  );
}
