// The official JSON-Schema-Test-Suite, as published on npm (json-schema-test-suite 0.0.10, which
// ships draft 3 and draft 4 only; draft 4 is used). For every case the compiler accepts, each
// instance (as JSON.stringify writes it) must be accepted by the reference recognizer exactly
// when the suite says it is valid, with propertyOrder "any" (the suite's instances list
// properties in any order); the default declared-order grammar must never accept an invalid
// one. Cases the compiler refuses must be refused for a documented reason; known divergences
// are listed with theirs.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Recognizer } from "@toolmask/grammar";
import { compileJsonSchema, type JsonSchema } from "@toolmask/schema";

const root = join(dirname(createRequire(import.meta.url).resolve("json-schema-test-suite/package.json")), "tests", "draft4");

interface SuiteCase {
  readonly description: string;
  readonly schema: JsonSchema;
  readonly tests: readonly { readonly description: string; readonly data: unknown; readonly valid: boolean }[];
}

function load(file: string): SuiteCase[] {
  return JSON.parse(readFileSync(join(root, file), "utf8")) as SuiteCase[];
}

/** Cases refused on purpose, by file and case description, with the reason. */
const REFUSED: Record<string, string> = {
  "uniqueItems.json/uniqueItems validation": "uniqueItems has no context-free grammar",
  "uniqueItems.json/uniqueItems with an array of items": "uniqueItems has no context-free grammar",
  "uniqueItems.json/uniqueItems with an array of items and additionalItems=false": "uniqueItems has no context-free grammar",
  "refRemote.json/remote ref": "references outside the document are not fetched",
  "refRemote.json/fragment within remote ref": "references outside the document are not fetched",
  "refRemote.json/ref within remote ref": "references outside the document are not fetched",
  "refRemote.json/base URI change": "references outside the document are not fetched",
  "refRemote.json/base URI change - change folder": "references outside the document are not fetched",
  "refRemote.json/base URI change - change folder in subschema": "references outside the document are not fetched",
  "refRemote.json/root ref in remote ref": "references outside the document are not fetched",
  "ref.json/remote ref, containing refs itself": "references outside the document (the draft-04 meta-schema) are not fetched",
  "refRemote.json/change resolution scope": "references outside the document are not fetched",
  "definitions.json/valid definition": "references outside the document (the draft-04 meta-schema) are not fetched",
  "definitions.json/invalid definition": "references outside the document (the draft-04 meta-schema) are not fetched",
};

/** Instances where the grammar deliberately decides otherwise, by file / case / test, with the reason. */
const DIVERGENT: Record<string, string> = {
  "optional/format.json/validation of URIs/a valid protocol-relative URI": "ajv-formats, which validateArguments uses, requires a scheme in a uri",
  "optional/zeroTerminatedFloats.json/some languages do not distinguish between different types of numeric value/a float is not an integer even without fractional part":
    "JSON.stringify writes 1.0 as 1, an integer (the grammar itself refuses the text 1.0 for integers)",
};

const files = [...readdirSync(root).filter((f) => f.endsWith(".json")), ...readdirSync(join(root, "optional")).map((f) => `optional/${f}`)];

describe.each(files.map((f) => [f]))("JSON-Schema-Test-Suite draft4 %s", (file) => {
  const cases = load(file);
  it.each(cases.map((c) => [c.description, c] as const))("%s", (_d, c) => {
    const id = `${file}/${c.description}`;
    let recognizer: Recognizer;
    let declaredOrder: Recognizer;
    try {
      recognizer = new Recognizer(compileJsonSchema(c.schema, { draft: "draft-04", whitespace: "compact", propertyOrder: "any" }).grammar);
      declaredOrder = new Recognizer(compileJsonSchema(c.schema, { draft: "draft-04", whitespace: "compact" }).grammar);
    } catch (e) {
      const code = (e as { code?: string }).code;
      // A schema nothing satisfies compiles to no grammar; then every instance must be invalid.
      if (code === "unsatisfiable_schema") {
        expect(c.tests.filter((t) => t.valid).map((t) => t.description)).toEqual([]);
        return;
      }
      expect(REFUSED[id], `${id} was refused: ${(e as Error).message}`).toBeDefined();
      expect(code).toBe("unsupported_schema");
      return;
    }
    expect(REFUSED[id], `${id} is listed as refused but compiles`).toBeUndefined();
    for (const t of c.tests) {
      const key = `${id}/${t.description}`;
      const text = JSON.stringify(t.data);
      const accepted = recognizer.accepts(text);
      if (DIVERGENT[key]) expect(accepted, `${key} is listed as divergent but agrees`).toBe(!t.valid);
      else expect(accepted, key).toBe(t.valid);
      if (!t.valid && !DIVERGENT[key]) expect(declaredOrder.accepts(text), `${key} (declared order)`).toBe(false);
    }
  });
});
