import { isObject } from "../tools.js";
import type { SchemaObject } from "../types.js";
import { pythonLiteralJson } from "./python-literal.js";

/** JSON types as schemas name them. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";

/**
 * The JSON types a schema admits, or null when it admits any (no `type`, no `enum`/`const`).
 * Unions (`type: [...]`, `anyOf`, `oneOf`) contribute every branch's types.
 */
export function schemaTypes(schema: SchemaObject | undefined): Set<JsonType> | null {
  if (!schema) return null;
  if ("const" in schema) return new Set([jsonType(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonType));
  if (typeof schema.type === "string") return new Set([schema.type as JsonType]);
  if (Array.isArray(schema.type)) return new Set(schema.type as JsonType[]);
  const branches = [schema.anyOf, schema.oneOf].find(Array.isArray) as unknown[] | undefined;
  if (branches) {
    const out = new Set<JsonType>();
    for (const b of branches) {
      const t = schemaTypes(isObject(b) ? (b as SchemaObject) : undefined);
      if (t === null) return null;
      for (const x of t) out.add(x);
    }
    return out;
  }
  return null;
}

export function jsonType(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v as JsonType;
}

/** How a format writes a parameter value: raw text, or JSON (possibly Python-spelled). */
export type ValueKind = "string" | "json" | "any";

export function valueKind(schema: SchemaObject | undefined): ValueKind {
  const types = schemaTypes(schema);
  if (types === null) return "any";
  if (types.size === 1 && types.has("string")) return "string";
  return types.has("string") ? "any" : "json";
}

function admits(types: Set<JsonType>, v: unknown): boolean {
  const t = jsonType(v);
  return types.has(t) || (t === "integer" && types.has("number"));
}

/**
 * `text` as JSON text: itself when it is JSON, else the JSON of the Python literal it spells when
 * that is a container, a quoted string or True/False/None (older Qwen templates write those).
 * Bare numbers must be JSON: Python's `02139` or `123_456` would silently change a value.
 */
function literalJson(text: string): string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  try {
    JSON.parse(t);
    return t;
  } catch {
    return /^[[{('"]|^(?:True|False|None)$/.test(t) ? pythonLiteralJson(t) : undefined;
  }
}

/**
 * The JSON text of a parameter written as raw text (XML formats), converted by its schema: a
 * string parameter is the text itself; a typed one is the JSON (or Python literal) it spells when
 * that fits the schema, kept as written; text that spells nothing fitting stays a string.
 */
export function convertRaw(raw: string, schema: SchemaObject | undefined): string {
  const asString = JSON.stringify(raw);
  const types = schemaTypes(schema);
  if (types !== null && types.size === 1 && types.has("string")) return asString;
  const json = literalJson(raw);
  if (json === undefined) return asString;
  const type = jsonType(JSON.parse(json));
  if (types === null) return type === "string" ? asString : json;
  if (type !== "string" && admits(types, JSON.parse(json))) return json;
  return types.has("string") ? asString : json;
}
