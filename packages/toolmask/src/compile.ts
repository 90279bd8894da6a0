import { compileGrammar as compileEngineGrammar, type CompiledGrammar, type CompileGrammarOptions, type GrammarInput, type Vocabulary } from "@toolmask/engine";
import { jsonSchemaToGrammar, type JsonSchema, type JsonSchemaOptions } from "@toolmask/schema";

/** What {@link compileGrammar} accepts: grammar IR, `{ ebnf }`, or `{ jsonSchema }` with the schema compiler's options. */
export type AnyGrammarInput = GrammarInput | { readonly jsonSchema: JsonSchema; readonly options?: JsonSchemaOptions };

/**
 * The engine's `compileGrammar`, also taking a JSON Schema: `{ jsonSchema, options }` is compiled
 * by `jsonSchemaToGrammar` (errors: `UnsupportedSchemaError`, `InvalidSchemaError`, … from
 * `@toolmask/schema`), then for the vocabulary. The result is cached like any grammar.
 *
 * @example
 * const compiled = compileGrammar(vocab, { jsonSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } });
 * const matcher = new GrammarMatcher(compiled);
 */
export function compileGrammar(vocab: Vocabulary, input: AnyGrammarInput, options?: CompileGrammarOptions): CompiledGrammar {
  if (typeof input === "object" && input !== null && "jsonSchema" in input) {
    return compileEngineGrammar(vocab, jsonSchemaToGrammar(input.jsonSchema, input.options), options);
  }
  return compileEngineGrammar(vocab, input, options);
}
