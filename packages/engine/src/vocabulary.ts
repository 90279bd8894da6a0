import { utf8Decode } from "@toolmask/grammar";
import { decodeByteLevelInto, decodeSentencepiece, utf8, type ByteEncoding } from "./byte-decoding.js";
import { VocabularyError } from "./errors.js";
import { buildTokenTrie, layoutTokenTrie, type TokenTrie } from "./token-trie.js";

/** The parts of a Hugging Face `tokenizer.json` the vocabulary reads. */
export interface TokenizerJSON {
  readonly model: { readonly type?: string; readonly vocab: Record<string, number> | readonly (readonly [string, number])[]; readonly byte_fallback?: boolean };
  readonly added_tokens?: readonly { readonly id: number; readonly content: string; readonly special?: boolean }[];
  readonly decoder?: unknown;
  readonly pre_tokenizer?: unknown;
}

export interface VocabularyOptions {
  /**
   * Length of the model's logits (`vocab_size` in mlc-chat-config.json / config.json). It may
   * exceed the tokenizer: Qwen3 has 151,669 tokens and 151,936 logits. Ids without a token are
   * never allowed. Defaults to one past the largest token id.
   */
  readonly vocabSize?: number;
  /** Ids that end generation (EOS and other stop tokens): allowed exactly where the grammar can end. */
  readonly eosTokenIds?: readonly number[];
  /** The same, named by text (e.g. `"<|im_end|>"`); combined with `eosTokenIds`. */
  readonly eosTokens?: readonly string[];
}

/** Stop tokens used when none are given: the end-of-turn and end-of-text markers of common families. */
const DEFAULT_EOS_TEXTS = [
  "</s>",
  "<|endoftext|>",
  "<|im_end|>",
  "<|eot_id|>",
  "<|end_of_text|>",
  "<|eom_id|>",
  "<end_of_turn>",
  "<eos>",
  "<｜end▁of▁sentence｜>",
  "<|return|>",
  "<|call|>",
];

/**
 * A model's vocabulary as the engine needs it: each token's bytes, which tokens are special
 * (matched only by special-token terminals, never by their spelling), the stop tokens, the
 * logits length, and a trie of the ordinary tokens. Built once per tokenizer and shared by
 * every grammar compiled for it; `serialize()` lets a browser cache it.
 */
export class Vocabulary {
  /** Logits length; masks have ceil(vocabSize / 32) words. */
  readonly vocabSize: number;
  readonly eosTokenIds: readonly number[];
  readonly encoding: ByteEncoding;
  readonly trie: TokenTrie;
  /** Special tokens by text (added tokens that are marked special or are not in the model's own vocabulary). */
  readonly specialTokens: ReadonlyMap<string, number>;
  /** Every token's text by id ("" for ids without a token), for display and special-token lookup. */
  private readonly texts: readonly string[];
  private readonly bytes: Uint8Array;
  private readonly offsets: Uint32Array;
  /** Per-vocabulary caches shared by compiled grammars (token classifications, see `classify.ts`). */
  readonly caches = new Map<string, unknown>();
  /**
   * Bytes of token classifications kept for all grammars on this vocabulary before the oldest
   * are dropped (default 64 MiB; a classification of a 128k vocabulary is up to 16 KiB). Dropped
   * ones are worked out again when parsing reaches them; masks stay exact at any budget.
   */
  classificationCacheBytes = 64 * 2 ** 20;

  private constructor(init: VocabularyData) {
    this.vocabSize = init.vocabSize;
    this.eosTokenIds = init.eosTokenIds;
    this.encoding = init.encoding;
    this.texts = init.texts;
    this.specialTokens = init.special;
    this.bytes = init.bytes;
    this.offsets = init.offsets;
    this.trie = init.trie;
  }

  /**
   * Reads a Hugging Face `tokenizer.json` (the parsed object). Byte-level BPE and sentencepiece
   * vocabularies with byte fallback are supported; others throw `VocabularyError`.
   *
   * @example
   * const vocab = Vocabulary.fromTokenizerJSON(tokenizerJson, { vocabSize: 151936, eosTokens: ["<|im_end|>", "<|endoftext|>"] });
   */
  static fromTokenizerJSON(json: TokenizerJSON, options: VocabularyOptions = {}): Vocabulary {
    const encoding = detectEncoding(json);
    const model = json.model.vocab;
    const texts: string[] = [];
    if (Array.isArray(model)) {
      (model as (readonly [string, number])[]).forEach(([text], id) => (texts[id] = text));
    } else {
      for (const text in model as Record<string, number>) texts[(model as Record<string, number>)[text]!] = text;
    }
    const added = json.added_tokens ?? [];
    for (const t of added) texts[t.id] = t.content;
    const count = texts.length;
    for (let id = 0; id < count; id++) if (texts[id] === undefined) texts[id] = "";
    const vocabSize = options.vocabSize ?? count;
    if (!Number.isInteger(vocabSize) || vocabSize < count) {
      throw new VocabularyError("invalid_vocab_size", `vocabSize ${vocabSize} is smaller than the tokenizer's ${count} token ids`);
    }

    const inModel = (text: string): boolean => (Array.isArray(model) ? (model as (readonly [string, number])[]).some(([t]) => t === text) : Object.prototype.hasOwnProperty.call(model, text));
    const special = new Map<string, number>();
    for (const t of added) {
      // Qwen3's <tool_call> is "special": false but absent from the model vocabulary: the model
      // emits it as one token, so it is matched only as that token.
      if (t.special || !inModel(t.content)) special.set(t.content, t.id);
    }

    const eos = new Set<number>(options.eosTokenIds ?? []);
    for (const text of options.eosTokens ?? []) {
      const id = special.get(text) ?? (Array.isArray(model) ? undefined : (model as Record<string, number>)[text]);
      if (id === undefined) throw new VocabularyError("unknown_token", `EOS token ${JSON.stringify(text)} is not in the vocabulary`);
      eos.add(id);
    }
    if (options.eosTokenIds === undefined && options.eosTokens === undefined) {
      for (const text of DEFAULT_EOS_TEXTS) {
        const id = special.get(text);
        if (id !== undefined) eos.add(id);
      }
    }
    for (const id of eos) {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new VocabularyError("unknown_token", `EOS token id ${id} is outside the vocabulary (size ${vocabSize})`);
    }

    // Every token's bytes go straight into one buffer, indexed by id; special, stop and unused
    // ids get empty ranges. A UTF-16 unit never needs more than 3 UTF-8 bytes.
    const specialIds = new Set(special.values());
    let capacity = 0;
    for (let id = 0; id < count; id++) capacity += texts[id]!.length;
    let bytes = new Uint8Array(encoding === "byte-level" ? capacity : capacity * 3);
    const offsets = new Uint32Array(count + 1);
    const ordinary: number[] = [];
    let at = 0;
    for (let id = 0; id < count; id++) {
      offsets[id] = at;
      const text = texts[id]!;
      if (text === "" || specialIds.has(id) || eos.has(id)) continue;
      let n = encoding === "byte-level" ? decodeByteLevelInto(text, bytes, at) : -1;
      if (n < 0) {
        // A sentencepiece token, or a byte-level entry spelled in plain text.
        const b = encoding === "byte-level" ? utf8(text) : decodeSentencepiece(text);
        if (at + b.length > bytes.length) {
          const grown = new Uint8Array((at + b.length) * 2);
          grown.set(bytes);
          bytes = grown;
        }
        bytes.set(b, at);
        n = b.length;
      }
      at += n;
      if (n > 0) ordinary.push(id);
    }
    offsets[count] = at;
    bytes = bytes.slice(0, at);
    const trie = buildTokenTrie(Uint32Array.from(ordinary), bytes, offsets);
    return new Vocabulary({ vocabSize, eosTokenIds: [...eos].sort((a, b) => a - b), encoding, texts, special, bytes, offsets, trie });
  }

  /** Number of token ids the tokenizer defines (may be less than `vocabSize`). */
  get tokenCount(): number {
    return this.texts.length;
  }

  /** The bytes an ordinary token stands for; empty for special, stop and unused ids. */
  tokenBytes(id: number): Uint8Array {
    if (id < 0 || id >= this.texts.length) return new Uint8Array(0);
    return this.bytes.subarray(this.offsets[id]!, this.offsets[id + 1]!);
  }

  /** The token's text as written in tokenizer.json (for special tokens, their content). */
  tokenText(id: number): string {
    return this.texts[id] ?? "";
  }

  isSpecial(id: number): boolean {
    return this.specialTokens.get(this.texts[id] ?? "") === id;
  }

  /** @internal Every token's bytes in one buffer: token `id` is `bytes[offsets[id] .. offsets[id + 1])`. */
  rawBytes(): { readonly bytes: Uint8Array; readonly offsets: Uint32Array } {
    return { bytes: this.bytes, offsets: this.offsets };
  }

  /** @internal A trie of just the given ordinary tokens, listed in the vocabulary trie's order (filtered from `trie.tokenIds`). */
  subsetTrie(ids: Uint32Array): TokenTrie {
    return layoutTokenTrie(ids, this.bytes, this.offsets);
  }

  /**
   * A compact binary form (token texts, bytes, special and stop ids, trie) to cache in IndexedDB
   * or a file; `Vocabulary.deserialize` restores it without reading tokenizer.json again.
   */
  serialize(): Uint8Array {
    return serializeVocabulary(this, this.texts, this.bytes, this.offsets);
  }

  static deserialize(data: Uint8Array): Vocabulary {
    const d = deserializeVocabulary(data);
    return new Vocabulary(d);
  }
}

/** What a vocabulary is made of; also what `serialize` stores. */
interface VocabularyData {
  vocabSize: number;
  eosTokenIds: number[];
  encoding: ByteEncoding;
  texts: string[];
  special: Map<string, number>;
  bytes: Uint8Array;
  offsets: Uint32Array;
  trie: TokenTrie;
}

function detectEncoding(json: TokenizerJSON): ByteEncoding {
  const mentions = (x: unknown, type: string): boolean => JSON.stringify(x ?? null).includes(`"type":"${type}"`);
  if (mentions(json.decoder, "ByteLevel") || mentions(json.pre_tokenizer, "ByteLevel")) return "byte-level";
  if (json.model.byte_fallback || mentions(json.decoder, "ByteFallback") || mentions(json.decoder, "Metaspace") || mentions(json.pre_tokenizer, "Metaspace")) return "sentencepiece";
  throw new VocabularyError("unsupported_tokenizer", `tokenizer model ${json.model.type ?? "?"} is neither byte-level BPE nor sentencepiece with byte fallback; its tokens' bytes cannot be known`);
}

// Serialized layout: a JSON header (lengths, scalars, texts) followed by the typed arrays, each
// aligned to 4 bytes. Version 1.
const MAGIC = "toolmask-vocab-1";

function serializeVocabulary(v: Vocabulary, texts: readonly string[], bytes: Uint8Array, offsets: Uint32Array): Uint8Array {
  const t = v.trie;
  const arrays: ArrayBufferView[] = [bytes, offsets, t.byte, t.depth, t.subtreeEnd, t.tokenStart, t.tokenEnd, t.tokenIds];
  const header = utf8(
    JSON.stringify({
      magic: MAGIC,
      vocabSize: v.vocabSize,
      eos: v.eosTokenIds,
      encoding: v.encoding,
      texts,
      special: [...v.specialTokens],
      trieSize: t.size,
      maxDepth: t.maxDepth,
      lengths: arrays.map((a) => a.byteLength),
    }),
  );
  const pad = (n: number): number => (n + 3) & ~3;
  let total = 4 + pad(header.length);
  for (const a of arrays) total += pad(a.byteLength);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let at = 4 + pad(header.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad(a.byteLength);
  }
  return out;
}

function deserializeVocabulary(data: Uint8Array): VocabularyData {
  const fail = (why: string): never => {
    throw new VocabularyError("invalid_serialized_vocabulary", `not a serialized toolmask vocabulary: ${why}`);
  };
  if (data.byteLength < 8) fail("too short");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > data.byteLength) fail("header length out of range");
  let header: { magic: string; vocabSize: number; eos: number[]; encoding: ByteEncoding; texts: string[]; special: [string, number][]; trieSize: number; maxDepth: number; lengths: number[] };
  try {
    const text = utf8Decode(data.subarray(4, 4 + headerLength));
    header = JSON.parse("text" in text ? text.text : "");
  } catch {
    return fail("unreadable header");
  }
  if (header.magic !== MAGIC) fail(`unknown format ${JSON.stringify(header.magic)}`);
  const pad = (n: number): number => (n + 3) & ~3;
  let at = 4 + pad(headerLength);
  const take = <T>(make: (buf: ArrayBuffer, length: number) => T, bytesPer: number, i: number): T => {
    const length = header.lengths[i]!;
    if (at + length > data.byteLength) fail("truncated");
    // Copy into a fresh, aligned buffer: the input may sit at any offset.
    const copy = data.slice(at, at + length);
    at += pad(length);
    return make(copy.buffer, length / bytesPer);
  };
  const bytes = take((b, n) => new Uint8Array(b, 0, n), 1, 0);
  const offsets = take((b, n) => new Uint32Array(b, 0, n), 4, 1);
  const trie: TokenTrie = {
    size: header.trieSize,
    maxDepth: header.maxDepth,
    byte: take((b, n) => new Uint8Array(b, 0, n), 1, 2),
    depth: take((b, n) => new Uint16Array(b, 0, n), 2, 3),
    subtreeEnd: take((b, n) => new Uint32Array(b, 0, n), 4, 4),
    tokenStart: take((b, n) => new Uint32Array(b, 0, n), 4, 5),
    tokenEnd: take((b, n) => new Uint32Array(b, 0, n), 4, 6),
    tokenIds: take((b, n) => new Uint32Array(b, 0, n), 4, 7),
  };
  return { vocabSize: header.vocabSize, eosTokenIds: header.eos, encoding: header.encoding, texts: header.texts, special: new Map(header.special), bytes, offsets, trie };
}
