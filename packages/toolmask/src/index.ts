/**
 * toolmask: makes local LLMs call tools correctly. This package re-exports every toolmask
 * package, so applications depend on one name.
 */
export * from "@toolmask/grammar";
export * from "@toolmask/schema";
export * from "@toolmask/engine";
export * from "@toolmask/formats";
export * from "@toolmask/webllm";
// Shadows the engine's compileGrammar (an explicit export wins over `export *`): this one also takes { jsonSchema }.
export { compileGrammar, type AnyGrammarInput } from "./compile.js";
