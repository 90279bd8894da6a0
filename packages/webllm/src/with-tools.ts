import type { Completion } from "@mlc-ai/web-llm";
import { collectStream, createToolCallStream, toOpenAIDelta, type ToolCallStreamEvent } from "@toolmask/formats";
import { now } from "./clock.js";
import type { ToolEngine, WebLLMChatChunk } from "./engine-types.js";
import { ModelSetupError, ToolRequestError } from "./errors.js";
import type { Generation, Outcome, Piece } from "./generation.js";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionDelta,
  ChatCompletionRequest,
  FinishReason,
  NonStreamingChatCompletionRequest,
  ResponseToolCall,
  StreamingChatCompletionRequest,
  TokenLogprob,
} from "./openai-types.js";
import { planRequest, withPromptReasoning, type RequestPlan } from "./plan.js";
import { isWorkerEngine, localLink, workerLink, type ProcessorLink } from "./processor-link.js";
import type { SessionReport } from "./processor.js";
import { StopStringFilter } from "./stop-strings.js";
import { driveTokens, hasTokenApi, type TokenEngine } from "./token-driver.js";
import type { ToolModel } from "./tool-model.js";
import { remoteDrive } from "./worker-client.js";
import { xgrammarRequest } from "./xgrammar-backend.js";

/**
 * `native` masks with toolmask's engine in a LogitProcessor (exact grammar, special tokens,
 * counted repeats, typed errors); `xgrammar` hands the same grammar to WebLLM's own web-xgrammar
 * through `response_format`, for comparison and as a fallback.
 */
export type Backend = "native" | "xgrammar";

/**
 * Which WebLLM API generates for the native backend. `tokens` (default where possible):
 * `forwardTokensAndSample`, toolmask tokenizing the prompt, reusing the KV cache across turns,
 * sampling with the request's parameters inside the processor, and jump-forward over forced text.
 * `completions`: `completions.create({prompt})`, which tokenizes and samples itself but resets the
 * chat (and so the KV cache) at every request and cannot feed forced tokens.
 */
export type Driver = "tokens" | "completions";

export interface WithToolsOptions {
  /** The prepared model (or models, when the engine has several loaded). */
  readonly model: ToolModel | readonly ToolModel[];
  /** Default `native`. */
  readonly backend?: Backend;
  /**
   * Default `tokens` when the engine has `forwardTokensAndSample` and the model a tokenizer (or the
   * engine is a Web Worker engine served by `createToolWorkerHandler`), else `completions`.
   */
  readonly driver?: Driver;
  /** Token driver: feed text the grammar forces in one forward pass. Default true. */
  readonly jumpForward?: boolean;
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
  const driverFor = (model: ToolModel): Driver => {
    if (options.driver) return options.driver;
    if (remote) return "tokens";
    return hasTokenApi(engine) && model.tokenizer && model.vocabulary ? "tokens" : "completions";
  };
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
    const planned = planRequest(request, { format: model.format, ...(model.specialTokens ? { specialTokens: model.specialTokens } : {}) });
    const prompt = model.template.render(planned.messages, { ...(planned.tools ? { tools: planned.tools } : {}), variables: planned.templateVariables });
    const plan = withPromptReasoning(planned, model.format, prompt);
    const id = `chatcmpl-${randomId()}`;
    const created = Math.floor(Date.now() / 1000);
    const source = (): Generation => {
      if (backend === "xgrammar" && plan.grammar) return generate(engine, model, plan, prompt, "xgrammar", undefined);
      if (driverFor(model) === "completions") return generate(engine, model, plan, prompt, "native", plan.grammar ? linkFor(model) : undefined);
      const drive = { prompt, grammar: plan.grammar, sampling: plan.sampling, jumpForward: options.jumpForward ?? true };
      if (remote) return remoteDrive(engine, model, drive);
      if (!hasTokenApi(engine)) throw new ModelSetupError("model_not_prepared", "the engine has no forwardTokensAndSample/resetChat; use { driver: \"completions\" }");
      return driveTokens(engine as TokenEngine, model, drive);
    };
    if (plan.stream) {
      return { [Symbol.asyncIterator]: () => exclusiveIterator(exclusive, () => streamChunks(source(), plan, model, id, created)) };
    }
    return exclusive(() => completeResponse(source(), plan, model, id, created));
  }

  return { chat: { completions: { create: create as ToolChatClient["chat"]["completions"]["create"] } } };
}

/** Generation through `completions.create` (native backend) or `chat.completions.create` (xgrammar backend). */
function generate(engine: ToolEngine, model: ToolModel, plan: RequestPlan, prompt: string, backend: Backend, link: ProcessorLink | undefined): Generation {
  let stopRequested = false;
  return {
    pieces: completionPieces(engine, model, plan, prompt, backend, link, () => stopRequested),
    stop: () => {
      stopRequested = true;
    },
  };
}

async function* completionPieces(engine: ToolEngine, model: ToolModel, plan: RequestPlan, prompt: string, backend: Backend, link: ProcessorLink | undefined, stopRequested: () => boolean): AsyncGenerator<Piece, Outcome, void> {
  const started = now();
  let report: SessionReport | undefined;
  let finishReason: Outcome["finishReason"] = "stop";
  let webllmUsage: Completion["usage"] | undefined;
  const chat = backend === "xgrammar" && plan.grammar !== undefined;
  if (link && plan.grammar) await link.arm(plan.grammar);
  try {
    const stream: AsyncIterable<Completion | WebLLMChatChunk> = chat
      ? await engine.chat.completions.create(xgrammarRequest(model, plan))
      : await engine.completions.create({ prompt, model: model.modelId, stream: true, stream_options: { include_usage: true }, ...plan.sampling });
    let interrupted = false;
    for await (const chunk of stream) {
      if (chunk.usage) webllmUsage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (stopRequested()) {
        // A stop string was seen: WebLLM's generation is interrupted and what it still sends is dropped.
        if (!interrupted) await engine.interruptGenerate();
        interrupted = true;
        continue;
      }
      const text = "text" in choice ? choice.text : (choice.delta.content ?? "");
      const logprobs = (choice.logprobs?.content ?? undefined) as TokenLogprob[] | undefined;
      if (text !== "" || logprobs) yield { text, logprobs };
      if (choice.finish_reason) finishReason = choice.finish_reason === "length" ? "length" : choice.finish_reason === "abort" ? "abort" : "stop";
    }
    if (interrupted) finishReason = "stop";
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
        prefill_s: extra?.time_to_first_token_s ?? (now() - started) / 1000,
        decode_s: (extra?.time_per_output_token_s ?? 0) * Math.max(0, completionTokens - 1),
        mask_ms_per_token: masked > 0 ? report!.maskMs / masked : 0,
        masked_steps: masked,
        forced_steps: report?.forcedSteps ?? 0,
        backend: plan.grammar ? backend : "none",
        driver: chat ? "chat" : "completions",
        jump_forward_tokens: 0,
        decode_steps: Math.max(0, completionTokens - 1),
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

interface Step {
  readonly events: ToolCallStreamEvent[];
  readonly logprobs: TokenLogprob[] | undefined;
}

/**
 * The generation parsed in the model's format, with `stop` strings applied to the content: when
 * one completes, the content before it is kept, generation is stopped, and later events dropped.
 */
async function* parsedSteps(generation: Generation, plan: RequestPlan, model: ToolModel): AsyncGenerator<Step, Outcome, void> {
  const parser = parserFor(plan, model);
  const stops = new StopStringFilter(plan.stop);
  const filter = (events: ToolCallStreamEvent[]): ToolCallStreamEvent[] => {
    if (!stops.active) return events;
    const out: ToolCallStreamEvent[] = [];
    for (const event of events) {
      if (stops.stopped) break;
      if (event.type !== "content") {
        out.push(event);
        continue;
      }
      const text = stops.push(event.text);
      if (text !== "") out.push({ ...event, text });
      if (stops.stopped) generation.stop();
    }
    return out;
  };
  const pieces = generation.pieces;
  try {
    let step = await pieces.next();
    while (!step.done) {
      const events = filter(parser.push(step.value.text));
      if (events.length > 0 || step.value.logprobs) yield { events, logprobs: step.value.logprobs };
      step = await pieces.next();
    }
    const rest = filter(parser.end());
    const held = stops.flush();
    if (held !== "") rest.push({ type: "content", text: held });
    if (rest.length > 0) yield { events: rest, logprobs: undefined };
    return stops.stopped ? { ...step.value, finishReason: "stop" } : step.value;
  } finally {
    // A reader that leaves early: the generation's own cleanup (disarming the processor) runs now.
    await pieces.return(undefined as never);
  }
}

async function* streamChunks(generation: Generation, plan: RequestPlan, model: ToolModel, id: string, created: number): AsyncGenerator<ChatCompletionChunk, void, void> {
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
  const steps = parsedSteps(generation, plan, model);
  try {
    let step = await steps.next();
    while (!step.done) {
      if (step.value.logprobs) (pending ??= []).push(...step.value.logprobs);
      for (const event of step.value.events) {
        if (event.type === "tool_call_end") calls++;
        const delta = toOpenAIDelta(event);
        if (!delta) continue;
        yield chunk(delta as ChatCompletionDelta, null, pending);
        pending = undefined;
      }
      step = await steps.next();
    }
    const outcome = step.value;
    yield chunk({}, finishReason(outcome.finishReason, calls), pending);
    if (plan.includeUsage) yield { id, object: "chat.completion.chunk", created, model: model.modelId, choices: [], usage: outcome.usage };
  } finally {
    // A reader that leaves early ends generation (the token driver stops at its next step).
    generation.stop();
    await steps.return(undefined as never);
  }
}

async function completeResponse(generation: Generation, plan: RequestPlan, model: ToolModel, id: string, created: number): Promise<ChatCompletion> {
  const events: ToolCallStreamEvent[] = [];
  const logprobs: TokenLogprob[] = [];
  const steps = parsedSteps(generation, plan, model);
  let step = await steps.next();
  while (!step.done) {
    if (step.value.logprobs) logprobs.push(...step.value.logprobs);
    events.push(...step.value.events);
    step = await steps.next();
  }
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
