import type { Grammar } from "@toolmask/grammar";
import { ArgumentValueError, FormatError, ParameterNameError } from "./errors.js";
import type { FormatDefinition, RenderCall } from "./format.js";
import { FormatGrammarContext, type GrammarTuning } from "./grammar/context.js";
import { collectEvents, Emitter } from "./parse/emitter.js";
import { Cursor, ParseRun } from "./parse/cursor.js";
import { argumentsObject } from "./parse/json-call.js";
import { resolveFormat } from "./registry.js";
import { normalizeTools, resolveChoice, type Tool } from "./tools.js";
import type { IdGenerator, OpenAIChatDelta, ParseResult, ReasoningMode, ToolCall, ToolCallStreamEvent, ToolChoice, ToolDefinition } from "./types.js";

export interface BuildToolGrammarOptions extends GrammarTuning {
  /** A format name or alias (see `listFormats`), or a definition. */
  readonly format: string | FormatDefinition;
  readonly tools?: readonly ToolDefinition[];
  /** OpenAI `tool_choice`; default "auto" when tools are given, else "none". */
  readonly toolChoice?: ToolChoice;
  /** OpenAI `parallel_tool_calls`; false allows at most one call. Default true. */
  readonly parallelToolCalls?: boolean;
  /** Reasoning block before the answer; defaults to what the format's models do. */
  readonly reasoning?: ReasoningMode;
}

/**
 * The grammar of every output the model may produce under `toolChoice`: function names limited to
 * the declared tools, arguments to each tool's schema, markers as special tokens where the
 * model's vocabulary has them. Its end is where the model may emit end-of-sequence.
 */
export function buildToolGrammar(options: BuildToolGrammarOptions): Grammar {
  const format = resolveFormat(options.format);
  const tools = normalizeTools(options.tools);
  const choice = resolveChoice(tools, options.toolChoice, format.parallel === false ? false : options.parallelToolCalls);
  // A parameter the format cannot write would make the grammar allow calls its parser rejects.
  for (const tool of choice.tools) for (const p of tool.properties) checkParameterName(format, tool.name, p.name);
  const ctx = new FormatGrammarContext(format, choice, options.reasoning ?? format.reasoning ?? false, options);
  return ctx.builder.build(format.grammar(ctx));
}

export interface RenderOptions {
  /** Declared tools (XML and pythonic formats use their schemas). */
  readonly tools?: readonly ToolDefinition[];
  /** The spelling, for formats with several (Mistral's); default the format's first. */
  readonly variant?: string;
}

/** The calls as the model writes them in `format` (for chat history and tests). */
export function renderToolCalls(format: string | FormatDefinition, calls: readonly (RenderCall | ToolCall)[], options: RenderOptions = {}): string {
  const def = resolveFormat(format);
  const byName = toolMap(normalizeTools(options.tools));
  if (options.variant !== undefined && !(def.variants ?? []).includes(options.variant)) {
    throw new FormatError("invalid_variant", `format "${def.name}" has no variant "${options.variant}"`);
  }
  const rendered = calls.map(toRenderCall);
  if (def.parameterNameProblem || def.argumentValueProblem) {
    for (const c of rendered) {
      for (const [key, value] of Object.entries(argumentsObject(c.arguments))) {
        checkParameterName(def, c.name, key);
        const reason = def.argumentValueProblem?.(value);
        if (reason !== undefined) throw new ArgumentValueError(def.name, c.name, key, reason);
      }
    }
  }
  return def.render(rendered, byName, options.variant ?? def.variants?.[0]);
}

/** Throws a {@link ParameterNameError} when `format` cannot write the parameter name `name`. */
function checkParameterName(format: FormatDefinition, tool: string, name: string): void {
  const reason = format.parameterNameProblem?.(name);
  if (reason !== undefined) throw new ParameterNameError(format.name, tool, name, reason);
}

/** One call as the model writes it in `format`. */
export function renderToolCall(format: string | FormatDefinition, call: RenderCall | ToolCall, options: RenderOptions = {}): string {
  return renderToolCalls(format, [call], options);
}

export interface ParseOptions {
  readonly format: string | FormatDefinition;
  /** Declared tools: calls to other names are not calls; XML and pythonic values are typed by their schemas. */
  readonly tools?: readonly ToolDefinition[];
  /**
   * Whether the output may start with (true) or starts inside ("started") a reasoning block.
   * Default "detect", which holds a stream's text back until it can tell: give the mode (see
   * `reasoningForPrompt`) to stream eagerly.
   */
  readonly reasoning?: ReasoningMode;
  /** Tool-call ids; default the format's own (Mistral: nine alphanumerics), else `call_` and 24 random alphanumerics. */
  readonly idGenerator?: IdGenerator;
}

/** Parses a whole model output. Never throws on model text: what is not a valid call stays content. */
export function parseToolCalls(text: string, options: ParseOptions): ParseResult {
  const stream = createToolCallStream(options);
  return collectEvents([...stream.push(text), ...stream.end()]);
}

/** A streaming parser: push text deltas as they are generated, then `end()`. */
export interface ToolCallStream {
  /** Events for the text pushed so far; partial markers are held back until they resolve. */
  push(delta: string): ToolCallStreamEvent[];
  /** Flushes held text and finishes or withdraws an open call. */
  end(): ToolCallStreamEvent[];
}

export function createToolCallStream(options: ParseOptions): ToolCallStream {
  const format = resolveFormat(options.format);
  const tools = options.tools === undefined ? undefined : toolMap(normalizeTools(options.tools));
  const emitter = new Emitter(tools === undefined ? undefined : new Set(tools.keys()), options.idGenerator ?? format.callId ?? randomCallId);
  const cursor = new Cursor(emitter, tools, options.reasoning ?? "detect");
  const run = new ParseRun(cursor, (c) => format.parse(c));
  return { push: (delta) => run.push(delta), end: () => run.end() };
}

/**
 * The reasoning mode for a rendered prompt: "started" when the generation prompt opens the
 * reasoning block (Qwen3-Thinking-2507, Qwen3.5, DeepSeek-R1, GLM-4.7, Kimi K2.5 templates end
 * with `<think>`), false when it closes it already (thinking turned off: `<think>\n\n</think>`),
 * else the format's default. Pass the result to both `buildToolGrammar` and the parser.
 */
export function reasoningForPrompt(format: string | FormatDefinition, prompt: string): ReasoningMode {
  const def = resolveFormat(format);
  const markers = def.reasoningMarkers;
  if (markers) {
    const tail = prompt.trimEnd();
    if (tail.endsWith(markers[0])) return "started";
    if (tail.endsWith(markers[1])) return false;
  }
  return def.reasoning ?? false;
}

/** Folds stream events into the result `parseToolCalls` gives for the same text. */
export const collectStream = collectEvents;

/**
 * The OpenAI `choices[].delta` for an event, or null for events OpenAI's stream has no shape for
 * (a call's end, a withdrawn call; its text arrives as a following content event).
 */
export function toOpenAIDelta(event: ToolCallStreamEvent): OpenAIChatDelta | null {
  switch (event.type) {
    case "content":
      return { content: event.text };
    case "reasoning":
      return { reasoning_content: event.text };
    case "tool_call_start":
      return { tool_calls: [{ index: event.index, id: event.id, type: "function", function: { name: event.name, arguments: "" } }] };
    case "tool_call_delta":
      return { tool_calls: [{ index: event.index, function: { arguments: event.arguments } }] };
    default:
      return null;
  }
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `call_` and 24 random letters and digits, the shape OpenAI's ids have. */
export function randomCallId(): string {
  let id = "call_";
  for (let i = 0; i < 24; i++) id += ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)];
  return id;
}

function toolMap(tools: readonly Tool[]): Map<string, Tool> {
  return new Map(tools.map((t) => [t.name, t]));
}

function toRenderCall(call: RenderCall | ToolCall): RenderCall {
  if ("function" in call) return { name: call.function.name, arguments: call.function.arguments, id: call.id };
  return call;
}
