import { FormatError } from "./errors.js";

/** How {@link writeValue} spells a value: its scalars, its object keys (and their order), and the separators. */
export interface ValueSpelling {
  /** A value that is not an array or object. */
  readonly scalar: (v: unknown) => string;
  /** An object key. */
  readonly key: (k: string) => string;
  /** The order object members are written in; default the object's own (JSON.stringify's). */
  readonly keyOrder?: (keys: string[]) => string[];
  readonly itemSeparator: string;
  readonly keySeparator: string;
}

/** One array or object being written: its items (arrays) or keys (objects), and the next one's index. */
interface Frame {
  readonly array: readonly unknown[] | null;
  readonly object: Readonly<Record<string, unknown>> | null;
  readonly keys: readonly string[];
  /** The next item or key to look at. */
  i: number;
  /** Members written so far (an object leaves some out). */
  members: number;
}

/**
 * A value in `spelling`, walked as JSON.stringify walks it, with the work stack on the heap
 * rather than the call stack: a value nested 100,000 deep is written like any other. As
 * JSON.stringify does, it calls
 * `toJSON` (with the member's key), unwraps boxed primitives, leaves out object members whose
 * value is undefined, a function or a symbol, writes them as null in arrays, and refuses a cycle
 * (a `FormatError`).
 */
export function writeValue(value: unknown, spelling: ValueSpelling): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  /** The arrays and objects being written: meeting one again is a cycle. */
  const open = new Set<object>();
  let v = prepared(value, "");
  for (;;) {
    if (v !== null && typeof v === "object") {
      if (open.has(v)) throw new FormatError("invalid_arguments", "tool-call arguments cannot be written as JSON: they contain a cycle");
      open.add(v);
      if (Array.isArray(v)) {
        out.push("[");
        stack.push({ array: v, object: null, keys: [], i: 0, members: 0 });
      } else {
        out.push("{");
        const keys = Object.keys(v);
        stack.push({ array: null, object: v as Readonly<Record<string, unknown>>, keys: spelling.keyOrder ? spelling.keyOrder(keys) : keys, i: 0, members: 0 });
      }
    } else {
      out.push(spelling.scalar(v));
    }
    // The next value to write, closing the arrays and objects that have none left.
    next: for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return out.join("");
      if (top.array) {
        if (top.i < top.array.length) {
          if (top.i > 0) out.push(spelling.itemSeparator);
          const item = prepared(top.array[top.i], String(top.i));
          top.i++;
          // What an object would leave out, an array holds as null.
          v = written(item) ? item : null;
          break;
        }
      } else {
        while (top.i < top.keys.length) {
          const key = top.keys[top.i++]!;
          const member = prepared(top.object![key], key);
          if (!written(member)) continue;
          if (top.members++ > 0) out.push(spelling.itemSeparator);
          out.push(spelling.key(key), spelling.keySeparator);
          v = member;
          break next;
        }
      }
      out.push(top.array ? "]" : "}");
      open.delete(top.array ?? top.object!);
      stack.pop();
    }
  }
}

/** A value as JSON.stringify sees it: after its `toJSON`, boxed primitives unwrapped. */
function prepared(v: unknown, key: string): unknown {
  if (v === null || (typeof v !== "object" && typeof v !== "bigint")) return v;
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") v = (toJSON as (key: string) => unknown).call(v, key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt) return v.valueOf();
  return v;
}

/** Whether JSON.stringify writes an object member with this value. */
function written(v: unknown): boolean {
  return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
}

const JSON_SPELLING: ValueSpelling = {
  // undefined (a hole in an array) is null, as JSON.stringify writes it.
  scalar: (v) => JSON.stringify(v) ?? "null",
  key: (k) => JSON.stringify(k),
  itemSeparator: ",",
  keySeparator: ":",
};

/** A value as compact JSON text, the text `JSON.stringify` gives, at any depth of nesting. */
export function jsonText(value: unknown): string {
  return writeValue(value, JSON_SPELLING);
}

const PYTHON_SPELLING: ValueSpelling = {
  scalar: (v) => {
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "None";
    // JSON's string escapes are Python's too.
    if (typeof v === "string") return JSON.stringify(v);
    return "None";
  },
  key: (k) => JSON.stringify(k),
  itemSeparator: ", ",
  keySeparator: ": ",
};

/** JSON data as a Python literal: strings double-quoted, True/False/None, at any depth of nesting. */
export function pythonText(value: unknown): string {
  return writeValue(value, PYTHON_SPELLING);
}

/**
 * A call's arguments given as an object, as the JSON text JSON.stringify writes, at any depth.
 * An object JSON cannot hold (a cycle, a BigInt) is a `FormatError("invalid_arguments")` saying
 * so, whichever format renders it.
 */
export function stringifyArguments(args: { readonly [key: string]: unknown }): string {
  try {
    return JSON.stringify(args);
  } catch (e) {
    if (!(e instanceof RangeError)) throw notJson(e);
  }
  // Deeper than JSON.stringify's recursion reaches: written without recursion.
  try {
    return jsonText(args);
  } catch (e) {
    throw e instanceof FormatError ? e : notJson(e);
  }
}

function notJson(e: unknown): FormatError {
  return new FormatError("invalid_arguments", `tool-call arguments cannot be written as JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
}
