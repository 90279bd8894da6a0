import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { realVocabulary } from "../../../test/support/tokenizers.js";
import { buildTokenTrie, filterTokenTrie, layoutTokenTrie, type TokenTrie } from "./token-trie.js";

/** The trie's arrays as plain lists, to compare two tries field by field. */
const fields = (t: TokenTrie) => ({
  size: t.size,
  maxDepth: t.maxDepth,
  byte: [...t.byte],
  depth: [...t.depth],
  subtreeEnd: [...t.subtreeEnd],
  tokenStart: [...t.tokenStart],
  tokenEnd: [...t.tokenEnd],
  tokenIds: [...t.tokenIds],
});

/** Token bytes in the vocabulary's layout: token `id` is `bytes[offsets[id] .. offsets[id + 1])`. */
function pack(tokens: readonly string[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const enc = tokens.map((t) => new TextEncoder().encode(t));
  const offsets = new Uint32Array(tokens.length + 1);
  for (let i = 0; i < enc.length; i++) offsets[i + 1] = offsets[i]! + enc[i]!.length;
  const bytes = new Uint8Array(offsets[tokens.length]!);
  enc.forEach((e, i) => bytes.set(e, offsets[i]!));
  return { bytes, offsets };
}

describe("filterTokenTrie", () => {
  it("gives the trie laid out from the kept tokens, for any tokens and any subset (duplicates and prefixes included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[ab\u00e9]{1,5}$/), { minLength: 1, maxLength: 40 }).chain((tokens) => fc.tuple(fc.constant(tokens), fc.array(fc.boolean(), { minLength: tokens.length, maxLength: tokens.length }))),
        ([tokens, chosen]) => {
          const { bytes, offsets } = pack(tokens);
          const trie = buildTokenTrie(Uint32Array.from(tokens.keys()), bytes, offsets);
          const keep = Uint8Array.from(trie.tokenIds, (id) => (chosen[id] ? 1 : 0));
          const kept = trie.tokenIds.filter((id) => chosen[id]!);
          expect(fields(filterTokenTrie(trie, keep))).toEqual(fields(layoutTokenTrie(kept, bytes, offsets)));
        },
      ),
    );
  });

  it("gives the same trie as a fresh layout on the real Llama-3 vocabulary (a slice's residual: tokens without a letter)", () => {
    const vocab = realVocabulary("llama3_1");
    const { bytes, offsets } = vocab.rawBytes();
    const trie = vocab.trie;
    const keep = Uint8Array.from(trie.tokenIds, (id) => (/[a-z]/i.test(vocab.tokenText(id)) ? 0 : 1));
    const kept = trie.tokenIds.filter((_, k) => keep[k] === 1);
    const filtered = filterTokenTrie(trie, keep);
    expect(filtered.tokenIds.length).toBeGreaterThan(1000);
    expect(filtered.size).toBeLessThan(trie.size);
    expect(fields(filtered)).toEqual(fields(layoutTokenTrie(kept, bytes, offsets)));
  });

  it("keeps nothing or everything", () => {
    const { bytes, offsets } = pack(["a", "ab", "b"]);
    const trie = buildTokenTrie(Uint32Array.of(0, 1, 2), bytes, offsets);
    expect(fields(filterTokenTrie(trie, new Uint8Array(3)))).toEqual(fields(layoutTokenTrie(new Uint32Array(0), bytes, offsets)));
    expect(fields(filterTokenTrie(trie, Uint8Array.of(1, 1, 1)))).toEqual(fields(trie));
  });
});
