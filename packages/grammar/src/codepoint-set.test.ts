import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { complementRanges, normalizeRanges, utf8Sequences, type CodepointRange } from "./codepoint-set.js";
import { utf8Encode, isSurrogate } from "./utf8.js";

function matchesSequences(ranges: readonly CodepointRange[], cp: number): boolean {
  const bytes = utf8Encode(String.fromCodePoint(cp));
  return utf8Sequences(ranges).some((s) => s.length === bytes.length && s.every(([lo, hi], i) => bytes[i]! >= lo && bytes[i]! <= hi));
}

describe("code point sets", () => {
  it("normalizes ranges by sorting and merging overlapping or touching ones", () => {
    expect(normalizeRanges([[5, 9], [0, 2], [3, 4], [20, 30], [25, 26]])).toEqual([[0, 9], [20, 30]]);
  });

  it("complements over the whole Unicode range", () => {
    expect(complementRanges([[0, 9], [20, 0x10ffff]])).toEqual([[10, 19]]);
    expect(complementRanges([])).toEqual([[0, 0x10ffff]]);
  });

  it("spells a range in UTF-8 as exactly the encodings of its code points", () => {
    const cp = fc.oneof(fc.integer({ min: 0, max: 0x7ff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0x10ffff }));
    fc.assert(
      fc.property(cp, cp, cp, (a, b, probe) => {
        const range: CodepointRange = [Math.min(a, b), Math.max(a, b)];
        fc.pre(!isSurrogate(probe));
        const inside = probe >= range[0] && probe <= range[1];
        expect(matchesSequences([range], probe)).toBe(inside);
      }),
      { numRuns: 3000 },
    );
  });

  it("covers the edges of every encoding length", () => {
    const edges = [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff];
    for (const cp of edges) {
      expect(matchesSequences([[0, 0x10ffff]], cp)).toBe(true);
      expect(matchesSequences([[cp, cp]], cp)).toBe(true);
    }
  });

  it("never spells a surrogate", () => {
    const seqs = utf8Sequences([[0xd000, 0xe100]]);
    const surrogate = [0xed, 0xa0, 0x80];
    expect(seqs.some((s) => s.length === 3 && s.every(([lo, hi], i) => surrogate[i]! >= lo && surrogate[i]! <= hi))).toBe(false);
  });
});

describe("utf8Encode", () => {
  it("encodes ASCII, mixed and astral text as TextEncoder does, and refuses a lone surrogate", () => {
    const encoder = new TextEncoder();
    for (const text of ["", "name", '{"a": 1}\n', "Zürich", "日本語 text", "emoji 😀 end", "\u007f\u0080\u07ff\u0800\uffff"]) {
      expect(Array.from(utf8Encode(text))).toEqual(Array.from(encoder.encode(text)));
    }
    expect(() => utf8Encode("a\ud800b")).toThrow(RangeError);
  });
});
