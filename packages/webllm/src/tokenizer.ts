// Prompt tokenization for the token driver. WebLLM 0.2.86 exports no tokenizer, so toolmask builds
// one from the model's own tokenizer.json (and tokenizer_config.json) with @lenml/tokenizers, a
// dependency-free port of transformers.js's tokenizers that runs in browsers, Workers and Node.
import { TokenizerLoader } from "@lenml/tokenizers";
import type { Vocabulary } from "@toolmask/engine";

/** Text → token ids, special tokens written in the text (`<|im_start|>`) becoming their ids. */
export interface TextTokenizer {
  encode(text: string): number[];
}

/**
 * A tokenizer from a Hugging Face `tokenizer.json` (parsed) and `tokenizer_config.json`. No BOS is
 * added: chat templates print it themselves.
 */
export function createTokenizer(tokenizerJSON: unknown, tokenizerConfig: unknown = {}): TextTokenizer {
  const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON: tokenizerJSON as never, tokenizerConfig: tokenizerConfig as never });
  return { encode: (text) => tokenizer.encode(text, { add_special_tokens: false }) };
}

/** A tokenizer built on first use (building one from tokenizer.json takes a noticeable fraction of a second). */
export function lazyTokenizer(build: () => TextTokenizer): TextTokenizer {
  let tokenizer: TextTokenizer | undefined;
  return { encode: (text) => (tokenizer ??= build()).encode(text) };
}

/** The bytes a token stands for in generated text: special tokens as their text, as WebLLM's decoder keeps them. */
export function outputBytes(vocab: Vocabulary, id: number): Uint8Array {
  const bytes = vocab.tokenBytes(id);
  if (bytes.length > 0 || id >= vocab.tokenCount) return bytes;
  return new TextEncoder().encode(vocab.tokenText(id));
}
