// OpenAI chat-completion shapes at the edge of the package. Requests accept the variants other
// OpenAI-compatible servers accept (arguments as a string or an object, tool results as text, an
// object or text parts); responses and chunks are exactly OpenAI's.
import type { JsonSchema, ToolChoice, ToolDefinition } from "@toolmask/formats";

export interface TextContentPart {
  readonly type: "text";
  readonly text: string;
}

/** An earlier call in an assistant message; `arguments` may be a JSON string or an object. */
export interface AssistantToolCall {
  readonly id?: string;
  readonly type?: "function";
  readonly function: { readonly name: string; readonly arguments: string | { readonly [key: string]: unknown } };
}

export type ChatMessage =
  | { readonly role: "system" | "developer"; readonly content: string | readonly TextContentPart[]; readonly name?: string }
  | { readonly role: "user"; readonly content: string | readonly TextContentPart[]; readonly name?: string }
  | {
      readonly role: "assistant";
      readonly content?: string | readonly TextContentPart[] | null;
      readonly tool_calls?: readonly AssistantToolCall[] | null;
      /** Reasoning of an earlier turn (DeepSeek / vLLM field); templates decide whether to keep it. */
      readonly reasoning_content?: string | null;
      readonly name?: string;
    }
  | {
      readonly role: "tool";
      /** The tool's result: text, any JSON value (serialized), or text parts (joined). */
      readonly content: unknown;
      readonly tool_call_id?: string;
      readonly name?: string;
    };

export type ResponseFormat =
  | { readonly type: "text" }
  | { readonly type: "json_object"; readonly schema?: JsonSchema }
  | {
      readonly type: "json_schema";
      readonly json_schema: { readonly name: string; readonly description?: string; readonly schema?: JsonSchema; readonly strict?: boolean | null };
    };

/** An OpenAI chat-completion request. */
export interface ChatCompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** The WebLLM model id; needed only when the engine has several models loaded. */
  readonly model?: string | null;
  readonly tools?: readonly ToolDefinition[] | null;
  readonly tool_choice?: ToolChoice | null;
  readonly parallel_tool_calls?: boolean | null;
  readonly response_format?: ResponseFormat | null;
  readonly stream?: boolean | null;
  readonly stream_options?: { readonly include_usage?: boolean } | null;
  readonly max_tokens?: number | null;
  /** OpenAI's newer name for `max_tokens`. */
  readonly max_completion_tokens?: number | null;
  readonly temperature?: number | null;
  readonly top_p?: number | null;
  readonly seed?: number | null;
  readonly stop?: string | readonly string[] | null;
  readonly logprobs?: boolean | null;
  readonly top_logprobs?: number | null;
  readonly logit_bias?: { readonly [tokenId: string]: number } | null;
  readonly frequency_penalty?: number | null;
  readonly presence_penalty?: number | null;
  readonly n?: number | null;
  /** Template switches passed to the chat template (Qwen3's `enable_thinking`, gpt-oss's `reasoning_effort`). */
  readonly chat_template_kwargs?: { readonly [name: string]: unknown } | null;
}

export type StreamingChatCompletionRequest = ChatCompletionRequest & { readonly stream: true };
export type NonStreamingChatCompletionRequest = ChatCompletionRequest & { readonly stream?: false | null };

export interface ResponseToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
}

export type FinishReason = "stop" | "length" | "tool_calls" | "abort";

/** Timing and masking statistics of one request, beside OpenAI's token counts. */
export interface UsageExtra {
  /** Seconds from request to first token (prompt prefill and the first sample). */
  prefill_s: number;
  /** Seconds spent decoding after the first token. */
  decode_s: number;
  /** Milliseconds per decode step spent in toolmask's processor (mask + apply); 0 without a grammar. */
  mask_ms_per_token: number;
  /** Decode steps the processor masked. */
  masked_steps: number;
  /**
   * Steps at which the grammar allowed exactly one token: jump-forward would feed these in one
   * forward pass instead of one decode step each.
   */
  forced_steps: number;
  /** Which backend enforced the grammar. */
  backend: "native" | "xgrammar" | "none";
  /** Which WebLLM API generated: the token driver (`forwardTokensAndSample`) or `completions.create`. */
  driver: "tokens" | "completions" | "chat";
  /**
   * Tokens the token driver fed by jump-forward (forced text in one forward pass with the sampled
   * token): each is a decode step saved. 0 with the other drivers.
   */
  jump_forward_tokens: number;
  /** Forward passes after the prefill (one per decode step). */
  decode_steps: number;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Prompt tokens already in WebLLM's KV cache from the previous request (token driver only). */
  prompt_tokens_details?: { cached_tokens: number };
  extra: UsageExtra;
}

export interface AssistantMessage {
  role: "assistant";
  content: string | null;
  tool_calls?: ResponseToolCall[];
  reasoning_content?: string;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: AssistantMessage;
    finish_reason: FinishReason;
    logprobs: { content: TokenLogprob[] } | null;
  }[];
  usage: CompletionUsage;
}

export interface ChatCompletionDelta {
  role?: "assistant";
  content?: string;
  reasoning_content?: string;
  tool_calls?: { index: number; id?: string; type?: "function"; function: { name?: string; arguments?: string } }[];
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: {
    index: number;
    delta: ChatCompletionDelta;
    finish_reason: FinishReason | null;
    logprobs: { content: TokenLogprob[] } | null;
  }[];
  usage?: CompletionUsage;
}
