// toolmask's public API over the FAKE WebLLM engine of @toolmask/webllm/simulated, with a
// SCRIPTED MODEL (not an LLM) writing the logits, on a real tokenizer and chat template. Runs the
// same in Node and in a browser page: the caller supplies the tokenizer files.
import { Vocabulary, type TokenizerJSON } from "@toolmask/engine";
import { createTokenizer, ToolModel, withTools, type ToolChatClient } from "@toolmask/webllm";
import { FakeMLCEngine } from "@toolmask/webllm/simulated";
import { InstrumentedProcessor } from "./instrumented-processor.js";
import { ScriptedModel } from "./scripted-model.js";

/** What mlc-chat-config.json of WebLLM's Qwen3 builds says; the fake engine mimics it. */
export const QWEN3 = {
  /** The fake engine's model id: says what it is wherever it is shown. */
  modelId: "simulated-Qwen3",
  format: "hermes",
  /** vocab_size: the logits are longer than the tokenizer (151,669 tokens). */
  logitsSize: 151_936,
  /** conv_template.stop_token_ids: <|endoftext|>, <|im_end|>. */
  stopTokenIds: [151643, 151645],
  stopStrings: ["<|im_end|>"],
} as const;

export interface TokenizerFiles {
  /** tokenizer.json, parsed. */
  readonly tokenizerJSON: unknown;
  /** tokenizer_config.json, parsed (holds `chat_template`). */
  readonly tokenizerConfig: Record<string, unknown>;
}

export interface SimulatedChat {
  /** `withTools` over the fake engine: the OpenAI-shaped client the examples use. */
  readonly client: ToolChatClient;
  readonly model: ToolModel;
  readonly vocabulary: Vocabulary;
  /** The scripted model the fake engine samples from; `want()` sets what it will write. */
  readonly scripted: ScriptedModel;
  /** The processor registered with the engine, with per-token statistics. */
  readonly processor: InstrumentedProcessor;
  readonly engine: FakeMLCEngine;
  readonly encode: (text: string) => number[];
}

/** Progress of the setup, for progress bars: `fraction` in [0, 1]. */
export type SetupProgress = (stage: "tokenizer" | "vocabulary" | "ready", fraction: number) => void;

function tokenText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string") return (value as { content: string }).content;
  return null;
}

/**
 * Builds the Qwen3 vocabulary, tokenizer and `ToolModel`, and a fake engine whose model is a
 * `ScriptedModel`. The engine reproduces WebLLM 0.2.86's `forwardTokensAndSample` and
 * `completions.create` around the registered processor; nothing here is a real model.
 */
export async function createSimulatedChat(files: TokenizerFiles, progress: SetupProgress = () => {}): Promise<SimulatedChat> {
  progress("tokenizer", 0);
  const tokenizer = createTokenizer(files.tokenizerJSON, files.tokenizerConfig);
  const encode = (text: string): number[] => tokenizer.encode(text);
  progress("vocabulary", 0.5);
  // Let a page paint the progress bar before the synchronous vocabulary build.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const vocabulary = Vocabulary.fromTokenizerJSON(files.tokenizerJSON as TokenizerJSON, { vocabSize: QWEN3.logitsSize, eosTokenIds: [...QWEN3.stopTokenIds] });
  const model = new ToolModel({
    modelId: QWEN3.modelId,
    format: QWEN3.format,
    chatTemplate: String(files.tokenizerConfig.chat_template),
    bosToken: tokenText(files.tokenizerConfig.bos_token),
    eosToken: tokenText(files.tokenizerConfig.eos_token),
    vocabulary,
    // With a tokenizer, withTools drives the engine token by token (forwardTokensAndSample): the KV
    // cache is reused across turns and text the grammar forces is fed without decoding (jump-forward).
    tokenizer,
  });
  const processor = new InstrumentedProcessor(model.processor!);
  const scripted = new ScriptedModel(vocabulary, encode);
  const engine = new FakeMLCEngine(
    { [QWEN3.modelId]: { vocabulary, encode, stopTokenIds: QWEN3.stopTokenIds, stopStrings: QWEN3.stopStrings, model: scripted } },
    { logitProcessorRegistry: new Map([[QWEN3.modelId, processor]]) },
  );
  await engine.reload(QWEN3.modelId);
  progress("ready", 1);
  return { client: withTools(engine, { model }), model, vocabulary, scripted, processor, engine, encode };
}
