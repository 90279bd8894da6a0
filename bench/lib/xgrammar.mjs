// Loads @mlc-ai/web-xgrammar in Node. The package is a UMD bundle written for browsers; copied
// to a .cjs file it loads through require and exposes its classes.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);

export function loadXGrammar() {
  const dir = join(tmpdir(), "toolmask-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "web-xgrammar-0.1.27.cjs");
  writeFileSync(file, readFileSync(require.resolve("@mlc-ai/web-xgrammar")));
  return require(file);
}

/** The encoded vocabulary list web-xgrammar's TokenizerInfo wants (index = token id). */
export function encodedVocab(tokenizerJson, vocabSize) {
  const list = new Array(vocabSize).fill("");
  const model = tokenizerJson.model.vocab;
  for (const text in model) list[model[text]] = text;
  for (const t of tokenizerJson.added_tokens ?? []) list[t.id] = t.content;
  return list;
}

export function vocabType(tokenizerJson) {
  return JSON.stringify(tokenizerJson.decoder ?? {}).includes('"ByteLevel"') ? "byte_level" : "byte_fallback";
}
