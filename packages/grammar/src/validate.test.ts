import { describe, expect, it } from "vitest";
import { GrammarError } from "./errors.js";
import { charClass, grammar, literal, ref, repeat, seq, token, choice, type Expr } from "./ir.js";
import { MAX_EXPR_DEPTH } from "./depth.js";
import { validateGrammar } from "./validate.js";
import fc from "fast-check";
import { exprNullable, exprProductive, nullableRules, productiveRules } from "./analysis.js";
import { WIDE_ALPHABET, arbGrammar } from "../../../test/support/random-grammar.js";
import { classCodepoints } from "./ir.js";

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

  it("refuses expressions nested past MAX_EXPR_DEPTH inside one rule, instead of exhausting the stack", () => {
    const nested = (levels: number) => {
      let e: Expr = literal("a");
      for (let i = 0; i < levels; i++) e = { kind: "sequence", items: [literal("x"), e] };
      return e;
    };
    expect(validateGrammar(grammar([["root", nested(MAX_EXPR_DEPTH)]]))).toEqual([]);
    expect(errorCode(() => validateGrammar(grammar([["root", nested(MAX_EXPR_DEPTH + 1)]])))).toBe("expression_too_deep");
    expect(errorCode(() => validateGrammar(grammar([["root", nested(100_000)]])))).toBe("expression_too_deep");
  });
});

describe("exprProductive on character classes", () => {
  it("is true exactly when the class holds a code point", () => {
    const point = fc.oneof(fc.constantFrom(0, 1, 0xd7ff, 0xe000, 0x10fffe, 0x10ffff), fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff));
    fc.assert(
      fc.property(fc.array(fc.tuple(point, point), { maxLength: 4 }), fc.boolean(), (pairs, negated) => {
        const c = charClass(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const), negated);
        expect(exprProductive(c, new Set())).toBe(classCodepoints(c as Parameters<typeof classCodepoints>[0]).length > 0);
      }),
      { numRuns: 2000 },
    );
    expect(exprProductive(charClass([[0, 0xd7ff], [0xe000, 0x10ffff]], true), new Set())).toBe(false);
    expect(exprProductive(charClass([[0, 0x10ffff]], true), new Set())).toBe(false);
    expect(exprProductive(charClass([[0, 0xd7ff], [0xe001, 0x10ffff]], true), new Set())).toBe(true);
  });
});

describe("productiveRules and nullableRules", () => {
  /** The plain fixpoint: every rule looked at again until none joins. */
  const naive = (g: Parameters<typeof productiveRules>[0], holds: typeof exprProductive): string[] => {
    const set = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, body] of g.rules) {
        if (!set.has(name) && holds(body, set)) {
          set.add(name);
          changed = true;
        }
      }
    }
    return [...set].sort();
  };

  it("settle each component of the call graph to the plain fixpoint", () => {
    fc.assert(
      fc.property(arbGrammar({ ...WIDE_ALPHABET, maxRules: 8 }), (g) => {
        expect([...productiveRules(g)].sort()).toEqual(naive(g, exprProductive));
        expect([...nullableRules(g)].sort()).toEqual(naive(g, exprNullable));
      }),
      { numRuns: 500 },
    );
  });
});
