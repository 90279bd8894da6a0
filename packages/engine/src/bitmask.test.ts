import { describe, expect, it } from "vitest";
import { allocateTokenBitmask } from "./bitmask.js";
import { VocabularyError } from "./errors.js";
import { MAX_VOCAB_SIZE } from "./vocabulary.js";

describe("allocateTokenBitmask", () => {
  it("has ceil(vocabSize / 32) words", () => {
    expect(allocateTokenBitmask(0)).toHaveLength(0);
    expect(allocateTokenBitmask(1)).toHaveLength(1);
    expect(allocateTokenBitmask(151_936)).toHaveLength(4748);
    expect(allocateTokenBitmask(MAX_VOCAB_SIZE)).toHaveLength(MAX_VOCAB_SIZE / 32);
  });

  it("refuses a vocabSize that is not an integer from 0 to MAX_VOCAB_SIZE (not an empty or a 256 MiB mask)", () => {
    for (const n of [2 ** 40, 2 ** 31, 1e10, MAX_VOCAB_SIZE + 1, -1, 1.5, NaN, Infinity, "32"]) {
      let error: unknown;
      try {
        allocateTokenBitmask(n as number);
      } catch (e) {
        error = e;
      }
      expect(error, String(n)).toBeInstanceOf(VocabularyError);
      expect((error as VocabularyError).code).toBe("invalid_vocab_size");
      expect((error as VocabularyError).message).toContain(String(n));
    }
  });
});
