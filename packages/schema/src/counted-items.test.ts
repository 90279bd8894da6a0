// Arrays whose items are counted: `contains` (with `minContains`/`maxContains`) and the
// complement of `items` that `not`, `oneOf` exclusivity and `if`/`else` need ("some item is
// outside its schema"). The grammar must accept a JSON text exactly when ajv (as
// validateArguments runs it) says the value is valid: checked on random arrays of small values
// with fast-check, against the reference recognizer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Recognizer } from "@toolmask/grammar";
import { UnsupportedSchemaError, compileJsonSchema, jsonSchemaToGrammar, validateArguments, type JsonSchema } from "@toolmask/schema";
import "../../../test/support/fast-check-seed.js";

const numbers = { type: "array", items: { type: "number" } };

const SCHEMAS: [string, JsonSchema][] = [
  ["contains", { type: "array", contains: { type: "integer" } }],
  ["minContains and maxContains", { type: "array", contains: { type: "integer" }, minContains: 2, maxContains: 3 }],
  ["maxContains alone", { type: "array", contains: { type: "string" }, minContains: 0, maxContains: 1 }],
  ["contains with items and item counts", { type: "array", items: { type: ["integer", "string"] }, contains: { const: 0 }, minItems: 2, maxItems: 4 }],
  ["contains past a prefix", { type: "array", prefixItems: [{ type: "string" }, { type: "null" }], contains: { type: "string" }, minContains: 2 }],
  ["two contains through allOf", { type: "array", allOf: [{ contains: { type: "string" } }, { contains: { type: "integer" }, maxContains: 1 }] }],
  ["not items", { not: numbers }],
  ["not items with a prefix", { type: "array", not: { prefixItems: [{ type: "string" }], items: { type: "integer" } } }],
  ["not item counts and items", { not: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 } }],
  ["not contains", { type: "array", not: { contains: { type: "null" }, minContains: 2 } }],
  ["oneOf with overlapping items", { oneOf: [numbers, { type: "array", items: { type: "integer" } }] }],
  ["oneOf of tuples", { oneOf: [{ type: "array", prefixItems: [{ type: "integer" }, { type: "string" }] }, { type: "array", prefixItems: [{ type: "number" }], items: { type: "string" } }] }],
  ["if/else on items", { type: "array", if: { items: { type: "integer" } }, then: { maxItems: 2 }, else: { minItems: 2 } }],
  // Counted arrays inside a counted array (validateArguments guards ajv 8.20 here: it accepts
  // [[null], []] for `items: {contains: {type: "null"}}`).
  ["nested", { type: "array", items: { type: "array", contains: { type: "null" } }, not: { items: { maxItems: 1 } } }],
];

/** Small values of every type, some of which the schemas above count. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, -3, 2.5, "a", "", null, true),
  fc.array(fc.constantFrom(0, 1.5, null, "b"), { maxLength: 3 }),
  fc.constant({ k: 1 }),
);
const arrays = fc.array(value, { maxLength: 6 });

describe("counted items: the grammar accepts what ajv accepts", () => {
  it.each(SCHEMAS)("%s", (_name, schema) => {
    const recognizer = new Recognizer(jsonSchemaToGrammar(schema, { whitespace: "compact" }));
    fc.assert(
      fc.property(fc.oneof(arrays, value), (v) => {
        const text = JSON.stringify(v);
        expect(recognizer.accepts(text), text).toBe(validateArguments({ parameters: schema }, text).valid);
      }),
      { numRuns: 300 },
    );
  });

  it("names the place when counting would need too many states", () => {
    const schema = { type: "array", contains: { type: "integer" }, minContains: 2, maxItems: 1000 };
    expect(() => compileJsonSchema(schema)).toThrow(UnsupportedSchemaError);
    try {
      compileJsonSchema(schema);
    } catch (e) {
      expect((e as UnsupportedSchemaError).pointer).toBe("#/contains");
      expect((e as Error).message).toMatch(/states/);
    }
    // Lenient: the counts are dropped (a superset), with a warning naming them.
    const { warnings } = compileJsonSchema(schema, { lenient: true });
    expect(warnings.map((w) => w.keyword)).toContain("contains");
  });

  it("reports a complement with no grammar at the subschema it complements", () => {
    // The complement of an item schema with patternProperties has no grammar.
    const schema = { $defs: { it: { patternProperties: { "^a": false } } }, type: "array", not: { items: { $ref: "#/$defs/it" } } };
    expect(() => compileJsonSchema(schema)).toThrow(/#\/\$defs\/it/);
  });
});
