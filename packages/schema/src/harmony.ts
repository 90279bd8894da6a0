import { functionOf, type JsonSchema, type ToolDefinition } from "./tool.js";

/** Options of {@link renderHarmonyTools}. */
export interface HarmonyToolsOptions {
  /** The namespace the tools are declared in (the call recipient is `<namespace>.<name>`). Default `functions`. */
  readonly namespace?: string;
  /** A description of the namespace, written as comment lines before it. */
  readonly description?: string;
}

/**
 * The `# Tools` section of a gpt-oss (harmony format) developer message: each tool as a
 * TypeScript-like function type inside a namespace, descriptions as `//` comments, as the
 * harmony format guide lays it out:
 *
 * ```
 * # Tools
 *
 * ## functions
 *
 * namespace functions {
 *
 * // Gets the current weather in the provided location.
 * type get_current_weather = (_: {
 * // The city and state, e.g. San Francisco, CA
 * location: string,
 * format?: "celsius" | "fahrenheit", // default: celsius
 * }) => any;
 *
 * } // namespace functions
 * ```
 *
 * Parameter schemas become inline object types: `?` for optional properties, `|` unions for
 * enums, `anyOf`/`oneOf` and type lists, `T[]` for arrays, local `$ref`s resolved.
 */
export function renderHarmonyTools(tools: readonly ToolDefinition[], options: HarmonyToolsOptions = {}): string {
  const ns = options.namespace ?? "functions";
  const lines: string[] = [`## ${ns}\n`];
  for (const line of options.description?.split("\n") ?? []) lines.push(`// ${line}`);
  lines.push(`namespace ${ns} {\n`);
  for (const tool of tools) {
    const fn = functionOf(tool);
    if (fn.description) for (const line of fn.description.split("\n")) lines.push(`// ${line}`);
    const params = fn.parameters;
    if (params === undefined || !takesArguments(params)) lines.push(`type ${fn.name} = () => any;\n`);
    else lines.push(`type ${fn.name} = (_: ${new TypeWriter(params).type(params, "")}) => any;\n`);
  }
  lines.push(`} // namespace ${ns}`);
  return `# Tools\n\n${lines.join("\n")}`;
}

function takesArguments(schema: JsonSchema): boolean {
  if (typeof schema === "boolean") return schema;
  const props = schema["properties"];
  if (isRecord(props) && Object.keys(props).length > 0) return true;
  const additional = schema["additionalProperties"];
  return additional !== undefined && additional !== false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Writes JSON Schemas as the TypeScript-like types of the harmony format. */
class TypeWriter {
  private readonly resolving = new Set<string>();

  constructor(private readonly root: JsonSchema) {}

  /** The type of `schema`; `indent` is the indentation of the lines of an object type. */
  type(schema: unknown, indent: string): string {
    if (schema === true || schema === undefined) return "any";
    if (schema === false) return "never";
    if (!isRecord(schema)) return "any";
    const ref = schema["$ref"];
    if (typeof ref === "string") {
      const target = this.resolve(ref);
      if (target === undefined || this.resolving.has(ref)) return "any";
      this.resolving.add(ref);
      try {
        return this.type(target, indent);
      } finally {
        this.resolving.delete(ref);
      }
    }
    let out = this.bare(schema, indent);
    if (schema["nullable"] === true && !/\bnull\b/.test(out)) out = `${out} | null`;
    return out;
  }

  private bare(schema: Record<string, unknown>, indent: string): string {
    if ("const" in schema) return literal(schema["const"]);
    const enumValues = schema["enum"];
    if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues.map(literal).join(" | ");
    for (const key of ["oneOf", "anyOf"]) {
      const variants = schema[key];
      if (Array.isArray(variants) && variants.length > 0) return this.union(variants, indent);
    }
    const allOf = schema["allOf"];
    if (Array.isArray(allOf) && allOf.length > 0 && !("type" in schema) && !("properties" in schema)) {
      return allOf.map((s) => this.type(s, indent)).join(" & ");
    }
    const type = schema["type"];
    if (Array.isArray(type)) return type.map((t) => this.ofType(String(t), schema, indent)).join(" | ");
    if (typeof type === "string") return this.ofType(type, schema, indent);
    if ("properties" in schema || "additionalProperties" in schema) return this.ofType("object", schema, indent);
    if ("items" in schema || "prefixItems" in schema) return this.ofType("array", schema, indent);
    return "any";
  }

  private ofType(type: string, schema: Record<string, unknown>, indent: string): string {
    switch (type) {
      case "string":
        return "string";
      case "number":
      case "integer":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array":
        return this.array(schema, indent);
      case "object":
        return this.object(schema, indent);
      default:
        return "any";
    }
  }

  /** Unions of simple types stay on one line; unions with object types list one variant per line. */
  private union(variants: readonly unknown[], indent: string): string {
    const types = variants.map((v) => this.type(v, `${indent}   `));
    if (!types.some((t) => t.includes("\n"))) return [...new Set(types)].join(" | ");
    return types.map((t) => `\n${indent} | ${t}`).join("");
  }

  private array(schema: Record<string, unknown>, indent: string): string {
    const tuple = Array.isArray(schema["prefixItems"]) ? schema["prefixItems"] : Array.isArray(schema["items"]) ? schema["items"] : undefined;
    if (tuple) return `[${tuple.map((s) => this.type(s, indent)).join(", ")}]`;
    if (!("items" in schema)) return "Array<any>";
    const item = this.type(schema["items"], indent);
    return /^[\w$<>[\]"]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
  }

  private object(schema: Record<string, unknown>, indent: string): string {
    const props = isRecord(schema["properties"]) ? schema["properties"] : {};
    const additional = schema["additionalProperties"];
    if (Object.keys(props).length === 0 && additional !== undefined && additional !== false) {
      return `Record<string, ${additional === true ? "any" : this.type(additional, indent)}>`;
    }
    const required = new Set(Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : []);
    let out = "{\n";
    for (const [key, value] of Object.entries(props)) {
      const prop = isRecord(value) ? value : {};
      if (typeof prop["title"] === "string") out += `${indent}// ${prop["title"]}\n${indent}//\n`;
      if (typeof prop["description"] === "string") for (const line of prop["description"].split("\n")) out += `${indent}// ${line}\n`;
      const examples = prop["examples"];
      if (Array.isArray(examples) && examples.length > 0) {
        out += `${indent}// Examples:\n`;
        for (const ex of examples) out += `${indent}// - ${JSON.stringify(ex)}\n`;
      }
      const name = `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}${required.has(key) ? "" : "?"}`;
      const variants = this.multilineVariants(prop, indent);
      if (variants) {
        // A union with object variants: one variant per line under the property, as harmony writes oneOf.
        if ("default" in prop) out += `${indent}// default: ${defaultText(prop)}\n`;
        out += `${indent}${name}:\n${variants.map((v) => `${indent} | ${v}\n`).join("")}${indent},\n`;
        continue;
      }
      out += `${indent}${name}: ${this.type(value, `${indent}    `)},`;
      if ("default" in prop) out += ` // default: ${defaultText(prop)}`;
      out += "\n";
    }
    return `${out}${indent}}`;
  }

  /** The variants of a property's oneOf/anyOf when one of them spans lines (an object), else undefined. */
  private multilineVariants(prop: Record<string, unknown>, indent: string): string[] | undefined {
    const variants = Array.isArray(prop["oneOf"]) ? prop["oneOf"] : Array.isArray(prop["anyOf"]) ? prop["anyOf"] : undefined;
    if (!variants || variants.length === 0 || "enum" in prop || "const" in prop) return undefined;
    const types = variants.map((v) => this.type(v, `${indent}   `));
    return types.some((t) => t.includes("\n")) ? types : undefined;
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith("#")) return undefined;
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isRecord(node)) node = node[token];
      else return undefined;
    }
    return node;
  }
}

function literal(v: unknown): string {
  return JSON.stringify(v) ?? "undefined";
}

/** How the harmony format writes a default: enum strings bare, other strings quoted, the rest as JSON. */
function defaultText(prop: Record<string, unknown>): string {
  const d = prop["default"];
  if (typeof d === "string") return Array.isArray(prop["enum"]) ? d : JSON.stringify(d);
  return JSON.stringify(d);
}
