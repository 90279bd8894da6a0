// A FAKE WebLLM engine: no GPU, no weights. It reproduces the sampling contract of WebLLM
// 0.2.86's LLMChatPipeline (see sampleFromRawLogits and processNextToken in
// @mlc-ai/web-llm/lib/index.js) around a test model that writes logits:
//   model logits → LogitProcessor.processLogits → logit_bias → temperature / top-p sampling
//   → LogitProcessor.processSampledToken → stop tokens / stop strings / max_tokens
// with the processor taken from the registry at reload(), resetState() at the start of every
// completions.create() (WebLLM resets the chat there), logits as long as mlc-chat-config's
// vocab_size (longer than the tokenizer), and every request checked by WebLLM's own exported
// postInitAndCheckFields. It is structurally the part of MLCEngine that @toolmask/webllm drives.
import * as webllm from "@mlc-ai/web-llm";
import type { Vocabulary } from "@toolmask/engine";

// WebLLM's types resolve only with moduleResolution "bundler" (DESIGN §8); the cross-package tests
// compile with NodeNext, so the shapes used here are written out.
export interface LogitProcessor {
  processLogits(logits: Float32Array): Float32Array;
  processSampledToken(token: number): void;
  resetState(): void;
}
export interface CompletionCreateParamsStreaming {
  prompt: string | string[];
  model?: string | null;
  stream: true;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  logit_bias?: Record<string, number> | null;
}
export interface Completion {
  id: string;
  object: "text_completion";
  created: number;
  model: string;
  choices: { index: number; text: string; finish_reason: "stop" | "length" | "abort" | null; logprobs?: { content: TokenLogprob[] | null } | null }[];
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    extra: { e2e_latency_s: number; prefill_tokens_per_s: number; decode_tokens_per_s: number; time_to_first_token_s: number; time_per_output_token_s: number };
  };
}
interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
}
/** WebLLM's own request validation for completions.create (exported by the package). */
const postInitAndCheckFieldsCompletion = (webllm as unknown as { postInitAndCheckFieldsCompletion(request: unknown, modelId: string): void }).postInitAndCheckFieldsCompletion;

/** A test double of a language model: writes the next-token logits. Never a real model. */
export interface TestModel {
  /** Called at prefill with the prompt's token ids. */
  start(promptIds: readonly number[]): void;
  /** Writes logits for the next token; `output` holds the tokens sampled so far. */
  next(logits: Float32Array, output: readonly number[]): void;
}

export interface FakeModelConfig {
  readonly vocabulary: Vocabulary;
  /** Tokenizes the prompt (the real tokenizer of the model family). */
  readonly encode: (text: string) => number[];
  /** Stop token ids (mlc-chat-config conv_template.stop_token_ids). */
  readonly stopTokenIds: readonly number[];
  /** Stop strings (conv_template.stop_str). */
  readonly stopStrings?: readonly string[];
  readonly model: TestModel;
  /** mlc-chat-config defaults. */
  readonly temperature?: number;
  readonly topP?: number;
}

/** Seeded PRNG (mulberry32), the fake's stand-in for WebLLM's tvm.rng. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tokens whose probability is this many nats below the best one are not sampled (speed only). */
const CUTOFF_NATS = 16;

export class FakeMLCEngine {
  readonly completions = { create: (request: CompletionCreateParamsStreaming) => this.completion(request) };
  readonly chat = {
    completions: {
      create: (): never => {
        throw new Error("FakeMLCEngine: chat.completions is not reproduced by this fake");
      },
    },
  };
  /** Every request WebLLM would have received, for inspection. */
  readonly requests: CompletionCreateParamsStreaming[] = [];
  /** The full text of the last generation (what WebLLM's getMessage() returns). */
  lastOutput = "";
  private registry: Map<string, LogitProcessor> | undefined;
  private loaded: { id: string; config: FakeModelConfig; processor: LogitProcessor | undefined } | undefined;
  private interrupted = false;
  private seedRng = mulberry32(1);
  private readonly configs: Record<string, FakeModelConfig>;
  private logits: Float32Array | undefined;
  private candidates = new Int32Array(1024);

  constructor(configs: Record<string, FakeModelConfig>, engineConfig: { logitProcessorRegistry?: Map<string, LogitProcessor> } = {}) {
    this.configs = configs;
    this.registry = engineConfig.logitProcessorRegistry;
  }

  setLogitProcessorRegistry(registry?: Map<string, LogitProcessor>): void {
    this.registry = registry;
  }

  /** Binds the processor registered for `modelId`, as MLCEngine.reload does. */
  async reload(modelId: string): Promise<void> {
    const config = this.configs[modelId];
    if (!config) throw new Error(`FakeMLCEngine: no model "${modelId}"`);
    this.loaded = { id: modelId, config, processor: this.registry?.get(modelId) };
    this.logits = new Float32Array(config.vocabulary.vocabSize);
  }

  interruptGenerate(): void {
    this.interrupted = true;
  }

  async completion(request: CompletionCreateParamsStreaming): Promise<AsyncIterable<Completion>> {
    const loaded = this.loaded;
    if (!loaded) throw new Error("FakeMLCEngine: no model loaded");
    if (request.model && request.model !== loaded.id) throw new Error(`FakeMLCEngine: model "${request.model}" is not loaded`);
    postInitAndCheckFieldsCompletion(request, loaded.id);
    if (request.stream !== true) throw new Error("FakeMLCEngine: only streaming completions are reproduced");
    this.requests.push(request);
    return this.generate(request, loaded.id, loaded.config, loaded.processor);
  }

  private async *generate(request: CompletionCreateParamsStreaming, modelId: string, config: FakeModelConfig, processor: LogitProcessor | undefined): AsyncGenerator<Completion> {
    this.interrupted = false;
    const rng = request.seed !== undefined && request.seed !== null ? mulberry32(request.seed) : this.seedRng;
    // completions.create → preparePrefillInput → resetChat → processor.resetState
    processor?.resetState();
    const promptIds = config.encode(request.prompt as string);
    config.model.start(promptIds);
    const vocab = config.vocabulary;
    const logits = this.logits!;
    const temperature = Math.max(1e-6, request.temperature ?? config.temperature ?? 1);
    const topP = request.top_p ?? config.topP ?? 1;
    const maxTokens = request.max_tokens ?? Infinity;
    const stopStrings = [...(config.stopStrings ?? []), ...(typeof request.stop === "string" ? [request.stop] : (request.stop ?? []))];
    const output: number[] = [];
    const decoder = new TextDecoder("utf-8", { fatal: false });
    let message = "";
    let emitted = 0;
    let finish: "stop" | "length" | "abort" | undefined;
    const id = `cmpl-fake-${rng().toString(36).slice(2)}`;
    const chunk = (text: string, finishReason: Completion["choices"][0]["finish_reason"], logprobs?: { content: TokenLogprob[] }): Completion => ({
      id,
      object: "text_completion",
      created: 0,
      model: modelId,
      choices: [{ index: 0, text, finish_reason: finishReason, ...(logprobs ? { logprobs } : {}) }],
    });
    const t0 = Date.now();
    let firstTokenAt = 0;
    let completionTokens = 0;
    while (finish === undefined) {
      if (this.interrupted) {
        finish = "abort";
        break;
      }
      config.model.next(logits, output);
      let processed = processor ? processor.processLogits(logits) : logits;
      if (processed.length !== logits.length) throw new Error("FakeMLCEngine: processLogits changed the logits length");
      if (request.logit_bias) {
        processed = processed === logits ? logits : processed;
        for (const [k, v] of Object.entries(request.logit_bias)) processed[Number(k)]! += v;
      }
      const { token, logprob, top } = this.sample(processed, temperature, topP, rng, request.logprobs === true ? (request.top_logprobs ?? 0) : -1);
      processor?.processSampledToken(token);
      completionTokens++;
      if (firstTokenAt === 0) firstTokenAt = Date.now();
      // processNextToken
      if (config.stopTokenIds.includes(token)) finish = "stop";
      else {
        output.push(token);
        message += decoder.decode(tokenBytes(vocab, token), { stream: true });
      }
      let visible = message;
      for (const s of stopStrings) {
        const at = message.lastIndexOf(s);
        if (at !== -1) {
          visible = message.slice(0, at);
          finish = "stop";
          break;
        }
      }
      if (finish === undefined && output.length >= maxTokens) finish = "length";
      // makeStreamDeltaChunk: text held back while it ends in an incomplete character
      if (!visible.endsWith("\uFFFD") || finish !== undefined) {
        const delta = visible.slice(emitted);
        emitted = visible.length;
        const lp = request.logprobs ? { content: [{ token: vocab.tokenText(token), logprob, bytes: null, top_logprobs: top }] } : undefined;
        yield chunk(delta, null, lp);
      }
    }
    this.lastOutput = message;
    yield chunk("", finish);
    if (request.stream_options?.include_usage) {
      const decodeTokens = Math.max(0, completionTokens - 1);
      const seconds = (Date.now() - t0) / 1000;
      yield {
        id,
        object: "text_completion",
        created: 0,
        model: modelId,
        choices: [],
        usage: {
          prompt_tokens: promptIds.length,
          completion_tokens: completionTokens,
          total_tokens: promptIds.length + completionTokens,
          extra: {
            e2e_latency_s: seconds,
            prefill_tokens_per_s: 0,
            decode_tokens_per_s: 0,
            time_to_first_token_s: (firstTokenAt - t0) / 1000,
            time_per_output_token_s: decodeTokens > 0 ? (Date.now() - firstTokenAt) / 1000 / decodeTokens : 0,
          },
        },
      };
    }
  }

  /**
   * Softmax with temperature, then top-p, like WebLLM's kernels; one pass over the logits collects
   * the tokens within CUTOFF_NATS of the running maximum. Throws WebLLM's error when nothing is
   * finite.
   */
  private sample(logits: Float32Array, temperature: number, topP: number, rng: () => number, topLogprobs: number): { token: number; logprob: number; top: TokenLogprob["top_logprobs"] } {
    const cut = CUTOFF_NATS * temperature;
    let max = -Infinity;
    let n = 0;
    let cand = this.candidates;
    for (let i = 0; i < logits.length; i++) {
      const v = logits[i]!;
      if (v > max - cut) {
        if (v > max) max = v;
        if (n === cand.length) {
          const bigger = new Int32Array(cand.length * 2);
          bigger.set(cand);
          cand = this.candidates = bigger;
        }
        cand[n++] = i;
      }
    }
    if (max === -Infinity) throw new Error("InternalError: failed to sample a valid token.");
    const ids: number[] = [];
    const weights: number[] = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const v = logits[cand[k]!]!;
      if (v <= max - cut) continue;
      const w = Math.exp((v - max) / temperature);
      ids.push(cand[k]!);
      weights.push(w);
      total += w;
    }
    const order = ids.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]!);
    let keep = order.length;
    if (topP < 1) {
      let mass = 0;
      for (let k = 0; k < order.length; k++) {
        mass += weights[order[k]!]! / total;
        if (mass >= topP) {
          keep = k + 1;
          break;
        }
      }
    }
    let kept = 0;
    for (let k = 0; k < keep; k++) kept += weights[order[k]!]!;
    let r = rng() * kept;
    let pick = order[keep - 1]!;
    for (let k = 0; k < keep; k++) {
      r -= weights[order[k]!]!;
      if (r <= 0) {
        pick = order[k]!;
        break;
      }
    }
    const logprob = Math.log(weights[pick]! / total);
    const top = topLogprobs > 0 ? order.slice(0, topLogprobs).map((i) => ({ token: String(ids[i]), logprob: Math.log(weights[i]! / total), bytes: null })) : [];
    return { token: ids[pick]!, logprob, top };
  }
}

/** The bytes WebLLM's tokenizer decodes a token to (special tokens as their text). */
export function tokenBytes(vocab: Vocabulary, id: number): Uint8Array {
  const bytes = vocab.tokenBytes(id);
  if (bytes.length > 0 || id >= vocab.tokenCount) return bytes;
  return new TextEncoder().encode(vocab.tokenText(id));
}
