import type { ValidateFunction } from "ajv";
import { compileValidator } from "./ajv.js";
import { isStackOverflow } from "./errors.js";
import { detectDraft, forEachSubschema, isObject } from "./schema-document.js";
import { parametersOf, type JsonSchema, type ToolDefinition } from "./tool.js";

/** One reason arguments are invalid. */
export interface ArgumentError {
  /** JSON pointer into the arguments (`""` for the whole value, `/location/city` below it). */
  readonly pointer: string;
  /** JSON pointer into the schema of the keyword that failed (`#/properties/unit/enum`). */
  readonly schemaPointer: string;
  /** The failing keyword, or `"json"` when the arguments are not JSON at all. */
  readonly keyword: string;
  readonly message: string;
}

export interface ArgumentValidation {
  readonly valid: boolean;
  readonly errors: readonly ArgumentError[];
}

const compiled = new WeakMap<object, ValidateFunction>();
const compiledBoolean = new Map<boolean, ValidateFunction>();

/**
 * Checks a tool call's arguments against the tool's parameter schema with ajv (formats checked,
 * `multipleOf` exact in decimal). `args` is the arguments string the model wrote, or an
 * already parsed value. Every failure is reported with JSON pointers; a string that is not
 * JSON gives one error with keyword `"json"`. Throws `InvalidSchemaError` when ajv cannot compile
 * the schema (a reference it cannot resolve, an invalid pattern).
 */
export function validateArguments(tool: ToolDefinition | { readonly parameters: JsonSchema }, args: unknown): ArgumentValidation {
  let value = args;
  if (typeof args === "string") {
    try {
      value = JSON.parse(args);
    } catch (e) {
      return { valid: false, errors: [{ pointer: "", schemaPointer: "#", keyword: "json", message: `arguments are not JSON: ${(e as Error).message}` }] };
    }
  }
  const validate = validatorFor(parametersOf(tool as ToolDefinition));
  try {
    if (validate(withPlainObjects(value))) return { valid: true, errors: [] };
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    // ajv's validators recurse with the schema and the value: a schema that refers to itself
    // without end ({"$ref": "#"}) or arguments nested past the call stack are not accepted.
    return { valid: false, errors: [{ pointer: "", schemaPointer: "#", keyword: "depth", message: "arguments could not be validated: the schema refers to itself without end, or the arguments nest too deeply" }] };
  }
  const errors = (validate.errors ?? []).map((e) => ({
    pointer: e.instancePath,
    schemaPointer: e.schemaPath,
    keyword: e.keyword,
    message: `${e.instancePath || "arguments"} ${e.message ?? "is invalid"}`,
  }));
  return { valid: false, errors };
}

function validatorFor(schema: JsonSchema): ValidateFunction {
  if (typeof schema === "boolean") {
    let v = compiledBoolean.get(schema);
    if (!v) {
      v = compileValidator(schema, "2020-12");
      compiledBoolean.set(schema, v);
    }
    return v;
  }
  let v = compiled.get(schema);
  if (v === undefined) {
    // `$async` only changes how ajv returns its answer, and `$schema` is already accounted for by
    // picking the draft's ajv instance (which may not know a custom meta-schema URI).
    const { $async: _async, $schema: _schema, ...sync } = schema as Record<string, unknown>;
    v = compileValidator(withContainsGuard(withPlainObjects(sync)) as Record<string, unknown>, detectDraft(schema, undefined));
    compiled.set(schema, v);
  }
  return v;
}

/**
 * `schema` (copied when it changes) with `minItems: 1` beside every `contains` that asks for one
 * matching item: the same constraint, since such an array cannot be empty. It works around ajv
 * 8.20, whose check for one matching item leaves its answer unset for an empty array, so that
 * inside `items` an empty array after one that passed is accepted (`items: {contains: {type:
 * "null"}}` accepts `[[null], []]`).
 */
function withContainsGuard(schema: unknown): unknown {
  const needsGuard = (n: Record<string, unknown>): boolean =>
    "contains" in n && n["maxContains"] === undefined && (n["minContains"] === undefined || n["minContains"] === 1) && !(typeof n["minItems"] === "number" && n["minItems"] >= 1);
  if (!schemaObjects(schema).some(needsGuard)) return schema;
  const copy = deepCopy(schema);
  for (const n of schemaObjects(copy)) if (needsGuard(n)) n["minItems"] = 1;
  return copy;
}

/** `root` and every schema object below it, each once. Iterative, cycle-safe. */
function schemaObjects(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!isObject(n) || seen.has(n)) continue;
    seen.add(n);
    out.push(n);
    forEachSubschema(n, (child) => stack.push(child));
  }
  return out;
}

/**
 * `v` with every object that has no prototype (`Object.create(null)`) copied into a plain one, or
 * `v` itself when it has none. ajv compares `enum` and `const` values with fast-deep-equal, which
 * calls objects of different constructors unequal: a prototype-less `{"a": 1}` in a schema would
 * refuse the `{"a": 1}` JSON.parse makes (and the other way round for parsed arguments). Only the
 * whole value is copied then (a schema once, when its validator is compiled). Iterative, cycle-safe.
 */
export function withPlainObjects(v: unknown): unknown {
  return hasBareObject(v) ? deepCopy(v) : v;
}

/** A deep copy of the JSON-like value `v` in plain objects and arrays. Iterative, cycle-safe. */
function deepCopy(v: unknown): unknown {
  const copies = new Map<object, object>();
  // Objects copied whose properties are still to copy.
  const stack: object[] = [];
  const copyOf = (x: unknown): unknown => {
    if (x === null || typeof x !== "object") return x;
    let c = copies.get(x);
    if (!c) {
      c = Array.isArray(x) ? new Array<unknown>(x.length) : {};
      copies.set(x, c);
      stack.push(x);
    }
    return c;
  };
  const root = copyOf(v);
  while (stack.length > 0) {
    const x = stack.pop()!;
    const c = copies.get(x) as Record<string, unknown>;
    for (const key of Object.keys(x)) {
      // A "__proto__" key is data in JSON: defined as an own property, never the prototype.
      Object.defineProperty(c, key, { value: copyOf((x as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** Whether some object inside `v` (itself included) has no prototype. */
function hasBareObject(v: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== "object" || seen.has(x)) continue;
    seen.add(x);
    if (Object.getPrototypeOf(x) === null) return true;
    for (const key of Object.keys(x)) stack.push((x as Record<string, unknown>)[key]);
  }
  return false;
}
