import { describe, expect, it } from "vitest";
import { allocateTokenBitmask, allowedTokens, compileGrammar, GrammarMatcher, UnsupportedSchemaError, Vocabulary } from "./index.js";

// A byte-level vocabulary of printable ASCII tokens (they spell themselves in GPT-2's byte map).
const SPELLINGS = ['{"', 'n":', "1", "2", "0", "-", "}", '"', "n", ":", "{"];
const v = {
  vocab: Vocabulary.fromTokenizerJSON(
    { model: { type: "BPE", vocab: Object.fromEntries(SPELLINGS.map((s, i) => [s, i])) }, added_tokens: [{ id: SPELLINGS.length, content: "<eos>", special: true }], decoder: { type: "ByteLevel" } },
    { vocabSize: SPELLINGS.length + 1, eosTokenIds: [SPELLINGS.length] },
  ),
  tokens: SPELLINGS.map((s) => ({ bytes: new TextEncoder().encode(s) })),
};

describe("compileGrammar from the toolmask package", () => {
  const text = (ids: number[]) => ids.map((id) => SPELLINGS[id] ?? "<eos>");

  it("takes a JSON Schema and enforces it", () => {
    const compiled = compileGrammar(v.vocab, { jsonSchema: { type: "object", properties: { n: { type: "integer", maximum: 1 } }, required: ["n"] }, options: { whitespace: "compact" } });
    const m = new GrammarMatcher(compiled);
    const mask = allocateTokenBitmask(v.vocab.vocabSize);
    const feed = (s: string) => expect(m.acceptToken(SPELLINGS.indexOf(s))).toBe(true);
    feed('{"');
    feed('n":');
    m.fillNextTokenBitmask(mask);
    // maximum 1: "1" is allowed, "2" is not
    expect(text(allowedTokens(mask))).toContain("1");
    expect(text(allowedTokens(mask))).not.toContain("2");
  });

  it("still takes EBNF and grammar IR", () => {
    expect(new GrammarMatcher(compileGrammar(v.vocab, { ebnf: 'root ::= "1"' })).acceptToken(SPELLINGS.indexOf("1"))).toBe(true);
  });

  it("reports a schema it cannot enforce with the schema compiler's typed error", () => {
    expect(() => compileGrammar(v.vocab, { jsonSchema: { type: "array", uniqueItems: true } })).toThrow(UnsupportedSchemaError);
  });
});
