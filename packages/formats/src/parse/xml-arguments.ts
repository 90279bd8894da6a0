import type { Tool } from "../tools.js";
import type { SchemaObject } from "../types.js";
import { CallFailure, type Cursor, type Step } from "./cursor.js";
import type { CallBuilder } from "./emitter.js";
import { convertRaw, valueKind } from "./typed-values.js";

/** How much whitespace around a raw value is markup rather than value. */
export type ValueTrim =
  /** Exactly one newline on each side (Qwen3-Coder writes `>\nVALUE\n</parameter>`). */
  | "newline"
  /** All surrounding whitespace (no built-in format trims so; MiniMax and Step3 keep it). */
  | "space"
  /** None: every character is the value (GLM). */
  | "none";

/**
 * Builds a call's JSON arguments from parameters written one at a time as raw text, converted by
 * the tool's schema. String values stream character by character as JSON-escaped text; typed
 * values are emitted when complete.
 */
export class XmlArguments {
  private count = 0;
  private schema: SchemaObject | undefined;
  private streaming = false;
  private raw = "";
  private held = "";
  private leading = true;
  private highSurrogate = "";

  constructor(
    private readonly call: CallBuilder,
    private readonly tool: Tool | undefined,
    private readonly trim: ValueTrim,
  ) {}

  /**
   * Starts parameter `name`. `asString` forces a raw string (DSML's `string="true"`) or JSON
   * (`string="false"`); by default the schema decides.
   */
  begin(name: string, asString?: boolean): void {
    this.call.arg(`${this.count++ === 0 ? "{" : ", "}${JSON.stringify(name)}: `);
    this.schema = this.tool?.properties.find((p) => p.name === name)?.schema;
    this.streaming = asString ?? valueKind(this.schema) === "string";
    this.raw = "";
    this.held = "";
    this.leading = true;
    this.highSurrogate = "";
    if (this.streaming) this.call.arg('"');
  }

  /** Text of the current value as it arrives (the sink of `Cursor.until`). */
  readonly chunk = (text: string): void => {
    if (text === "") return;
    if (this.leading) {
      if (this.trim === "space") {
        text = text.trimStart();
        if (text === "") return;
      } else if (this.trim === "newline" && text.startsWith("\n")) {
        text = text.slice(1);
      }
      this.leading = false;
    }
    if (this.trim === "space") {
      // Only the new text is trimmed (what is held is whitespace), so a long run of whitespace
      // inside a value costs its length once, not once per chunk.
      const body = text.trimEnd();
      if (body === "") {
        this.held += text;
        return;
      }
      this.emit(this.held + body);
      this.held = text.slice(body.length);
      return;
    }
    text = this.held + text;
    if (this.trim === "newline") this.held = text.endsWith("\n") ? "\n" : "";
    this.emit(text.slice(0, text.length - this.held.length));
  };

  /** Ends the current value (the held trailing whitespace is dropped). */
  end(): void {
    if (this.streaming) {
      this.call.arg(`${this.highSurrogate ? JSON.stringify(this.highSurrogate).slice(1, -1) : ""}"`);
      return;
    }
    this.call.arg(convertRaw(this.raw, this.schema));
  }

  /** Closes the arguments object. */
  finish(): void {
    this.call.arg(this.count === 0 ? "{}" : "}");
  }

  private emit(text: string): void {
    if (text === "") return;
    if (!this.streaming) {
      this.raw += text;
      return;
    }
    // A surrogate pair split between chunks is escaped whole, as JSON.stringify would.
    text = this.highSurrogate + text;
    this.highSurrogate = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text !== "") this.call.arg(JSON.stringify(text).slice(1, -1));
  }
}

/** Reads a raw value up to `close` into `args`, failing the call if the output ends first. */
export function* rawValue(c: Cursor, args: XmlArguments, close: string): Step<void> {
  const found = yield* c.until([close], args.chunk);
  if (found === null) throw new CallFailure("truncated_call", "the output ends inside a parameter value");
  args.end();
}
