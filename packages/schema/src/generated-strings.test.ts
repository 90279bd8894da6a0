// The compiler's soundness property: every string the compiled grammar can produce is valid JSON
// that ajv (as configured by validateArguments) accepts for the schema. Strings come from random
// walks of the grammar IR, thousands per schema, under every whitespace policy and property order.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STRING_FORMAT_NAMES, compileJsonSchema, validateArguments, type JsonSchema, type JsonSchemaOptions } from "@toolmask/schema";
import { RandomWalk, seededRandom } from "../../../test/schema/random-walk.js";
import { maskbenchAvailable, maskbenchFiles, maskbenchPath } from "../../../test/support/maskbench.js";

const VARIANTS: { name: string; options: JsonSchemaOptions; samples: number }[] = [
  { name: "flexible", options: {}, samples: 2000 },
  { name: "compact", options: { whitespace: "compact" }, samples: 500 },
  { name: "pretty", options: { whitespace: "pretty" }, samples: 500 },
  { name: "any order", options: { propertyOrder: "any" }, samples: 500 },
];

/** Checks `samples` random strings of `schema`'s grammar; returns the first failure, if any. */
function firstInvalid(schema: JsonSchema, options: JsonSchemaOptions, samples: number, seed: number): string | undefined {
  const { grammar } = compileJsonSchema(schema, options);
  const walk = new RandomWalk(grammar);
  const random = seededRandom(seed);
  for (let i = 0; i < samples; i++) {
    const s = walk.sample(random);
    // validateArguments parses the text itself, as it would a model's arguments string.
    const result = validateArguments({ parameters: schema }, s);
    if (!result.valid) return `${JSON.stringify(s)} is invalid: ${result.errors.map((e) => e.message).join("; ")}`;
  }
  return undefined;
}

const CURATED: [string, JsonSchema][] = [
  ["an object with required, optional and additional properties", { type: "object", properties: { name: { type: "string", minLength: 1 }, age: { type: "integer", minimum: 0, maximum: 150 }, tags: { type: "array", items: { type: "string" } } }, required: ["name"] }],
  ["a closed object", { type: "object", properties: { a: { type: "boolean" }, b: { type: "null" } }, additionalProperties: false }],
  ["additionalProperties with a schema", { type: "object", properties: { id: { type: "integer" } }, additionalProperties: { type: "number", exclusiveMaximum: 0 } }],
  ["property counts", { type: "object", properties: { a: {}, b: {}, c: {} }, minProperties: 2, maxProperties: 3 }],
  ["integer ranges", { anyOf: [{ type: "integer", minimum: 0, maximum: 120 }, { type: "integer", minimum: -1005, exclusiveMaximum: -999 }, { type: "integer", minimum: 12345678901 }] }],
  ["decimal ranges", { anyOf: [{ type: "number", exclusiveMinimum: 0.5, maximum: 4 }, { type: "number", minimum: -2.25, maximum: -0.001 }, { type: "number", maximum: 1e-3 }] }],
  ["multipleOf", { type: "object", properties: { price: { type: "number", multipleOf: 0.01, minimum: 0 }, step: { type: "integer", multipleOf: 7 }, half: { type: "number", multipleOf: 0.5, maximum: 10 }, odd: { type: "integer", not: { multipleOf: 2 } } } }],
  ["non-integer numbers", { oneOf: [{ type: "number" }, { type: "integer" }] }],
  ["draft-04 exclusive bounds", { $schema: "http://json-schema.org/draft-04/schema#", type: "number", minimum: 1, exclusiveMinimum: true, maximum: 2, exclusiveMaximum: true }],
  ["string lengths", { type: "array", items: [{ type: "string", maxLength: 3 }, { type: "string", minLength: 2, maxLength: 5 }, { type: "string", minLength: 70 }], $schema: "http://json-schema.org/draft-07/schema#" }],
  [
    "patterns",
    {
      type: "object",
      properties: {
        a: { type: "string", pattern: "^[a-z]+$" },
        b: { type: "string", pattern: "abc" },
        c: { type: "string", pattern: "^\\d{3}-\\d{4}$" },
        d: { type: "string", pattern: "^(?:foo|bar)[0-9]*$", maxLength: 6 },
        e: { type: "string", pattern: "[A-Z]", maxLength: 5 },
        f: { type: "string", pattern: "^\\S+@\\S+\\.\\w{2,}$" },
        g: { type: "string", pattern: "^[^\"\\\\]*\\.$" },
        h: { type: "string", pattern: "x$|^y" },
      },
    },
  ],
  ["formats", { type: "object", properties: Object.fromEntries(STRING_FORMAT_NAMES.map((f) => [f, { type: "string", format: f }])), required: [...STRING_FORMAT_NAMES] }],
  ["formats with lengths", { type: "object", properties: { email: { type: "string", format: "email", maxLength: 20 }, day: { type: "string", format: "date", minLength: 10 } }, required: ["email", "day"] }],
  ["number formats", { type: "object", properties: { i: { type: "integer", format: "int32" }, n: { type: "number", format: "int64" } } }],
  ["enum and const", { type: "object", properties: { unit: { enum: ["celsius", "fahrenheit", null, 3.5, [1, { a: "x" }]] }, kind: { const: { x: [1, 2], y: "z" } } }, required: ["unit", "kind"] }],
  ["tuples and item counts", { type: "object", properties: { t: { prefixItems: [{ type: "string" }, { type: "integer" }], items: { type: "boolean" }, minItems: 1, maxItems: 4 }, u: { type: "array", items: false, prefixItems: [{ const: 1 }] }, v: { type: "array", items: { type: "array", items: { type: "integer" } }, minItems: 2 } } }],
  ["contains and its counts", { type: "object", properties: { c: { type: "array", contains: { type: "integer", minimum: 5 } }, m: { type: "array", items: { type: ["string", "integer"] }, contains: { type: "string" }, minContains: 2, maxContains: 3, maxItems: 5 } } }],
  ["complements of items", { type: "object", properties: { n: { not: { type: "array", items: { type: "number" } } }, o: { oneOf: [{ type: "array", items: { type: "number" } }, { type: "array", items: { type: "integer" } }] } } }],
  ["uniqueItems over an enum", { type: "object", properties: { tags: { type: "array", items: { enum: ["a", "b", "c", 1, null] }, uniqueItems: true, minItems: 1 }, flags: { type: "array", items: { type: "boolean" }, uniqueItems: true } } }],
  ["allOf with $ref", { $defs: { named: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } }, allOf: [{ $ref: "#/$defs/named" }, { properties: { id: { type: "integer" } }, required: ["id"] }] }],
  ["oneOf on required properties", { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, oneOf: [{ required: ["a"] }, { required: ["b"] }] }],
  ["oneOf with a discriminator", { oneOf: [{ type: "object", properties: { kind: { const: "circle" }, r: { type: "number" } }, required: ["kind", "r"] }, { type: "object", properties: { kind: { const: "square" }, side: { type: "number" } }, required: ["kind", "side"] }] }],
  ["not", { type: "object", properties: { s: { type: "string", not: { enum: ["a", "b", ""] } }, n: { type: "integer", not: { const: 3 } }, x: { not: { type: ["string", "object"] } }, r: { not: { required: ["z"] } } } }],
  ["if/then/else", { type: "object", properties: { country: { enum: ["US", "CA"] }, code: { type: "string" } }, if: { properties: { country: { const: "US" } }, required: ["country"] }, then: { properties: { code: { pattern: "^[0-9]{5}$" } } }, else: { properties: { code: { pattern: "^[A-Z][0-9][A-Z]$" } } } }],
  ["dependencies", { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" }, c: { type: "string" } }, dependentRequired: { a: ["b"] }, dependentSchemas: { c: { required: ["a"] } } }],
  ["a recursive tree", { $defs: { node: { type: "object", properties: { value: { type: "integer" }, children: { type: "array", items: { $ref: "#/$defs/node" }, maxItems: 3 } }, required: ["value"], additionalProperties: false } }, $ref: "#/$defs/node" }],
  ["patternProperties", { type: "object", properties: { id: { type: "integer" } }, patternProperties: { "^x-[a-z]+$": { type: "string" } }, additionalProperties: false }],
  ["propertyNames", { type: "object", propertyNames: { pattern: "^[a-z]{1,5}$" }, additionalProperties: { type: "integer" } }],
  ["propertyNames as an enum", { type: "object", properties: { a: { type: "integer" } }, propertyNames: { enum: ["a", "b", "c"] } }],
  ["nullable", { type: "object", properties: { s: { type: "string", nullable: true } } }],
  ["any value", true],
  ["an allOf of if/then members keyed by one property", { type: "object", properties: { kind: { type: "string", enum: ["a", "b", "c", "d"] } }, allOf: ["a", "b", "c", "d"].map((k) => ({ if: { properties: { kind: { const: k } } }, then: { properties: { [`n_${k}`]: { type: "integer" } }, required: [`n_${k}`] } })) }],
  ["if a field is set, the others are null", { type: "object", allOf: ["x", "y", "z"].map((f) => ({ if: { not: { properties: { [f]: { const: null } } } }, then: { properties: Object.fromEntries(["x", "y", "z"].filter((g) => g !== f).map((g) => [g, { const: null }])) } })) }],
  ["strict tool arguments", { type: "object", properties: { city: { type: "string" }, unit: { type: ["string", "null"], enum: ["c", "f", null] } }, required: ["city", "unit"], additionalProperties: false }],
];

describe("every string a compiled grammar generates is valid for the schema (ajv)", () => {
  describe.each(CURATED)("%s", (_name, schema) => {
    it.each(VARIANTS.map((v) => [v.name, v] as const))("%s", (_v, variant) => {
      expect(firstInvalid(schema, variant.options, variant.samples, 7)).toBeUndefined();
    });
  });

  it("holds under strict mode and closed-by-default objects too", () => {
    for (const [, schema] of CURATED.slice(0, 4)) {
      expect(firstInvalid(schema, { strict: true }, 500, 11)).toBeUndefined();
      expect(firstInvalid(schema, { additionalProperties: false }, 500, 13)).toBeUndefined();
    }
  });

  // A deterministic sample of real schemas: every 25th MaskBench file that compiles.
  const files = maskbenchFiles(25);
  it.skipIf(!maskbenchAvailable).each(files.map((f) => [f]))("MaskBench %s", (file) => {
    const schema = JSON.parse(readFileSync(maskbenchPath(file), "utf8")).schema as JsonSchema;
    try {
      compileJsonSchema(schema);
    } catch (e) {
      // Schemas the compiler refuses are counted by the coverage benchmark, not here.
      expect((e as { code?: string }).code).toMatch(/^(unsupported_schema|schema_budget_exceeded|unsatisfiable_schema|invalid_schema)$/);
      return;
    }
    expect(firstInvalid(schema, {}, 300, 17)).toBeUndefined();
  });
});
