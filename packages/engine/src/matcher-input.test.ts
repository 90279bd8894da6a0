import { describe, expect, it } from "vitest";
import { byteTokens, smallVocabulary } from "../../../test/support/small-vocab.js";
import { allocateTokenBitmask } from "./bitmask.js";
import { compileGrammar } from "./compiled.js";
import { CompileError, MatcherError } from "./errors.js";
import { GrammarMatcher } from "./matcher.js";
import { thrown } from "../../../test/support/thrown.js";

const v = smallVocabulary(byteTokens(["ab", "abc"]), ["<tool_call>"]);
const compile = (ebnf: string) => compileGrammar(v.vocab, { ebnf });

const matcherError = (f: () => unknown): MatcherError => thrown(f, MatcherError);

function mask(m: GrammarMatcher): Uint32Array {
  const out = allocateTokenBitmask(v.vocab.vocabSize);
  m.fillNextTokenBitmask(out);
  return out;
}

describe("GrammarMatcher.acceptString with text it cannot take", () => {
  it("a lone surrogate is a caller bug: MatcherError(invalid_text) naming the index, state unchanged", () => {
    const m = new GrammarMatcher(compile("root ::= [^x]* \"x\""));
    expect(m.acceptString("ab")).toBe(true);
    const before = mask(m);
    for (const [text, index] of [["\uD800", 0], ["cd\uDC00", 2], ["😀\uD83D", 2], ["\uDE00", 0]] as const) {
      const e = matcherError(() => m.acceptString(text));
      expect(e.code).toBe("invalid_text");
      expect(e.message).toBe(`text has a lone surrogate U+${text.charCodeAt(index).toString(16).toUpperCase()} at index ${index}, which has no UTF-8 encoding`);
      expect(m.acceptedCount).toBe(1);
      expect(mask(m)).toEqual(before);
    }
    // Nothing of "cd" was taken: the matcher goes on from "ab".
    expect(m.acceptString("😀x")).toBe(true);
    expect(m.canTerminate()).toBe(true);
    m.rollback(2);
    expect(mask(m)).toEqual(mask(new GrammarMatcher(compile("root ::= [^x]* \"x\""))));
  });

  it("a non-string is invalid_text too, even once terminated", () => {
    const m = new GrammarMatcher(compile('root ::= "a"'));
    for (const text of [null, undefined, 5, ["a"], Uint8Array.of(0x61)]) {
      expect(matcherError(() => m.acceptString(text as unknown as string)).code, String(text)).toBe("invalid_text");
    }
    expect(m.acceptString("a")).toBe(true);
    expect(m.acceptToken(v.eos)).toBe(true);
    expect(m.acceptString("b")).toBe(false);
    expect(matcherError(() => m.acceptString("\uD800")).code).toBe("invalid_text");
  });

  it("a work budget exceeded part way through the text leaves the state unchanged", () => {
    // Hugely ambiguous: parser work per byte grows with the input, so the budget runs out after some bytes.
    const m = new GrammarMatcher(compile('root ::= "q" | x+\nx ::= "a" | x x | ""'), { workBudget: 5000 });
    expect(matcherError(() => m.acceptString("a".repeat(500))).code).toBe("work_budget_exceeded");
    expect(m.acceptedCount).toBe(0);
    // Still at the start: "q" is allowed (it would not be after any "a").
    expect(m.acceptString("q")).toBe(true);
    expect(m.canTerminate()).toBe(true);
  });
});

describe("GrammarMatcher.acceptToken and forcedText past the work budget", () => {
  const long = smallVocabulary(byteTokens(["a".repeat(500)]));
  const ambiguous = 'root ::= "q" | x+\nx ::= "a" | x x | ""';

  it("a token whose bytes run the budget out part way throws work_budget_exceeded with the state unchanged", () => {
    const m = new GrammarMatcher(compileGrammar(long.vocab, { ebnf: ambiguous }), { workBudget: 5000 });
    const id = 256; // the 500-byte token, after the 256 single bytes
    expect(matcherError(() => m.acceptToken(id)).code).toBe("work_budget_exceeded");
    expect(m.acceptedCount).toBe(0);
    // Still at the start: "q" is allowed (it would not be after any "a").
    expect(m.acceptToken("q".charCodeAt(0))).toBe(true);
    expect(m.canTerminate()).toBe(true);
  });

  it("forcedText returns what it forced before the budget ran out and leaves the state unchanged", () => {
    const compiled = compileGrammar(v.vocab, { ebnf: 'root ::= x "a"{1000}\nx ::= "a" | x x' });
    const m = new GrammarMatcher(compiled, { workBudget: 5000 });
    const before = mask(m);
    const forced = m.forcedText();
    expect(forced).toMatch(/^a*$/);
    expect(forced.length).toBeLessThan(1001);
    expect(mask(m)).toEqual(before);
    expect(m.acceptString("a")).toBe(true);
  });

  it("forcedText refuses a maxBytes that is not a non-negative integer", () => {
    const m = new GrammarMatcher(compile('root ::= "abc"'));
    for (const n of [-1, 1.5, NaN, Infinity]) expect(matcherError(() => m.forcedText(n)).code, String(n)).toBe("invalid_argument");
    expect(m.forcedText(0)).toBe("");
    expect(m.forcedText(2)).toBe("ab");
    expect(m.forcedText()).toBe("abc");
  });
});

describe("what the caller passes that is not what the API takes", () => {
  it("a bitmask of the wrong kind or size is invalid_bitmask, naming what was passed", () => {
    const m = new GrammarMatcher(compile('root ::= "a"'));
    const words = allocateTokenBitmask(v.vocab.vocabSize).length;
    const cases: [unknown, string][] = [
      [new Uint32Array(words + 1), `${words + 1} words`],
      [new Int32Array(words), "an Int32Array"],
      [new Float32Array(words), "a Float32Array"],
      [[], "an Array"],
      [null, "null"],
      [undefined, "undefined"],
    ];
    for (const [mask, said] of cases) {
      const e = matcherError(() => m.fillNextTokenBitmask(mask as Uint32Array));
      expect(e.code).toBe("invalid_bitmask");
      expect(e.message).toContain(`got ${said}`);
    }
  });

  it("compileGrammar of something that is not grammar IR or { ebnf } is unsupported_input", () => {
    for (const input of [null, undefined, 5, "root ::= \"a\"", {}, { ebnf: 5 }]) {
      const e = thrown(() => compileGrammar(v.vocab, input as never), CompileError);
      expect(e.code, String(input)).toBe("unsupported_input");
    }
  });
});
