// The real @mlc-ai/web-xgrammar (the grammar engine WebLLM bundles) as the FAKE engine's
// response_format compiler: TokenizerInfo from the family's tokenizer.json token table (as WebLLM
// builds it from its tokenizer, byte-level post-processing, logits length, stop tokens), a
// GrammarCompiler per family, a GrammarMatcher per response_format. Compiled grammars are kept per
// EBNF text to spare the tests repeated compiles (WebLLM itself recompiles when the grammar changes).
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResponseFormatCompiler, ResponseFormatMatcher } from "./fake-webllm.js";
import { tokenizerJSON, type TokenizerName } from "./tokenizers.js";
import { MLC_CONFIG, familyVocabulary } from "./webllm-setup.js";

const require = createRequire(import.meta.url);

interface XGrammar {
  TokenizerInfo: { createTokenizerInfo(vocab: string[], type: string, prependSpace: boolean, vocabSize: number, stops: number[]): Promise<unknown> };
  GrammarCompiler: { createGrammarCompiler(info: unknown, cacheEnabled?: boolean): Promise<{ compileGrammar(ebnf: string): Promise<unknown>; compileJSONSchema(schema: string): Promise<unknown> }> };
  GrammarMatcher: { createGrammarMatcher(compiled: unknown): Promise<ResponseFormatMatcher & { isTerminated(): boolean }> };
}

let loaded: XGrammar | undefined;

/** web-xgrammar is a UMD bundle written for browsers; copied to a .cjs file it loads in Node. */
function xgrammar(): XGrammar {
  if (!loaded) {
    const dir = join(tmpdir(), "toolmask-test");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "web-xgrammar.cjs");
    writeFileSync(file, readFileSync(require.resolve("@mlc-ai/web-xgrammar")));
    loaded = require(file) as XGrammar;
  }
  return loaded;
}

const compilers = new Map<TokenizerName, ResponseFormatCompiler>();

export function xgrammarResponseFormat(family: TokenizerName): ResponseFormatCompiler {
  let compile = compilers.get(family);
  if (compile) return compile;
  const xg = xgrammar();
  const json = tokenizerJSON(family) as unknown as { model: { vocab: Record<string, number> }; added_tokens?: { id: number; content: string }[]; decoder?: unknown };
  const size = familyVocabulary(family).vocabSize;
  const table = new Array<string>(size).fill("");
  for (const [text, id] of Object.entries(json.model.vocab)) table[id] = text;
  for (const t of json.added_tokens ?? []) table[t.id] = t.content;
  const type = JSON.stringify(json.decoder ?? {}).includes('"ByteLevel"') ? "byte_level" : "byte_fallback";
  const compiler = xg.TokenizerInfo.createTokenizerInfo(table, type, false, size, MLC_CONFIG[family]!.stopTokenIds).then((info) => xg.GrammarCompiler.createGrammarCompiler(info, false));
  const compiled = new Map<string, Promise<unknown>>();
  compile = async (format) => {
    const key = JSON.stringify(format);
    let grammar = compiled.get(key);
    if (!grammar) {
      grammar = compiler.then((c) => (format.type === "grammar" ? c.compileGrammar(format.grammar!) : c.compileJSONSchema(JSON.stringify(format.schema ?? {}))));
      compiled.set(key, grammar);
    }
    return xg.GrammarMatcher.createGrammarMatcher(await grammar);
  };
  compilers.set(family, compile);
  return compile;
}
