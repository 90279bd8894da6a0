// The token driver: generation through WebLLM's `forwardTokensAndSample(inputIds, isPrefill)`.
//
// What WebLLM 0.2.86 does there (LLMChatPipeline.forwardTokensAndSample in its bundle): it forwards
// the ids (any number: more than one token runs the prefill kernel, in prefill_chunk_size chunks),
// appends them to the KV cache, and samples the next token with `sampleFromRawLogits(logits)` and no
// generation config — so the registered LogitProcessor runs (processLogits, then
// processSampledToken through commitSamplerState), but temperature and top_p are the chat config's,
// and there is no logit_bias, no stop-token or stop-string check, no max_tokens and no
// context-window check. It takes no engine lock and never resets the chat.
//
// So this driver does all of that itself: it tokenizes the rendered prompt, prefills only the part
// that extends what the KV cache already holds (resetting the chat when the prefix diverges), lets
// the armed processor mask and sample with the request's own parameters (one finite logit left, so
// WebLLM's sampler can only take it), stops on the model's stop tokens, max_tokens and the context
// window, and feeds text the grammar forces together with the sampled token in one forward pass
// (jump-forward).
import type { GrammarMatcher } from "@toolmask/engine";
import { now } from "./clock.js";
import { ModelSetupError, ToolGenerationError, ToolRequestError } from "./errors.js";
import type { Generation, Outcome, Piece } from "./generation.js";
import type { TokenLogprob } from "./openai-types.js";
import type { GrammarSpec, SamplingParams } from "./plan.js";
import { logprobEntry, type SamplingOptions } from "./sampler.js";
import type { SessionReport } from "./processor.js";
import { outputBytes, type TextTokenizer } from "./tokenizer.js";
import type { ToolModel } from "./tool-model.js";

/** The two low-level calls of WebLLM's engine the token driver uses (MLCEngine and WebWorkerMLCEngine have both). */
export interface TokenEngine {
  forwardTokensAndSample(inputIds: number[], isPrefill: boolean, modelId?: string): Promise<number>;
  resetChat(keepStats?: boolean, modelId?: string): Promise<void>;
}

export interface DriveRequest {
  readonly prompt: string;
  /** The constraint; undefined samples freely (still with the request's parameters). */
  readonly grammar: GrammarSpec | undefined;
  readonly sampling: SamplingParams;
  /** Feed forced text in one forward pass. Default true. */
  readonly jumpForward?: boolean;
}

export function hasTokenApi(engine: unknown): engine is TokenEngine {
  const e = engine as Partial<TokenEngine> | null;
  return typeof e?.forwardTokensAndSample === "function" && typeof e.resetChat === "function";
}

/** The request's sampling with the model's mlc-chat-config defaults where it gives none. */
export function samplingOptions(params: SamplingParams, model: ToolModel): SamplingOptions {
  return {
    temperature: params.temperature ?? model.generation.temperature ?? 1,
    topP: params.top_p ?? model.generation.topP ?? 1,
    ...(params.seed !== undefined ? { seed: params.seed } : {}),
    ...(params.logit_bias ? { logitBias: params.logit_bias } : {}),
    ...(params.frequency_penalty !== undefined ? { frequencyPenalty: params.frequency_penalty } : {}),
    ...(params.presence_penalty !== undefined ? { presencePenalty: params.presence_penalty } : {}),
    topLogprobs: params.logprobs ? (params.top_logprobs ?? 0) : -1,
  };
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Generation of one request through `forwardTokensAndSample`. Requests on one model must not overlap. */
export function driveTokens(engine: TokenEngine, model: ToolModel, request: DriveRequest): Generation {
  let stopRequested = false;
  return {
    pieces: run(engine, model, request, () => stopRequested),
    stop: () => {
      stopRequested = true;
    },
  };
}

async function* run(engine: TokenEngine, model: ToolModel, request: DriveRequest, stopRequested: () => boolean): AsyncGenerator<Piece, Outcome, void> {
  const processor = model.processor;
  const vocab = model.vocabulary;
  const tokenizer = model.tokenizer;
  if (!processor || !vocab || !tokenizer) {
    throw new ModelSetupError("model_not_prepared", `model "${model.modelId}" needs a vocabulary and a tokenizer for the token driver (prepareModel gives both)`);
  }
  const started = now();
  const compiled = request.grammar ? model.compile(request.grammar) : undefined;
  const ids = tokenizer.encode(request.prompt);
  const window = model.generation.contextWindowSize ?? Infinity;
  if (ids.length >= window) throw new ToolRequestError("context_length_exceeded", "messages", `the prompt is ${ids.length} tokens; the model's context window is ${window}`);

  // Reuse the KV cache when it holds a proper prefix of this prompt; otherwise start from an empty
  // one (WebLLM has no API to drop the tail of the cache).
  const held = processor.kvTokens;
  const cached = held && held.length < ids.length && commonPrefix(held, ids) === held.length ? held.length : 0;
  if (cached === 0 && held?.length !== 0) await engine.resetChat(true, model.modelId);
  const kv = ids.slice(0, cached);
  processor.arm(compiled, { sampling: samplingOptions(request.sampling, model) });

  const maxTokens = request.sampling.max_tokens ?? Infinity;
  const jumpForward = request.jumpForward ?? true;
  const stops = new Set(vocab.eosTokenIds);
  const decoder = new TextDecoder("utf-8");
  let feed = ids.slice(cached);
  let completionTokens = 0;
  let jumped = 0;
  let decodeSteps = 0;
  let prefilledAt = 0;
  let finishReason: Outcome["finishReason"] = "stop";
  let completed = false;
  let report: SessionReport | undefined;
  try {
    for (;;) {
      const token = await engine.forwardTokensAndSample(feed, feed.length > 1, model.modelId);
      if (prefilledAt === 0) prefilledAt = now();
      else decodeSteps++;
      for (const id of feed) kv.push(id);
      const error = processor.error;
      if (error) throw error;
      const sampled = processor.lastSampled;
      if (!sampled || sampled.token !== token) {
        throw new ToolGenerationError("token_rejected", completionTokens, `WebLLM returned token ${token} where the processor sampled ${sampled?.token ?? "nothing"} (is the processor registered for "${model.modelId}"?)`);
      }
      completionTokens++;
      if (stops.has(token)) break;
      const logprobs: TokenLogprob[] | undefined = request.sampling.logprobs ? [logprobEntry(sampled, (id) => vocab.tokenText(id), (id) => outputBytes(vocab, id))] : undefined;
      const next = [token];
      let text = decoder.decode(outputBytes(vocab, token), { stream: true });
      if (jumpForward) {
        for (const id of forcedTokens(processor.matcher, tokenizer, Math.min(maxTokens - completionTokens, window - kv.length - 2))) {
          next.push(id);
          text += decoder.decode(outputBytes(vocab, id), { stream: true });
        }
        completionTokens += next.length - 1;
        jumped += next.length - 1;
      }
      if (text !== "" || logprobs) yield { text, logprobs };
      if (completionTokens >= maxTokens || kv.length + next.length >= window) {
        finishReason = "length";
        break;
      }
      if (stopRequested()) break;
      feed = next;
    }
    completed = true;
  } finally {
    report = processor.disarm();
    // After an error or an abandoned stream the cache's content is not known for sure.
    processor.setKvTokens(completed ? kv : undefined);
  }
  const tail = decoder.decode();
  if (tail) yield { text: tail, logprobs: undefined };
  const end = now();
  const masked = report?.maskedSteps ?? 0;
  return {
    finishReason,
    usage: {
      prompt_tokens: ids.length,
      completion_tokens: completionTokens,
      total_tokens: ids.length + completionTokens,
      prompt_tokens_details: { cached_tokens: cached },
      extra: {
        prefill_s: ((prefilledAt || end) - started) / 1000,
        decode_s: (end - (prefilledAt || end)) / 1000,
        mask_ms_per_token: masked > 0 ? report!.maskMs / masked : 0,
        masked_steps: masked,
        forced_steps: report?.forcedSteps ?? 0,
        backend: compiled ? "native" : "none",
        driver: "tokens",
        jump_forward_tokens: jumped,
        decode_steps: decodeSteps,
      },
    },
  };
}

/**
 * The tokens of the text the grammar forces next, already accepted by the matcher, at most
 * `budget`. The last token of the forced text is left to the model: the text that follows may
 * merge with it into a longer token, which the model would rather have written. A token the
 * grammar refuses (a tokenizer that spells the text differently) ends the jump there.
 */
function forcedTokens(matcher: GrammarMatcher | undefined, tokenizer: TextTokenizer, budget: number): number[] {
  if (!matcher || budget < 1 || matcher.isTerminated()) return [];
  const text = matcher.forcedText();
  if (text === "") return [];
  const ids = tokenizer.encode(text);
  const out: number[] = [];
  for (let i = 0; i < ids.length - 1 && out.length < budget; i++) {
    if (!matcher.acceptToken(ids[i]!)) break;
    out.push(ids[i]!);
  }
  return out;
}
