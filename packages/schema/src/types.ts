/**
 * @toolmask/schema/types: TypeScript declarations for tool arguments, through
 * json-schema-to-typescript. Node only: json-schema-to-typescript reads files and formats with
 * prettier, so it does not bundle for browsers; the main entry point stays browser-safe.
 */
import { compile, type Options } from "json-schema-to-typescript";
import { InvalidSchemaError } from "./errors.js";
import { functionOf, parametersOf, type ToolDefinition } from "./tool.js";

/** Options of {@link toolTypes}: json-schema-to-typescript's, plus none of our own. */
export type ToolTypesOptions = Partial<Options>;

/**
 * TypeScript declarations for the arguments of each tool — `interface <Name>Arguments` per
 * tool, named from the function name in PascalCase — and two summary types that give app
 * developers typed handlers. Only local `$ref`s are followed (never files or URLs); a schema
 * json-schema-to-typescript cannot type is an `InvalidSchemaError` naming the tool.
 *
 * ```ts
 * export interface ToolArguments { get_weather: GetWeatherArguments; ... }
 * export type ToolHandlers = { [K in keyof ToolArguments]: (args: ToolArguments[K]) => unknown };
 * ```
 */
export async function toolTypes(tools: readonly ToolDefinition[], options: ToolTypesOptions = {}): Promise<string> {
  const parts: string[] = [];
  const names: [string, string][] = [];
  const declared = new Set<string>();
  for (const tool of tools) {
    const fn = functionOf(tool);
    const typeName = `${pascalCase(fn.name)}Arguments`;
    const params = parametersOf(tool);
    // A title names the generated interface; the tool's own schema object is left untouched.
    const schema = typeof params === "boolean" ? { title: typeName } : { ...params, title: typeName, ...(fn.description && !params["description"] ? { description: fn.description } : {}) };
    let code: string;
    try {
      // External $refs are not followed: a tool schema (perhaps from a client) must not make the
      // host read its files or fetch URLs. Local refs are resolved as usual.
      code = await compile(schema as Parameters<typeof compile>[0], typeName, { bannerComment: "", $refOptions: { resolve: { external: false } }, ...options });
    } catch (e) {
      throw new InvalidSchemaError("#", `tool ${JSON.stringify(fn.name)}: json-schema-to-typescript cannot type these parameters: ${(e as Error)?.message ?? String(e)}`);
    }
    // Declarations shared between tools (same title) are kept once.
    parts.push(dropRedeclared(code, declared));
    names.push([fn.name, typeName]);
  }
  const map = names.map(([name, type]) => `  ${JSON.stringify(name)}: ${type};`).join("\n");
  parts.push(
    `/** Arguments of each tool, by function name. */\nexport interface ToolArguments {\n${map}\n}\n\n` +
      `/** One handler per tool, receiving its parsed arguments. */\nexport type ToolHandlers = {\n  [K in keyof ToolArguments]: (args: ToolArguments[K]) => unknown;\n};\n`,
  );
  return parts.map((p) => p.trim()).join("\n\n") + "\n";
}

function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z_]/.test(joined) ? joined : `Tool${joined}`;
}

/** `code` without the top-level declarations whose names were already declared. */
function dropRedeclared(code: string, declared: Set<string>): string {
  const blocks = code.split(/\n(?=(?:\/\*\*[\s\S]*?\*\/\n)?export )/);
  const kept: string[] = [];
  for (const block of blocks) {
    const m = /export (?:interface|type|enum|const enum) ([A-Za-z0-9_$]+)/.exec(block);
    if (m && declared.has(m[1]!)) continue;
    if (m) declared.add(m[1]!);
    kept.push(block);
  }
  return kept.join("\n");
}
