// MaskBench (../shared/maskbench-dev) acceptance on a deterministic sample, every 10th file; the
// full set runs in `npm run bench -- schema-coverage`. For each sampled schema that compiles,
// the reference recognizer must accept every valid instance and reject every invalid one:
// JSON.stringify and 2-space pretty forms with propertyOrder "any" (instances list properties
// in any order) and the compact and pretty whitespace policies on their own spelling; the
// default declared-order grammar must reject every invalid instance too (where "any" order has
// to fall back to declared order, only that is checked). An instance whose
// MaskBench label ajv does not share (the labels come from Python and Rust validators, and
// JSON.parse rounds big numbers) is judged by ajv, the validator toolmask ships.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Recognizer, validateGrammar } from "@toolmask/grammar";
import { compileJsonSchema, validateArguments, type JsonSchema, type JsonSchemaOptions } from "@toolmask/schema";
import { maskbenchAvailable, maskbenchFiles, maskbenchPath } from "../../../test/support/maskbench.js";

const files = maskbenchFiles(10);

interface Instance {
  readonly description: string;
  readonly valid: boolean;
  readonly data: unknown;
}

/**
 * Valid instances the grammar rejects because a format's grammar accepts a subset of what
 * ajv-formats accepts (see README, "Formats"). Keyed by file and instance position.
 */
const SUBSET_REJECTIONS: Record<string, string> = {};

const compact = (v: unknown): string => JSON.stringify(v);
const pretty = (v: unknown): string => JSON.stringify(v, null, 2);

/**
 * The recognizer of `schema` under `options`, or undefined when those options alone exceed a
 * budget (pretty whitespace gives every nesting depth its own rules, so a recursive schema
 * that compiles with the defaults may need too many): a deliberate refusal, not a wrong grammar.
 */
function grammar(schema: JsonSchema, options: JsonSchemaOptions): Recognizer | undefined {
  try {
    return new Recognizer(compileJsonSchema(schema, options).grammar);
  } catch (e) {
    expect((e as { code?: string }).code).toBe("schema_budget_exceeded");
    return undefined;
  }
}

describe.skipIf(!maskbenchAvailable)("MaskBench sample: valid instances accepted, invalid rejected", () => {
  it.each(files.map((f) => [f]))("%s", (file) => {
    const { schema, tests } = JSON.parse(readFileSync(maskbenchPath(file), "utf8")) as { schema: JsonSchema; tests: Instance[] };
    try {
      // What the compiler produces, the engine and the printers must take: validateGrammar
      // (structure, and nesting within MAX_EXPR_DEPTH) is their check.
      validateGrammar(compileJsonSchema(schema).grammar);
    } catch (e) {
      // Refusals are counted by the coverage benchmark; they must be deliberate.
      expect((e as { code?: string }).code).toMatch(/^(unsupported_schema|schema_budget_exceeded|unsatisfiable_schema|invalid_schema)$/);
      return;
    }
    if (tests.length === 0) return;
    const anyOrderCompile = compileJsonSchema(schema, { propertyOrder: "any" });
    const anyOrder = new Recognizer(anyOrderCompile.grammar);
    // Past its state budget an object's required properties must come in declared order (a
    // documented limit, warned as "declared_order"): valid instances listing them otherwise may
    // then be refused, so only the rejections are checked.
    const orderLimited = anyOrderCompile.warnings.some((w) => w.code === "declared_order");
    const declared = grammar(schema, {});
    const compactAny = grammar(schema, { whitespace: "compact", propertyOrder: "any" });
    const prettyAny = grammar(schema, { whitespace: "pretty", propertyOrder: "any" });
    tests.forEach((t, i) => {
      const id = `${file}#${i} (${t.description})`;
      const valid = validateArguments({ parameters: schema }, compact(t.data)).valid;
      if (valid && (SUBSET_REJECTIONS[`${file}#${i}`] || orderLimited)) return;
      expect(anyOrder.accepts(compact(t.data)), `${id} compact`).toBe(valid);
      expect(anyOrder.accepts(pretty(t.data)), `${id} pretty`).toBe(valid);
      if (compactAny) expect(compactAny.accepts(compact(t.data)), `${id} compact policy`).toBe(valid);
      if (prettyAny) expect(prettyAny.accepts(pretty(t.data)), `${id} pretty policy`).toBe(valid);
      if (!valid) expect(declared!.accepts(compact(t.data)), `${id} declared order`).toBe(false);
    });
  });
});
