import { ToolmaskError } from "@toolmask/grammar";

/** Stable codes of {@link FormatError}. */
export type FormatErrorCode =
  /** No format is registered under the name or alias. */
  | "unknown_format"
  /** `registerFormat` got a name or alias that is already taken. */
  | "duplicate_format"
  /** A format definition lacks a required part. */
  | "invalid_format"
  /** Two tools share a name. */
  | "duplicate_tool"
  /** A tool definition is not a function tool with a usable name and parameters. */
  | "invalid_tool"
  /** `tool_choice` names a function that is not among the declared tools. */
  | "undeclared_tool"
  /** `tool_choice` is not one of OpenAI's shapes, or it needs tools and none are declared. */
  | "invalid_tool_choice"
  /** A format variant that the format does not have. */
  | "invalid_variant"
  /** Arguments given to a renderer are not a JSON object. */
  | "invalid_arguments"
  /**
   * A parameter name the format cannot write so that its parser reads it back (a `"` inside a
   * quoted attribute, a space in `<parameter=…>`, a non-identifier as a Python keyword argument);
   * thrown as a {@link ParameterNameError}.
   */
  | "unsupported_parameter_name"
  /**
   * An argument value the format cannot write so that its parser reads the same value back (a
   * raw string value holding the marker that ends it); thrown as an {@link ArgumentValueError}.
   */
  | "unsupported_argument_value"
  /** The format cannot express what was asked (e.g. a tool-call grammar without the schema compiler's support). */
  | "unsupported";

/** An error in what a caller asked of a format: names the format, tool or choice at fault. */
export class FormatError extends ToolmaskError {
  declare readonly code: FormatErrorCode;
  constructor(code: FormatErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * A tool's parameter (or an argument being rendered) whose name the format cannot write: its
 * parser would not read the name back as itself. `buildToolGrammar` throws it for the tools the
 * grammar may call, `renderToolCall(s)` for the argument names it would write.
 */
export class ParameterNameError extends FormatError {
  /** The format's name. */
  readonly format: string;
  /** The function the parameter belongs to. */
  readonly tool: string;
  /** The parameter name, as declared or given. */
  readonly parameter: string;
  /** Why the format cannot write it. */
  readonly reason: string;
  constructor(format: string, tool: string, parameter: string, reason: string) {
    super("unsupported_parameter_name", `format "${format}" cannot write the parameter ${JSON.stringify(parameter)} of tool "${tool}": ${reason}`);
    this.format = format;
    this.tool = tool;
    this.parameter = parameter;
    this.reason = reason;
  }
}

/**
 * An argument value `renderToolCall(s)` cannot write: formats that write values as raw text end
 * each value at a marker (`</parameter>`, `</arg_value>`, Gemma's `<|"|>`) and escape nothing, so
 * a value holding that marker would be read back cut short, or not as a call at all.
 */
export class ArgumentValueError extends FormatError {
  /** The format's name. */
  readonly format: string;
  /** The function the argument belongs to. */
  readonly tool: string;
  /** The argument's name. */
  readonly parameter: string;
  /** Why the format cannot write the value. */
  readonly reason: string;
  constructor(format: string, tool: string, parameter: string, reason: string) {
    super("unsupported_argument_value", `format "${format}" cannot write the value of argument ${JSON.stringify(parameter)} of tool "${tool}": ${reason}`);
    this.format = format;
    this.tool = tool;
    this.parameter = parameter;
    this.reason = reason;
  }
}
