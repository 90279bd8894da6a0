/**
 * Base class of every error toolmask throws on purpose. `code` is stable across releases so
 * callers can branch on it; `message` says where and why in words.
 */
export class ToolmaskError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A position in grammar source text; line and column count from 1. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * EBNF (or Lark) source that does not parse. The message ends with the offending line and a
 * caret under the column, so it can be shown to a user as is.
 */
export class GrammarSyntaxError extends ToolmaskError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** The source line and a caret line, without the explanation. */
  readonly excerpt: string;
  readonly reason: string;
  constructor(reason: string, source: string, position: SourcePosition) {
    const excerpt = caretExcerpt(source, position);
    super("grammar_syntax", `${reason} at line ${position.line}, column ${position.column}\n${excerpt}`);
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
    this.offset = position.offset;
    this.excerpt = excerpt;
  }
}

/** Kinds of structural problems a grammar can have; the value is the error's `code`. */
export type GrammarErrorCode =
  | "undefined_rule"
  | "duplicate_rule"
  | "missing_start_rule"
  | "empty_language"
  | "invalid_repeat"
  | "invalid_codepoint"
  | "invalid_rule_name"
  | "invalid_token"
  | "unsupported_syntax"
  | "empty_choice"
  | "expression_too_deep";

/** A grammar that parses but cannot be used: names the rule (and source position when known). */
export class GrammarError extends ToolmaskError {
  readonly rule: string | undefined;
  readonly position: SourcePosition | undefined;
  /** `source` (the grammar text) adds a caret excerpt under `position` to the message. */
  constructor(code: GrammarErrorCode, message: string, rule?: string, position?: SourcePosition, source?: string) {
    super(code, position && source !== undefined ? `${message}\n${caretExcerpt(source, position)}` : message);
    this.rule = rule;
    this.position = position;
  }
}

/**
 * Input the reference recognizer cannot take, or a session used wrongly:
 * - `invalid_input`: text with a lone surrogate (no UTF-8 form), or a piece or symbol that is not
 *   text, bytes (integers 0–255) or a special token `{ token: string }`;
 * - `invalid_rewind`: `RecognizerSession.rewind` to a length that is not one the session had.
 *
 * `offset` is where the input went wrong: the UTF-16 index of the surrogate in its text, or the
 * index of the bad piece or symbol; `piece` is the index of the piece in a list of pieces. The
 * recognizer's state is unchanged when this is thrown.
 */
export class RecognizerError extends ToolmaskError {
  readonly offset: number | undefined;
  readonly piece: number | undefined;
  constructor(code: "invalid_input" | "invalid_rewind", message: string, offset?: number, piece?: number) {
    super(code, message);
    this.offset = offset;
    this.piece = piece;
  }
}

export function positionOf(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

export function caretExcerpt(source: string, position: SourcePosition): string {
  const lines = source.split("\n");
  const text = (lines[position.line - 1] ?? "").replace(/\r$/, "");
  // Long lines (minified grammars) are cut around the column so the caret stays readable.
  const maxWidth = 100;
  let start = 0;
  if (text.length > maxWidth && position.column > maxWidth / 2) {
    start = Math.min(position.column - Math.floor(maxWidth / 2), Math.max(0, text.length - maxWidth));
  }
  const shown = text.slice(start, start + maxWidth);
  const prefix = `${position.line} | `;
  const caretPad = " ".repeat(prefix.length + Math.max(0, position.column - 1 - start));
  return `${prefix}${start > 0 ? "…" : ""}${shown}\n${start > 0 ? " " : ""}${caretPad}^`;
}
