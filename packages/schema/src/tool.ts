/** A JSON Schema: an object or a boolean. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/**
 * A tool as OpenAI's chat API takes it (`{ type: "function", function: { name, parameters } }`),
 * or its inner function object (`{ name, parameters }`).
 */
export type ToolDefinition =
  | { readonly type?: "function"; readonly function: FunctionDefinition }
  | FunctionDefinition;

export interface FunctionDefinition {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments object. Omitted: the function takes no arguments (`{}`). */
  readonly parameters?: JsonSchema;
  /** OpenAI strict mode: closed objects, every property required. */
  readonly strict?: boolean;
}

/** The schema of a function that takes no arguments. */
export const NO_PARAMETERS: JsonSchema = { type: "object", properties: {}, additionalProperties: false };

/** The function part of a tool definition, in either shape (`tool.function` or the tool itself). */
export function functionOf(tool: ToolDefinition): FunctionDefinition {
  if ("function" in tool && typeof tool.function === "object" && tool.function !== null) return tool.function;
  return tool as FunctionDefinition;
}

/** A tool's parameter schema; a function without `parameters` takes none (`{}` only). */
export function parametersOf(tool: ToolDefinition): JsonSchema {
  return functionOf(tool).parameters ?? NO_PARAMETERS;
}
