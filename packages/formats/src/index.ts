/**
 * @toolmask/formats: every model family's tool-call wire format, each as a grammar builder (what
 * the engine masks with, per `tool_choice`), a renderer, a parser and a streaming parser that agree.
 */
export type {
  FunctionDefinition,
  IdGenerator,
  JsonSchema,
  OpenAIChatDelta,
  ParseIssue,
  ParseIssueCode,
  ParseResult,
  ReasoningMode,
  ToolCall,
  ToolCallStreamEvent,
  ToolChoice,
  ToolDefinition,
} from "./types.js";
export { ArgumentValueError, FormatError, ParameterNameError, type FormatErrorCode } from "./errors.js";
export type { FormatDefinition, FormatInfo, GrammarContext, RenderCall, ShapeParts } from "./format.js";
export {
  buildToolGrammar,
  collectStream,
  createToolCallStream,
  parseToolCalls,
  randomCallId,
  reasoningForPrompt,
  renderToolCall,
  renderToolCalls,
  toOpenAIDelta,
  type BuildToolGrammarOptions,
  type ParseOptions,
  type RenderOptions,
  type ToolCallStream,
} from "./api.js";
export type { GrammarTuning } from "./grammar/context.js";
export { detectFormat, getFormat, listFormats, registerFormat } from "./registry.js";
export { normalizeTools, resolveChoice, type ResolvedChoice, type Tool, type ToolProperty } from "./tools.js";
export { textWithout } from "./grammar/text.js";
export { anyTool } from "./grammar/context.js";
export { attempt, CallFailure, Cursor, reasoningBlock, type Step } from "./parse/cursor.js";
export type { CallBuilder } from "./parse/emitter.js";
export { jsonCallObject, jsonArguments, argumentsText, argumentsObject, NAME_AND_ARGUMENTS, type CallKeys } from "./parse/json-call.js";
