// The main-thread side of a Web Worker setup: the model is prepared and the token driver runs in
// the worker (beside WebLLM's engine and the processor); this side renders prompts, plans requests
// and parses the output, and pulls generated pieces one message at a time.
import { ModelSetupError } from "./errors.js";
import type { Generation, Outcome, Piece } from "./generation.js";
import { grammarToJSON } from "./grammar-wire.js";
import type { PrepareModelOptions } from "./prepare-model.js";
import { ToolModel } from "./tool-model.js";
import type { DriveRequest } from "./token-driver.js";
import {
  CLOSE_REQUEST,
  errorFromWire,
  GENERATE_REQUEST,
  NEXT_REQUEST,
  PREPARE_REQUEST,
  type GenerateMessage,
  type GenerateReply,
  type NextReply,
  type PrepareMessage,
  type PreparedInfo,
} from "./worker-protocol.js";

/** The message channel of a `WebWorkerMLCEngine` (its `getPromise` is protected in the types). */
interface WorkerEngine {
  getPromise(msg: { kind: "customRequest"; uuid: string; content: { requestName: string; requestMessage: string } }): Promise<unknown>;
  getInitProgressCallback?(): ((report: { progress: number; timeElapsed: number; text: string }) => void) | undefined;
  setInitProgressCallback?(callback: ((report: { progress: number; timeElapsed: number; text: string }) => void) | undefined): void;
}

let counter = 0;

/** Sends a toolmask request to the worker and returns its answer; typed errors come back typed. */
export async function request<T>(engine: unknown, requestName: string, payload: unknown): Promise<T> {
  const channel = engine as WorkerEngine;
  try {
    return (await channel.getPromise({ kind: "customRequest", uuid: `toolmask-${Date.now()}-${counter++}`, content: { requestName, requestMessage: JSON.stringify(payload) } })) as T;
  } catch (err) {
    throw errorFromWire(err);
  }
}

/**
 * Prepares the model inside the worker (see `createToolWorkerHandler`) and returns its main-thread
 * view: format, chat template and special tokens, no vocabulary. Progress arrives through
 * WebLLM's init-progress messages, routed to `onProgress` while this runs.
 */
export async function prepareRemoteModel(engine: unknown, modelId: string, options: PrepareModelOptions): Promise<ToolModel> {
  const channel = engine as WorkerEngine;
  const message: PrepareMessage = {
    modelId,
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.chatTemplate !== undefined ? { chatTemplate: options.chatTemplate } : {}),
    ...(options.modelUrl !== undefined ? { modelUrl: options.modelUrl } : {}),
  };
  const previous = channel.getInitProgressCallback?.();
  const onProgress = options.onProgress;
  if (onProgress && channel.setInitProgressCallback) {
    channel.setInitProgressCallback((report) => {
      if (report.text.startsWith("toolmask:")) onProgress(JSON.parse(report.text.slice("toolmask:".length)) as never);
      else previous?.(report);
    });
  }
  let info: PreparedInfo;
  try {
    info = await request<PreparedInfo>(engine, PREPARE_REQUEST, message);
  } finally {
    if (onProgress && channel.setInitProgressCallback) channel.setInitProgressCallback(previous);
  }
  return new ToolModel({ modelId, format: info.format, chatTemplate: info.chatTemplate, bosToken: info.bosToken, eosToken: info.eosToken, specialTokens: info.specialTokens, generation: info.generation });
}

/** The token driver running in the worker, read piece by piece. */
export function remoteDrive(engine: unknown, model: ToolModel, drive: DriveRequest): Generation {
  let stopRequested = false;
  return {
    pieces: remotePieces(engine, model, drive, () => stopRequested),
    stop: () => {
      stopRequested = true;
    },
  };
}

async function* remotePieces(engine: unknown, model: ToolModel, drive: DriveRequest, stopRequested: () => boolean): AsyncGenerator<Piece, Outcome, void> {
  const base: GenerateMessage = {
    modelId: model.modelId,
    prompt: drive.prompt,
    grammar: drive.grammar ? { key: drive.grammar.key } : null,
    sampling: drive.sampling,
    jumpForward: drive.jumpForward ?? true,
  };
  let reply = await request<GenerateReply>(engine, GENERATE_REQUEST, base);
  if (reply === "missing") reply = await request<GenerateReply>(engine, GENERATE_REQUEST, { ...base, grammar: { key: drive.grammar!.key, json: grammarToJSON(drive.grammar!.build()) } });
  if (reply === "missing") throw new ModelSetupError("model_not_prepared", "the worker did not take the request's grammar");
  const stream = reply.stream;
  let finished = false;
  try {
    for (;;) {
      const next = await request<NextReply>(engine, NEXT_REQUEST, { stream, stop: stopRequested() });
      if ("outcome" in next) {
        finished = true;
        return next.outcome as Outcome;
      }
      yield next.piece as Piece;
    }
  } finally {
    if (!finished) await request(engine, CLOSE_REQUEST, { stream }).catch(() => undefined);
  }
}
