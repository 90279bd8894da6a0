/**
 * @toolmask/schema: JSON Schema → grammar IR (exact, or refused with a typed error), ajv
 * validation of tool arguments, and the TypeScript-like tool rendering of the harmony format.
 * `toolTypes` (TypeScript declarations through json-schema-to-typescript, Node only) lives in
 * the `@toolmask/schema/types` entry point.
 */
export { compileJsonSchema, jsonSchemaToGrammar, JsonSchemaGrammarSet, type CompiledSchema, type SchemaInSet } from "./compile.js";
export { type JsonSchemaOptions, type JsonSchemaBudget, type Draft, DEFAULT_JSON_SCHEMA_BUDGET } from "./options.js";
export { UnsupportedSchemaError, InvalidSchemaError, UnsatisfiableSchemaError, SchemaBudgetError, type SchemaWarning, type SchemaPointer } from "./errors.js";
export { validateArguments, type ArgumentValidation, type ArgumentError } from "./validate-arguments.js";
export { type JsonSchema, type ToolDefinition, type FunctionDefinition, functionOf, parametersOf } from "./tool.js";
export { STRING_FORMAT_NAMES } from "./formats.js";
export { renderHarmonyTools, type HarmonyToolsOptions } from "./harmony.js";
