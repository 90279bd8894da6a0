import { charClass, choice, literal, optional, plus, repeat, seq, star, type Expr } from "@toolmask/grammar";
import { ParameterNameError } from "../errors.js";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { literalChoice, separatedItems, stringEnum } from "../grammar/params.js";
import { attempt, CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { valueKind } from "../parse/typed-values.js";
import type { Tool } from "../tools.js";
import { writeValue, type ValueSpelling } from "../value-text.js";

const OPEN = "<|tool_call>";
const CLOSE = "<tool_call|>";
const QUOTE = '<|"|>';
const RESPONSE = "<|tool_response>";
const THOUGHT_OPEN = "<|channel>thought";
const THOUGHT_CLOSE = "<channel|>";

/**
 * Gemma 4: `<|tool_call>call:NAME{key:VALUE,…}<tool_call|>` blocks in Gemma's own notation:
 * keys unquoted, strings between `<|"|>` tokens with nothing escaped, numbers, true/false/null,
 * arrays and objects. Keys are written sorted (the template's `dictsort`). Reasoning is a
 * `<|channel>thought` … `<channel|>` block; after its calls the model stops on `<|tool_response>`.
 */
export const gemma4: FormatDefinition = {
  name: "gemma4",
  aliases: ["gemma-4"],
  models: ["gemma-4-31B-it", "gemma-4-26B-A4B-it", "gemma-4-12B-it", "gemma-4-E4B-it"],
  detect: [/gemma[-_ ]?4/i],
  specialTokens: [OPEN, CLOSE, QUOTE, RESPONSE, "<|channel>", THOUGHT_CLOSE],
  reasoning: true,
  reasoningMarkers: [THOUGHT_OPEN, THOUGHT_CLOSE],
  grammar(ctx) {
    return ctx.shape({
      reasoning: [THOUGHT_OPEN, THOUGHT_CLOSE],
      openers: [OPEN],
      calls: () => ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("")),
      trailing: optional(ctx.marker(RESPONSE)),
    });
  },
  parameterNameProblem: gemmaKeyProblem,
  argumentValueProblem: (v) => quotedStringProblem(v),
  render(calls) {
    return calls
      .map((c) => {
        const args = argumentsObject(c.arguments);
        // Keys of nested objects are written bare too (parameter names are checked by the caller).
        for (const [name, v] of Object.entries(args)) {
          const nested = unwritableKey(v);
          if (nested) throw new ParameterNameError("gemma4", c.name, name, `its value has the object key ${JSON.stringify(nested.key)}: ${nested.reason}`);
        }
        return `${OPEN}call:${c.name}${gemmaValue(args)}${CLOSE}`;
      })
      .join("");
  },
  parse,
};

/**
 * Why `name` cannot be written as a bare key (`name:value`), or undefined: the parser reads a
 * key up to the first `:`, `=`, `,`, `{`, `}`, `[` or `]`, trims it and refuses `<` and `>`.
 */
export function gemmaKeyProblem(name: string): string | undefined {
  if (name === "") return "a bare key cannot be empty";
  if (/[:=,{}[\]<>]/.test(name)) return 'a bare key cannot contain ":", "=", ",", "{", "}", "[", "]", "<" or ">"';
  if (name.trim() !== name) return "the parser trims whitespace at the ends of a key";
  return undefined;
}

/**
 * The values inside `v` (itself included), depth first, as `visit` sees them until it returns
 * something: that is the result. Iterative, like the parser: arguments may nest deeper than the
 * call stack.
 */
function firstInside<T>(v: unknown, visit: (x: unknown) => T | undefined): T | undefined {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    const found = visit(x);
    if (found !== undefined) return found;
    if (x === null || typeof x !== "object") continue;
    // Pushed last first, so that the first is visited first; a loop, not a spread (long arrays).
    const inner = Array.isArray(x) ? (x as unknown[]) : Object.values(x);
    for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
  }
  return undefined;
}

/** The first object key inside `v` (at any depth) that cannot be written bare. */
function unwritableKey(v: unknown): { key: string; reason: string } | undefined {
  return firstInside(v, (x) => {
    if (x === null || typeof x !== "object" || Array.isArray(x)) return undefined;
    for (const key of Object.keys(x)) {
      const reason = gemmaKeyProblem(key);
      if (reason !== undefined) return { key, reason };
    }
    return undefined;
  });
}

/** Why `v` cannot be written: a string inside it holds `<|"|>`, which would end that string (nothing is escaped). */
function quotedStringProblem(v: unknown): string | undefined {
  return firstInside(v, (x) => (typeof x === "string" && x.includes(QUOTE) ? `a string is written between ${JSON.stringify(QUOTE)} markers with nothing escaped, and holds ${JSON.stringify(QUOTE)}` : undefined));
}

/** Gemma's notation: strings between `<|"|>` markers, keys bare and sorted as Jinja's `dictsort` does. */
const GEMMA_SPELLING: ValueSpelling = {
  scalar: (v) => (typeof v === "string" ? `${QUOTE}${v}${QUOTE}` : (JSON.stringify(v) ?? "null")),
  key: (k) => k,
  keyOrder: sortedKeys,
  itemSeparator: ",",
  keySeparator: ":",
};

/** A JSON value in Gemma's notation, at any depth of nesting. */
export function gemmaValue(v: unknown): string {
  return writeValue(v, GEMMA_SPELLING);
}

function sortedKeys<T extends string>(keys: readonly T[]): T[] {
  return [...keys].sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function call(ctx: GrammarContext, tool: Tool): Expr {
  const str = (): Expr => seq(ctx.marker(QUOTE), ctx.text([QUOTE]), ctx.marker(QUOTE));
  const props = sortedKeys(tool.properties.map((p) => p.name)).map((n) => tool.properties.find((p) => p.name === n)!);
  const items = props.map((p) => {
    const kind = valueKind(p.schema);
    const fixed = stringEnum(p.schema);
    const value = fixed
      ? seq(ctx.marker(QUOTE), literalChoice(fixed), ctx.marker(QUOTE))
      : kind === "string"
        ? str()
        : scalarOnly(p.schema)
          ? ctx.value(tool, p)
          : anyGemmaValue(ctx);
    return { expr: seq(literal(`${p.name}:`), value), required: p.required };
  });
  return seq(ctx.marker(OPEN), literal(`call:${tool.name}{`), separatedItems(ctx, items, literal(",")), literal("}"), ctx.marker(CLOSE));
}

/** True when the schema's values are numbers, booleans or null: spelled in Gemma as in JSON. */
function scalarOnly(schema: { readonly [k: string]: unknown }): boolean {
  const t = schema.type;
  const types = Array.isArray(t) ? t : typeof t === "string" ? [t] : [];
  return types.length > 0 && types.every((x) => x === "number" || x === "integer" || x === "boolean" || x === "null");
}

/** Any value in Gemma's notation (nested arrays and objects are constrained to the notation only). */
function anyGemmaValue(ctx: GrammarContext): Expr {
  const b = ctx.builder;
  if (b.has("gemma_value")) return { kind: "ref", name: "gemma_value" };
  const digits = plus(charClass([[0x30, 0x39]]));
  const number = seq(optional(literal("-")), choice(literal("0"), seq(charClass([[0x31, 0x39]]), star(charClass([[0x30, 0x39]])))), optional(seq(literal("."), digits)), optional(seq(charClass([[0x45, 0x45], [0x65, 0x65]]), optional(charClass([[0x2b, 0x2b], [0x2d, 0x2d]])), digits)));
  const value = { kind: "ref", name: "gemma_value" } as const;
  // Keys are unquoted: letters, digits, "_", "-", "." and inner spaces (the parser trims the ends).
  const keyChar = charClass([[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f], [0x2d, 0x2e]]);
  const key = seq(keyChar, optional(seq(repeat(choice(keyChar, literal(" ")), 0, 62), keyChar)));
  const str = seq(ctx.marker(QUOTE), ctx.text([QUOTE]), ctx.marker(QUOTE));
  const array = seq(literal("["), optional(seq(value, star(seq(literal(","), value)))), literal("]"));
  const member = seq(key, literal(":"), value);
  const object = seq(literal("{"), optional(seq(member, star(seq(literal(","), member)))), literal("}"));
  return b.define("gemma_value", choice(str, number, literal("true"), literal("false"), literal("null"), array, object));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, THOUGHT_OPEN, THOUGHT_CLOSE);
  for (;;) {
    const opened = yield* c.until([OPEN, RESPONSE], (t) => c.out.text(t));
    if (opened === null) return;
    if (opened === RESPONSE) continue;
    const one = c.out.call(c.pos - OPEN.length);
    yield* attempt(c, one, body(c, one), [CLOSE]);
  }
}

const nameChar = (ch: number): boolean => ch > 0x20 && ch !== 0x7b && ch !== 0x3c;

function* body(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.skipSpace();
  yield* c.expect("call:");
  const name = yield* c.word(nameChar, "a function name");
  // A name the output ends inside is cut off, not unknown: the call is truncated.
  if (c.pos >= c.length) throw new CallFailure("truncated_call", "the output ends inside a tool call");
  c.checkName(call, name);
  call.setName(name);
  yield* c.skipSpace();
  if ((yield* c.peek()) !== "{") {
    if (c.done && c.pos >= c.text.length) throw new CallFailure("truncated_call", "the output ends inside a tool call");
    throw new CallFailure("malformed_call", `expected "{" after the function name (offset ${c.pos})`);
  }
  call.arg(yield* gemmaJson(c));
  yield* c.skipSpace();
  yield* c.expect(CLOSE);
}

/** An array or object being read: its closing bracket, its items as JSON, the key of the member being read. */
interface GemmaOpen {
  readonly close: "}" | "]";
  readonly parts: string[];
  key: string;
}

/**
 * Reads one Gemma-notation value at the cursor and returns it as JSON text. Arrays and objects
 * are kept on a stack rather than read by recursion, so no depth overflows the call stack and a
 * resumed read costs the same at any depth.
 */
function* gemmaJson(c: Cursor): Step<string> {
  const open: GemmaOpen[] = [];
  for (;;) {
    let value: string | undefined = yield* gemmaScalarOrOpen(c, open);
    // The value completes an item of the innermost array or object; read on to the next item,
    // closing what ends.
    for (;;) {
      const top = open[open.length - 1];
      if (top === undefined) return value!;
      if (value !== undefined) top.parts.push(top.close === "}" ? `${top.key}:${value}` : value);
      value = undefined;
      yield* c.skipSpace();
      if (yield* c.accept(top.close)) {
        open.pop();
        value = top.close === "}" ? `{${top.parts.join(",")}}` : `[${top.parts.join(",")}]`;
        continue;
      }
      if (top.parts.length > 0) {
        yield* c.expect(",", `"," or "${top.close}"`);
        yield* c.skipSpace();
      }
      if (top.close === "}") top.key = yield* gemmaKey(c);
      break;
    }
  }
}

/** Reads a string or scalar as JSON text, or opens an array or object (pushed on `open`; undefined). */
function* gemmaScalarOrOpen(c: Cursor, open: GemmaOpen[]): Step<string | undefined> {
  yield* c.skipSpace();
  const ch = yield* c.peek();
  if (ch === null) throw new CallFailure("truncated_call", "the output ends inside a tool call");
  if (yield* c.accept(QUOTE)) {
    let s = "";
    const end = yield* c.until([QUOTE], (t) => (s += t));
    if (end === null) throw new CallFailure("truncated_call", "the output ends inside a string");
    return JSON.stringify(s);
  }
  if (ch === "{" || ch === "[") {
    c.pos++;
    open.push({ close: ch === "{" ? "}" : "]", parts: [], key: "" });
    return undefined;
  }
  // A scalar runs to the next delimiter: a JSON number or keyword (Python's float spelling is
  // one), else text whose <|"|> delimiters were lost (decoding that skipped special tokens).
  let word = "";
  const end = yield* c.until([",", "}", "]", "<"], (t) => (word += t));
  if (end === null) throw new CallFailure("truncated_call", "the output ends inside a tool call");
  c.pos -= end.length;
  const text = word.trim();
  if (text === "") throw new CallFailure("malformed_call", `a missing value (offset ${c.pos})`);
  return /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)$/.test(text) ? text : JSON.stringify(text);
}

/** Reads an object key and its `:` (models sometimes write key=value; it is read like key:value); returns the key as JSON. */
function* gemmaKey(c: Cursor): Step<string> {
  // A key written as a string (`<|"|>7<|"|>:…`) runs to its closing <|"|>, so it may hold ":",
  // "," or brackets; searching for the ":" first would cut it there.
  if (yield* c.accept(QUOTE)) {
    let quoted = "";
    if ((yield* c.until([QUOTE], (t) => (quoted += t))) === null) throw new CallFailure("truncated_call", "the output ends inside a key");
    yield* c.skipSpace();
    const sep = yield* c.peek();
    if (sep === null) throw new CallFailure("truncated_call", "the output ends inside a tool call");
    if (sep !== ":" && sep !== "=") throw new CallFailure("malformed_call", `expected ":" after the key ${JSON.stringify(quoted)}`);
    c.pos++;
    return JSON.stringify(quoted);
  }
  let key = "";
  const colon = yield* c.until([":", "=", "}", ",", "{", "[", "]"], (t) => (key += t));
  if (colon === null) throw new CallFailure("truncated_call", "the output ends inside a key");
  if (colon !== ":" && colon !== "=") throw new CallFailure("malformed_call", `expected ":" after the key ${JSON.stringify(key.trim())}`);
  const k = key.trim();
  if (k === "" || /[{}[\],<>]/.test(k)) throw new CallFailure("malformed_call", `a malformed key ${JSON.stringify(k)}`);
  return JSON.stringify(k);
}
