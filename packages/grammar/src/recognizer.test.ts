import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { arbGrammar, SMALL_ALPHABET } from "../../../test/support/random-grammar.js";
import { enumerateLanguage } from "../../../test/support/enumerate.js";
import { grammar, literal, repeat, seq, token, charClass, type Grammar } from "./ir.js";
import { parseEbnf } from "./parse-ebnf.js";
import { accepts, Recognizer, viablePrefix } from "./recognizer.js";
import { validateGrammar } from "./validate.js";

function usable(g: Grammar): boolean {
  try {
    validateGrammar(g);
    return true;
  } catch {
    return false;
  }
}

describe("reference recognizer", () => {
  it("accepts exactly the strings of a small grammar", () => {
    const g = parseEbnf('root ::= "(" root ")" root | ""');
    for (const s of ["", "()", "(())()", "((()))"]) expect(accepts(g, s)).toBe(true);
    for (const s of ["(", ")", "())", "(()"]) expect(accepts(g, s)).toBe(false);
  });

  it("tells viable prefixes from dead ends", () => {
    const g = parseEbnf('root ::= "ab" [0-9]{2} "!"');
    expect(viablePrefix(g, "ab1")).toBe(true);
    expect(accepts(g, "ab1")).toBe(false);
    expect(viablePrefix(g, "abx")).toBe(false);
    expect(viablePrefix(g, "ab123")).toBe(false);
  });

  it("handles left recursion and ambiguity", () => {
    const g = parseEbnf('root ::= root "+" root | root "-" n | n\nn ::= [0-9]+');
    expect(accepts(g, "1+2-3+44")).toBe(true);
    expect(accepts(g, "1+-2")).toBe(false);
  });

  it("matches multi-byte characters byte by byte, so a prefix may end inside a character", () => {
    const g = parseEbnf("root ::= [é-ê]+");
    const bytes = new TextEncoder().encode("éê");
    expect(viablePrefix(g, bytes.subarray(0, 1))).toBe(true);
    expect(accepts(g, bytes.subarray(0, 3))).toBe(false);
    expect(accepts(g, bytes)).toBe(true);
    expect(accepts(g, "e")).toBe(false);
  });

  it("matches a special token only as that token, never its spelling", () => {
    const g = grammar([["root", seq(token("<tool_call>"), literal("x"))]]);
    expect(accepts(g, [{ token: "<tool_call>" }, "x"])).toBe(true);
    expect(viablePrefix(g, "<tool_call>")).toBe(false);
    expect(viablePrefix(g, "<")).toBe(false);
  });

  it("counts large bounded repetitions without unrolling them", () => {
    const g = grammar([["root", seq(literal('"'), repeat(charClass([[0x61, 0x7a]]), 0, 10000), literal('"'))]]);
    const rec = new Recognizer(g);
    expect(rec.accepts(`"${"a".repeat(10000)}"`)).toBe(true);
    expect(rec.accepts(`"${"a".repeat(10001)}"`)).toBe(false);
  });

  it("lets a session push, check and rewind", () => {
    const s = new Recognizer(parseEbnf('root ::= "ab" | "ac"')).session();
    expect(s.push([0x61])).toBe(true);
    expect(s.push([0x62])).toBe(true);
    expect(s.accepting()).toBe(true);
    s.rewind(1);
    expect(s.push([0x63])).toBe(true);
    expect(s.accepting()).toBe(true);
    s.rewind(1);
    expect(s.push([0x64])).toBe(false);
  });

  it("agrees with brute-force enumeration on random small grammars", () => {
    const alphabet = [0x61, 0x62, 0x63, 0xe9];
    const maxLen = 4;
    const str = fc.array(fc.constantFrom(...alphabet.map((c) => String.fromCodePoint(c))), { maxLength: maxLen }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(arbGrammar(SMALL_ALPHABET).filter(usable), fc.array(str, { minLength: 20, maxLength: 20 }), (g, probes) => {
        const lang = enumerateLanguage(g, maxLen, alphabet);
        const rec = new Recognizer(g);
        for (const s of probes) expect(rec.accepts(s)).toBe(lang.has(s));
        for (const s of lang) {
          expect(rec.accepts(s)).toBe(true);
          const cps = [...s];
          for (let i = 0; i <= cps.length; i++) expect(rec.viablePrefix(cps.slice(0, i).join(""))).toBe(true);
        }
        for (const s of probes) {
          if (!rec.viablePrefix(s)) expect([...lang].some((w) => w.startsWith(s))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
