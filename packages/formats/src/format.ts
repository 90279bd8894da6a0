import type { Expr, GrammarBuilder, RuleRef } from "@toolmask/grammar";
import type { Cursor, Step } from "./parse/cursor.js";
import type { ResolvedChoice, Tool, ToolProperty } from "./tools.js";
import type { IdGenerator, ReasoningMode } from "./types.js";

/** A call to render: arguments as a JSON string (inserted as is by JSON formats) or a value. */
export interface RenderCall {
  readonly name: string;
  readonly arguments: string | { readonly [key: string]: unknown };
  /** The call id, for formats that write ids into the text (Kimi). */
  readonly id?: string;
}

/** What a grammar builder gets: the resolved tool choice and helpers that share rules. */
export interface GrammarContext {
  readonly builder: GrammarBuilder;
  readonly choice: ResolvedChoice;
  /** Whether the output may (true) or must ("started") begin with reasoning. */
  readonly reasoning: ReasoningMode;
  /** The variant to generate, for formats that have several (see `FormatDefinition.variants`). */
  readonly variant: string | undefined;
  /** A marker as the model emits it: its special token when the vocabulary has one, else its text. */
  marker(text: string): Expr;
  /** Free text that contains none of `markers` as text (one shared rule per marker set). */
  text(markers: readonly string[]): RuleRef;
  /** Free text without `markers` whose first character after whitespace is none of `notFirst`. */
  leadingText(markers: readonly string[], notFirst: string): RuleRef;
  /** Bounded JSON whitespace between structural characters. */
  readonly ws: RuleRef;
  /** One rule per tool: its arguments object as JSON, constrained by its schema. */
  args(tool: Tool): RuleRef;
  /**
   * One rule per property: its value as JSON constrained by its schema; in the "python" dialect
   * with `True`, `False` and `None` for JSON's keywords (what pythonic formats write).
   */
  value(tool: Tool, property: ToolProperty, dialect?: "json" | "python"): RuleRef;
  /**
   * A string parameter's raw text (as XML formats write it) constrained by its schema's
   * `pattern` or `format` and length limits, where that is exact and no allowed value can hold
   * the first character of one of `rawEnd`; undefined otherwise.
   */
  rawString(tool: Tool, property: ToolProperty, rawEnd: readonly string[]): RuleRef | undefined;
  /** The reasoning block `open … close` as the mode allows (empty when reasoning is off). */
  reasoningBlock(open: string, close: string): Expr;
  /**
   * The output shape shared by most formats: reasoning, then (by tool choice) free text without
   * `openers`, free text then calls, or calls alone; `calls` must derive one or more calls.
   */
  shape(parts: ShapeParts): Expr;
  /** `one (sep one)*`, limited to one call when parallel calls are off. */
  repeatCalls(one: Expr, sep: Expr): Expr;
}

/** The parts of the common output shape; see {@link GrammarContext.shape}. */
export interface ShapeParts {
  /** Open and close markers of the reasoning block, if the format has one. */
  readonly reasoning?: readonly [string, string];
  /** Markers that open calls: free text never contains them (nor the reasoning opener). */
  readonly openers: readonly string[];
  /** One or more calls (only built when calls are allowed). */
  readonly calls: () => Expr;
  /** What may follow the last call; bounded whitespace by default. */
  readonly trailing?: Expr;
}

/** A model family's tool-call wire format: grammar builder, renderer and parser side by side. */
export interface FormatDefinition {
  /** The name users pass (`--tool-call-parser` in vLLM and SGLang). */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Model families that emit this format, for `listFormats`. */
  readonly models: readonly string[];
  /**
   * Model id patterns for `detectFormat`. The longest match over all formats wins, and a pattern
   * given with a priority (a fine-tune's name, like Hermes or Nemotron, over its base model's)
   * beats any without.
   */
  readonly detect?: readonly (RegExp | readonly [RegExp, number])[];
  /** Markers that are single special tokens in the family's tokenizers. */
  readonly specialTokens?: readonly string[];
  /** Default reasoning mode of grammars and parsers for this format. */
  readonly reasoning?: ReasoningMode;
  /** The reasoning block's open and close markers, for `reasoningForPrompt`. */
  readonly reasoningMarkers?: readonly [string, string];
  /** False when the wire format carries one call per message. */
  readonly parallel?: boolean;
  /** Spellings of the format (Mistral's three); the first is the default. Parsers read them all. */
  readonly variants?: readonly string[];
  /** Default tool-call ids for this format (Mistral's templates accept only nine alphanumerics). */
  callId?: IdGenerator;
  /** The variant a vocabulary calls for, given its special tokens. */
  selectVariant?(specialTokens: ReadonlySet<string>): string | undefined;
  /**
   * Why `name` cannot be written as a parameter name in this format (the parser would not read it
   * back as itself), or undefined when it can. Formats that write parameter names outside JSON
   * (XML, pythonic, Gemma's notation) declare it: `buildToolGrammar` refuses a tool the grammar
   * may call that has such a parameter, and `renderToolCall(s)` an argument with such a name, with
   * a `ParameterNameError`. Without it every name is writable (JSON formats escape names).
   */
  parameterNameProblem?(name: string): string | undefined;
  /**
   * Why an argument's value cannot be written in this format so that the parser reads the same
   * value back, or undefined when it can. Formats that write values as raw text up to an end
   * marker declare it; `renderToolCall(s)` then refuses such a value with an
   * `ArgumentValueError` rather than write text that parses to something else. (Generated text
   * needs no check: the grammar keeps the markers out of values.)
   */
  argumentValueProblem?(value: unknown): string | undefined;
  /** Builds the output grammar for the context's tool choice. */
  grammar(ctx: GrammarContext): Expr;
  /** Renders calls exactly as the model writes them (in `variant`, for formats that have several). */
  render(calls: readonly RenderCall[], tools: ReadonlyMap<string, Tool>, variant?: string): string;
  /** Parses model text incrementally; see {@link Cursor}. */
  parse(c: Cursor): Step<void>;
}

/** What `listFormats` reports about a format. */
export interface FormatInfo {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly models: readonly string[];
  readonly specialTokens: readonly string[];
  readonly parallelCalls: boolean;
  readonly variants: readonly string[];
  readonly reasoning: boolean;
  readonly toolChoice: readonly ("auto" | "required" | "named" | "none" | "allowed_tools")[];
  readonly streaming: true;
}
