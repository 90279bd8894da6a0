import { FormatError } from "./errors.js";
import type { FunctionDefinition, SchemaObject, ToolChoice, ToolDefinition } from "./types.js";

/** One declared property of a tool's arguments object, in declaration order. */
export interface ToolProperty {
  readonly name: string;
  readonly schema: SchemaObject;
  readonly required: boolean;
}

/** A tool after normalization: the shape every format works with. */
export interface Tool {
  readonly name: string;
  /** The arguments schema: an object schema (`{}` and a missing one become the empty object). */
  readonly parameters: SchemaObject;
  /** OpenAI strict mode: every object closed, every property required (the schema compiler applies it). */
  readonly strict: boolean;
  /** Declared properties in order (what XML and pythonic formats write one by one). */
  readonly properties: readonly ToolProperty[];
  /** True when the object admits properties beyond the declared ones. */
  readonly openObject: boolean;
}

/** `tool_choice` and `parallel_tool_calls` reduced to what a grammar enforces. */
export interface ResolvedChoice {
  /** `none`: no call; `auto`: text or calls; `required`: at least one call. */
  readonly mode: "none" | "auto" | "required";
  /** The tools a call may name (the declared ones, or the subset the choice allows). */
  readonly tools: readonly Tool[];
  /** 1 when `parallel_tool_calls` is false, else unbounded. */
  readonly maxCalls: number;
}

// Names end up inside markup (`<function=NAME>`, `invoke name="NAME"`, `functions.NAME:0`), so
// they are limited to characters no format uses as a delimiter; dots and hyphens are common.
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$/;

const NO_ARGUMENTS: SchemaObject = Object.freeze({ type: "object", properties: {}, additionalProperties: false });

/** Normalizes tool definitions as users write them; duplicate or unusable names are typed errors. */
export function normalizeTools(tools: readonly ToolDefinition[] | undefined): Tool[] {
  const out: Tool[] = [];
  const seen = new Set<string>();
  for (const [i, def] of (tools ?? []).entries()) {
    const fn = functionOf(def, i);
    if (typeof fn.name !== "string" || !NAME.test(fn.name)) {
      throw new FormatError("invalid_tool", `tools[${i}]: function name ${JSON.stringify(fn.name)} must be 1–128 letters, digits, "_", "." or "-"`);
    }
    if (seen.has(fn.name)) throw new FormatError("duplicate_tool", `tools[${i}]: a tool named "${fn.name}" is already declared`);
    seen.add(fn.name);
    out.push(normalizeTool(fn, i));
  }
  return out;
}

function functionOf(def: ToolDefinition, index: number): FunctionDefinition {
  if (def === null || typeof def !== "object") throw new FormatError("invalid_tool", `tools[${index}] is not an object`);
  const type = (def as { type?: unknown }).type;
  if (type !== undefined && type !== "function") {
    throw new FormatError("invalid_tool", `tools[${index}]: type ${JSON.stringify(type)} is not "function"`);
  }
  if ("function" in def && def.function !== undefined) {
    if (def.function === null || typeof def.function !== "object") throw new FormatError("invalid_tool", `tools[${index}].function is not an object`);
    return def.function;
  }
  return def as FunctionDefinition;
}

function normalizeTool(fn: FunctionDefinition, index: number): Tool {
  const given: unknown = fn.parameters;
  if (given !== undefined && given !== true && !isObject(given)) {
    throw new FormatError("invalid_tool", `tools[${index}] "${fn.name}": parameters must be a JSON Schema object`);
  }
  const parameters: SchemaObject = given === undefined || given === true || Object.keys(given).length === 0 ? NO_ARGUMENTS : given;
  const strict = fn.strict === true;
  const props = isObject(parameters.properties) ? parameters.properties : {};
  const required = new Set(Array.isArray(parameters.required) ? parameters.required.filter((r): r is string => typeof r === "string") : []);
  const properties = Object.entries(props).map(([name, schema]) => ({
    name,
    schema: isObject(schema) ? schema : schema === false ? { not: {} } : {},
    required: strict || required.has(name),
  }));
  const openObject = !strict && parameters.additionalProperties !== false && parameters.unevaluatedProperties !== false;
  return { name: fn.name, parameters, strict, properties, openObject };
}

/** Resolves OpenAI `tool_choice` and `parallel_tool_calls` against the declared tools. */
export function resolveChoice(tools: readonly Tool[], toolChoice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): ResolvedChoice {
  const maxCalls = parallelToolCalls === false ? 1 : Infinity;
  const byName = new Map(tools.map((t) => [t.name, t]));
  const pick = (name: unknown, where: string): Tool => {
    if (typeof name !== "string") throw new FormatError("invalid_tool_choice", `${where}: the function name must be a string`);
    const tool = byName.get(name);
    if (!tool) throw new FormatError("undeclared_tool", `${where}: "${name}" is not among the declared tools (${[...byName.keys()].join(", ") || "none"})`);
    return tool;
  };
  const choice = toolChoice ?? (tools.length > 0 ? "auto" : "none");
  if (choice === "none") return { mode: "none", tools: [], maxCalls };
  if (choice === "auto" || choice === "required") {
    if (tools.length === 0) {
      if (choice === "auto") return { mode: "none", tools: [], maxCalls };
      throw new FormatError("invalid_tool_choice", `tool_choice "required" needs at least one declared tool`);
    }
    return { mode: choice, tools, maxCalls };
  }
  if (isObject(choice) && choice.type === "function") {
    const fn = (choice as { function?: { name?: unknown } }).function;
    return { mode: "required", tools: [pick(fn?.name, "tool_choice.function.name")], maxCalls };
  }
  if (isObject(choice) && choice.type === "allowed_tools") {
    const c = choice as { mode?: unknown; tools?: unknown };
    if (c.mode !== "auto" && c.mode !== "required") throw new FormatError("invalid_tool_choice", `tool_choice.mode must be "auto" or "required", got ${JSON.stringify(c.mode)}`);
    if (!Array.isArray(c.tools) || c.tools.length === 0) throw new FormatError("invalid_tool_choice", "tool_choice.tools must list at least one tool");
    const allowed = c.tools.map((t: unknown, i: number) => {
      const named = t as { function?: { name?: unknown }; name?: unknown };
      return pick(named?.function?.name ?? named?.name, `tool_choice.tools[${i}]`);
    });
    return { mode: c.mode, tools: [...new Set(allowed)], maxCalls };
  }
  throw new FormatError("invalid_tool_choice", `tool_choice ${JSON.stringify(choice)} is not "auto", "required", "none", a named function or allowed_tools`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
