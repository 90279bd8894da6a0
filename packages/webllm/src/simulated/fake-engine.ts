// A FAKE WebLLM engine: no GPU, no weights. It reproduces the sampling contract of WebLLM
// 0.2.86's LLMChatPipeline (see sampleFromRawLogits, processNextToken and forwardTokensAndSample
// in @mlc-ai/web-llm/lib/index.js) around a test model that writes logits:
//   completions.create / chat.completions.create:
//     [response_format grammar: the grammar matcher's bitmask] → model logits →
//     LogitProcessor.processLogits → logit_bias → temperature / top-p sampling
//     → LogitProcessor.processSampledToken [→ grammar matcher acceptToken]
//     → stop tokens / stop strings / max_tokens
//   forwardTokensAndSample(ids, isPrefill):
//     the ids appended to the KV cache → model logits → processLogits → sampling with the chat
//     config's temperature and top_p (no request: no logit_bias, no stop handling, no max_tokens)
//     → processSampledToken → the sampled id returned
// with the processor taken from the registry at reload(), resetChat() (empty KV cache,
// processor.resetState()) at the start of every completion request, logits as long as
// mlc-chat-config's vocab_size (longer than the tokenizer), a context window that the KV cache
// cannot outgrow, and every request checked by WebLLM's own exported postInitAndCheckFields.
// It is structurally the part of MLCEngine that @toolmask/webllm drives.
import * as webllm from "@mlc-ai/web-llm";
import type { Vocabulary } from "@toolmask/engine";
import { seededRandom } from "../sampler.js";

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
/** WebLLM's own request validation for completions.create and chat.completions.create (exported by the package). */
const checks = webllm as unknown as {
  postInitAndCheckFieldsCompletion(request: unknown, modelId: string): void;
  postInitAndCheckFieldsChatCompletion(request: unknown, modelId: string, type: number): void;
};

/**
 * A test double of a language model: writes the next-token logits. Never a real model.
 * Through `forwardTokensAndSample`, "the prompt" is what was fed since the last reset or since a
 * feed that did not continue from the token last sampled; `output` is everything after it.
 */
export interface TestModel {
  /** Called at prefill with every token id in the context. */
  start(promptIds: readonly number[]): void;
  /** Writes logits for the next token; `output` holds the tokens generated so far. */
  next(logits: Float32Array, output: readonly number[]): void;
}

/** A chat request as the fake reads it (the parts of WebLLM's ChatCompletionRequest it uses). */
export interface ChatCompletionRequestStreaming extends Omit<CompletionCreateParamsStreaming, "prompt"> {
  messages: { role: string; content?: unknown }[];
  response_format?: { type?: string; grammar?: string; schema?: unknown } | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: { role?: "assistant"; content?: string }; finish_reason: "stop" | "length" | "abort" | null; logprobs?: { content: TokenLogprob[] | null } | null }[];
  usage?: Completion["usage"];
}

/**
 * The grammar matcher WebLLM builds from `response_format` with web-xgrammar (its
 * `GrammarMatcher`: an Int32Array bitmask per step, tokens accepted after sampling). Tests build
 * one from @mlc-ai/web-xgrammar; the fake only drives it.
 */
export interface ResponseFormatMatcher {
  getNextTokenBitmask(): Promise<Int32Array> | Int32Array;
  acceptToken(token: number): boolean;
  reset(): void;
  dispose?(): void;
}

/** Compiles a `response_format` into a matcher, as WebLLM does with web-xgrammar. */
export type ResponseFormatCompiler = (responseFormat: { type?: string; grammar?: string; schema?: unknown }) => Promise<ResponseFormatMatcher>;

export interface FakeModelConfig {
  readonly vocabulary: Vocabulary;
  /** Tokenizes the prompt (the real tokenizer of the model family). */
  readonly encode: (text: string) => number[];
  /** Stop token ids (mlc-chat-config conv_template.stop_token_ids). */
  readonly stopTokenIds: readonly number[];
  /** Stop strings (conv_template.stop_str). */
  readonly stopStrings?: readonly string[];
  readonly model: TestModel;
  /** mlc-chat-config defaults (forwardTokensAndSample always samples with these). */
  readonly temperature?: number;
  readonly topP?: number;
  /** mlc-chat-config context_window_size: the KV cache holds at most this many tokens. */
  readonly contextWindowSize?: number;
  /** How chat.completions.create turns messages into a prompt (the conv_template). Default: ChatML. */
  readonly renderChat?: (messages: ChatCompletionRequestStreaming["messages"]) => string;
  /** WebLLM's web-xgrammar for `response_format`; without it chat requests with a grammar are refused. */
  readonly responseFormat?: ResponseFormatCompiler;
}

/** ChatML, the conv_template of Qwen models in mlc-chat-config.json. */
export function chatML(messages: ChatCompletionRequestStreaming["messages"]): string {
  return messages.map((m) => `<|im_start|>${m.role}\n${typeof m.content === "string" ? m.content : ""}<|im_end|>\n`).join("") + "<|im_start|>assistant\n";
}

/** Seeded PRNG (mulberry32, the sampler's), the fake's stand-in for WebLLM's tvm.rng. */
export const mulberry32: (seed: number) => () => number = seededRandom;

/** Tokens whose probability is this many nats below the best one are not sampled (speed only). */
const CUTOFF_NATS = 16;

export class FakeMLCEngine {
  readonly completions = { create: (request: CompletionCreateParamsStreaming) => this.completion(request) };
  readonly chat = { completions: { create: (request: ChatCompletionRequestStreaming) => this.chatCompletion(request) } };
  /** Every completion request WebLLM would have received, for inspection. */
  readonly requests: CompletionCreateParamsStreaming[] = [];
  /** Every chat request (the xgrammar backend's), for inspection. */
  readonly chatRequests: ChatCompletionRequestStreaming[] = [];
  /** Calls of forwardTokensAndSample: each is one forward pass of the model. */
  readonly forwards: { readonly ids: readonly number[]; readonly isPrefill: boolean }[] = [];
  /** Times the chat (and KV cache) was reset. */
  resets = 0;
  /** Every prompt the model saw (completion prompts, and the context at each forwardTokensAndSample that did not continue a generation), special tokens as text. */
  readonly prompts: string[] = [];
  private lastText = "";
  /** The KV cache's tokens (forwardTokensAndSample appends, resets empty it). */
  private kv: number[] = [];
  /** The token forwardTokensAndSample sampled last and nobody has fed yet. */
  private pending: number | undefined;
  private tokenOutput: number[] = [];
  private tokenMode = false;
  private matcher: { key: string; matcher: ResponseFormatMatcher } | undefined;
  private registry: Map<string, LogitProcessor> | undefined;
  private loaded: { id: string; config: FakeModelConfig; processor: LogitProcessor | undefined } | undefined;
  private interrupted = false;
  private seedRng = mulberry32(1);
  private readonly configs: Record<string, FakeModelConfig>;
  private logits: Float32Array | undefined;
  private candidates = new Int32Array(1024);

  /** WebLLM's app config (MLCEngine keeps it; prepareModel reads the model record from it). */
  appConfig: { model_list: { model: string; model_id: string; model_lib?: string }[] } | undefined;

  constructor(configs: Record<string, FakeModelConfig>, engineConfig: { logitProcessorRegistry?: Map<string, LogitProcessor>; appConfig?: FakeMLCEngine["appConfig"] } = {}) {
    this.configs = configs;
    this.registry = engineConfig.logitProcessorRegistry;
    this.appConfig = engineConfig.appConfig;
  }

  setInitProgressCallback(): void {}

  /** MLCEngine.setAppConfig (WebLLM's worker client sends the app config this way). */
  setAppConfig(appConfig: FakeMLCEngine["appConfig"]): void {
    this.appConfig = appConfig;
  }

  setLogitProcessorRegistry(registry?: Map<string, LogitProcessor>): void {
    this.registry = registry;
  }

  /** Binds the processor registered for `modelId`, as MLCEngine.reload does. */
  async reload(modelIds: string | string[]): Promise<void> {
    // WebLLM's worker client sends the model ids as a list; the fake loads one model.
    const modelId = Array.isArray(modelIds) ? modelIds[0]! : modelIds;
    const config = this.configs[modelId];
    if (!config) throw new Error(`FakeMLCEngine: no model "${modelId}"`);
    this.loaded = { id: modelId, config, processor: this.registry?.get(modelId) };
    this.logits = new Float32Array(config.vocabulary.vocabSize);
  }

  interruptGenerate(): void {
    this.interrupted = true;
  }

  /** The full text of the last generation (what WebLLM's getMessage() returns), special tokens as text. */
  get lastOutput(): string {
    if (!this.tokenMode || !this.loaded) return this.lastText;
    const ids = [...this.tokenOutput];
    if (this.pending !== undefined && !this.loaded.config.stopTokenIds.includes(this.pending)) ids.push(this.pending);
    return decodeIds(this.loaded.config.vocabulary, ids);
  }

  /** The tokens the KV cache holds. */
  get kvTokens(): readonly number[] {
    return this.kv;
  }

  /** WebLLM's resetChat: empties the KV cache and calls the processor's resetState. */
  async resetChat(_keepStats = false, modelId?: string): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    if (modelId && modelId !== loaded.id) throw new Error(`FakeMLCEngine: model "${modelId}" is not loaded`);
    this.kv = [];
    this.pending = undefined;
    this.resets++;
    loaded.processor?.resetState();
  }

  /**
   * WebLLM's forwardTokensAndSample: forwards `inputIds` (appending them to the KV cache) and
   * samples the next token with the processor and the chat config's temperature and top_p. No
   * stop handling, no request parameters, no lock.
   */
  async forwardTokensAndSample(inputIds: number[], isPrefill: boolean, modelId?: string): Promise<number> {
    const loaded = this.loaded;
    if (!loaded) throw new Error("FakeMLCEngine: no model loaded");
    if (modelId && modelId !== loaded.id) throw new Error(`FakeMLCEngine: model "${modelId}" is not loaded`);
    if (inputIds.length === 0) throw new Error("inputIds must not be empty");
    const { config, processor } = loaded;
    const window = config.contextWindowSize ?? Infinity;
    if (this.kv.length + inputIds.length > window) throw new Error(`FakeMLCEngine: the KV cache holds ${window} tokens at most (${this.kv.length} + ${inputIds.length} fed)`);
    this.forwards.push({ ids: [...inputIds], isPrefill });
    const continues = this.pending !== undefined && !config.stopTokenIds.includes(this.pending) && inputIds[0] === this.pending;
    this.kv.push(...inputIds);
    this.tokenMode = true;
    if (continues) this.tokenOutput.push(...inputIds);
    else {
      this.tokenOutput = [];
      this.prompts.push(decodeIds(config.vocabulary, this.kv));
      config.model.start(this.kv.slice());
    }
    const logits = this.logits!;
    config.model.next(logits, this.tokenOutput);
    const processed = processor ? processor.processLogits(logits) : logits;
    if (processed.length !== logits.length) throw new Error("FakeMLCEngine: processLogits changed the logits length");
    const { token } = this.sample(processed, Math.max(1e-6, config.temperature ?? 1), config.topP ?? 1, this.seedRng, -1);
    processor?.processSampledToken(token);
    this.pending = token;
    return token;
  }

  async completion(request: CompletionCreateParamsStreaming): Promise<AsyncIterable<Completion>> {
    const loaded = this.loaded;
    if (!loaded) throw new Error("FakeMLCEngine: no model loaded");
    if (request.model && request.model !== loaded.id) throw new Error(`FakeMLCEngine: model "${request.model}" is not loaded`);
    checks.postInitAndCheckFieldsCompletion(request, loaded.id);
    if (request.stream !== true) throw new Error("FakeMLCEngine: only streaming completions are reproduced");
    this.requests.push(request);
    return this.generate(request, request.prompt as string, undefined, loaded.id, loaded.config, loaded.processor, "text") as AsyncIterable<Completion>;
  }

  /** chat.completions.create: messages through the conv template; `response_format` grammars through the injected web-xgrammar. */
  async chatCompletion(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> {
    const loaded = this.loaded;
    if (!loaded) throw new Error("FakeMLCEngine: no model loaded");
    if (request.model && request.model !== loaded.id) throw new Error(`FakeMLCEngine: model "${request.model}" is not loaded`);
    checks.postInitAndCheckFieldsChatCompletion(request, loaded.id, 0);
    if (request.stream !== true) throw new Error("FakeMLCEngine: only streaming chat completions are reproduced");
    this.chatRequests.push(request);
    let matcher: ResponseFormatMatcher | undefined;
    const format = request.response_format;
    if (format && (format.type === "grammar" || format.type === "json_object")) {
      if (!loaded.config.responseFormat) throw new Error("FakeMLCEngine: no web-xgrammar given (FakeModelConfig.responseFormat) for response_format");
      // WebLLM keeps one matcher and reuses it (reset) while the response_format stays the same.
      const key = JSON.stringify(format);
      if (this.matcher?.key === key) this.matcher.matcher.reset();
      else {
        this.matcher?.matcher.dispose?.();
        this.matcher = { key, matcher: await loaded.config.responseFormat(format) };
      }
      matcher = this.matcher.matcher;
    }
    const prompt = (loaded.config.renderChat ?? chatML)(request.messages);
    return this.generate(request, prompt, matcher, loaded.id, loaded.config, loaded.processor, "chat") as AsyncIterable<ChatCompletionChunk>;
  }

  private async *generate(
    request: Omit<CompletionCreateParamsStreaming, "prompt">,
    prompt: string,
    matcher: ResponseFormatMatcher | undefined,
    modelId: string,
    config: FakeModelConfig,
    processor: LogitProcessor | undefined,
    kind: "text" | "chat",
  ): AsyncGenerator<Completion | ChatCompletionChunk> {
    this.interrupted = false;
    const rng = request.seed !== undefined && request.seed !== null ? mulberry32(request.seed) : this.seedRng;
    // completions.create → preparePrefillInput → resetChat → processor.resetState
    await this.resetChat();
    this.tokenMode = false;
    const promptIds = config.encode(prompt);
    this.prompts.push(prompt);
    this.kv = [...promptIds];
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
    const chunk = (text: string, finishReason: Completion["choices"][0]["finish_reason"], logprobs?: { content: TokenLogprob[] }): Completion | ChatCompletionChunk =>
      kind === "text"
        ? { id, object: "text_completion", created: 0, model: modelId, choices: [{ index: 0, text, finish_reason: finishReason, ...(logprobs ? { logprobs } : {}) }] }
        : { id, object: "chat.completion.chunk", created: 0, model: modelId, choices: [{ index: 0, delta: { content: text }, finish_reason: finishReason, ...(logprobs ? { logprobs } : {}) }] };
    const t0 = Date.now();
    let firstTokenAt = 0;
    let completionTokens = 0;
    while (finish === undefined) {
      if (this.interrupted) {
        finish = "abort";
        break;
      }
      config.model.next(logits, output);
      if (matcher) applyInt32Bitmask(logits, await matcher.getNextTokenBitmask());
      let processed = processor ? processor.processLogits(logits) : logits;
      if (processed.length !== logits.length) throw new Error("FakeMLCEngine: processLogits changed the logits length");
      if (request.logit_bias) {
        processed = processed === logits ? logits : processed;
        for (const [k, v] of Object.entries(request.logit_bias)) processed[Number(k)]! += v;
      }
      const { token, logprob, top } = this.sample(processed, temperature, topP, rng, request.logprobs === true ? (request.top_logprobs ?? 0) : -1);
      processor?.processSampledToken(token);
      if (matcher && !matcher.acceptToken(token)) throw new Error("Grammar matcher rejected the newly sampled token.");
      completionTokens++;
      if (firstTokenAt === 0) firstTokenAt = Date.now();
      // processNextToken
      if (config.stopTokenIds.includes(token)) finish = "stop";
      else {
        output.push(token);
        this.kv.push(token);
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
    this.lastText = message;
    yield chunk("", finish);
    if (request.stream_options?.include_usage) {
      const decodeTokens = Math.max(0, completionTokens - 1);
      const seconds = (Date.now() - t0) / 1000;
      yield {
        id,
        object: kind === "text" ? "text_completion" : "chat.completion.chunk",
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

function decodeIds(vocab: Vocabulary, ids: readonly number[]): string {
  const decoder = new TextDecoder();
  return ids.map((id) => decoder.decode(tokenBytes(vocab, id), { stream: true })).join("") + decoder.decode();
}

/** WebLLM's fapplyBitmask: a bit 0 in the Int32 bitmask sets the logit to -Infinity. */
function applyInt32Bitmask(logits: Float32Array, mask: Int32Array): void {
  for (let i = 0; i < logits.length; i++) if (((mask[i >>> 5]! >>> (i & 31)) & 1) === 0) logits[i] = -Infinity;
}

/** The bytes WebLLM's tokenizer decodes a token to (special tokens as their text). */
export function tokenBytes(vocab: Vocabulary, id: number): Uint8Array {
  const bytes = vocab.tokenBytes(id);
  if (bytes.length > 0 || id >= vocab.tokenCount) return bytes;
  return new TextEncoder().encode(vocab.tokenText(id));
}
