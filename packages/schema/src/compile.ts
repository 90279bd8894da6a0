import type { Grammar } from "@toolmask/grammar";
import { checkMetaSchema } from "./ajv.js";
import { withAutomatonMeter } from "./dfa.js";
import { SchemaCompiler } from "./compiler.js";
import { CompileContext } from "./context.js";
import { SchemaBudgetError, UnsatisfiableSchemaError, type SchemaWarning } from "./errors.js";
import { JsonText } from "./json-text.js";
import { Normalizer } from "./normalize.js";
import { resolveOptions, type JsonSchemaOptions } from "./options.js";
import { pruneGrammar } from "./prune.js";
import { RuleStore } from "./rule-store.js";
import { SchemaDocument, detectDraft } from "./schema-document.js";
import type { JsonSchema } from "./tool.js";

/** Automaton transitions per unit of work: a transition costs a fraction of visiting a subschema. */
const AUTOMATON_UNIT = 8;

export interface CompiledSchema {
  /** Derives exactly the JSON texts (one value, no surrounding whitespace) the schema allows. */
  readonly grammar: Grammar;
  /** Keywords compiled as a superset (with `lenient`) and unknown formats. */
  readonly warnings: readonly SchemaWarning[];
}

/**
 * Compiles a JSON Schema into a grammar that derives exactly one JSON value valid for the
 * schema, without leading or trailing whitespace, so it can be embedded in a tool-call format.
 *
 * Throws `InvalidSchemaError` (the schema fails its draft's meta-schema), `UnsupportedSchemaError`
 * (a keyword a grammar cannot enforce; use `lenient` for a superset), `UnsatisfiableSchemaError`
 * (no value satisfies the schema) or `SchemaBudgetError` (the schema is too large to compile).
 */
export function compileJsonSchema(schema: JsonSchema, options?: JsonSchemaOptions): CompiledSchema {
  const opts = resolveOptions(options);
  const draft = detectDraft(schema, opts.draft);
  if (opts.validateSchema) checkMetaSchema(schema, draft);
  const doc = new SchemaDocument(schema, draft);
  const ctx = new CompileContext(doc, opts);
  let ruleCount = 0;
  const rules = new RuleStore(() => {
    if (++ruleCount > opts.budget.rules) throw new SchemaBudgetError("#", `rules ${opts.budget.rules}`, "the grammar needs too many rules");
  });
  const compiler = new SchemaCompiler(ctx, new Normalizer(ctx), rules, new JsonText(rules, opts));
  const start = withAutomatonMeter((transitions) => ctx.spend(transitions / AUTOMATON_UNIT, "#"), () => compiler.compileRoot(doc.root));
  // Without recursion every rule derives something (subschemas nothing satisfies were dropped
  // while compiling), so only recursive grammars need the productivity analysis.
  const grammar = start === undefined ? undefined : compiler.mayHaveDeadRules ? pruneGrammar(rules.build(start)) : rules.build(start);
  if (!grammar) throw new UnsatisfiableSchemaError("#", "no JSON value satisfies this schema");
  return { grammar, warnings: ctx.warnings };
}

/** {@link compileJsonSchema}'s grammar alone. */
export function jsonSchemaToGrammar(schema: JsonSchema, options?: JsonSchemaOptions): Grammar {
  return compileJsonSchema(schema, options).grammar;
}
