import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { arbGrammar, WIDE_ALPHABET } from "../../../../test/support/random-grammar.js";
import { GrammarError } from "../errors.js";
import { charClass, exprEquals, grammar, grammarEquals, literal, normalizeGrammar, ref, repeat, seq, token, type Expr, type Grammar } from "../ir.js";
import { parseEbnf } from "../parse-ebnf.js";
import { parseLark } from "../parse-lark.js";
import { renameRefs } from "../builder.js";
import { MAX_EXPR_DEPTH } from "../depth.js";
import { validateGrammar } from "../validate.js";
import { printEbnf } from "./ebnf.js";
import { printGbnf } from "./gbnf.js";
import { printLark } from "./lark.js";

const TOKEN_IDS = new Map(WIDE_ALPHABET.tokens.map((t, i) => [t, 1000 + i]));
const TOKEN_TEXTS = new Map([...TOKEN_IDS].map(([t, id]) => [id, t]));

function usable(g: Grammar): boolean {
  try {
    validateGrammar(g);
    return true;
  } catch {
    return false;
  }
}

/** True if `printed` is `original` with rules renamed, in the order the printers write them (start first). */
function sameUpToRenaming(original: Grammar, printed: Grammar): boolean {
  const order = [original.start, ...[...original.rules.keys()].filter((n) => n !== original.start)];
  const names = [...printed.rules.keys()];
  if (names.length !== order.length || names[0] !== printed.start) return false;
  const map = new Map(order.map((n, i) => [n, names[i]!]));
  return order.every((n, i) => exprEquals(renameRefs(original.rules.get(n)!, map), printed.rules.get(names[i]!)!));
}

const arbUsable = arbGrammar(WIDE_ALPHABET).map(normalizeGrammar).filter(usable);

describe("printers: print → parse gives the same grammar", () => {
  it("EBNF keeps names and order, so the round trip is the identity", () => {
    fc.assert(
      fc.property(arbUsable, (g) => {
        const back = parseEbnf(printEbnf(g), { start: g.start });
        expect(grammarEquals(back, g)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("GBNF renames the start rule to root and otherwise keeps the grammar", () => {
    fc.assert(
      fc.property(arbUsable, (g) => {
        const back = parseEbnf(printGbnf(g, { tokenIds: TOKEN_IDS }).replace(/<\[(\d+)\]>/g, (_, id: string) => `Token(${JSON.stringify(TOKEN_TEXTS.get(Number(id)))})`));
        expect(sameUpToRenaming(g, back)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("Lark (llguidance) renames rules to lower case and otherwise keeps the grammar", () => {
    const expressible = (g: Grammar): boolean => ![...g.rules.values()].some((e) => JSON.stringify(e).includes('"ranges":[],"negated":false'));
    fc.assert(
      fc.property(arbUsable.filter(expressible), (g) => {
        const back = parseLark(printLark(g, { tokenIds: TOKEN_IDS }), { tokenTexts: TOKEN_TEXTS });
        expect(sameUpToRenaming(g, back)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe("printers: output each engine reads", () => {
  const g = grammar([
    ["root", seq(token("<tool_call>"), ref("call_body"), token("</tool_call>"))],
    ["call_body", seq(literal('{"n": '), repeat(charClass([[0x30, 0x39]]), 1, 3), literal("}\n"))],
  ]);

  it("EBNF prints XGrammar syntax", () => {
    expect(printEbnf(g)).toBe('root ::= <tool_call> call_body </tool_call>\ncall_body ::= "{\\"n\\": " [0-9]{1,3} "}\\n"\n');
  });

  it("GBNF uses llama.cpp token syntax and names", () => {
    expect(printGbnf(g)).toBe('root ::= <tool_call> call_body </tool_call>\ncall_body ::= "{\\"n\\": " [0-9]{1,3} "}\\n"\n');
  });

  it("Lark uses start, lower-case rules and regex classes", () => {
    expect(printLark(g)).toBe('start: <tool_call> call_body </tool_call>\ncall_body: "{\\"n\\": " /[0-9]/{1,3} "}\\n"\n');
  });

  it("a token that GBNF or Lark cannot name without an id is a typed error", () => {
    const mistral = grammar([["root", token("[TOOL_CALLS]")]]);
    expect(() => printGbnf(mistral)).toThrow(GrammarError);
    expect(printGbnf(mistral, { tokenIds: new Map([["[TOOL_CALLS]", 5]]) })).toBe("root ::= <[5]>\n");
    expect(printLark(mistral, { tokenIds: new Map([["[TOOL_CALLS]", 5]]) })).toBe("start: <[5]>\n");
  });

  it("IR nested past MAX_EXPR_DEPTH is a typed error in every printer, not a stack overflow", () => {
    const nested = (levels: number) => {
      let e: Expr = literal("a");
      for (let i = 0; i < levels; i++) e = repeat(seq(literal("x"), e), 0, 1);
      return grammar([["root", e]]);
    };
    for (const print of [printEbnf, printGbnf, printLark]) {
      expect(print(nested(MAX_EXPR_DEPTH / 2)).length).toBeGreaterThan(MAX_EXPR_DEPTH);
      expect(() => print(nested(50_000))).toThrow(expect.objectContaining({ code: "expression_too_deep", rule: "root" }));
    }
  });

  it("IR that validateGrammar refuses is the same typed error in every printer, never text no engine reads back", () => {
    const cases: [Grammar, string][] = [
      // A lone surrogate has no UTF-8 form: printed, it would come out as U+FFFD in a file or request.
      [grammar([["root", seq(literal("a"), ref("r"))], ["r", literal("b\ud800")]]), "invalid_codepoint"],
      [grammar([["root", token("<x\udc00>")]]), "invalid_codepoint"],
      [grammar([["root", ref("missing")]]), "undefined_rule"],
    ];
    for (const [g, code] of cases) {
      expect(() => validateGrammar(g)).toThrow(expect.objectContaining({ code }));
      for (const print of [printEbnf, printGbnf, printLark]) expect(() => print(g)).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe("parseLark", () => {
  it("reads optional brackets, regex classes, aliases and comments", () => {
    const g = parseLark('// comment\nstart: "a" [b] /[0-9]/+ -> alias_name\nb: "b"\n');
    expect(exprEquals(g.rules.get("start")!, seq(literal("a"), repeat(ref("b"), 0, 1), repeat(charClass([[0x30, 0x39]]), 1, Infinity)))).toBe(true);
  });

  it("refuses directives that change lexing", () => {
    expect(() => parseLark('start: "a"\n%ignore " "')).toThrow(/directive %ignore is not supported/);
  });
});
