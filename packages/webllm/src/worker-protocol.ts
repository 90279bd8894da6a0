// The messages toolmask sends across the Web Worker boundary, as WebLLM `customRequest`s (the one
// message kind WebLLM's worker protocol leaves open). The worker's handler must be wrapped by
// `createToolWorkerHandler`: WebLLM's own handler acknowledges custom requests to nobody.
import { ModelSetupError, ToolGenerationError, ToolRequestError } from "./errors.js";
import type { GenerationDefaults } from "./tool-model.js";
import type { SamplingParams } from "./plan.js";

export const PREPARE_REQUEST = "toolmask:prepare";
export const GENERATE_REQUEST = "toolmask:generate";
export const NEXT_REQUEST = "toolmask:next";
export const CLOSE_REQUEST = "toolmask:close";

export interface PrepareMessage {
  readonly modelId: string;
  readonly format?: string;
  readonly chatTemplate?: string;
  readonly modelUrl?: string;
}

/** What the main thread needs of a model prepared in the worker. */
export interface PreparedInfo {
  readonly modelId: string;
  readonly format: string;
  readonly chatTemplate: string;
  readonly bosToken: string | null;
  readonly eosToken: string | null;
  readonly specialTokens: readonly string[];
  readonly generation: GenerationDefaults;
}

export interface GenerateMessage {
  readonly modelId: string;
  readonly prompt: string;
  /** The grammar's cache key, and its `grammarToJSON` form when the worker lacks it. */
  readonly grammar: { readonly key: string; readonly json?: string } | null;
  readonly sampling: SamplingParams;
  readonly jumpForward: boolean;
}

/** The worker's answer to a generate request. */
export type GenerateReply = { readonly stream: string } | "missing";

/** The worker's answer to a next request: a piece, or the outcome when generation has ended. */
export type NextReply = { readonly piece: { readonly text: string; readonly logprobs?: unknown[] } } | { readonly outcome: unknown };

/** An error as it crosses the boundary: WebLLM sends a thrown value's string form, so this is JSON. */
interface WireError {
  readonly toolmaskError: { readonly kind: "request" | "generation" | "setup"; readonly code: string; readonly message: string; readonly path?: string; readonly step?: number };
}

export function errorToWire(err: unknown): string {
  if (err instanceof ToolRequestError) return JSON.stringify({ toolmaskError: { kind: "request", code: err.code, message: err.message, path: err.path } } satisfies WireError);
  if (err instanceof ToolGenerationError) return JSON.stringify({ toolmaskError: { kind: "generation", code: err.code, message: err.message, step: err.step } } satisfies WireError);
  if (err instanceof ModelSetupError) return JSON.stringify({ toolmaskError: { kind: "setup", code: err.code, message: err.message } } satisfies WireError);
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The typed error back from the worker's rejection (a string); other failures as Errors. */
export function errorFromWire(value: unknown): Error {
  const text = String(value);
  try {
    const wire = (JSON.parse(text) as Partial<WireError>).toolmaskError;
    if (wire) {
      if (wire.kind === "request") return new ToolRequestError(wire.code as never, wire.path ?? "request", wire.message.replace(/^[^:]*: /, ""));
      if (wire.kind === "generation") return new ToolGenerationError(wire.code as never, wire.step ?? 0, wire.message.replace(/^decode step \d+: /, ""));
      return new ModelSetupError(wire.code as never, wire.message);
    }
  } catch {
    // not one of ours
  }
  return new Error(`Web Worker engine: ${text}`);
}
