import type { Grammar } from "../ir.js";
import { bracketClass, printRules, quoteText } from "./expr-printer.js";

/** Special tokens shaped `<...>` print bare; others need the `Token("...")` form. */
export const ANGLE_TOKEN = /^<[^<>\s"]+>$/;

/**
 * Prints a grammar in the EBNF dialect XGrammar and WebLLM's `response_format.grammar` accept.
 * Rules keep their names and order, so `parseEbnf(printEbnf(g), { start: g.start })` gives
 * back `g` (normalized). XGrammar starts from `root`; name the start rule so, or pass the root
 * name to XGrammar. Special tokens print as `<tool_call>` or `Token("[TOOL_CALLS]")`, which
 * only toolmask reads: use the GBNF or Lark printer to send them to a server engine.
 */
export function printEbnf(g: Grammar): string {
  return printRules(
    g,
    {
      ruleName: (name) => name,
      literal: quoteText,
      charClass: bracketClass,
      token: (text) => (ANGLE_TOKEN.test(text) ? text : `Token(${quoteText(text)})`),
      rule: (name, body) => `${name} ::= ${body}`,
    },
    [...g.rules.keys()],
  );
}
