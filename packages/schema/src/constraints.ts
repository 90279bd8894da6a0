import { compareDecimal, decimalOf, isMultipleOf, type Decimal } from "./decimal.js";
import type { Bound } from "./number-grammar.js";
import type { SchemaNode } from "./schema-document.js";

/** JSON types as bits; numbers are split into integers and non-integers so `integer` is a subset of `number`. */
export const T_NULL = 1;
export const T_BOOLEAN = 2;
export const T_INTEGER = 4;
/** Numbers with a non-zero fractional part. */
export const T_FRACTION = 8;
export const T_STRING = 16;
export const T_ARRAY = 32;
export const T_OBJECT = 64;
export const T_NUMBER = T_INTEGER | T_FRACTION;
export const T_ALL = 127;

export const TYPE_BITS: Record<string, number> = {
  null: T_NULL,
  boolean: T_BOOLEAN,
  integer: T_INTEGER,
  number: T_NUMBER,
  string: T_STRING,
  array: T_ARRAY,
  object: T_OBJECT,
};

/** A value with the pointer of the keyword it came from, for error messages. */
export interface Sourced<T> {
  readonly value: T;
  readonly pointer: string;
}

/** One schema object's property keywords, kept together because `additionalProperties` refers to its siblings. */
export interface ObjectPart {
  readonly props: ReadonlyMap<string, SchemaNode>;
  readonly patterns: readonly { readonly source: string; readonly schema: SchemaNode }[];
  /** `additionalProperties`; undefined when the keyword is absent (the compile options decide). */
  readonly additional: SchemaNode | undefined;
  readonly pointer: string;
}

/** At least `min` and at most `max` of an array's items from position `from` on satisfy `schema`. */
export interface Contains {
  readonly schema: SchemaNode;
  readonly min: number;
  readonly max: number;
  /** The first position counted: 0 for the `contains` keyword, the prefix length for a negated `items` past a prefix. */
  readonly from: number;
  readonly pointer: string;
}

/**
 * A conjunction of constraints on one JSON value, the result of merging schema objects
 * (through allOf, $ref, and the branches of anyOf/oneOf). Constraints for a type apply only to
 * values of that type, as in JSON Schema. Subschemas (items, property values) stay unexpanded
 * as lists of {@link SchemaNode}s that a value must all satisfy.
 */
export interface Conj {
  readonly types: number;
  /** Allowed values (enum/const, intersected); undefined = no such restriction. */
  readonly enumValues: readonly unknown[] | undefined;
  readonly notValues: readonly unknown[];
  readonly minLength: number;
  readonly maxLength: number;
  readonly patterns: readonly Sourced<string>[];
  readonly notPatterns: readonly Sourced<string>[];
  readonly formats: readonly Sourced<string>[];
  readonly lower: Bound | undefined;
  readonly upper: Bound | undefined;
  readonly multipleOf: readonly Decimal[];
  readonly notMultipleOf: readonly Decimal[];
  /** Per-position item schemas (prefixItems / array `items`). */
  readonly prefix: readonly (readonly SchemaNode[])[];
  /** Schemas every item past the prefix must satisfy. */
  readonly rest: readonly SchemaNode[];
  readonly minItems: number;
  readonly maxItems: number;
  readonly contains: readonly Contains[];
  /** Pointer of a `uniqueItems: true`. */
  readonly uniqueItems: string | undefined;
  readonly objectParts: readonly ObjectPart[];
  readonly required: readonly string[];
  readonly forbidden: readonly string[];
  readonly minProperties: number;
  readonly maxProperties: number;
  readonly propertyNames: readonly SchemaNode[];
  /** Where this conjunction comes from (its first schema object). */
  readonly pointer: string;
}

export const TOP: Conj = {
  types: T_ALL,
  enumValues: undefined,
  notValues: [],
  minLength: 0,
  maxLength: Infinity,
  patterns: [],
  notPatterns: [],
  formats: [],
  lower: undefined,
  upper: undefined,
  multipleOf: [],
  notMultipleOf: [],
  prefix: [],
  rest: [],
  minItems: 0,
  maxItems: Infinity,
  contains: [],
  uniqueItems: undefined,
  objectParts: [],
  required: [],
  forbidden: [],
  minProperties: 0,
  maxProperties: Infinity,
  propertyNames: [],
  pointer: "#",
};

export function conj(fields: Partial<Conj>): Conj {
  return { ...TOP, ...fields };
}

/** The type bit of a JSON value. */
export function typeOf(v: unknown): number {
  if (v === null) return T_NULL;
  switch (typeof v) {
    case "boolean":
      return T_BOOLEAN;
    case "number":
      return Number.isInteger(v) ? T_INTEGER : T_FRACTION;
    case "string":
      return T_STRING;
    case "object":
      return Array.isArray(v) ? T_ARRAY : T_OBJECT;
    default:
      return 0;
  }
}

/**
 * A string two JSON values share exactly when {@link jsonEqual} holds (object keys in sorted
 * order), so that long lists of values (an enum of 100,000) are compared through a Set instead of
 * pairwise.
 */
export function jsonKey(v: unknown): string {
  if (typeof v !== "object" || v === null) return typeof v === "string" ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) return `[${v.map(jsonKey).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jsonKey(o[k])}`)
    .join(",")}}`;
}

/** JSON equality (numbers by value, objects regardless of key order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function lowerMax(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareDecimal(a.value, b.value);
  if (c !== 0) return c > 0 ? a : b;
  return a.exclusive ? a : b;
}

function upperMin(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareDecimal(a.value, b.value);
  if (c !== 0) return c < 0 ? a : b;
  return a.exclusive ? a : b;
}

function uniqueDecimals(list: readonly Decimal[]): Decimal[] {
  const out: Decimal[] = [];
  for (const d of list) if (!out.some((x) => compareDecimal(x, d) === 0)) out.push(d);
  return out;
}

/** `a` then the entries of `b` whose value `a` does not have (a pattern required twice is one constraint). */
function uniqueSourced(a: readonly Sourced<string>[], b: readonly Sourced<string>[]): Sourced<string>[] {
  if (b.length === 0) return a as Sourced<string>[];
  return [...a, ...b.filter((x) => !a.some((y) => y.value === x.value))];
}

function unionStrings(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** True if no number satisfies both bounds. */
export function boundsConflict(lower: Bound | undefined, upper: Bound | undefined): boolean {
  if (!lower || !upper) return false;
  const c = compareDecimal(lower.value, upper.value);
  return c > 0 || (c === 0 && (lower.exclusive || upper.exclusive));
}

/** True if every multiple of some step of `multipleOf` is a multiple of a step `not` allows (`multipleOf: 10` with `not: {multipleOf: 5}`). */
function stepsConflict(multipleOf: readonly Decimal[], notMultipleOf: readonly Decimal[]): boolean {
  return notMultipleOf.length > 0 && multipleOf.some((m) => notMultipleOf.some((n) => isMultipleOf(m, n)));
}

/**
 * The conjunction of two conjunctions, or undefined when no value satisfies both. A conflict
 * that concerns one type (string lengths, number bounds, item counts, required vs forbidden
 * properties) only removes that type.
 */
export function mergeConj(a: Conj, b: Conj): Conj | undefined {
  if (a === TOP) return b;
  if (b === TOP) return a;
  let types = a.types & b.types;
  let enumValues = a.enumValues;
  if (b.enumValues) {
    if (!enumValues) enumValues = b.enumValues;
    else {
      const inB = new Set(b.enumValues.map(jsonKey));
      enumValues = enumValues.filter((v) => inB.has(jsonKey(v)));
    }
  }
  const minLength = Math.max(a.minLength, b.minLength);
  const maxLength = Math.min(a.maxLength, b.maxLength);
  if (minLength > maxLength) types &= ~T_STRING;
  const lower = lowerMax(a.lower, b.lower);
  const upper = upperMin(a.upper, b.upper);
  const multipleOf = uniqueDecimals([...a.multipleOf, ...b.multipleOf]);
  const notMultipleOf = uniqueDecimals([...a.notMultipleOf, ...b.notMultipleOf]);
  if (boundsConflict(lower, upper) || stepsConflict(multipleOf, notMultipleOf)) types &= ~T_NUMBER;
  const minItems = Math.max(a.minItems, b.minItems);
  const maxItems = Math.min(a.maxItems, b.maxItems);
  if (minItems > maxItems) types &= ~T_ARRAY;
  const required = unionStrings(a.required, b.required);
  const forbidden = unionStrings(a.forbidden, b.forbidden);
  const minProperties = Math.max(a.minProperties, b.minProperties);
  const maxProperties = Math.min(a.maxProperties, b.maxProperties);
  if (minProperties > maxProperties || required.some((r) => forbidden.includes(r)) || required.length > maxProperties) types &= ~T_OBJECT;
  if (enumValues) {
    enumValues = enumValues.filter((v) => (typeOf(v) & types) !== 0);
    if (enumValues.length === 0) return undefined;
  }
  if (types === 0) return undefined;
  const prefixLength = Math.max(a.prefix.length, b.prefix.length);
  const prefix: SchemaNode[][] = [];
  for (let i = 0; i < prefixLength; i++) prefix.push([...(a.prefix[i] ?? a.rest), ...(b.prefix[i] ?? b.rest)]);
  return {
    types,
    enumValues,
    notValues: [...a.notValues, ...b.notValues],
    minLength,
    maxLength,
    patterns: uniqueSourced(a.patterns, b.patterns),
    notPatterns: uniqueSourced(a.notPatterns, b.notPatterns),
    formats: uniqueSourced(a.formats, b.formats),
    lower,
    upper,
    multipleOf,
    notMultipleOf,
    prefix,
    rest: [...a.rest, ...b.rest],
    minItems,
    maxItems,
    contains: [...a.contains, ...b.contains],
    uniqueItems: a.uniqueItems ?? b.uniqueItems,
    objectParts: [...a.objectParts, ...b.objectParts],
    required,
    forbidden,
    minProperties,
    maxProperties,
    propertyNames: [...a.propertyNames, ...b.propertyNames],
    pointer: a.pointer,
  };
}

/**
 * `c` with its self-conflicts applied (a type whose own constraints exclude every value is
 * removed, as {@link mergeConj} does), or undefined if no value satisfies it.
 */
export function settleConj(c: Conj): Conj | undefined {
  let types = c.types;
  if (c.minLength > c.maxLength) types &= ~T_STRING;
  if (boundsConflict(c.lower, c.upper) || stepsConflict(c.multipleOf, c.notMultipleOf)) types &= ~T_NUMBER;
  if (c.minItems > c.maxItems) types &= ~T_ARRAY;
  if (c.minProperties > c.maxProperties || c.required.some((r) => c.forbidden.includes(r)) || c.required.length > c.maxProperties) types &= ~T_OBJECT;
  let enumValues = c.enumValues;
  if (enumValues) {
    enumValues = enumValues.filter((v) => (typeOf(v) & types) !== 0);
    if (enumValues.length === 0) return undefined;
  }
  if (types === 0) return undefined;
  return types === c.types && enumValues === c.enumValues ? c : { ...c, types, enumValues };
}

export function boundOf(value: number, exclusive: boolean): Bound {
  return { value: decimalOf(value), exclusive };
}
