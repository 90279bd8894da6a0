// The worker side of a Web Worker setup. WebLLM's `WebWorkerMLCEngineHandler` runs the engine in
// the worker; toolmask's processor must live beside it (WebLLM calls it synchronously at every
// step), and so does the token driver, so that one decode step costs no extra message. The
// handler is wrapped: toolmask's custom requests are answered here, everything else goes to
// WebLLM's handler unchanged.
import type { LogitProcessor } from "@mlc-ai/web-llm";
import { grammarFromJSON } from "./grammar-wire.js";
import type { Generation } from "./generation.js";
import type { GrammarSpec } from "./plan.js";
import { prepareModel, type PrepareModelOptions } from "./prepare-model.js";
import { ARM_REQUEST, DISARM_REQUEST, toWire, type ArmMessage } from "./processor-link.js";
import { ToolLogitProcessor } from "./processor.js";
import { driveTokens, type TokenEngine } from "./token-driver.js";
import type { ToolModel } from "./tool-model.js";
import {
  CLOSE_REQUEST,
  errorToWire,
  GENERATE_REQUEST,
  NEXT_REQUEST,
  PREPARE_REQUEST,
  type GenerateMessage,
  type PrepareMessage,
  type PreparedInfo,
} from "./worker-protocol.js";

/**
 * A logit-processor registry that has a toolmask processor for every model id: WebLLM binds the
 * processor at `reload()`, before the model is prepared, and the processor stays inert until
 * toolmask arms it.
 */
export class ToolProcessorRegistry extends Map<string, LogitProcessor> {
  override get(modelId: string): ToolLogitProcessor {
    let processor = super.get(modelId) as ToolLogitProcessor | undefined;
    if (!processor) super.set(modelId, (processor = new ToolLogitProcessor()));
    return processor;
  }
}

/** The parts of WebLLM's `WebWorkerMLCEngineHandler` used here. */
export interface WorkerHandlerLike {
  readonly engine: TokenEngine;
  setLogitProcessorRegistry(registry?: Map<string, LogitProcessor>): void;
  onmessage(event: unknown, onComplete?: (value: unknown) => void, onError?: () => void): void;
  postMessage(message: unknown): void;
}

export interface ToolWorkerHandler {
  /** Give every message of the worker to this (`self.onmessage = (e) => host.onmessage(e)`). */
  onmessage(event: unknown): void;
  /** The models prepared in this worker, by id. */
  readonly models: ReadonlyMap<string, ToolModel>;
  readonly registry: ToolProcessorRegistry;
}

interface CustomRequest {
  readonly kind: "customRequest";
  readonly uuid: string;
  readonly content: { readonly requestName: string; readonly requestMessage: string };
}

/**
 * Wraps WebLLM's worker handler so toolmask's processor and token driver live in the worker:
 *
 * ```ts
 * // worker.ts
 * import { WebWorkerMLCEngineHandler } from "@mlc-ai/web-llm";
 * import { createToolWorkerHandler } from "@toolmask/webllm";
 * const host = createToolWorkerHandler(new WebWorkerMLCEngineHandler());
 * self.onmessage = (event) => host.onmessage(event);
 * ```
 *
 * On the main thread, `prepareModel(workerEngine, modelId)` prepares the model here, and
 * `withTools(workerEngine, { model })` sends its requests here.
 */
export function createToolWorkerHandler(handler: WorkerHandlerLike, options: Omit<PrepareModelOptions, "onProgress" | "processor" | "format" | "chatTemplate" | "modelUrl"> = {}): ToolWorkerHandler {
  const registry = new ToolProcessorRegistry();
  handler.setLogitProcessorRegistry(registry);
  const models = new Map<string, ToolModel>();
  const grammars = new Map<string, string>();
  const streams = new Map<string, Generation>();
  let streamCounter = 0;

  const modelFor = (modelId: string): ToolModel => {
    const model = models.get(modelId);
    if (!model) throw new Error(`model "${modelId}" was not prepared in this worker (call prepareModel(engine, "${modelId}") on the main thread first)`);
    return model;
  };
  const specFor = (grammar: { key: string; json?: string } | null): GrammarSpec | undefined | "missing" => {
    if (!grammar) return undefined;
    if (grammar.json !== undefined) grammars.set(grammar.key, grammar.json);
    const json = grammars.get(grammar.key);
    if (json === undefined) return "missing";
    return { key: grammar.key, build: () => grammarFromJSON(json) };
  };

  const handlers: Record<string, (payload: never) => Promise<unknown>> = {
    [PREPARE_REQUEST]: async (message: PrepareMessage): Promise<PreparedInfo> => {
      const started = Date.now();
      const model = await prepareModel(handler.engine, message.modelId, {
        ...options,
        ...(message.format !== undefined ? { format: message.format } : {}),
        ...(message.chatTemplate !== undefined ? { chatTemplate: message.chatTemplate } : {}),
        ...(message.modelUrl !== undefined ? { modelUrl: message.modelUrl } : {}),
        processor: registry.get(message.modelId),
        onProgress: (p) => handler.postMessage({ kind: "initProgressCallback", uuid: "", content: { progress: p.progress, timeElapsed: (Date.now() - started) / 1000, text: `toolmask:${JSON.stringify(p)}` } }),
      });
      models.set(message.modelId, model);
      return {
        modelId: model.modelId,
        format: model.format,
        chatTemplate: model.template.source,
        bosToken: model.template.bosToken,
        eosToken: model.template.eosToken,
        specialTokens: model.specialTokens ?? [],
        generation: model.generation,
      };
    },
    [GENERATE_REQUEST]: async (message: GenerateMessage) => {
      const model = modelFor(message.modelId);
      const grammar = specFor(message.grammar);
      if (grammar === "missing") return "missing";
      const stream = `s${streamCounter++}`;
      streams.set(stream, driveTokens(handler.engine, model, { prompt: message.prompt, grammar, sampling: message.sampling, jumpForward: message.jumpForward }));
      return { stream };
    },
    [NEXT_REQUEST]: async (message: { stream: string; stop: boolean }) => {
      const generation = streams.get(message.stream);
      if (!generation) throw new Error(`no toolmask stream ${message.stream} in this worker`);
      if (message.stop) generation.stop();
      try {
        const step = await generation.pieces.next();
        if (step.done) {
          streams.delete(message.stream);
          return { outcome: step.value };
        }
        return { piece: step.value };
      } catch (err) {
        streams.delete(message.stream);
        throw err;
      }
    },
    [CLOSE_REQUEST]: async (message: { stream: string }) => {
      const generation = streams.get(message.stream);
      streams.delete(message.stream);
      await generation?.pieces.return(undefined as never);
      return null;
    },
    // The completions driver through a worker: arm before WebLLM's completions.create, disarm after.
    [ARM_REQUEST]: async (message: ArmMessage) => {
      const model = modelFor(message.modelId);
      const grammar = specFor({ key: message.key, ...(message.grammar !== undefined ? { json: message.grammar } : {}) });
      if (grammar === "missing" || grammar === undefined) return "missing";
      registry.get(message.modelId).arm(model.compile(grammar));
      return "armed";
    },
    [DISARM_REQUEST]: async (message: { modelId: string }) => JSON.stringify(toWire(registry.get(message.modelId).disarm())),
  };

  return {
    models,
    registry,
    onmessage(event: unknown): void {
      const msg = (event && typeof event === "object" && "data" in event ? (event as { data: unknown }).data : event) as Partial<CustomRequest> | null;
      const run = msg?.kind === "customRequest" ? handlers[msg.content?.requestName ?? ""] : undefined;
      if (!run) {
        handler.onmessage(event);
        return;
      }
      const { uuid, content } = msg as CustomRequest;
      run(JSON.parse(content.requestMessage) as never).then(
        (value) => handler.postMessage({ kind: "return", uuid, content: value }),
        (err: unknown) => handler.postMessage({ kind: "throw", uuid, content: errorToWire(err) }),
      );
    },
  };
}
