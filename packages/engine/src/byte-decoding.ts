import { utf8Encode } from "@toolmask/grammar";

/**
 * How a tokenizer spells bytes in its vocabulary strings.
 *
 * Byte-level BPE (GPT-2 and its descendants: Llama 3, Qwen, DeepSeek, gpt-oss) maps every byte
 * to a printable character: bytes that are already printable ASCII or Latin-1 map to themselves,
 * the other 68 to U+0100 onward, in byte order. Sentencepiece vocabularies (Llama 2, Mistral,
 * Gemma) keep text as is, write the space as U+2581 (▁), and use `<0xNN>` tokens for raw bytes.
 */
export type ByteEncoding = "byte-level" | "sentencepiece";

let byteLevelDecoder: Int16Array | undefined;

/** Char code → byte for the byte-level alphabet; -1 for characters outside it. */
function byteLevelTable(): Int16Array {
  if (byteLevelDecoder) return byteLevelDecoder;
  const table = new Int16Array(0x200).fill(-1);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[printable ? b : 0x100 + extra++] = b;
  }
  byteLevelDecoder = table;
  return table;
}

/** The byte-level vocabulary string that spells `bytes` (the inverse of `decodeByteLevel`). */
export function encodeByteLevel(bytes: Uint8Array): string {
  const table = byteLevelTable();
  const charOf = new Array<number>(256);
  for (let c = 0; c < table.length; c++) if (table[c]! >= 0) charOf[table[c]!] = c;
  return String.fromCharCode(...Array.from(bytes, (b) => charOf[b]!));
}

/** Bytes a byte-level vocabulary string stands for, or undefined if it is not in the alphabet. */
export function decodeByteLevel(token: string): Uint8Array | undefined {
  const out = new Uint8Array(token.length);
  return decodeByteLevelInto(token, out, 0) < 0 ? undefined : out;
}

/**
 * Writes the bytes of a byte-level vocabulary string into `out` at `at`; returns how many were
 * written, or -1 if a character is outside the byte alphabet (nothing useful was written).
 */
export function decodeByteLevelInto(token: string, out: Uint8Array, at: number): number {
  const table = byteLevelTable();
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const b = c < 0x200 ? table[c]! : -1;
    if (b < 0) return -1;
    out[at + i] = b;
  }
  return token.length;
}

const SP_SPACE = "\u2581";
const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/** Bytes a sentencepiece vocabulary string stands for (`<0xNN>` is one raw byte). */
export function decodeSentencepiece(token: string): Uint8Array {
  const m = BYTE_TOKEN.exec(token);
  if (m) return Uint8Array.of(parseInt(m[1]!, 16));
  return utf8(token.split(SP_SPACE).join(" "));
}

/** UTF-8 of a JS string; a lone surrogate (never in real vocabularies) becomes U+FFFD. */
export function utf8(text: string): Uint8Array {
  return utf8Encode(text.replace(LONE_SURROGATE, "\uFFFD"));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
