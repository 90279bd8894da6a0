import { describe, expect, it } from "vitest";
import { GrammarBuilder, renameRefs } from "./builder.js";
import { charSet, choice, literal, ref, repeat, seq, star } from "./ir.js";
import { parseEbnf } from "./parse-ebnf.js";
import { accepts } from "./recognizer.js";
import { validateGrammar } from "./validate.js";

describe("GrammarBuilder", () => {
  it("includes grammars side by side without name clashes", () => {
    const digits = parseEbnf("root ::= d+\nd ::= [0-9]");
    const letters = parseEbnf("root ::= d+\nd ::= [a-z]");
    const b = new GrammarBuilder();
    const g = b.build(seq(b.include(digits, "num"), literal("-"), b.include(letters, "word")));
    expect(validateGrammar(g)).toEqual([]);
    expect(accepts(g, "12-ab")).toBe(true);
    expect(accepts(g, "ab-12")).toBe(false);
  });

  it("turns any base text into a printable, unique rule name", () => {
    const b = new GrammarBuilder();
    expect(b.fresh("#/properties/a b")).toBe("__properties_a_b");
    expect(b.fresh("#/properties/a b")).toBe("__properties_a_b_2");
    expect(b.rule("9lives", literal("x"))).toEqual(ref("r_9lives"));
  });

  it("refuses to define a rule twice", () => {
    const b = new GrammarBuilder();
    b.define("x", literal("a"));
    expect(() => b.define("x", literal("b"))).toThrow(/defined twice/);
  });

  it("renames references and shares the parts that hold none", () => {
    const chars = star(charSet('"\\', true));
    const body = choice(seq(literal('"'), chars, literal('"')), seq(literal("["), ref("item"), repeat(seq(literal(","), ref("item")), 0, 3), literal("]")));
    const renamed = renameRefs(body, new Map([["item", "args_item"]]));
    expect(renamed).toEqual(choice(seq(literal('"'), chars, literal('"')), seq(literal("["), ref("args_item"), repeat(seq(literal(","), ref("args_item")), 0, 3), literal("]"))));
    expect(renamed).not.toBe(body);
    const [string, list] = (renamed as { items: readonly unknown[] }).items;
    expect(string).toBe((body as { items: readonly unknown[] }).items[0]);
    expect(list).not.toBe((body as { items: readonly unknown[] }).items[1]);
    expect(renameRefs(body, new Map([["other", "x"]]))).toBe(body);
  });
});
