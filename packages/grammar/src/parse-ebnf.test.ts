import { describe, expect, it } from "vitest";
import { GrammarError, GrammarSyntaxError } from "./errors.js";
import { charClass, literal, ref, repeat, seq, choice, token, exprEquals, grammarEquals, normalizeExpr, type Choice, type Expr, type Sequence } from "./ir.js";
import { parseEbnf } from "./parse-ebnf.js";
import { printEbnf } from "./printers/ebnf.js";
import { MAX_EXPR_DEPTH } from "./depth.js";
import { thrown } from "../../../test/support/thrown.js";

const body = (src: string, rule = "root"): Expr => parseEbnf(src).rules.get(rule)!;

const syntaxError = (src: string | Uint8Array): GrammarSyntaxError => thrown(() => parseEbnf(src), GrammarSyntaxError);
const grammarError = (src: string): GrammarError => thrown(() => parseEbnf(src), GrammarError);

describe("parseEbnf: the XGrammar / WebLLM dialect", () => {
  it("reads rules, sequences, alternatives and groups", () => {
    const g = parseEbnf('root ::= a ("x" | b)\na ::= "a"\nb ::= "b"');
    expect([...g.rules.keys()]).toEqual(["root", "a", "b"]);
    expect(g.start).toBe("root");
    expect(exprEquals(g.rules.get("root")!, seq(ref("a"), choice(literal("x"), ref("b"))))).toBe(true);
  });

  it("reads every quantifier, keeping {m,n} as one counted node", () => {
    expect(body('root ::= "a"?')).toEqual(repeat(literal("a"), 0, 1));
    expect(body('root ::= "a"*')).toEqual(repeat(literal("a"), 0, Infinity));
    expect(body('root ::= "a"+')).toEqual(repeat(literal("a"), 1, Infinity));
    expect(body('root ::= "a"{3}')).toEqual(repeat(literal("a"), 3, 3));
    expect(body('root ::= "a"{2,}')).toEqual(repeat(literal("a"), 2, Infinity));
    expect(body('root ::= "a"{ 2 , 10000 }')).toEqual(repeat(literal("a"), 2, 10000));
  });

  it("decodes string escapes", () => {
    expect(body(String.raw`root ::= "\n\t\r\\\"\x41\u00e9\U0001F600"`)).toEqual(literal('\n\t\r\\"Aé😀'));
  });

  it("reads character classes with ranges, negation, escapes and non-BMP characters", () => {
    expect(body("root ::= [a-z0-9_]")).toEqual(charClass([[0x30, 0x39], [0x61, 0x7a], [0x5f, 0x5f]]));
    expect(body(String.raw`root ::= [^"\\\x00-\x1f]`)).toEqual(charClass([[0x22, 0x22], [0x5c, 0x5c], [0, 0x1f]], true));
    expect(body(String.raw`root ::= [\]\-\^]`)).toEqual(charClass([[0x5d, 0x5d], [0x2d, 0x2d], [0x5e, 0x5e]]));
    expect(body("root ::= [-a]")).toEqual(charClass([[0x2d, 0x2d], [0x61, 0x61]]));
    expect(body("root ::= [😀-😂]")).toEqual(charClass([[0x1f600, 0x1f602]]));
    expect(body(String.raw`root ::= [\d]`)).toEqual(charClass([[0x30, 0x39]]));
  });

  it("reads special tokens written <...> or Token(\"...\")", () => {
    expect(body('root ::= <tool_call> "x" </tool_call>')).toEqual(seq(token("<tool_call>"), literal("x"), token("</tool_call>")));
    expect(body('root ::= Token("[TOOL_CALLS]")')).toEqual(token("[TOOL_CALLS]"));
    expect(body("root ::= <|im_end|>")).toEqual(token("<|im_end|>"));
  });

  it("ignores comments and lets rules span lines", () => {
    const g = parseEbnf('# header\nroot ::= "a" # trailing\n  | "b"\n\n# between\nx ::= "c"');
    expect(g.rules.get("root")).toEqual(choice(literal("a"), literal("b")));
  });

  it("accepts GBNF names with dashes, `.` for any character and empty alternatives", () => {
    const g = parseEbnf('root ::= item-list\nitem-list ::= . | ""');
    expect(g.rules.get("item-list")).toEqual(choice(charClass([], true), literal("")));
    expect(parseEbnf('root ::= "a" |').rules.get("root")).toEqual(choice(literal("a"), literal("")));
  });

  it("starts from another rule when asked", () => {
    expect(parseEbnf('main ::= "a"', { start: "main" }).start).toBe("main");
  });

  it("accepts UTF-8 bytes as source", () => {
    expect(parseEbnf(new TextEncoder().encode('root ::= "é"')).rules.get("root")).toEqual(literal("é"));
  });
});

describe("parseEbnf: errors name the place", () => {
  it("reports malformed syntax with line, column and a caret", () => {
    const e = syntaxError('root ::= "a"\nb ::= ( "x" | )) ');
    expect(e.code).toBe("grammar_syntax");
    expect([e.line, e.column]).toEqual([2, 16]);
    expect(e.message).toContain("unexpected ')'");
    expect(e.excerpt).toBe('2 | b ::= ( "x" | )) \n                   ^');
  });

  it("reports a missing closing parenthesis at the end of input", () => {
    const e = syntaxError('root ::= ("a"');
    expect(e.message).toMatch(/unexpected end of grammar; expected .*'\)'/);
    expect([e.line, e.column]).toEqual([1, 14]);
  });

  it("reports an unterminated string where it starts", () => {
    expect([syntaxError('root ::=\n  "abc').line, syntaxError('root ::=\n  "abc').column]).toEqual([2, 3]);
  });

  it("rejects a {5,2} repetition", () => {
    const e = syntaxError('root ::= "a"{5,2}');
    expect(e.reason).toContain("upper bound below its lower bound");
    expect(e.column).toBe(13);
  });

  it("rejects a malformed repetition range", () => {
    expect(syntaxError('root ::= "a"{x}').reason).toContain("malformed repetition range");
  });

  it("rejects a reversed class range", () => {
    expect(syntaxError("root ::= [z-a]").reason).toContain("reversed");
  });

  it("rejects surrogates in classes and strings: they are not valid UTF-8", () => {
    expect(syntaxError(String.raw`root ::= [\uD800-\uDBFF]`).reason).toContain("surrogate");
    expect(syntaxError(String.raw`root ::= "\uDC00"`).reason).toContain("surrogate");
    expect(syntaxError("root ::= [\uD800]").reason).toContain("surrogate");
  });

  it("rejects code points past U+10FFFF", () => {
    expect(syntaxError(String.raw`root ::= [\U00110000]`).reason).toContain("beyond U+10FFFF");
  });

  it("rejects source bytes that are not UTF-8, at the bad byte", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('root ::= "ab'), 0xff, 0x22]);
    const e = syntaxError(bytes);
    expect(e.reason).toBe("invalid UTF-8 byte 0xff");
    expect(e.column).toBe(13);
  });

  it("rejects unknown escapes and lookahead assertions", () => {
    expect(syntaxError(String.raw`root ::= "\q"`).reason).toContain("unknown escape");
    expect(syntaxError('root ::= "a" (= "b")').reason).toContain("lookahead");
  });

  it("names an undefined rule and where it is used", () => {
    const e = grammarError('root ::= "a" missing');
    expect(e.code).toBe("undefined_rule");
    expect(e.rule).toBe("missing");
    expect(e.position).toMatchObject({ line: 1, column: 14 });
  });

  it("names a rule defined twice", () => {
    const e = grammarError('root ::= "a"\nroot ::= "b"');
    expect(e.code).toBe("duplicate_rule");
    expect(e.position?.line).toBe(2);
  });

  it("rejects a grammar without its start rule", () => {
    expect(grammarError('x ::= "a"').code).toBe("missing_start_rule");
  });

  it("rejects a grammar whose language is empty", () => {
    const e = grammarError('root ::= "a" root');
    expect(e.code).toBe("empty_language");
  });
});

describe("parseEbnf: large and multi-rule input", () => {
  it("reports a rule cut short where the next rule begins", () => {
    const e = syntaxError('root ::= ("a"\nnext ::= "b"');
    expect(e.message).toMatch(/^unexpected a rule definition \(name ::=\) "next ::="; expected .*'\)'/);
    expect([e.line, e.column]).toEqual([2, 1]);
  });

  it("reports tokens before the first rule", () => {
    expect(syntaxError('"a" root ::= "b"').message).toMatch(/^unexpected a string/);
  });

  it("parses thousands of rules", () => {
    const src = Array.from({ length: 5000 }, (_, i) => `r${i} ::= "x${i}" r${i + 1}?`).join("\n") + '\nr5000 ::= "end"';
    const g = parseEbnf(src, { start: "r0" });
    expect(g.rules.size).toBe(5001);
  });
});

describe("parseEbnf: one long rule", () => {
  // Shapes that once took quadratic time (20,000 alternatives: 18 s) or overflowed the stack.
  it("reads 20,000 alternatives as a choice of 20,000 literals, and prints back to the same grammar", () => {
    const n = 20_000;
    const g = parseEbnf(`root ::= ${Array.from({ length: n }, (_, i) => `"a${i}"`).join(" | ")}\n`);
    const root = g.rules.get("root")!;
    expect(root.kind).toBe("choice");
    const items = (root as Choice).items;
    expect(items).toHaveLength(n);
    expect(items.every((x, i) => x.kind === "literal" && x.text === `a${i}`)).toBe(true);
    expect(grammarEquals(parseEbnf(printEbnf(g)), g)).toBe(true);
  });

  it("reads a sequence of 150,000 items as one flat sequence (spreading that many into a call overflows the stack)", () => {
    const n = 150_000;
    const g = parseEbnf(`root ::= ${Array.from({ length: n }, (_, i) => (i % 2 ? "x" : '"a"')).join(" ")}\nx ::= "b"`);
    const root = g.rules.get("root") as Sequence;
    expect(root.kind).toBe("sequence");
    expect(root.items).toHaveLength(n);
    expect(root.items[0]).toEqual(literal("a"));
    expect(root.items[n - 1]).toEqual(ref("x"));
    expect(grammarEquals(parseEbnf(printEbnf(g)), g)).toBe(true);
  });

  it("reads alternatives that are sequences with quantifiers and groups", () => {
    const n = 5000;
    const g = parseEbnf(`root ::= ${Array.from({ length: n }, (_, i) => `"k${i}" ("=" | ":") [0-9]*`).join(" | ")}`);
    const items = (g.rules.get("root") as Choice).items;
    expect(items).toHaveLength(n);
    expect(items[n - 1]).toEqual(seq(literal(`k${n - 1}`), choice(literal("="), literal(":")), repeat(charClass([[0x30, 0x39]]), 0, Infinity)));
  });

  it("reads a 1 MB string literal and a 1 MB character class", () => {
    const text = String.raw`x\\y\u00e9 `.repeat(100_000); // 1 MB of source, escapes included
    expect(body(`root ::= "${text}"`)).toEqual(literal("x\\yé ".repeat(100_000)));
    const chars = Array.from({ length: 350_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7) % 20_000))).join("");
    expect(body(`root ::= [${chars}]`)).toEqual(charClass([[0x4e00, 0x4e00 + 19_999]]));
  });

  it("skips a 1 MB comment and 50,000 comment lines", () => {
    expect(body(`# ${"c".repeat(1_000_000)}\nroot ::= "a"`)).toEqual(literal("a"));
    expect(body(`root ::= "a"\n${Array.from({ length: 50_000 }, (_, i) => `  # note ${i}\n  | "b${i}"`).join("\n")}`)).toEqual(
      choice(literal("a"), ...Array.from({ length: 50_000 }, (_, i) => literal(`b${i}`))),
    );
  });

  it("normalizes groups as normalizeExpr does: nested sequences and choices flatten, one-item ones unwrap", () => {
    const root = body('root ::= ("a" ("b" "c")) | (("d" | "e") | "f") ("g" | ((("h"))))* | ((()))');
    expect(root).toEqual(
      choice(seq(literal("a"), literal("b"), literal("c")), seq(choice(literal("d"), literal("e"), literal("f")), repeat(choice(literal("g"), literal("h")), 0, Infinity)), literal("")),
    );
    expect(normalizeExpr(root)).toEqual(root);
  });

  it("takes groups nested MAX_EXPR_DEPTH deep, and refuses deeper ones with a typed error, never a stack overflow", () => {
    const nested = (depth: number): string => {
      let e = '"z"';
      for (let i = 0; i < depth; i++) e = i % 2 ? `("a" ${e})` : `("b" | ${e})`;
      return `root ::= ${e}`;
    };
    let e = body(nested(MAX_EXPR_DEPTH));
    let depth = 0;
    while (e.kind === "choice" || e.kind === "sequence") {
      e = e.items[1]!;
      depth++;
    }
    expect([depth, e]).toEqual([MAX_EXPR_DEPTH, literal("z")]);
    for (const depth of [MAX_EXPR_DEPTH + 1, 100_000]) {
      const err = grammarError(nested(depth));
      expect(err.code).toBe("expression_too_deep");
      expect(err.rule).toBe("root");
      expect(err.position).toMatchObject({ line: 1, column: 9 + 6 * MAX_EXPR_DEPTH + 1 });
    }
    // Parentheses that change nothing count too: the limit is on the source's nesting.
    expect(body(`root ::= ${"(".repeat(MAX_EXPR_DEPTH)}"a"${")".repeat(MAX_EXPR_DEPTH)}`)).toEqual(literal("a"));
    expect(grammarError(`root ::= ${"(".repeat(100_000)}"a"${")".repeat(100_000)}`).code).toBe("expression_too_deep");
  });

  it("still reports unbalanced parentheses as syntax errors", () => {
    expect(syntaxError('root ::= "a"))((').message).toContain("unexpected ')'");
  });
});

describe("parseEbnf: never anything but a result or a typed error", () => {
  it("survives random input made of the dialect's own characters", async () => {
    const fc = (await import("fast-check")).default;
    const { ToolmaskError } = await import("./errors.js");
    const piece = fc.constantFrom("root", " ::= ", "::=", '"', "a", "\\", "[", "]", "^", "-", "(", ")", "|", "*", "+", "?", "{", "}", "1", ",", "\n", "#", "<", ">", "x", "Token(", "\\u", "é", "\u0000", ".");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const src = parts.join("");
        try {
          parseEbnf(src);
        } catch (e) {
          expect(e).toBeInstanceOf(ToolmaskError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
