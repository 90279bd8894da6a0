import { InvalidSchemaError } from "./errors.js";

/** JSON Schema drafts the compiler understands. */
export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

const DRAFTS: readonly Draft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/** Widest indent option accepted: JSON.stringify indents by at most 10 spaces. */
const MAX_INDENT = 10;

/** Options of {@link compileJsonSchema}; every field is optional. */
export interface JsonSchemaOptions {
  /**
   * Whitespace between JSON tokens. `"flexible"` (default): any run of space, tab, newline or
   * carriage return of at most {@link maxWhitespace} characters wherever JSON allows whitespace.
   * `"compact"`: none (`JSON.stringify(v)`). `"pretty"`: exactly `JSON.stringify(v, null, indent)`.
   */
  readonly whitespace?: "flexible" | "compact" | "pretty";
  /** Longest run of whitespace `"flexible"` allows in one place. Default 64, enough for 2-space pretty printing 31 levels deep. */
  readonly maxWhitespace?: number;
  /** `"pretty"` indentation: a number of spaces or the indent string. Default 2. */
  readonly indent?: number | string;
  /**
   * `"pretty"` output is indented by depth, which a grammar can only follow for a bounded depth:
   * values nested deeper than this are not generated. Default 24.
   */
  readonly maxPrettyDepth?: number;
  /**
   * Order of an object's properties. `"schema"` (default): the order of `properties`, each
   * optional property skippable, then other properties. `"any"`: any order (costs a grammar state
   * per subset of required properties, so it is bounded by the budget).
   */
  readonly propertyOrder?: "schema" | "any";
  /**
   * What an object schema without `additionalProperties` (and `unevaluatedProperties`) allows
   * besides its declared properties. `true` (default): any other property, as JSON Schema says.
   * `false`: none (objects are closed unless the schema says otherwise).
   */
  readonly additionalProperties?: boolean;
  /**
   * OpenAI `strict: true` semantics: every object is closed and every declared property is
   * required, whatever `additionalProperties` and `required` say.
   */
  readonly strict?: boolean;
  /**
   * Compile what a grammar cannot enforce as the closest superset and report it in `warnings`
   * instead of throwing {@link UnsupportedSchemaError}.
   */
  readonly lenient?: boolean;
  /** Draft for a schema without `$schema`. Default: inferred from the keywords it uses, else 2020-12. */
  readonly draft?: Draft;
  /** Check the schema against its draft's meta-schema with ajv first. Default true. */
  readonly validateSchema?: boolean;
  /** Limits that stop pathological schemas early with a {@link SchemaBudgetError}. */
  readonly budget?: Partial<JsonSchemaBudget>;
}

/** Work limits of one compilation. */
export interface JsonSchemaBudget {
  /** Grammar rules in the result. Default 20,000. */
  readonly rules: number;
  /** Alternatives one subschema may expand into (through anyOf, oneOf, allOf, dependencies...). Default 256. */
  readonly alternatives: number;
  /** States of one automaton built for a pattern, number range or property-name set. Default 4,000. */
  readonly automatonStates: number;
  /** Total units of work (subschemas visited, alternatives merged, trie nodes, automaton transitions / 8). Default 60,000: a few tens of milliseconds on a 2-core server; schemas past it are refused with SchemaBudgetError (raise it to compile them anyway). */
  readonly work: number;
  /** Subschemas compiled one inside another (properties, items, anyOf branches, $ref targets...). Default 128: deeper nesting would exhaust the call stack. */
  readonly depth: number;
}

export const DEFAULT_JSON_SCHEMA_BUDGET: JsonSchemaBudget = {
  rules: 20_000,
  alternatives: 256,
  automatonStates: 4_000,
  work: 60_000,
  depth: 128,
};

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly whitespace: "flexible" | "compact" | "pretty";
  readonly maxWhitespace: number;
  readonly indent: string;
  readonly maxPrettyDepth: number;
  readonly propertyOrder: "schema" | "any";
  readonly additionalProperties: boolean;
  readonly strict: boolean;
  readonly lenient: boolean;
  readonly draft: Draft | undefined;
  readonly validateSchema: boolean;
  readonly budget: JsonSchemaBudget;
}

export function resolveOptions(o: JsonSchemaOptions = {}): ResolvedOptions {
  const whitespace = o.whitespace ?? "flexible";
  if (whitespace !== "flexible" && whitespace !== "compact" && whitespace !== "pretty") {
    throw new InvalidSchemaError("#", `option whitespace must be "flexible", "compact" or "pretty", not ${JSON.stringify(whitespace)}`);
  }
  const maxWhitespace = o.maxWhitespace ?? 64;
  if (!Number.isInteger(maxWhitespace) || maxWhitespace < 1) {
    throw new InvalidSchemaError("#", `option maxWhitespace must be a positive integer, not ${String(maxWhitespace)}`);
  }
  const indentWidth = o.indent ?? 2;
  if (typeof indentWidth === "number" && (!Number.isInteger(indentWidth) || indentWidth < 0 || indentWidth > MAX_INDENT)) {
    throw new InvalidSchemaError("#", `option indent must be a string or an integer from 0 to ${MAX_INDENT}, not ${String(indentWidth)}`);
  }
  const indent = typeof indentWidth === "string" ? indentWidth : " ".repeat(indentWidth);
  if (!/^[ \t]*$/.test(indent)) throw new InvalidSchemaError("#", "option indent may contain only spaces and tabs");
  const maxPrettyDepth = o.maxPrettyDepth ?? 24;
  if (!Number.isInteger(maxPrettyDepth) || maxPrettyDepth < 0) {
    throw new InvalidSchemaError("#", `option maxPrettyDepth must be a non-negative integer, not ${String(maxPrettyDepth)}`);
  }
  if (o.draft !== undefined && !DRAFTS.includes(o.draft)) {
    throw new InvalidSchemaError("#", `option draft must be one of ${DRAFTS.map((d) => JSON.stringify(d)).join(", ")}, not ${JSON.stringify(o.draft)}`);
  }
  for (const [key, value] of Object.entries(o.budget ?? {})) {
    if (typeof value !== "number" || !(value >= 0)) throw new InvalidSchemaError("#", `option budget.${key} must be a non-negative number, not ${String(value)}`);
  }
  const propertyOrder = o.propertyOrder ?? "schema";
  if (propertyOrder !== "schema" && propertyOrder !== "any") {
    throw new InvalidSchemaError("#", `option propertyOrder must be "schema" or "any", not ${JSON.stringify(propertyOrder)}`);
  }
  return {
    whitespace,
    maxWhitespace,
    indent,
    maxPrettyDepth,
    propertyOrder,
    additionalProperties: o.additionalProperties ?? true,
    strict: o.strict ?? false,
    lenient: o.lenient ?? false,
    draft: o.draft,
    validateSchema: o.validateSchema ?? true,
    budget: { ...DEFAULT_JSON_SCHEMA_BUDGET, ...o.budget },
  };
}
