import { ToolmaskError } from "@toolmask/grammar";

/** Why a chat request was refused before generation started. */
export type RequestErrorCode =
  /** A field has the wrong type or an impossible value. */
  | "invalid_request"
  /** A message is malformed (role, content, tool_calls, tool_call_id). */
  | "invalid_message"
  /** Two tools share a name. */
  | "duplicate_tool"
  /** `tool_choice` names a function that is not among `tools`. */
  | "unknown_tool"
  /** A parameter OpenAI defines that this integration does not implement (`n > 1`, `functions`, …). */
  | "unsupported_parameter"
  /** The prompt does not fit the model's context window (mlc-chat-config.json `context_window_size`). */
  | "context_length_exceeded";

/** A request that cannot be served as sent; `path` points at the offending field. */
export class ToolRequestError extends ToolmaskError {
  declare readonly code: RequestErrorCode;
  /** Where in the request, e.g. `tool_choice.function.name` or `messages[3].tool_calls[0]`. */
  readonly path: string;
  constructor(code: RequestErrorCode, path: string, reason: string) {
    super(code, `${path}: ${reason}`);
    this.path = path;
  }
}

/** Why generation failed after it started. */
export type GenerationErrorCode =
  /** The logits WebLLM handed the processor are not as long as the prepared vocabulary says. */
  | "logits_size_mismatch"
  /** WebLLM sampled a token the grammar forbids (a `logit_bias` or a foreign processor overrode the mask). */
  | "token_rejected"
  /** The engine failed inside the mask computation (work budget, no valid token). */
  | "mask_failed"
  /** The engine produced no response stream. */
  | "engine_failed";

/** A failure inside the decode loop, reported from `create()` (never thrown inside WebLLM's loop). */
export class ToolGenerationError extends ToolmaskError {
  declare readonly code: GenerationErrorCode;
  /** The decode step (0 = the token sampled after prefill) at which it happened. */
  readonly step: number;
  constructor(code: GenerationErrorCode, step: number, reason: string, options?: { cause?: unknown }) {
    super(code, `decode step ${step}: ${reason}`);
    this.step = step;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Why a model could not be prepared. */
export type SetupErrorCode =
  /** A model file could not be fetched or parsed. */
  | "asset_unavailable"
  /** No chat template in the model's files and none given. */
  | "no_chat_template"
  /** No tool-call format known for the model id and none given. */
  | "unknown_format"
  /** The chat template failed to render. */
  | "template_error"
  /** The engine has no prepared model for the request. */
  | "model_not_prepared";

export class ModelSetupError extends ToolmaskError {
  declare readonly code: SetupErrorCode;
  constructor(code: SetupErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
