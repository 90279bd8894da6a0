// Small synthetic vocabularies for differential tests: a byte-level tokenizer.json built from a
// list of token spellings, so masks can be brute-forced token by token.
import { Vocabulary } from "../../packages/engine/src/vocabulary.js";
import { encodeByteLevel } from "../../packages/engine/src/byte-decoding.js";

export interface SmallVocab {
  readonly vocab: Vocabulary;
  /** Token id → its bytes (ordinary tokens) or its special text. */
  readonly tokens: readonly ({ readonly bytes: Uint8Array } | { readonly special: string })[];
  readonly eos: number;
}

/**
 * A vocabulary with every listed ordinary token (text or raw bytes), the listed special tokens,
 * an EOS token, and `extraIds` unused ids past the tokenizer (as models' logits often have).
 */
export function smallVocabulary(ordinary: readonly (string | Uint8Array)[], specials: readonly string[] = [], extraIds = 3): SmallVocab {
  const enc = new TextEncoder();
  const vocab: Record<string, number> = {};
  const tokens: SmallVocab["tokens"][number][] = [];
  for (const t of ordinary) {
    const bytes = typeof t === "string" ? enc.encode(t) : t;
    const key = encodeByteLevel(bytes);
    if (key in vocab) continue;
    vocab[key] = tokens.length;
    tokens.push({ bytes });
  }
  const added: { id: number; content: string; special: boolean }[] = [];
  for (const text of [...specials, "<eos>"]) {
    added.push({ id: tokens.length, content: text, special: true });
    tokens.push({ special: text });
  }
  const eos = tokens.length - 1;
  const json = { model: { type: "BPE", vocab }, added_tokens: added, decoder: { type: "ByteLevel" } };
  return { vocab: Vocabulary.fromTokenizerJSON(json, { vocabSize: tokens.length + extraIds, eosTokenIds: [eos] }), tokens, eos };
}

/** Every single byte as a token, plus the given multi-byte ones: any text can be spelled. */
export function byteTokens(extra: readonly (string | Uint8Array)[] = []): (string | Uint8Array)[] {
  return [...Array.from({ length: 256 }, (_, b) => Uint8Array.of(b)), ...extra];
}
