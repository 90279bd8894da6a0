// Where the processor lives. With an `MLCEngine` it is in this thread and armed directly; with a
// `WebWorkerMLCEngine` it lives in the worker beside the engine, and arming is a message to the
// worker's handler (see worker.ts) sent before the completion request that uses it.
import { grammarToJSON } from "./grammar-wire.js";
import { ToolGenerationError, ModelSetupError, type GenerationErrorCode } from "./errors.js";
import type { GrammarSpec } from "./plan.js";
import type { SessionReport } from "./processor.js";
import type { ToolModel } from "./tool-model.js";

export interface ProcessorLink {
  arm(spec: GrammarSpec): Promise<void>;
  disarm(): Promise<SessionReport | undefined>;
}

export function localLink(model: ToolModel): ProcessorLink {
  const processor = model.processor;
  if (!processor) throw new ModelSetupError("model_not_prepared", `model "${model.modelId}" was prepared without a vocabulary, so it has no processor in this thread`);
  return {
    arm: async (spec) => processor.arm(model.compile(spec)),
    disarm: async () => processor.disarm(),
  };
}

/** Message names of toolmask's custom worker requests. */
export const ARM_REQUEST = "toolmask:arm";
export const DISARM_REQUEST = "toolmask:disarm";

export interface ArmMessage {
  readonly modelId: string;
  readonly key: string;
  /** The grammar as `grammarToJSON` writes it; sent only when the worker has none compiled under `key`. */
  readonly grammar?: string;
}

/** The worker's answer to an arm request. */
export type ArmReply = "armed" | "missing";

/** A session report as it crosses the worker boundary (errors as plain data). */
export interface WireReport extends Omit<SessionReport, "error"> {
  readonly error?: { readonly code: GenerationErrorCode; readonly step: number; readonly message: string };
}

export function toWire(report: SessionReport | undefined): WireReport | null {
  if (!report) return null;
  const { error, ...rest } = report;
  return error ? { ...rest, error: { code: error.code, step: error.step, message: error.message } } : rest;
}

export function fromWire(wire: WireReport | null): SessionReport | undefined {
  if (!wire) return undefined;
  const { error, ...rest } = wire;
  return { ...rest, error: error ? new ToolGenerationError(error.code, error.step, error.message.replace(/^decode step \d+: /, "")) : undefined };
}

/** The message channel of a `WebWorkerMLCEngine` (its `getPromise` is protected in the types). */
interface WorkerChannel {
  getPromise(msg: { kind: "customRequest"; uuid: string; content: { requestName: string; requestMessage: string } }): Promise<unknown>;
}

export function isWorkerEngine(engine: unknown): boolean {
  return typeof engine === "object" && engine !== null && "worker" in engine && typeof (engine as Partial<WorkerChannel>).getPromise === "function";
}

let counter = 0;

export function workerLink(engine: unknown, model: ToolModel): ProcessorLink {
  const channel = engine as WorkerChannel;
  const send = (requestName: string, payload: unknown): Promise<unknown> =>
    channel.getPromise({ kind: "customRequest", uuid: `toolmask-${Date.now()}-${counter++}`, content: { requestName, requestMessage: JSON.stringify(payload) } });
  return {
    arm: async (spec) => {
      const byKey: ArmMessage = { modelId: model.modelId, key: spec.key };
      if ((await send(ARM_REQUEST, byKey)) === "armed") return;
      await send(ARM_REQUEST, { ...byKey, grammar: grammarToJSON(spec.build()) });
    },
    disarm: async () => fromWire(JSON.parse(String(await send(DISARM_REQUEST, { modelId: model.modelId }))) as WireReport | null),
  };
}
