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
  /** The format cannot express what was asked (e.g. a tool-call grammar without the schema compiler's support). */
  | "unsupported";

/** An error in what a caller asked of a format: names the format, tool or choice at fault. */
export class FormatError extends ToolmaskError {
  declare readonly code: FormatErrorCode;
  constructor(code: FormatErrorCode, message: string) {
    super(code, message);
  }
}
