// Wires a real tokenizer, its chat template, a ToolModel and the FAKE WebLLM engine together for
// tests of @toolmask/webllm.
import { ToolModel, withTools, type Backend, type Driver } from "@toolmask/webllm";
import { Vocabulary } from "@toolmask/engine";
import { FakeMLCEngine, type ResponseFormatCompiler, type TestModel } from "./fake-webllm.js";
import { loadTokenizer, tokenizerConfig, tokenizerJSON, type TokenizerName } from "./tokenizers.js";

/** What mlc-chat-config.json says for each family: conv_template stop ids and strings, vocab_size. */
export const MLC_CONFIG: Partial<Record<TokenizerName, { modelId: string; format: string; stopTokenIds: number[]; stopStrings: string[]; logitsSize?: number }>> = {
  qwen3: { modelId: "Qwen3-1.7B-q4f16_1-MLC", format: "hermes", stopTokenIds: [151643, 151645], stopStrings: ["<|im_end|>"], logitsSize: 151_936 },
  llama3_1: { modelId: "Llama-3.1-8B-Instruct-q4f16_1-MLC", format: "llama3_json", stopTokenIds: [128001, 128008, 128009], stopStrings: ["<|eot_id|>"], logitsSize: 128_256 },
  deepseek_v3: { modelId: "DeepSeek-V3-MLC", format: "deepseek_v3", stopTokenIds: [1], stopStrings: ["<｜end▁of▁sentence｜>"] },
  gptoss: { modelId: "gpt-oss-20b-MLC", format: "harmony", stopTokenIds: [200002, 200012], stopStrings: [] },
};

const vocabularies = new Map<TokenizerName, Vocabulary>();

export function familyVocabulary(name: TokenizerName): Vocabulary {
  let v = vocabularies.get(name);
  if (!v) {
    const c = MLC_CONFIG[name]!;
    v = Vocabulary.fromTokenizerJSON(tokenizerJSON(name), { eosTokenIds: c.stopTokenIds, ...(c.logitsSize ? { vocabSize: c.logitsSize } : {}) });
    vocabularies.set(name, v);
  }
  return v;
}

function tokenText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string") return (value as { content: string }).content;
  return null;
}

export function familyTemplate(name: TokenizerName): { chatTemplate: string; bosToken: string | null; eosToken: string | null } {
  const config = tokenizerConfig(name);
  return { chatTemplate: String(config.chat_template), bosToken: tokenText(config.bos_token), eosToken: tokenText(config.eos_token) };
}

export interface FakeSetup {
  readonly engine: FakeMLCEngine;
  readonly model: ToolModel;
  readonly vocabulary: Vocabulary;
  readonly encode: (text: string) => number[];
  readonly client: ReturnType<typeof withTools>;
  /** Replaces the test model the fake engine samples from. */
  use(model: TestModel): void;
}

export interface FakeSetupOptions {
  readonly backend?: Backend;
  readonly driver?: Driver;
  readonly jumpForward?: boolean;
  readonly format?: string;
  /** The fake engine's context window (mlc-chat-config context_window_size), also given to the model. */
  readonly contextWindowSize?: number;
  /** web-xgrammar for the fake's response_format path (test/support/fake-xgrammar.ts). */
  readonly responseFormat?: ResponseFormatCompiler;
}

const tokenizers = new Map<TokenizerName, Promise<(text: string) => number[]>>();

/** The family's real tokenizer as an encode function (special tokens in the text become their ids). */
export function familyEncoder(name: TokenizerName): Promise<(text: string) => number[]> {
  let p = tokenizers.get(name);
  if (!p) {
    p = loadTokenizer(name).then((t) => (text: string) => t.encode(text, { add_special_tokens: false }));
    tokenizers.set(name, p);
  }
  return p;
}

/** A ToolModel for the family, registered with a FAKE engine that samples from `testModel`. */
export async function fakeSetup(name: TokenizerName, testModel: TestModel, options: FakeSetupOptions = {}): Promise<FakeSetup> {
  const c = MLC_CONFIG[name]!;
  const vocabulary = familyVocabulary(name);
  const encode = await familyEncoder(name);
  const model = new ToolModel({
    modelId: c.modelId,
    format: options.format ?? c.format,
    vocabulary,
    tokenizer: { encode },
    ...(options.contextWindowSize ? { generation: { contextWindowSize: options.contextWindowSize } } : {}),
    ...familyTemplate(name),
  });
  let current = testModel;
  const delegate: TestModel = { start: (ids) => current.start(ids), next: (l, o) => current.next(l, o) };
  const engine = new FakeMLCEngine(
    {
      [c.modelId]: {
        vocabulary,
        encode,
        stopTokenIds: c.stopTokenIds,
        stopStrings: c.stopStrings,
        model: delegate,
        ...(options.contextWindowSize ? { contextWindowSize: options.contextWindowSize } : {}),
        ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
      },
    },
    { logitProcessorRegistry: model.registry },
  );
  await engine.reload(c.modelId);
  const client = withTools(engine, {
    model,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.driver ? { driver: options.driver } : {}),
    ...(options.jumpForward !== undefined ? { jumpForward: options.jumpForward } : {}),
  });
  return { engine, model, vocabulary, encode, client, use: (m) => (current = m) };
}
