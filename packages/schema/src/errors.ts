import { ToolmaskError } from "@toolmask/grammar";

/**
 * A JSON pointer as a URI fragment (`#/properties/tags/uniqueItems`), the form ajv and the JSON
 * Schema specification use in messages.
 */
export type SchemaPointer = string;

/** Appends one reference token to a pointer, escaping `~` and `/` as RFC 6901 says. */
export function pointerJoin(pointer: SchemaPointer, ...tokens: (string | number)[]): SchemaPointer {
  let out = pointer;
  for (const t of tokens) out += "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1");
  return out;
}

/**
 * The schema uses a keyword (or a combination) that a context-free grammar cannot enforce
 * exactly, or that toolmask does not implement. `pointer` names the keyword's location and
 * `keyword` the keyword. Compile with `{ lenient: true }` to get the closest superset instead.
 */
export class UnsupportedSchemaError extends ToolmaskError {
  readonly pointer: SchemaPointer;
  readonly keyword: string;
  readonly reason: string;
  constructor(pointer: SchemaPointer, keyword: string, reason: string) {
    super("unsupported_schema", `${pointer}: ${reason}`);
    this.pointer = pointer;
    this.keyword = keyword;
    this.reason = reason;
  }
}

/** The schema is not valid against its draft's meta-schema (checked with ajv), or is not a schema at all. */
export class InvalidSchemaError extends ToolmaskError {
  readonly pointer: SchemaPointer;
  readonly reason: string;
  constructor(pointer: SchemaPointer, reason: string) {
    super("invalid_schema", `${pointer}: ${reason}`);
    this.pointer = pointer;
    this.reason = reason;
  }
}

/** No JSON value satisfies the schema (for example `allOf` with conflicting `type`s), so there is nothing to generate. */
export class UnsatisfiableSchemaError extends ToolmaskError {
  readonly pointer: SchemaPointer;
  constructor(pointer: SchemaPointer, reason: string) {
    super("unsatisfiable_schema", `${pointer}: ${reason}`);
    this.pointer = pointer;
  }
}

/**
 * Compiling would exceed the work budget (`JsonSchemaOptions.budget`): the schema expands into too
 * many alternatives, automaton states or rules. Raised instead of running for a long time.
 */
export class SchemaBudgetError extends ToolmaskError {
  readonly pointer: SchemaPointer;
  readonly limit: string;
  constructor(pointer: SchemaPointer, limit: string, reason: string) {
    super("schema_budget_exceeded", `${pointer}: ${reason} (budget: ${limit})`);
    this.pointer = pointer;
    this.limit = limit;
  }
}

/**
 * Something the compiler did that the caller should know about. With `lenient`, each
 * unsupported keyword becomes a warning of code `unsupported_schema` and the grammar accepts a
 * superset there; in every mode an unknown `format` is a warning of code `unknown_format` (the
 * JSON Schema drafts make unknown formats annotations, so they constrain nothing); with
 * `propertyOrder: "any"`, an object with too many required properties to track as a set keeps
 * them in declared order, and so does one with required properties and a `maxProperties` too
 * large to count in any order: a warning of code `declared_order` (the grammar is then stricter
 * than the schema about order).
 */
export interface SchemaWarning {
  readonly code: "unsupported_schema" | "unknown_format" | "declared_order";
  readonly pointer: SchemaPointer;
  readonly keyword: string;
  readonly message: string;
}

/** @internal Whether `e` is the engine's "call stack exhausted" error (V8 and JavaScriptCore: RangeError; SpiderMonkey: InternalError). */
export function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError && /call stack/i.test(e.message)) || (e instanceof Error && e.name === "InternalError" && /recursion/i.test(e.message));
}
