// The meta-schema check runs ajv's standalone code, generated at build time
// (scripts/generate-meta-validators.mjs). It must judge every schema exactly as ajv compiling the
// meta-schema at run time does (the check toolmask ran before), with the same errors (all of
// them, compared field by field) in the same order: on the test suite's schemas, on each draft's own meta-schema, on schemas broken one
// keyword at a time, and on random objects made of schema keywords.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ajvFor } from "./ajv.js";
import { InvalidSchemaError } from "./errors.js";
import { checkMetaSchema, metaSchemaErrors } from "./meta-schema.js";
import type { Draft } from "./options.js";
import { thrown } from "../../../test/support/thrown.js";

const DRAFTS: readonly Draft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/**
 * Validates `schema` with both and expects the same verdict and the same errors, in the same
 * order; returns the verdict.
 */
function expectSameVerdict(schema: Record<string, unknown>, draft: Draft): boolean {
  const ajv = ajvFor(draft);
  const ok = ajv.validateSchema(schema) === true;
  expect(metaSchemaErrors(schema, draft), `${draft}: ${JSON.stringify(schema).slice(0, 200)}`).toEqual(ok ? null : ajv.errors);
  return ok;
}

const suiteRoot = join(dirname(createRequire(import.meta.url).resolve("json-schema-test-suite/package.json")), "tests");
function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : []));
}
/** Every schema of the test suite (drafts 3 and 4), and every test instance that is an object: a corpus of real and odd schemas. */
const suiteObjects: Record<string, unknown>[] = suiteFiles(suiteRoot).flatMap((file) =>
  (JSON.parse(readFileSync(file, "utf8")) as { schema: unknown; tests: { data: unknown }[] }[]).flatMap((c) => [c.schema, ...c.tests.map((t) => t.data)]),
).filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v));

/** Schemas each broken in one keyword (some only in some drafts). */
const BROKEN: Record<string, unknown>[] = [
  { type: "text" },
  { type: ["string", "string"] },
  { type: [] },
  { required: "name" },
  { required: [] },
  { required: ["a", "a"] },
  { minLength: -1 },
  { maxItems: 1.5 },
  { pattern: 7 },
  { properties: { a: 3 } },
  { properties: [] },
  { items: [1] },
  { additionalProperties: "no" },
  { enum: [] },
  { enum: "a" },
  { $ref: 5 },
  { anyOf: [] },
  { allOf: {} },
  { not: [] },
  { multipleOf: 0 },
  { exclusiveMinimum: true },
  { exclusiveMaximum: 3 },
  { $defs: { a: "b" } },
  { definitions: { a: 1 } },
  { $anchor: "1bad" },
  { $dynamicAnchor: "has space" },
  { dependentRequired: { a: "b" } },
  { dependentSchemas: { a: 4 } },
  { dependencies: { a: 4 } },
  { prefixItems: {} },
  { unevaluatedProperties: 1 },
  { contains: "x" },
  { propertyNames: 2 },
  { if: 1, then: {}, else: {} },
  { title: 3, description: false },
  { properties: { a: { properties: { b: { items: { type: "integer", minimum: "0" } } } } } },
  { anyOf: [{ type: "string" }, { oneOf: [{ enum: [] }] }] },
  { $id: 3 },
  { id: 3 },
];

describe("checkMetaSchema (ajv's generated meta-schema validators)", () => {
  it.each(DRAFTS.map((d) => [d]))("%s: agrees with ajv at run time on the test suite's schemas and instances", (draft) => {
    let valid = 0;
    for (const schema of suiteObjects) if (expectSameVerdict(schema, draft)) valid++;
    // The corpus holds schemas that pass and objects that fail: both sides are exercised.
    expect(valid).toBeGreaterThan(50);
    expect(valid).toBeLessThan(suiteObjects.length);
  });

  it.each(DRAFTS.map((d) => [d]))("%s: agrees on schemas broken one keyword at a time", (draft) => {
    const refused = BROKEN.filter((schema) => !expectSameVerdict(schema, draft)).length;
    expect(refused).toBeGreaterThan(BROKEN.length / 2);
  });

  it.each(DRAFTS.map((d) => [d]))("%s: accepts its own meta-schema", (draft) => {
    const ajv = ajvFor(draft);
    const uri = { "draft-04": "http://json-schema.org/draft-04/schema", "draft-06": "http://json-schema.org/draft-06/schema", "draft-07": "http://json-schema.org/draft-07/schema", "2019-09": "https://json-schema.org/draft/2019-09/schema", "2020-12": "https://json-schema.org/draft/2020-12/schema" }[draft];
    const meta = (ajv.getSchema(uri) ?? ajv.getSchema(`${uri}#`))!.schema as Record<string, unknown>;
    expect(expectSameVerdict(meta, draft)).toBe(true);
  });

  it("agrees with ajv at run time on random objects made of schema keywords (property test)", () => {
    const keyword = fc.constantFrom(
      "type", "enum", "const", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "minLength", "maxLength",
      "pattern", "format", "anyOf", "oneOf", "allOf", "not", "$ref", "$defs", "definitions", "minimum", "exclusiveMinimum", "multipleOf", "dependencies",
      "dependentRequired", "$anchor", "$id", "id", "title", "uniqueItems", "contains", "if", "then", "else", "propertyNames", "unevaluatedItems",
    );
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom("string", "object", "integer", "#", "#/$defs/a", "a", "^x$"), fc.integer({ min: -2, max: 5 }), fc.boolean());
    const { schema } = fc.letrec((tie) => ({
      schema: fc.dictionary(keyword, tie("value"), { maxKeys: 4, noNullPrototype: true }),
      value: fc.oneof({ depthSize: "small" }, leaf, tie("schema"), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b"), tie("value"), { maxKeys: 2, noNullPrototype: true })),
    }));
    fc.assert(
      fc.property(schema, fc.constantFrom(...DRAFTS), (s, draft) => {
        expectSameVerdict(s as Record<string, unknown>, draft);
      }),
      { numRuns: 2000 },
    );
  });

  it("checks schemas built without a prototype (Object.create(null)) instead of crashing", () => {
    const bare = (fields: Record<string, unknown>): Record<string, unknown> => Object.assign(Object.create(null) as Record<string, unknown>, fields);
    // draft-04's meta-schema wants enum values unique: comparing them must not need Object.prototype.
    expect(() => checkMetaSchema(bare({ enum: [bare({ a: 1 }), bare({ a: 2 })] }), "draft-04")).not.toThrow();
    expect(thrown(() => checkMetaSchema(bare({ enum: [bare({ a: 1 }), bare({ a: 1 })] }), "draft-04"), InvalidSchemaError).message).toMatch(/#\/enum.*must NOT have duplicate items/);
    expect(thrown(() => checkMetaSchema(bare({ type: ["string", "string"] }), "2020-12"), InvalidSchemaError).message).toMatch(/#\/type/);
  });

  it("validates against the draft named by the caller whatever $schema says, and refuses non-schemas", () => {
    expect(() => checkMetaSchema({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "string" }, "draft-07")).not.toThrow();
    expect(thrown(() => checkMetaSchema({ minLength: -1 }, "2020-12"), InvalidSchemaError).message).toMatch(/#\/minLength.*2020-12 meta-schema/);
    expect(thrown(() => checkMetaSchema([], "2020-12"), InvalidSchemaError).message).toMatch(/must be an object or a boolean/);
    expect(() => checkMetaSchema(true, "draft-04")).not.toThrow();
  });
});
