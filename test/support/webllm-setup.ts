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

/**
 * A harmony chat template WRITTEN FOR THESE TESTS, following the harmony message format of
 * gpt-oss (system, developer with the functions namespace, calls on the commentary channel ending
 * in <|call|>, tool results from functions.NAME, generation prompt <|start|>assistant): the npm
 * gpt-oss tokenizer package ships no chat template. Tool parameters are printed as JSON schemas,
 * not as gpt-oss's TypeScript-like types.
 */
export const HARMONY_TEST_TEMPLATE = [
  "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\n\nReasoning: {{ reasoning_effort | default('medium') }}\n\n",
  "# Valid channels: analysis, commentary, final. Channel must be included for every message.",
  "{% if tools %}\nCalls to these tools must go to the commentary channel: 'functions'.{% endif %}<|end|>",
  "{% set sys = namespace(text='') %}{% for m in messages %}{% if m.role == 'system' %}{% set sys.text = m.content %}{% endif %}{% endfor %}",
  "{% if tools or sys.text %}<|start|>developer<|message|>{% if sys.text %}# Instructions\n\n{{ sys.text }}\n\n{% endif %}",
  "{% if tools %}# Tools\n\n## functions\n\nnamespace functions {\n\n{% for t in tools %}{% if t.function.description %}// {{ t.function.description }}\n{% endif %}",
  "type {{ t.function.name }} = (_: {{ t.function.parameters | tojson }}) => any;\n\n{% endfor %}} // namespace functions{% endif %}<|end|>{% endif %}",
  "{% set last = namespace(name='') %}{% for m in messages %}",
  "{% if m.role == 'user' %}<|start|>user<|message|>{{ m.content }}<|end|>",
  "{% elif m.role == 'assistant' %}{% if m.tool_calls %}{% for c in m.tool_calls %}{% set last.name = c.function.name %}",
  "<|start|>assistant<|channel|>commentary to=functions.{{ c.function.name }} <|constrain|>json<|message|>{{ c.function.arguments }}<|call|>{% endfor %}",
  "{% else %}<|start|>assistant<|channel|>final<|message|>{{ m.content }}<|end|>{% endif %}",
  "{% elif m.role == 'tool' %}<|start|>functions.{{ last.name }} to=assistant<|channel|>commentary<|message|>{{ m.content }}<|end|>{% endif %}",
  "{% endfor %}{% if add_generation_prompt %}<|start|>assistant{% endif %}",
].join("");

export function familyTemplate(name: TokenizerName): { chatTemplate: string; bosToken: string | null; eosToken: string | null } {
  const config = tokenizerConfig(name);
  const chatTemplate = typeof config.chat_template === "string" ? config.chat_template : name === "gptoss" ? HARMONY_TEST_TEMPLATE : undefined;
  if (chatTemplate === undefined) throw new Error(`the ${name} tokenizer package has no chat template`);
  return { chatTemplate, bosToken: tokenText(config.bos_token), eosToken: tokenText(config.eos_token) };
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
