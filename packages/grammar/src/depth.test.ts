import { describe, expect, it } from "vitest";
import { nullableRules, productiveRules, exprNullable, exprProductive, reachableRules, referencedRules, ruleGraph } from "./analysis.js";
import { GrammarBuilder, renameRefs } from "./builder.js";
import { GrammarError } from "./errors.js";
import { EMPTY, exprEquals, forEachRef, grammar, grammarEquals, grammarKey, literal, normalizeExpr, normalizeGrammar, ref, seq, walkExpr, type Expr, type Grammar } from "./ir.js";
import { printEbnf } from "./printers/ebnf.js";
import { printGbnf } from "./printers/gbnf.js";
import { printLark } from "./printers/lark.js";
import { Recognizer } from "./recognizer.js";
import { MAX_EXPR_DEPTH } from "./depth.js";
import { validateGrammar } from "./validate.js";

type Shape = "sequence" | "choice" | "repeat";

/**
 * `levels` nested nodes around a reference to rule `leaf`, shaped so every walker must go all the
 * way down: a sequence's first item is "" (nullable and productive, so `every` goes on), a
 * choice's is a rule that is neither (so `some` goes on), a repeat needs one copy.
 */
function nested(shape: Shape, levels: number): Expr {
  let e: Expr = ref("leaf");
  for (let i = 0; i < levels; i++) {
    if (shape === "sequence") e = { kind: "sequence", items: [EMPTY, e] };
    else if (shape === "choice") e = { kind: "choice", items: [ref("never"), e] };
    else e = { kind: "repeat", item: e, min: 1, max: 2 };
  }
  return e;
}

const withBody = (body: Expr): Grammar => grammar([["root", body], ["leaf", literal("")], ["never", seq(literal("n"), ref("never"))]]);

/** The GrammarError code `f` throws, "ok" if it returns; any other error (a RangeError from the stack) fails the test. */
function outcome(f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof GrammarError) return `${e.code} ${e.rule ?? "-"}`;
    throw e;
  }
}

const DEEP = 100_000;

describe.each(["sequence", "choice", "repeat"] as const)("IR walkers on %s nodes nested 100,000 deep: a typed error or an answer, never a stack overflow", (shape) => {
  const deep = nested(shape, DEEP);
  const g = withBody(deep);

  it("refuse it as validateGrammar does (expression_too_deep, naming the rule where there is one)", () => {
    const walks: [string, () => unknown, string][] = [
      ["validateGrammar", () => validateGrammar(g), "root"],
      ["normalizeGrammar", () => normalizeGrammar(g), "root"],
      ["normalizeExpr", () => normalizeExpr(deep), "-"],
      ["normalizeExpr with its rule", () => normalizeExpr(deep, "root"), "root"],
      ["grammarKey", () => grammarKey(g), "root"],
      ["productiveRules", () => productiveRules(g), "root"],
      ["nullableRules", () => nullableRules(g), "root"],
      ["exprProductive", () => exprProductive(deep, new Set(["leaf"])), "-"],
      ["exprNullable", () => exprNullable(deep, new Set(["leaf"])), "-"],
      ["renameRefs", () => renameRefs(deep, new Map([["leaf", "other"]])), "-"],
      ["GrammarBuilder.include", () => new GrammarBuilder().include(g, "p"), "root"],
      ["printEbnf", () => printEbnf(g), "root"],
      ["printGbnf", () => printGbnf(g), "root"],
      ["printLark", () => printLark(g), "root"],
      ["Recognizer", () => new Recognizer(g), "root"],
    ];
    for (const [name, walk, rule] of walks) expect(outcome(walk), name).toBe(`expression_too_deep ${rule}`);
  });

  it("answer where the walk is iterative", () => {
    let nodes = 0;
    walkExpr(deep, () => nodes++);
    expect(nodes).toBe(DEEP + 1 + (shape === "repeat" ? 0 : DEEP));
    const refs: string[] = [];
    forEachRef(deep, (name) => refs.push(name));
    expect(refs.at(-1)).toBe("leaf");
    expect(referencedRules(deep)).toEqual(shape === "choice" ? ["never", "leaf"] : ["leaf"]);
    expect(exprEquals(deep, nested(shape, DEEP))).toBe(true);
    expect(exprEquals(deep, nested(shape, DEEP - 1))).toBe(false);
    expect(grammarEquals(g, withBody(nested(shape, DEEP)))).toBe(true);
    expect([...reachableRules(g)]).toEqual(shape === "choice" ? ["root", "leaf", "never"] : ["root", "leaf"]);
    expect(new Set(ruleGraph(g).callees[0])).toEqual(new Set(shape === "choice" ? [2, 1] : [1]));
  });

  it("take MAX_EXPR_DEPTH levels, the most validateGrammar allows", () => {
    const ok = withBody(nested(shape, MAX_EXPR_DEPTH));
    expect(validateGrammar(ok).map((w) => w.rule)).toEqual(["never"]);
    expect(outcome(() => normalizeGrammar(ok))).toBe("ok");
    expect(outcome(() => grammarKey(ok))).toBe("ok");
    expect(productiveRules(ok).has("root")).toBe(true);
    expect(nullableRules(ok).has("root")).toBe(true);
    expect(outcome(() => new GrammarBuilder().include(ok, "p"))).toBe("ok");
    expect(outcome(() => normalizeGrammar(withBody(nested(shape, MAX_EXPR_DEPTH + 1))))).toBe("expression_too_deep root");
  });
});

describe("walkExpr", () => {
  it("visits parents first, children in order", () => {
    const e: Expr = { kind: "sequence", items: [literal("a"), { kind: "choice", items: [literal("b"), { kind: "repeat", item: literal("c"), min: 0, max: 1 }] }, literal("d")] };
    const seen: string[] = [];
    walkExpr(e, (x) => seen.push(x.kind === "literal" ? x.text : x.kind));
    expect(seen).toEqual(["sequence", "a", "choice", "b", "repeat", "c", "d"]);
  });
});

describe("normalizeExpr on long lists", () => {
  it("flattens a rule of 300,000 items without overflowing the stack", () => {
    const n = 300_000;
    const leaves = Array.from({ length: n }, (_, i) => literal(`a${i}`));
    for (const kind of ["sequence", "choice"] as const) {
      // One nested list of the same kind in the middle: its items are spliced in.
      const inner: Expr = { kind, items: leaves.slice(0, 2) };
      const e: Expr = { kind, items: [inner, ...leaves.slice(2)] };
      const out = normalizeExpr(e);
      expect(out.kind).toBe(kind);
      if (out.kind !== kind) continue;
      expect(out.items.length).toBe(n);
      expect(out.items[0]).toEqual(literal("a0"));
      expect(out.items[n - 1]).toEqual(literal(`a${n - 1}`));
    }
  });
});
