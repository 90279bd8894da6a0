// The tools editor's checks, in the order a user meets them: the text is JSON, the JSON is an
// OpenAI `tools` array, each `parameters` is a JSON Schema ajv accepts, and toolmask can compile
// the set into a grammar for the model's format. Every problem names where it is.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { buildToolGrammar, type ToolDefinition } from "@toolmask/formats";

/** An OpenAI Chat Completions function tool. */
export interface FunctionTool {
  readonly type: "function";
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: Record<string, unknown>; readonly strict?: boolean };
}

export const DEFAULT_TOOLS: FunctionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "City name, e.g. Paris", maxLength: 60 },
          unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        },
        required: ["city", "unit"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "search_flights",
      description: "Search flights between two airports",
      parameters: {
        type: "object",
        properties: {
          from: { type: "string", pattern: "^[A-Z]{3}$" },
          to: { type: "string", pattern: "^[A-Z]{3}$" },
          passengers: { type: "integer", minimum: 1, maximum: 9 },
        },
        required: ["from", "to"],
        additionalProperties: false,
      },
    },
  },
];

/** One problem with the tools text: where (a JSON pointer, or line:column) and what. */
export interface ToolsProblem {
  readonly where: string;
  readonly message: string;
}

export type ToolsCheck = { readonly ok: true; readonly tools: ToolDefinition[] } | { readonly ok: false; readonly problems: ToolsProblem[] };

/** The shape of OpenAI's `tools` (function tools). */
const TOOLS_SHAPE = {
  type: "array",
  items: {
    type: "object",
    required: ["type", "function"],
    properties: {
      type: { const: "function" },
      function: {
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,64}$" },
          description: { type: "string" },
          parameters: { type: "object" },
          strict: { type: "boolean" },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const checkShape = ajv.compile(TOOLS_SHAPE);

function ajvProblems(errors: ErrorObject[] | null | undefined, prefix = ""): ToolsProblem[] {
  return (errors ?? []).map((e) => ({ where: `${prefix}${e.instancePath}` || "/", message: `${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}` }));
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Checks the editor's text; `format` is the model's tool-call format (for toolmask's compile check). */
export function checkTools(text: string, format: string, specialTokens?: readonly string[]): ToolsCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    return { ok: false, problems: [{ where: at ? lineColumn(text, Number(at[1])) : "JSON", message }] };
  }
  if (!checkShape(value)) return { ok: false, problems: ajvProblems(checkShape.errors) };
  const tools = value as ToolDefinition[];
  const problems: ToolsProblem[] = [];
  const seen = new Set<string>();
  tools.forEach((tool, i) => {
    const fn = (tool as { function: { name: string; parameters?: object } }).function;
    if (seen.has(fn.name)) problems.push({ where: `/${i}/function/name`, message: `"${fn.name}" is declared twice` });
    seen.add(fn.name);
    if (fn.parameters !== undefined && !ajv.validateSchema(fn.parameters)) {
      problems.push(...ajvProblems(ajv.errors, `/${i}/function/parameters`).map((p) => ({ ...p, message: `not a valid JSON Schema: ${p.message}` })));
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  // Compiled one tool at a time, so a refusal names the tool it belongs to.
  tools.forEach((tool, i) => {
    try {
      buildToolGrammar({ format, tools: [tool], toolChoice: "auto", ...(specialTokens ? { specialTokens } : {}) });
    } catch (err) {
      const e = err as Error & { pointer?: string };
      const where = `/${i}/function/parameters${(e.pointer ?? "").replace(/^#/, "")}`;
      problems.push({ where, message: `toolmask cannot enforce this: ${e.message}` });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, tools };
}

const validators = new WeakMap<object, ValidateFunction>();

/** Validates a call's arguments (a JSON string) against its tool's `parameters` with ajv. */
export function validateCall(tools: readonly ToolDefinition[], name: string, args: string): { valid: boolean; message: string } {
  const tool = tools.find((t) => (t as { function?: { name?: string } }).function?.name === name) as { function: { parameters?: object } } | undefined;
  if (!tool) return { valid: false, message: `no tool named ${name}` };
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch (err) {
    return { valid: false, message: `arguments are not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const schema = tool.function.parameters ?? {};
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate(value) ? { valid: true, message: "arguments match the schema (ajv)" } : { valid: false, message: ajv.errorsText(validate.errors) };
}
