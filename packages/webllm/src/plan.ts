// A chat request checked and reduced to what generation needs: the messages, the grammar that
// enforces tool_choice or response_format (or none), the parser settings and WebLLM's sampling
// parameters. Every refusal is a ToolRequestError naming the field.
import type { Grammar } from "@toolmask/grammar";
import { buildToolGrammar, reasoningForPrompt, type JsonSchema, type ReasoningMode, type ToolChoice, type ToolDefinition } from "@toolmask/formats";
import { jsonSchemaToGrammar } from "@toolmask/schema";
import { ToolRequestError } from "./errors.js";
import { normalizeMessages, type NormalizedMessage } from "./messages.js";
import type { ChatCompletionRequest } from "./openai-types.js";

/** Sampling and stopping parameters forwarded to WebLLM. */
export interface SamplingParams {
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  frequency_penalty?: number;
  presence_penalty?: number;
}

/** The constraint a request needs, with a key under which its compiled form is cached. */
export interface GrammarSpec {
  readonly key: string;
  build(): Grammar;
}

export interface RequestPlan {
  readonly messages: NormalizedMessage[];
  readonly tools: readonly ToolDefinition[] | undefined;
  readonly toolChoice: ToolChoice;
  /** What enforces the request; undefined leaves the processor inert. */
  readonly grammar: GrammarSpec | undefined;
  /** Whether the output is parsed for calls (false: all text is content). */
  readonly parsesCalls: boolean;
  readonly reasoning: ReasoningMode | undefined;
  readonly sampling: SamplingParams;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly templateVariables: { readonly [name: string]: unknown };
  /** Stop strings: they end generation where they appear in the content, never inside a call. */
  readonly stop: readonly string[];
  /** The tool grammar for a reasoning mode (undefined without tools). */
  readonly toolGrammar: ((reasoning: ReasoningMode | undefined) => GrammarSpec) | undefined;
}

/**
 * The plan with the reasoning mode the rendered prompt implies (`reasoningForPrompt`): a template
 * whose generation prompt opens `<think>` makes the grammar and the parser start inside reasoning.
 * An explicit `enable_thinking: false` is kept.
 */
export function withPromptReasoning(plan: RequestPlan, format: string, prompt: string): RequestPlan {
  if (!plan.toolGrammar || plan.reasoning !== undefined) return plan;
  const reasoning = reasoningForPrompt(format, prompt);
  return { ...plan, reasoning, grammar: plan.toolGrammar(reasoning) };
}

/** Request fields OpenAI defines that this integration refuses rather than ignores. */
const UNSUPPORTED: readonly (readonly [string, string])[] = [
  ["functions", "the legacy `functions` field is not supported; declare them in `tools`"],
  ["function_call", "the legacy `function_call` field is not supported; use `tool_choice`"],
  ["audio", "audio output is not supported"],
  ["modalities", "only text output is supported"],
  ["prediction", "predicted outputs are not supported"],
  ["web_search_options", "web search is not supported"],
];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

function toolName(tool: ToolDefinition, index: number): string {
  if (!isObject(tool)) throw new ToolRequestError("invalid_request", `tools[${index}]`, "is not an object");
  const t = tool as unknown as Record<string, unknown>;
  const fn = isObject(t.function) ? t.function : t;
  if (typeof fn.name !== "string" || fn.name === "") throw new ToolRequestError("invalid_request", `tools[${index}].function.name`, "must be a non-empty string");
  return fn.name;
}

function checkToolChoice(choice: unknown, names: ReadonlySet<string>): void {
  const known = [...names].join(", ") || "no tools are declared";
  const check = (name: unknown, path: string): void => {
    if (typeof name !== "string") throw new ToolRequestError("invalid_request", path, "must be a function name");
    if (!names.has(name)) throw new ToolRequestError("unknown_tool", path, `"${name}" is not among the declared tools (${known})`);
  };
  if (choice === "auto" || choice === "none") return;
  if (choice === "required") {
    if (names.size === 0) throw new ToolRequestError("invalid_request", "tool_choice", `"required" needs at least one tool in \`tools\``);
    return;
  }
  if (isObject(choice) && choice.type === "function") {
    check(isObject(choice.function) ? choice.function.name : undefined, "tool_choice.function.name");
    return;
  }
  if (isObject(choice) && choice.type === "allowed_tools") {
    if (choice.mode !== "auto" && choice.mode !== "required") throw new ToolRequestError("invalid_request", "tool_choice.mode", `must be "auto" or "required", got ${JSON.stringify(choice.mode)}`);
    if (!Array.isArray(choice.tools) || choice.tools.length === 0) throw new ToolRequestError("invalid_request", "tool_choice.tools", "must list at least one tool");
    choice.tools.forEach((t: unknown, i) => check(isObject(t) ? (isObject(t.function) ? t.function.name : t.name) : undefined, `tool_choice.tools[${i}].function.name`));
    return;
  }
  throw new ToolRequestError("invalid_request", "tool_choice", `${JSON.stringify(choice)} is not "auto", "required", "none", {type: "function", function: {name}} or {type: "allowed_tools", …}`);
}

function number(value: unknown, path: string, min: number, max: number, integer = false): number | undefined {
  if (!given(value)) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ToolRequestError("invalid_request", path, `must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

export interface PlanOptions {
  /** The model's tool-call format (a name from `listFormats`). */
  readonly format: string;
  /** The special tokens of the model's vocabulary: markers become token terminals exactly when listed. */
  readonly specialTokens?: readonly string[];
}

export function planRequest(request: ChatCompletionRequest, options: PlanOptions): RequestPlan {
  if (!isObject(request)) throw new ToolRequestError("invalid_request", "request", "is not an object");
  for (const [field, reason] of UNSUPPORTED) {
    if (given((request as Record<string, unknown>)[field])) throw new ToolRequestError("unsupported_parameter", field, reason);
  }
  if (given(request.n) && request.n !== 1) throw new ToolRequestError("unsupported_parameter", "n", "only one choice per request is supported (WebLLM decodes one sequence)");
  const messages = normalizeMessages(request.messages);
  const last = messages[messages.length - 1]!;
  if (last.role === "assistant") throw new ToolRequestError("invalid_message", `messages[${messages.length - 1}]`, "the last message must be from user, tool or system: continuing an assistant message is not supported");

  const tools = given(request.tools) ? request.tools : undefined;
  if (tools !== undefined && !Array.isArray(tools)) throw new ToolRequestError("invalid_request", "tools", "must be an array");
  const names = new Set<string>();
  (tools ?? []).forEach((t, i) => {
    const name = toolName(t, i);
    if (names.has(name)) throw new ToolRequestError("duplicate_tool", `tools[${i}].function.name`, `a tool named "${name}" is already declared`);
    names.add(name);
  });
  const toolChoice: ToolChoice = given(request.tool_choice) ? request.tool_choice : names.size > 0 ? "auto" : "none";
  checkToolChoice(toolChoice, names);
  if (given(request.parallel_tool_calls) && typeof request.parallel_tool_calls !== "boolean") throw new ToolRequestError("invalid_request", "parallel_tool_calls", "must be a boolean");
  const parallel = request.parallel_tool_calls ?? true;

  const variables = given(request.chat_template_kwargs) ? request.chat_template_kwargs : {};
  const reasoning: ReasoningMode | undefined = variables.enable_thinking === false ? false : undefined;

  let grammar: GrammarSpec | undefined;
  const format = options.format;
  const rf = given(request.response_format) ? request.response_format : undefined;
  const schema = responseSchema(rf);
  if (schema !== undefined && names.size > 0 && toolChoice !== "none") {
    throw new ToolRequestError("unsupported_parameter", "response_format", "a JSON schema together with callable tools is not supported; send tool_choice \"none\" or no tools");
  }
  if (schema !== undefined) {
    grammar = { key: `schema:${JSON.stringify(schema)}`, build: () => jsonSchemaToGrammar(schema) };
  }
  let toolGrammar: RequestPlan["toolGrammar"];
  if (schema === undefined && names.size > 0) {
    const toolList = tools!;
    toolGrammar = (mode) => ({
      key: `tools:${JSON.stringify([format, toolList, toolChoice, parallel, mode ?? null])}`,
      build: () =>
        buildToolGrammar({
          format,
          tools: toolList,
          toolChoice,
          parallelToolCalls: parallel,
          ...(mode !== undefined ? { reasoning: mode } : {}),
          ...(options.specialTokens ? { specialTokens: options.specialTokens } : {}),
        }),
    });
    grammar = toolGrammar(reasoning);
  }

  const maxTokens = number(request.max_completion_tokens ?? request.max_tokens, given(request.max_completion_tokens) ? "max_completion_tokens" : "max_tokens", 1, Number.MAX_SAFE_INTEGER, true);
  const stop = given(request.stop) ? (typeof request.stop === "string" ? [request.stop] : [...request.stop]) : undefined;
  if (stop && !stop.every((s) => typeof s === "string" && s !== "")) throw new ToolRequestError("invalid_request", "stop", "must be a non-empty string or an array of them");
  const topLogprobs = number(request.top_logprobs, "top_logprobs", 0, 5, true);
  if (topLogprobs !== undefined && topLogprobs > 0 && request.logprobs !== true) throw new ToolRequestError("invalid_request", "top_logprobs", "needs logprobs: true");
  if (given(request.logit_bias)) {
    for (const [k, v] of Object.entries(request.logit_bias)) {
      if (!/^\d+$/.test(k) || typeof v !== "number" || v < -100 || v > 100) throw new ToolRequestError("invalid_request", `logit_bias.${k}`, "keys must be token ids and values in [-100, 100]");
    }
  }
  const sampling: SamplingParams = {};
  const set = <K extends keyof SamplingParams>(k: K, v: SamplingParams[K] | undefined): void => {
    if (v !== undefined) sampling[k] = v;
  };
  set("max_tokens", maxTokens);
  set("temperature", number(request.temperature, "temperature", 0, 2));
  set("top_p", number(request.top_p, "top_p", Number.MIN_VALUE, 1));
  set("seed", number(request.seed, "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true));
  set("logprobs", given(request.logprobs) ? request.logprobs === true : undefined);
  set("top_logprobs", request.logprobs === true ? (topLogprobs ?? 0) : undefined);
  set("logit_bias", given(request.logit_bias) ? { ...request.logit_bias } : undefined);
  set("frequency_penalty", number(request.frequency_penalty, "frequency_penalty", -2, 2));
  set("presence_penalty", number(request.presence_penalty, "presence_penalty", -2, 2));

  const stream = request.stream === true;
  if (given(request.stream_options) && !stream) throw new ToolRequestError("invalid_request", "stream_options", "is only allowed with stream: true");
  return {
    messages,
    tools: names.size > 0 ? tools : undefined,
    toolChoice,
    grammar,
    parsesCalls: names.size > 0,
    reasoning,
    sampling,
    stream,
    includeUsage: request.stream_options?.include_usage === true,
    templateVariables: variables,
    stop: stop ?? [],
    toolGrammar,
  };
}

function responseSchema(rf: ChatCompletionRequest["response_format"] | undefined): JsonSchema | undefined {
  if (rf === undefined || rf === null) return undefined;
  if (!isObject(rf)) throw new ToolRequestError("invalid_request", "response_format", "must be an object");
  switch (rf.type) {
    case "text":
      return undefined;
    case "json_object":
      return rf.schema ?? { type: "object" };
    case "json_schema": {
      const js = (rf as { json_schema?: unknown }).json_schema;
      if (!isObject(js)) throw new ToolRequestError("invalid_request", "response_format.json_schema", "must be {name, schema, strict?}");
      return (js.schema ?? {}) as JsonSchema;
    }
    default:
      throw new ToolRequestError("invalid_request", "response_format.type", `must be "text", "json_object" or "json_schema", got ${JSON.stringify((rf as { type?: unknown }).type)}`);
  }
}
