import { describe, expect, it } from "vitest";
import { GrammarError } from "./errors.js";
import { charClass, grammar, literal, ref, repeat, seq, token, choice } from "./ir.js";
import { validateGrammar } from "./validate.js";

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof GrammarError) return e.code;
    throw e;
  }
  return "none";
}

describe("validateGrammar", () => {
  it("accepts a usable grammar with no warnings", () => {
    expect(validateGrammar(grammar([["root", seq(literal("a"), ref("b"))], ["b", literal("b")]]))).toEqual([]);
  });

  it("warns about unreachable and unproductive rules", () => {
    const g = grammar([
      ["root", choice(literal("a"), ref("loop"))],
      ["loop", seq(literal("x"), ref("loop"))],
      ["orphan", literal("o")],
    ]);
    expect(validateGrammar(g).map((w) => [w.code, w.rule])).toEqual([
      ["unproductive_rule", "loop"],
      ["unreachable_rule", "orphan"],
    ]);
  });

  it("names the problem in grammars built in code", () => {
    expect(errorCode(() => validateGrammar(grammar([["root", ref("nope")]])))).toBe("undefined_rule");
    expect(errorCode(() => validateGrammar(grammar([["root", repeat(literal("a"), 5, 2)]])))).toBe("invalid_repeat");
    expect(errorCode(() => validateGrammar(grammar([["root", repeat(literal("a"), -1, 2)]])))).toBe("invalid_repeat");
    expect(errorCode(() => validateGrammar(grammar([["root", charClass([[0xd800, 0xd800]])]])))).toBe("invalid_codepoint");
    expect(errorCode(() => validateGrammar(grammar([["root", charClass([[0, 0x110000]])]])))).toBe("invalid_codepoint");
    expect(errorCode(() => validateGrammar(grammar([["root", literal("\ud800")]])))).toBe("invalid_codepoint");
    expect(errorCode(() => validateGrammar(grammar([["root", token("")]])))).toBe("invalid_token");
    expect(errorCode(() => validateGrammar(grammar([["bad name", literal("a")]])))).toBe("invalid_rule_name");
    expect(errorCode(() => validateGrammar(grammar([["root", literal("a")]], "main")))).toBe("missing_start_rule");
    expect(errorCode(() => validateGrammar(grammar([["root", charClass([])]])))).toBe("empty_language");
  });
});
