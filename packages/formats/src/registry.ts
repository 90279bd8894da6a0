import { FormatError } from "./errors.js";
import type { FormatDefinition, FormatInfo } from "./format.js";
import { BUILTIN_FORMATS } from "./formats/index.js";

const byName = new Map<string, FormatDefinition>();
const ordered: FormatDefinition[] = [];

/** Names are matched as users type them: case-insensitive, `-` and `_` alike. */
const key = (name: string): string => name.toLowerCase().replace(/-/g, "_");

/**
 * Adds a format under its name and aliases, after which every API takes it by name (as vLLM's
 * `--tool-parser-plugin` and FastDeploy's `ToolParserManager.register_module` allow).
 */
export function registerFormat(definition: FormatDefinition): FormatDefinition {
  if (!definition || typeof definition.name !== "string" || definition.name === "") throw new FormatError("invalid_format", "a format needs a name");
  for (const part of ["grammar", "render", "parse"] as const) {
    if (typeof definition[part] !== "function") throw new FormatError("invalid_format", `format "${definition.name}" has no ${part} function`);
  }
  const names = [definition.name, ...(definition.aliases ?? [])];
  for (const n of names) {
    const taken = byName.get(key(n));
    if (taken) throw new FormatError("duplicate_format", `"${n}" already names the format "${taken.name}"`);
  }
  for (const n of names) byName.set(key(n), definition);
  ordered.push(definition);
  return definition;
}

/** The format registered under `name` or one of its aliases. */
export function getFormat(name: string): FormatDefinition {
  const found = typeof name === "string" ? byName.get(key(name)) : undefined;
  if (!found) throw new FormatError("unknown_format", `no tool-call format is named ${JSON.stringify(name)}; known: ${ordered.map((f) => f.name).join(", ")}`);
  return found;
}

/** Resolves a format given by name or as a definition. */
export function resolveFormat(format: string | FormatDefinition): FormatDefinition {
  return typeof format === "string" ? getFormat(format) : format;
}

/** Every registered format with its aliases, model families and capabilities. */
export function listFormats(): FormatInfo[] {
  return ordered.map((f) => ({
    name: f.name,
    aliases: [...(f.aliases ?? [])],
    models: [...f.models],
    specialTokens: [...(f.specialTokens ?? [])],
    parallelCalls: f.parallel !== false,
    variants: [...(f.variants ?? [])],
    reasoning: f.reasoning !== undefined && f.reasoning !== false,
    toolChoice: ["auto", "required", "named", "none", "allowed_tools"],
    streaming: true,
  }));
}

/**
 * The format a model id (a Hugging Face repo id, a WebLLM model id, a file name) most likely
 * emits, or undefined. Each format lists id patterns; the longest match wins, so
 * "Qwen3-Coder-30B" picks qwen3_coder over hermes's "Qwen3", and fine-tune names outrank base
 * names, so "Hermes-3-Llama-3.1-8B" is hermes.
 */
export function detectFormat(modelId: string): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const f of ordered) {
    for (const entry of f.detect ?? []) {
      const [pattern, priority] = entry instanceof RegExp ? [entry, 0] : entry;
      const m = pattern.exec(modelId);
      const score = priority * 1000 + (m?.[0].length ?? 0);
      if (m && (!best || score > best.score)) best = { name: f.name, score };
    }
  }
  return best?.name;
}

for (const f of BUILTIN_FORMATS) registerFormat(f);
