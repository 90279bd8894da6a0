export type { FunctionDefinition, JsonSchema, ToolDefinition } from "@toolmask/schema";

/** A JSON Schema in its object form (boolean schemas are normalized to objects first). */
export type SchemaObject = { readonly [keyword: string]: unknown };

/** OpenAI `tool_choice`. */
export type ToolChoice =
  | "auto"
  | "required"
  | "none"
  | { readonly type: "function"; readonly function: { readonly name: string } }
  | {
      readonly type: "allowed_tools";
      readonly mode: "auto" | "required";
      readonly tools: readonly { readonly type: "function"; readonly function: { readonly name: string } }[];
    };

/** A finished tool call, OpenAI shape. */
export interface ToolCall {
  readonly id: string;
  readonly type: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

/** What a parser reports about text it could not turn into a call. */
export type ParseIssueCode =
  /** A call's syntax is broken (bad JSON, a missing delimiter). */
  | "malformed_call"
  /** The text ended inside a call. */
  | "truncated_call"
  /** The call names a function that is not among the declared tools. */
  | "unknown_tool";

export interface ParseIssue {
  readonly code: ParseIssueCode;
  readonly message: string;
  /** UTF-16 offset in the model text where the failed call starts. */
  readonly offset: number;
  /** The raw text of the failed call (it is kept in `content`). */
  readonly text: string;
}

/** The result of parsing a whole model output. */
export interface ParseResult {
  /** Text outside reasoning and calls, trimmed; null when there is none. */
  readonly content: string | null;
  /** Text of the reasoning block, trimmed; absent when the output has none. */
  readonly reasoning?: string;
  readonly toolCalls: readonly ToolCall[];
  readonly errors: readonly ParseIssue[];
}

/**
 * Events of a tool-call stream, in text order. A call is announced by `tool_call_start` once its
 * name is known, grows by `tool_call_delta` argument fragments, and ends with `tool_call_end`
 * (valid) or `tool_call_error` (withdrawn: its text is then reported as `content`).
 */
export type ToolCallStreamEvent =
  | { readonly type: "content"; readonly text: string }
  | { readonly type: "reasoning"; readonly text: string }
  | { readonly type: "tool_call_start"; readonly index: number; readonly id: string; readonly name: string }
  | { readonly type: "tool_call_delta"; readonly index: number; readonly arguments: string }
  | { readonly type: "tool_call_end"; readonly index: number; readonly call: ToolCall }
  /** `index` is the withdrawn call's, or null when the failure came before the call was named. */
  | { readonly type: "tool_call_error"; readonly index: number | null; readonly issue: ParseIssue };

/** OpenAI's streamed `choices[].delta`, as produced by {@link toOpenAIDelta}. */
export interface OpenAIChatDelta {
  content?: string;
  reasoning_content?: string;
  tool_calls?: {
    index: number;
    id?: string;
    type?: "function";
    function: { name?: string; arguments?: string };
  }[];
}

/** Generates tool-call ids; `index` counts calls from 0 within one output. */
export type IdGenerator = (index: number, name: string) => string;

/**
 * Whether the output may start with a reasoning block: `false` never, `true` optionally (the model
 * opens it), `"started"` the prompt already opened it, so the output starts inside it and closes
 * it. `"detect"` (the parsers' default) reads an opening tag, and otherwise takes a closing tag
 * with no opening one as the end of a block the prompt opened; until it has seen either (or the
 * end), a stream holds its text back. Grammars treat "detect" as `true`.
 */
export type ReasoningMode = boolean | "started" | "detect";
