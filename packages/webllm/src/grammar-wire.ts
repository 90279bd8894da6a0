// Grammar IR across the worker boundary as JSON: rules are a Map and repeats may be unbounded
// (Infinity), neither of which JSON keeps.
import type { Grammar } from "@toolmask/grammar";

const INFINITE = "∞";

export function grammarToJSON(grammar: Grammar): string {
  return JSON.stringify({ start: grammar.start, rules: [...grammar.rules] }, (_key, value: unknown) => (value === Infinity ? INFINITE : value));
}

export function grammarFromJSON(text: string): Grammar {
  const parsed = JSON.parse(text, (_key, value: unknown) => (value === INFINITE ? Infinity : value)) as { start: string; rules: [string, never][] };
  return { start: parsed.start, rules: new Map(parsed.rules) };
}
