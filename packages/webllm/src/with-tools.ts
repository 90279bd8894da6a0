import type { Completion } from "@mlc-ai/web-llm";
import { collectStream, createToolCallStream, toOpenAIDelta, type ToolCallStreamEvent } from "@toolmask/formats";
import type { ToolEngine, WebLLMChatChunk } from "./engine-types.js";
import { ModelSetupError, ToolRequestError } from "./errors.js";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionDelta,
  ChatCompletionRequest,
  CompletionUsage,
  FinishReason,
  NonStreamingChatCompletionRequest,
  ResponseToolCall,
  StreamingChatCompletionRequest,
  TokenLogprob,
} from "./openai-types.js";
import { planRequest, type RequestPlan } from "./plan.js";
import { isWorkerEngine, localLink, workerLink, type ProcessorLink } from "./processor-link.js";
import type { SessionReport } from "./processor.js";
import type { ToolModel } from "./tool-model.js";
import { xgrammarRequest } from "./xgrammar-backend.js";

/**
 * `native` masks with toolmask's engine in a LogitProcessor (exact grammar, special tokens,
 * counted repeats, typed errors); `xgrammar` hands the same grammar to WebLLM's own web-xgrammar
 * through `response_format`, for comparison and as a fallback.
 */
export type Backend = "native" | "xgrammar";

export interface WithToolsOptions {
  /** The prepared model (or models, when the engine has several loaded). */
  readonly model: ToolModel | readonly ToolModel[];
  /** Default `native`. */
  readonly backend?: Backend;
}

export interface ToolChatClient {
  readonly chat: {
    readonly completions: {
      create(request: StreamingChatCompletionRequest): Promise<AsyncIterable<ChatCompletionChunk>>;
      create(request: NonStreamingChatCompletionRequest): Promise<ChatCompletion>;
      create(request: ChatCompletionRequest): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
    };
  };
}

/** One piece of generated text as WebLLM streamed it. */
interface Piece {
  readonly text: string;
  readonly logprobs: TokenLogprob[] | undefined;
}

interface Outcome {
  finishReason: "stop" | "length" | "abort";
  usage: CompletionUsage;
}

/**
 * OpenAI chat completions with enforced tools over a WebLLM engine (`MLCEngine` or
 * `WebWorkerMLCEngine`). The prompt is the model's own chat template; `tools`, `tool_choice`,
 * `parallel_tool_calls` and `response_format` are enforced while tokens are sampled; the output is
 * parsed in the model's tool-call format into OpenAI `tool_calls`, streamed as deltas when asked.
 */
export function withTools(engine: ToolEngine, options: WithToolsOptions): ToolChatClient {
  const models = Array.isArray(options.model) ? (options.model as readonly ToolModel[]) : [options.model as ToolModel];
  if (models.length === 0) throw new ModelSetupError("model_not_prepared", "withTools needs at least one prepared model");
  const backend: Backend = options.backend ?? "native";
  const remote = isWorkerEngine(engine);
  const links = new Map<ToolModel, ProcessorLink>();
  const linkFor = (model: ToolModel): ProcessorLink => {
    let link = links.get(model);
    if (!link) {
      link = remote ? workerLink(engine, model) : localLink(model);
      links.set(model, link);
    }
    return link;
  };
  // One request at a time per client: the processor is armed for exactly the request running.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const pickModel = (request: ChatCompletionRequest): ToolModel => {
    if (request.model === undefined || request.model === null) {
      if (models.length > 1) throw new ToolRequestError("invalid_request", "model", `several models are prepared (${models.map((m) => m.modelId).join(", ")}); name one`);
      return models[0]!;
    }
    const found = models.find((m) => m.modelId === request.model);
    if (!found) throw new ToolRequestError("invalid_request", "model", `"${request.model}" is not among the prepared models (${models.map((m) => m.modelId).join(", ")})`);
    return found;
  };

  async function create(request: ChatCompletionRequest): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    const model = pickModel(request);
    const plan = planRequest(request, { format: model.format, ...(model.specialTokens ? { specialTokens: model.specialTokens } : {}) });
    const prompt = model.template.render(plan.messages, { ...(plan.tools ? { tools: plan.tools } : {}), variables: plan.templateVariables });
    const id = `chatcmpl-${randomId()}`;
    const created = Math.floor(Date.now() / 1000);
    const source = (): Generation => generate(engine, model, plan, prompt, backend, backend === "native" && plan.grammar ? linkFor(model) : undefined);
    if (plan.stream) {
      return { [Symbol.asyncIterator]: () => exclusiveIterator(exclusive, () => streamChunks(source(), plan, model, id, created)) };
    }
    return exclusive(() => completeResponse(source(), plan, model, id, created));
  }

  return { chat: { completions: { create: create as ToolChatClient["chat"]["completions"]["create"] } } };
}

type Generation = AsyncGenerator<Piece, Outcome, void>;

async function* generate(engine: ToolEngine, model: ToolModel, plan: RequestPlan, prompt: string, backend: Backend, link: ProcessorLink | undefined): Generation {
  const started = Date.now();
  let report: SessionReport | undefined;
  let finishReason: Outcome["finishReason"] = "stop";
  let webllmUsage: Completion["usage"] | undefined;
  const grammarBackend = plan.grammar ? backend : "none";
  if (link && plan.grammar) await link.arm(plan.grammar);
  try {
    const stream: AsyncIterable<Completion | WebLLMChatChunk> =
      backend === "xgrammar" && plan.grammar
        ? await engine.chat.completions.create(xgrammarRequest(model, plan))
        : await engine.completions.create({ prompt, model: model.modelId, stream: true, stream_options: { include_usage: true }, ...plan.sampling });
    for await (const chunk of stream) {
      if (chunk.usage) webllmUsage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const text = "text" in choice ? choice.text : (choice.delta.content ?? "");
      const logprobs = (choice.logprobs?.content ?? undefined) as TokenLogprob[] | undefined;
      if (text !== "" || logprobs) yield { text, logprobs };
      if (choice.finish_reason) finishReason = choice.finish_reason === "length" ? "length" : choice.finish_reason === "abort" ? "abort" : "stop";
    }
  } finally {
    if (link && plan.grammar) report = await link.disarm();
  }
  if (report?.error) throw report.error;
  const promptTokens = webllmUsage?.prompt_tokens ?? 0;
  const completionTokens = webllmUsage?.completion_tokens ?? 0;
  const extra = webllmUsage?.extra;
  const masked = report?.maskedSteps ?? 0;
  return {
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      extra: {
        prefill_s: extra?.time_to_first_token_s ?? (Date.now() - started) / 1000,
        decode_s: (extra?.time_per_output_token_s ?? 0) * Math.max(0, completionTokens - 1),
        mask_ms_per_token: masked > 0 ? report!.maskMs / masked : 0,
        masked_steps: masked,
        forced_steps: report?.forcedSteps ?? 0,
        backend: grammarBackend,
      },
    },
  };
}

/** Runs an async iterator's whole life inside `exclusive`, so the next request waits for it. */
function exclusiveIterator<T>(exclusive: <R>(task: () => Promise<R>) => Promise<R>, make: () => AsyncGenerator<T, void, void>): AsyncIterator<T> {
  let inner: AsyncGenerator<T, void, void> | undefined;
  let release: (() => void) | undefined;
  let acquired: Promise<void> | undefined;
  const acquire = (): Promise<void> =>
    (acquired ??= new Promise<void>((ready) => {
      void exclusive(
        () =>
          new Promise<void>((done) => {
            release = done;
            inner = make();
            ready();
          }),
      );
    }));
  const finish = <R>(result: IteratorResult<T>): IteratorResult<T> & R => {
    if (result.done) release?.();
    return result as IteratorResult<T> & R;
  };
  return {
    next: async () => {
      await acquire();
      try {
        return finish(await inner!.next());
      } catch (err) {
        release?.();
        throw err;
      }
    },
    return: async () => {
      await acquire();
      try {
        return finish(await inner!.return(undefined));
      } finally {
        release?.();
      }
    },
  };
}

function parserFor(plan: RequestPlan, model: ToolModel): { push(text: string): ToolCallStreamEvent[]; end(): ToolCallStreamEvent[] } {
  if (!plan.parsesCalls) return { push: (text) => (text ? [{ type: "content", text }] : []), end: () => [] };
  return createToolCallStream({ format: model.format, ...(plan.tools ? { tools: plan.tools } : {}), ...(plan.reasoning !== undefined ? { reasoning: plan.reasoning } : {}) });
}

async function* streamChunks(generation: Generation, plan: RequestPlan, model: ToolModel, id: string, created: number): AsyncGenerator<ChatCompletionChunk, void, void> {
  const parser = parserFor(plan, model);
  const chunk = (delta: ChatCompletionDelta, finish: FinishReason | null, logprobs: TokenLogprob[] | undefined): ChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: model.modelId,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: logprobs ? { content: logprobs } : null }],
  });
  let pending: TokenLogprob[] | undefined;
  let calls = 0;
  yield chunk({ role: "assistant", content: "" }, null, undefined);
  const emit = function* (events: ToolCallStreamEvent[]): Generator<ChatCompletionChunk> {
    for (const event of events) {
      if (event.type === "tool_call_end") calls++;
      const delta = toOpenAIDelta(event);
      if (!delta) continue;
      yield chunk(delta as ChatCompletionDelta, null, pending);
      pending = undefined;
    }
  };
  let step = await generation.next();
  while (!step.done) {
    if (step.value.logprobs) (pending ??= []).push(...step.value.logprobs);
    yield* emit(parser.push(step.value.text));
    step = await generation.next();
  }
  yield* emit(parser.end());
  const outcome = step.value;
  yield chunk({}, finishReason(outcome.finishReason, calls), pending);
  if (plan.includeUsage) yield { id, object: "chat.completion.chunk", created, model: model.modelId, choices: [], usage: outcome.usage };
}

async function completeResponse(generation: Generation, plan: RequestPlan, model: ToolModel, id: string, created: number): Promise<ChatCompletion> {
  const parser = parserFor(plan, model);
  const events: ToolCallStreamEvent[] = [];
  const logprobs: TokenLogprob[] = [];
  let step = await generation.next();
  while (!step.done) {
    if (step.value.logprobs) logprobs.push(...step.value.logprobs);
    events.push(...parser.push(step.value.text));
    step = await generation.next();
  }
  events.push(...parser.end());
  const result = collectStream(events);
  const toolCalls: ResponseToolCall[] = result.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.function.name, arguments: c.function.arguments } }));
  return {
    id,
    object: "chat.completion",
    created,
    model: model.modelId,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: result.content,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(result.reasoning !== undefined ? { reasoning_content: result.reasoning } : {}),
        },
        finish_reason: finishReason(step.value.finishReason, toolCalls.length),
        logprobs: plan.sampling.logprobs ? { content: logprobs } : null,
      },
    ],
    usage: step.value.usage,
  };
}

function finishReason(reason: Outcome["finishReason"], calls: number): FinishReason {
  return reason === "stop" && calls > 0 ? "tool_calls" : reason;
}

function randomId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < 24; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
