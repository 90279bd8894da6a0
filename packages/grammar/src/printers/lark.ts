import type { CharClass, Grammar } from "../ir.js";
import { ANGLE_TOKEN } from "./ebnf.js";
import { printRules, renameRules, startFirst, unsupported } from "./expr-printer.js";

export interface PrintLarkOptions {
  /** Token ids by text, for special tokens not shaped `<...>` (printed `<[id]>`). */
  readonly tokenIds?: ReadonlyMap<string, number>;
}

/**
 * Prints a grammar in the Lark-like syntax llguidance accepts (vLLM and SGLang pass it through
 * as `structured_outputs.grammar`). The start rule becomes `start`; rule names are lower-cased
 * with `_` separators, as Lark reserves upper case for terminals. Character classes print as
 * `/[...]/` regexes, repetition as `{m,n}`, special tokens as `<tool_call>` or `<[id]>`.
 */
export function printLark(g: Grammar, options: PrintLarkOptions = {}): string {
  const names = renameRules(g, larkName, "start");
  return printRules(
    g,
    {
      ruleName: (name) => names.get(name)!,
      literal: larkString,
      charClass: larkClass,
      token: (text) => {
        if (ANGLE_TOKEN.test(text)) return text;
        const id = options.tokenIds?.get(text);
        if (id === undefined) unsupported(`Lark can name special token ${JSON.stringify(text)} only by id: pass options.tokenIds`);
        return `<[${id}]>`;
      },
      rule: (name, body) => `${name}: ${body}`,
    },
    startFirst(g),
  );
}

function larkName(name: string): string {
  const spelled = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  return /^[a-z]/.test(spelled) ? spelled : `r_${spelled}`;
}

/** A Lark string literal; escapes follow Python's, which Lark uses. */
export function larkString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (cp === 10) out += "\\n";
    else if (cp === 13) out += "\\r";
    else if (cp === 9) out += "\\t";
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) out += cp < 0x100 ? `\\x${hexw(cp, 2)}` : `\\u${hexw(cp, 4)}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A class as a regex in Rust `regex` syntax (what llguidance uses): every special character of
 * a bracket expression is escaped, including `&`, `~` and `-`, which form set operations there.
 */
export function larkClass(c: CharClass): string {
  if (c.ranges.length === 0 && !c.negated) unsupported("Lark cannot express an empty character class");
  let body = "";
  for (const [lo, hi] of c.ranges) {
    body += regexChar(lo);
    if (hi > lo) body += (hi > lo + 1 ? "-" : "") + regexChar(hi);
  }
  if (c.ranges.length === 0) return "/[\\s\\S]/";
  return `/[${c.negated ? "^" : ""}${body}]/`;
}

function regexChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  if ("\\]^-[&~/".includes(c)) return `\\${c}`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || cp > 0xffff) return `\\x{${cp.toString(16).toUpperCase()}}`;
  return c;
}

function hexw(n: number, w: number): string {
  return n.toString(16).toUpperCase().padStart(w, "0");
}
