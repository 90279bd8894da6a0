import { FormatError } from "../errors.js";
import { stringifyArguments } from "../value-text.js";
import { CallFailure, type Cursor, type Step } from "./cursor.js";
import type { CallBuilder } from "./emitter.js";

/** Keys of a JSON call object: `{"name": …, "arguments": …}` and the spellings models use. */
export interface CallKeys {
  readonly name: readonly string[];
  readonly arguments: readonly string[];
}

export const NAME_AND_ARGUMENTS: CallKeys = { name: ["name"], arguments: ["arguments", "parameters"] };

/**
 * Reads a call written as a JSON object, members in any order. The arguments stream as the exact
 * text the model wrote; arguments given as a JSON string holding an object are unwrapped; a
 * missing arguments member means `{}`. Other members (`"type": "function"`, `"id"`) are skipped.
 */
export function* jsonCallObject(c: Cursor, call: CallBuilder, keys: CallKeys = NAME_AND_ARGUMENTS): Step<void> {
  yield* c.skipSpace();
  yield* c.expect("{", "a JSON call object");
  let argsSeen = false;
  yield* c.skipSpace();
  if (!(yield* c.accept("}"))) {
    for (;;) {
      const key = yield* c.jsonString("an object key");
      yield* c.skipSpace();
      yield* c.expect(":");
      if (keys.name.includes(key) && !call.named) {
        const name = yield* c.jsonString("the function name");
        c.checkName(call, name);
        call.setName(name);
      } else if (keys.arguments.includes(key) && !argsSeen) {
        argsSeen = true;
        yield* jsonArguments(c, call);
      } else {
        yield* c.jsonValue(null);
      }
      yield* c.skipSpace();
      if (yield* c.accept(",")) {
        yield* c.skipSpace();
        continue;
      }
      yield* c.expect("}", '"," or "}"');
      break;
    }
  }
  if (!call.named) throw new CallFailure("malformed_call", "the call object has no name");
  if (!argsSeen) call.arg("{}");
}

/** Reads an arguments object (or a JSON string holding one) into the call. */
export function* jsonArguments(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.skipSpace();
  const first = yield* c.peek();
  if (first === '"') {
    const inner = yield* c.jsonString("the arguments");
    if (!isJsonObject(inner)) throw new CallFailure("malformed_call", "the arguments string does not hold a JSON object");
    call.arg(inner);
    return;
  }
  if (first !== "{") {
    if (first === null) throw new CallFailure("truncated_call", "the output ends inside a tool call");
    throw new CallFailure("malformed_call", `the arguments are not a JSON object (offset ${c.pos})`);
  }
  yield* c.jsonValue((t) => call.arg(t));
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * The arguments of a call to render, as JSON text: a string is kept byte for byte, an object is
 * written as JSON.stringify writes it (one JSON cannot hold is a `FormatError`).
 */
export function argumentsText(args: string | { readonly [key: string]: unknown }): string {
  return typeof args === "string" ? args : stringifyArguments(args);
}

/**
 * The arguments of a call to render, as JSON data: parsed from text, or an object as JSON would
 * carry it (its `toJSON` applied, undefined members left out), so every format writes the same
 * arguments, and one JSON cannot hold (a cycle, a BigInt) is a `FormatError` in every format.
 */
export function argumentsObject(args: string | { readonly [key: string]: unknown }): Record<string, unknown> {
  const text = typeof args === "string" ? (args === "" ? "{}" : args) : stringifyArguments(args);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new FormatError("invalid_arguments", `tool-call arguments are not JSON: ${text.slice(0, 80)}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new FormatError("invalid_arguments", "tool-call arguments must be a JSON object");
  return v as Record<string, unknown>;
}
