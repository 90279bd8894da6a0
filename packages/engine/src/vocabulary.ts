import { utf8Decode } from "@toolmask/grammar";
import { decodeByteLevelInto, decodeSentencepiece, utf8, type ByteEncoding } from "./byte-decoding.js";
import { VocabularyError } from "./errors.js";
import { buildTokenTrie, compareFrom, layoutTokenTrie, type TokenTrie } from "./token-trie.js";

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
   * vocabularies with byte fallback are supported; others throw `VocabularyError`
   * (`unsupported_tokenizer`). A malformed file — a token id that is not an integer in
   * [0, MAX_VOCAB_SIZE), one id given to two different texts, `model.vocab` not an object (or
   * list), `added_tokens` not a list — throws `VocabularyError("invalid_tokenizer")` naming the
   * token and id; a `vocabSize` below the tokenizer's ids or above MAX_VOCAB_SIZE throws
   * `invalid_vocab_size`.
   *
   * @example
   * const vocab = Vocabulary.fromTokenizerJSON(tokenizerJson, { vocabSize: 151936, eosTokens: ["<|im_end|>", "<|endoftext|>"] });
   */
  static fromTokenizerJSON(json: TokenizerJSON, options: VocabularyOptions = {}): Vocabulary {
    const { texts, added, modelHas, modelId } = readTokens(json);
    const encoding = detectEncoding(json);
    const count = texts.length;
    const opts = readOptions(options);
    const vocabSize = opts.vocabSize ?? count;
    if (vocabSize < count) {
      throw new VocabularyError("invalid_vocab_size", `vocabSize ${vocabSize} is smaller than the tokenizer's ${count} token ids (the largest, ${count - 1}, is ${quote(texts[count - 1]!)})`);
    }

    const special = new Map<string, number>();
    for (const t of added) {
      // Qwen3's <tool_call> is "special": false but absent from the model vocabulary: the model
      // emits it as one token, so it is matched only as that token.
      if (t.special || !modelHas(t.content)) special.set(t.content, t.id);
    }

    const eos = new Set<number>(opts.eosTokenIds ?? []);
    for (const text of opts.eosTokens ?? []) {
      const id = special.get(text) ?? modelId(text);
      if (id === undefined) throw new VocabularyError("unknown_token", `EOS token ${JSON.stringify(text)} is not in the vocabulary`);
      eos.add(id);
    }
    if (opts.eosTokenIds === undefined && opts.eosTokens === undefined) {
      for (const text of DEFAULT_EOS_TEXTS) {
        const id = special.get(text);
        if (id !== undefined) eos.add(id);
      }
    }
    for (const id of eos) {
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= vocabSize) throw new VocabularyError("unknown_token", `EOS token id ${describe(id)} is outside the vocabulary (size ${vocabSize})`);
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
      if (n > MAX_TOKEN_BYTES) throw new VocabularyError("invalid_tokenizer", `tokenizer.json: token ${id} (${quote(text)}) is ${n} bytes long; at most ${MAX_TOKEN_BYTES} are supported`);
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

  /**
   * A compact binary form (token texts, bytes, special and stop ids, trie) to cache in IndexedDB
   * or a file; `Vocabulary.deserialize` restores it without reading tokenizer.json again.
   */
  serialize(): Uint8Array {
    return serializeVocabulary(this, this.texts, this.bytes, this.offsets);
  }

  /**
   * The vocabulary `serialize()` wrote. Bytes that are not one — damaged, truncated, another
   * version — throw `VocabularyError("invalid_serialized_vocabulary")` (everything is checked,
   * in time linear in the data), so a cache can fall back to `fromTokenizerJSON`.
   */
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

/**
 * Largest `vocabSize` (logits length) a vocabulary may have, and so one past the largest token
 * id: 2^24 = 16,777,216, 64 times the largest real vocabularies (Gemma 3 has 262,144 tokens).
 * Per-id tables are sized by the largest id, so an id like 2^31 in a damaged tokenizer.json is
 * refused with `VocabularyError("invalid_tokenizer")` rather than exhausting memory.
 */
export const MAX_VOCAB_SIZE = 2 ** 24;

/** Longest token, in bytes, the token trie can hold (its depths are 16-bit). */
const MAX_TOKEN_BYTES = 0xffff;

type Loose = Record<string, unknown>;

const isObject = (x: unknown): x is Loose => typeof x === "object" && x !== null && !Array.isArray(x);

/** A value for an error message: numbers as written, anything else as JSON (or its type). */
function describe(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (x === undefined) return "missing";
  try {
    return JSON.stringify(x) ?? typeof x;
  } catch {
    return typeof x;
  }
}

/** A token's text for an error message, quoted and cut short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

interface TokenizerTokens {
  /** Every token's text by id, "" for ids no entry names. */
  texts: string[];
  added: { id: number; content: string; special: boolean }[];
  /** True if the model's own vocabulary (not `added_tokens`) has a token with this text. */
  modelHas: (text: string) => boolean;
  /** The model-vocabulary id of a text (byte-level BPE and other object vocabularies only). */
  modelId: (text: string) => number | undefined;
}

/**
 * The token texts of a tokenizer.json by id, checked: ids are integers in [0, MAX_VOCAB_SIZE),
 * an id names one text, the parts have the right shapes. Anything else is a
 * `VocabularyError("invalid_tokenizer")` naming the token and id.
 */
function readTokens(json: unknown): TokenizerTokens {
  const invalid = (why: string): never => {
    throw new VocabularyError("invalid_tokenizer", `tokenizer.json ${why}`);
  };
  if (!isObject(json)) return invalid(`is ${describe(json)}, not an object`);
  const model = json["model"];
  if (!isObject(model)) return invalid(`has no "model" object (found ${describe(model)})`);
  const vocab = model["vocab"];
  const texts: (string | undefined)[] = [];
  const checkId = (id: unknown, text: string, where: string): number => {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0) {
      return invalid(`${where}: token ${quote(text)} has id ${describe(id)}; ids are non-negative integers`);
    }
    if (id >= MAX_VOCAB_SIZE) return invalid(`${where}: token ${quote(text)} has id ${id}, past the largest supported id ${MAX_VOCAB_SIZE - 1} (MAX_VOCAB_SIZE is ${MAX_VOCAB_SIZE})`);
    return id;
  };
  const place = (id: number, text: string, where: string): void => {
    const before = texts[id];
    if (before !== undefined && before !== text) invalid(`${where}: id ${id} is given to both ${quote(before)} and ${quote(text)}`);
    texts[id] = text;
  };
  let modelHas: (text: string) => boolean;
  let modelId: (text: string) => number | undefined;
  if (Array.isArray(vocab)) {
    // Unigram: a list of [piece, score]; the id is the position.
    if (vocab.length > MAX_VOCAB_SIZE) invalid(`model.vocab has ${vocab.length} entries, more than MAX_VOCAB_SIZE (${MAX_VOCAB_SIZE})`);
    for (let id = 0; id < vocab.length; id++) {
      const entry: unknown = vocab[id];
      if (!Array.isArray(entry) || typeof entry[0] !== "string") invalid(`model.vocab[${id}] is ${describe(entry)}, not a [token, score] pair`);
      texts[id] = (entry as [string])[0];
    }
    let pieces: Set<string> | undefined;
    modelHas = (text) => (pieces ??= new Set(texts as string[])).has(text);
    modelId = () => undefined;
  } else if (isObject(vocab)) {
    for (const text of Object.keys(vocab)) place(checkId(vocab[text], text, "model.vocab"), text, "model.vocab");
    modelHas = (text) => Object.prototype.hasOwnProperty.call(vocab, text);
    modelId = (text) => (Object.prototype.hasOwnProperty.call(vocab, text) ? (vocab[text] as number) : undefined);
  } else {
    return invalid(`"model.vocab" is ${describe(vocab)}, not an object of token → id (or a list of [token, score] pairs)`);
  }
  const addedList = json["added_tokens"];
  if (addedList !== undefined && addedList !== null && !Array.isArray(addedList)) invalid(`"added_tokens" is ${describe(addedList)}, not a list`);
  const added: TokenizerTokens["added"] = [];
  ((addedList ?? []) as unknown[]).forEach((t, i) => {
    const where = `added_tokens[${i}]`;
    if (!isObject(t) || typeof t["content"] !== "string") return invalid(`${where} is ${describe(t)}, not an object with a string "content"`);
    const content = t["content"];
    const id = checkId(t["id"], content, where);
    place(id, content, where);
    added.push({ id, content, special: Boolean(t["special"]) });
  });
  const dense = texts as string[];
  for (let id = 0; id < dense.length; id++) if (dense[id] === undefined) dense[id] = "";
  return { texts: dense, added, modelHas, modelId };
}

/** Options checked for type and range (`invalid_vocab_size`, `invalid_option`). */
function readOptions(options: unknown): VocabularyOptions {
  if (!isObject(options)) throw new VocabularyError("invalid_option", `options must be an object, not ${describe(options)}`);
  const { vocabSize, eosTokenIds, eosTokens } = options;
  if (vocabSize !== undefined && (typeof vocabSize !== "number" || !Number.isInteger(vocabSize) || vocabSize < 0 || vocabSize > MAX_VOCAB_SIZE)) {
    throw new VocabularyError("invalid_vocab_size", `vocabSize ${describe(vocabSize)} must be an integer from 0 to MAX_VOCAB_SIZE (${MAX_VOCAB_SIZE})`);
  }
  if (eosTokenIds !== undefined && !Array.isArray(eosTokenIds)) throw new VocabularyError("invalid_option", `eosTokenIds must be a list of token ids, not ${describe(eosTokenIds)}`);
  if (eosTokens !== undefined && (!Array.isArray(eosTokens) || !eosTokens.every((t) => typeof t === "string"))) {
    throw new VocabularyError("invalid_option", `eosTokens must be a list of token texts, not ${describe(eosTokens)}`);
  }
  return options as VocabularyOptions;
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

/**
 * Reads what `serializeVocabulary` wrote, checking everything a vocabulary relies on (ids in
 * range, token byte ranges inside the buffer, the trie being exactly the trie of the ordinary
 * tokens), so damaged or truncated bytes give `VocabularyError("invalid_serialized_vocabulary")`
 * and never a vocabulary that misbehaves later. Linear in the data.
 */
function deserializeVocabulary(data: Uint8Array): VocabularyData {
  const fail = (why: string): never => {
    throw new VocabularyError("invalid_serialized_vocabulary", `not a serialized toolmask vocabulary: ${why}`);
  };
  if (!(data instanceof Uint8Array)) fail(`expected a Uint8Array, got ${describe(data)}`);
  if (data.byteLength < 8) fail("too short");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > data.byteLength) fail("header length out of range");
  const text = decodeUtf8(data.subarray(4, 4 + headerLength));
  if (text === undefined) return fail("header is not UTF-8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail("header is not JSON");
  }
  const header = readHeader(raw, fail);
  const pad = (n: number): number => (n + 3) & ~3;
  let at = 4 + pad(headerLength);
  const take = <T>(make: (buf: ArrayBuffer, length: number) => T, bytesPer: number, i: number): T => {
    const length = header.lengths[i]!;
    if (length % bytesPer !== 0) fail(`array ${i} has ${length} bytes, not a multiple of ${bytesPer}`);
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
  const { texts, special, eos } = header;
  const count = texts.length;

  // Token byte ranges: one per id, in order, covering the buffer.
  if (offsets.length !== count + 1) fail(`${offsets.length} token offsets for ${count} tokens`);
  if (offsets[0] !== 0 || offsets[count] !== bytes.length) fail("token offsets do not cover the token bytes");
  for (let id = 0; id < count; id++) {
    if (offsets[id]! > offsets[id + 1]!) fail(`token ${id}'s byte range is reversed`);
    if (offsets[id + 1]! - offsets[id]! > MAX_TOKEN_BYTES) fail(`token ${id} is longer than ${MAX_TOKEN_BYTES} bytes`);
  }
  // Special and stop tokens have no bytes (they are matched as themselves).
  for (const [text, id] of special) {
    if (id >= count || texts[id] !== text) fail(`special token ${quote(text)} does not match token ${id}`);
    if (offsets[id + 1] !== offsets[id]) fail(`special token ${id} has bytes`);
  }
  for (const id of eos) if (id < count && offsets[id + 1] !== offsets[id]) fail(`stop token ${id} has bytes`);
  // The trie lists exactly the tokens with bytes, sorted by their bytes then id, ...
  const ids = trie.tokenIds;
  let ordinary = 0;
  for (let id = 0; id < count; id++) if (offsets[id + 1]! > offsets[id]!) ordinary++;
  if (ids.length !== ordinary) fail(`the trie lists ${ids.length} tokens; ${ordinary} have bytes`);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    if (id >= count || offsets[id + 1] === offsets[id]) fail(`the trie lists token ${id}, which has no bytes`);
    if (k > 0 && compareFrom(ids[k - 1]!, id, 0, bytes, offsets) >= 0) fail("the trie's tokens are out of order");
  }
  // ... and its nodes are the ones those tokens make.
  const expected = layoutTokenTrie(ids, bytes, offsets);
  const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  if (
    trie.size !== expected.size ||
    trie.maxDepth !== expected.maxDepth ||
    !same(trie.byte, expected.byte) ||
    !same(trie.depth, expected.depth) ||
    !same(trie.subtreeEnd, expected.subtreeEnd) ||
    !same(trie.tokenStart, expected.tokenStart) ||
    !same(trie.tokenEnd, expected.tokenEnd)
  ) {
    fail("the trie does not match the tokens");
  }
  return { vocabSize: header.vocabSize, eosTokenIds: eos, encoding: header.encoding, texts, special: new Map(special), bytes, offsets, trie };
}

// In every browser, worker and Node, but in no ES lib.
declare const TextDecoder: (new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string }) | undefined;

/** Well-formed UTF-8 as text, else undefined. The platform's decoder where there is one (~20× faster than `utf8Decode` on a 3 MB header). */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (typeof TextDecoder === "function") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  const decoded = utf8Decode(bytes);
  return "text" in decoded ? decoded.text : undefined;
}

interface SerializedHeader {
  vocabSize: number;
  eos: number[];
  encoding: ByteEncoding;
  texts: string[];
  special: [string, number][];
  trieSize: number;
  maxDepth: number;
  lengths: number[];
}

/** The serialized header's fields, each checked for type and range. */
function readHeader(raw: unknown, fail: (why: string) => never): SerializedHeader {
  if (!isObject(raw)) return fail("header is not an object");
  if (raw["magic"] !== MAGIC) fail(`unknown format ${describe(raw["magic"])}`);
  const count = (x: unknown, max: number): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= max;
  const { vocabSize, eos, encoding, texts, special, trieSize, maxDepth, lengths } = raw;
  if (!count(vocabSize, MAX_VOCAB_SIZE)) return fail(`vocabSize ${describe(vocabSize)} is not an integer from 0 to ${MAX_VOCAB_SIZE}`);
  if (!Array.isArray(texts) || texts.length > vocabSize || !texts.every((t) => typeof t === "string")) return fail("token texts are not a list of at most vocabSize strings");
  if (!Array.isArray(eos) || !eos.every((id, i) => count(id, vocabSize - 1) && (i === 0 || id > eos[i - 1]))) return fail("stop token ids are not sorted ids below vocabSize");
  if (encoding !== "byte-level" && encoding !== "sentencepiece") return fail(`unknown byte encoding ${describe(encoding)}`);
  if (!Array.isArray(special) || !special.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && count(p[1], texts.length - 1))) {
    return fail("special tokens are not a list of [text, id] pairs");
  }
  if (new Set(special.map((p: [string, number]) => p[0])).size !== special.length) fail("a special token is listed twice");
  if (!count(trieSize, 2 ** 32 - 1) || !count(maxDepth, MAX_TOKEN_BYTES)) return fail("trie size or depth out of range");
  if (!Array.isArray(lengths) || lengths.length !== 8 || !lengths.every((n) => count(n, 2 ** 32 - 1))) return fail("array lengths are not 8 byte counts");
  return { vocabSize, eos, encoding, texts, special, trieSize, maxDepth, lengths };
}
