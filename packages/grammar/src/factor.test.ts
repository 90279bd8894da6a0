import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factorChoice } from "./factor.js";
import { choice, literal, ref, repeat, seq, token, type Expr, type Grammar } from "./ir.js";
import { printEbnf } from "./printers/ebnf.js";
import { Recognizer } from "./recognizer.js";
import { validateGrammar } from "./validate.js";

/** Every string over `alphabet` of at most `n` characters. */
function stringsUpTo(alphabet: readonly string[], n: number): string[] {
  let level = [""];
  const out = [""];
  for (let i = 0; i < n; i++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...level);
  }
  return out;
}

const withRules = (start: Expr): Grammar => ({ start: "root", rules: new Map([["root", start], ["x", choice(literal("c"), literal(""))]]) });

describe("factorChoice", () => {
  it("writes the alternatives' common start once", () => {
    const calls = ["get_weather", "search"].map((name) => seq(token("<tool_call>"), literal("{"), literal(`"${name}"`), literal("}"), token("</tool_call>")));
    const g: Grammar = { start: "root", rules: new Map([["root", factorChoice(calls)]]) };
    expect(printEbnf(g)).toBe('root ::= <tool_call> "{" ("\\"get_weather\\"" "}" </tool_call> | "\\"search\\"" "}" </tool_call>)\n');
  });

  it("keeps alternatives with nothing in common as they are, in their order", () => {
    const e = factorChoice([literal("a"), seq(literal("b"), literal("c")), literal("a")]);
    // The same alternative twice is written once.
    expect(e).toEqual(choice(literal("a"), seq(literal("b"), literal("c"))));
    expect(factorChoice([literal("a")])).toEqual(literal("a"));
    expect(() => factorChoice([])).toThrow(RangeError);
  });

  it("derives the same strings as the plain choice (random alternatives, every short string)", () => {
    const shared = repeat(literal("b"), 0, 2);
    const part = fc.constantFrom<Expr>(literal("a"), literal("b"), literal("ab"), literal(""), ref("x"), shared, choice(literal("a"), literal("c")));
    // Nested sequences too: factoring reads each alternative as its flat list of parts.
    const alternative = fc.array(fc.oneof(part, fc.array(part, { maxLength: 3 }).map((items) => seq(...items))), { maxLength: 4 }).map((items) => seq(...items));
    const probes = stringsUpTo(["a", "b", "c"], 5);
    fc.assert(
      fc.property(fc.array(alternative, { minLength: 1, maxLength: 6 }), (alts) => {
        const plain = new Recognizer(withRules(choice(...alts)));
        const factored = withRules(factorChoice(alts));
        validateGrammar(factored);
        const r = new Recognizer(factored);
        for (const s of probes) expect(r.accepts(s), s).toBe(plain.accepts(s));
      }),
      { numRuns: 200 },
    );
  });
});
