import { describe, expect, it } from "vitest";
import { GrammarError } from "./errors.js";
import { charClass, choice, exprEquals, literal, ref, repeat, seq, type Choice, type Expr, type Sequence } from "./ir.js";
import { parseEbnf } from "./parse-ebnf.js";
import { parseLark } from "./parse-lark.js";
import { printLark } from "./printers/lark.js";
import { MAX_EXPR_DEPTH } from "./depth.js";
import { thrown } from "../../../test/support/thrown.js";

const body = (src: string): Expr => parseLark(src).rules.get("start")!;

const grammarError = (src: string): GrammarError => thrown(() => parseLark(src), GrammarError);

// The Lark parser shares the EBNF parser's builder and per-rule driver, so it had the same
// quadratic long rules and stack overflows; these are the same shapes in Lark syntax.
describe("parseLark: one long rule", () => {
  it("reads 20,000 alternatives as a choice of 20,000 literals, and prints back to the same rule", () => {
    const n = 20_000;
    const g = parseLark(`start: ${Array.from({ length: n }, (_, i) => `"a${i}"`).join(" | ")}\n`);
    const items = (g.rules.get("start") as Choice).items;
    expect(items).toHaveLength(n);
    expect(items.every((x, i) => x.kind === "literal" && x.text === `a${i}`)).toBe(true);
    expect(exprEquals(parseLark(printLark(g)).rules.get("start")!, g.rules.get("start")!)).toBe(true);
  });

  it("reads a sequence of 150,000 items as one flat sequence", () => {
    const n = 150_000;
    const root = body(`start: ${Array.from({ length: n }, (_, i) => (i % 2 ? "x" : '"a"')).join(" ")}\nx: "b"`) as Sequence;
    expect(root.kind).toBe("sequence");
    expect(root.items).toHaveLength(n);
    expect(root.items[n - 1]).toEqual(ref("x"));
  });

  it("reads what the EBNF parser reads for the same long rule", () => {
    const alts = Array.from({ length: 3000 }, (_, i) => [`"k${i}"`, `("=" | ":")`, "[0-9]*"]);
    const ebnf = parseEbnf(`root ::= ${alts.map((a) => a.join(" ")).join(" | ")}`).rules.get("root")!;
    const lark = body(`start: ${alts.map((a) => [a[0], a[1], "/[0-9]/*"].join(" ")).join(" | ")}`);
    expect(lark).toEqual(ebnf);
    expect((lark as Choice).items[0]).toEqual(seq(literal("k0"), choice(literal("="), literal(":")), repeat(charClass([[0x30, 0x39]]), 0, Infinity)));
  });

  it("reads a 1 MB string, a 1 MB regex class and a 1 MB comment", () => {
    expect(body(`start: "${"ab\\n".repeat(250_000)}"`)).toEqual(literal("ab\n".repeat(250_000)));
    const chars = Array.from({ length: 350_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7) % 20_000))).join("");
    expect(body(`start: /[${chars}]/`)).toEqual(charClass([[0x4e00, 0x4e00 + 19_999]]));
    expect(body(`// ${"c".repeat(1_000_000)}\nstart: "a"`)).toEqual(literal("a"));
  });

  it("refuses groups and optional brackets nested past MAX_EXPR_DEPTH with a typed error, never a stack overflow", () => {
    const nested = (depth: number): string => `start: ${"(".repeat(depth >> 1)}${"[".repeat(depth - (depth >> 1))}"a" "b"${"]".repeat(depth - (depth >> 1))}${")".repeat(depth >> 1)}`;
    // Parentheses around one item vanish; each [x] is an optional, so 500 of them nest.
    let e = body(nested(MAX_EXPR_DEPTH));
    let optionals = 0;
    for (; e.kind === "repeat"; e = e.item) optionals++;
    expect([optionals, e]).toEqual([MAX_EXPR_DEPTH / 2, seq(literal("a"), literal("b"))]);
    for (const depth of [MAX_EXPR_DEPTH + 1, 100_000]) {
      const err = grammarError(nested(depth));
      expect([err.code, err.rule]).toEqual(["expression_too_deep", "start"]);
    }
  });
});
