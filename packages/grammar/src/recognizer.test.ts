import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { arbGrammar, SMALL_ALPHABET } from "../../../test/support/random-grammar.js";
import { enumerateLanguage } from "../../../test/support/enumerate.js";
import { grammar, literal, repeat, seq, token, charClass, type Grammar } from "./ir.js";
import { parseEbnf } from "./parse-ebnf.js";
import { RecognizerError } from "./errors.js";
import { accepts, inputSymbols, Recognizer, viablePrefix, type InputSymbol, type RecognizerInput } from "./recognizer.js";
import { validateGrammar } from "./validate.js";
import { thrown } from "../../../test/support/thrown.js";

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

  describe("bad input gets a typed error naming where", () => {
    const g = parseEbnf('root ::= [^x]*');

    const recognizerError = (f: () => unknown): RecognizerError => thrown(f, RecognizerError);

    it("text with a lone surrogate (no UTF-8 form) is invalid_input with its offset, from accepts, viablePrefix and inputSymbols alike", () => {
      for (const [text, offset] of [["\uD800", 0], ["ab\uDFFF", 2], ["😀\uD83D", 2], ["\uDE00😀", 0], ["a\uD800b", 1]] as const) {
        for (const f of [() => accepts(g, text), () => viablePrefix(g, text), () => new Recognizer(g).accepts(text), () => inputSymbols(text)]) {
          const e = recognizerError(f);
          expect(e.code).toBe("invalid_input");
          expect(e.offset).toBe(offset);
          expect(e.piece).toBeUndefined();
          expect(e.message).toContain(`U+${text.charCodeAt(offset).toString(16).toUpperCase()} at index ${offset}`);
        }
      }
      // In a list of pieces, the piece is named too.
      const e = recognizerError(() => accepts(g, ["ok", Uint8Array.of(0x61), "x\uD800"]));
      expect([e.code, e.piece, e.offset]).toEqual(["invalid_input", 2, 1]);
      expect(e.message).toBe("input piece 2 has a lone surrogate U+D800 at index 1, which has no UTF-8 encoding");
      // Well-formed pairs are fine.
      expect(accepts(g, "😀é")).toBe(true);
    });

    it("pieces and symbols of the wrong type are invalid_input, not a TypeError or a silent mismatch", () => {
      for (const input of [null, 5, { token: "<a>" }, [null], ["a", 7], [{ token: 3 }], [{}]] as unknown as RecognizerInput[]) {
        expect(recognizerError(() => accepts(g, input)).code, JSON.stringify(input)).toBe("invalid_input");
      }
      const s = new Recognizer(g).session();
      for (const symbols of [[256], [-1], [1.5], [NaN], [null], ["a"], [0x61, { token: 1 }]] as unknown as InputSymbol[][]) {
        const e = recognizerError(() => s.push(symbols));
        expect(e.code, JSON.stringify(symbols)).toBe("invalid_input");
        expect(e.offset).toBe(symbols.length - 1);
        expect(s.length).toBe(0);
      }
      expect(recognizerError(() => s.push("ab" as unknown as InputSymbol[])).code).toBe("invalid_input");
      expect(s.push([0x61])).toBe(true);
    });

    it("long input does not overflow the stack while it is flattened", () => {
      const long = "a".repeat(150_000);
      expect(inputSymbols(long)).toHaveLength(150_000);
      expect(inputSymbols([new Uint8Array(150_000).fill(0x61)])).toHaveLength(150_000);
    });

    it("rewind past the session's length, negative or fractional is invalid_rewind and changes nothing", () => {
      const s = new Recognizer(parseEbnf('root ::= "ab" | "ac"')).session();
      expect(s.push([0x61])).toBe(true);
      for (const length of [2, 5, -1, 0.5, NaN, Infinity, "1"] as unknown as number[]) {
        const e = recognizerError(() => s.rewind(length));
        expect(e.code, String(length)).toBe("invalid_rewind");
        expect(e.message).toContain("from 0 to the 1 symbols pushed so far");
        expect(s.length).toBe(1);
      }
      // The session still works as before.
      expect(s.push([0x62])).toBe(true);
      expect(s.accepting()).toBe(true);
      s.rewind(2);
      s.rewind(0);
      expect(s.length).toBe(0);
      expect(s.push([0x61, 0x63])).toBe(true);
      expect(s.accepting()).toBe(true);
    });
  });
});
