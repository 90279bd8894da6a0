// Table-driven cases for the situations the public peers (vLLM, SGLang, Dynamo) test, written
// with our own inputs and checked against toolmask's rules: each text is parsed whole, and
// streamed in chunks of 1, 2 and 3 characters, which must give the same result.
import { describe, expect, it } from "vitest";
import { createToolCallStream, parseToolCalls, type ParseOptions } from "../api.js";
import type { ParseResult, ToolCallStreamEvent, ToolDefinition } from "../types.js";
import { sequentialIds, streamInChunks } from "./agreement.js";

export interface PeerCase {
  /** The situation, as the test name. */
  readonly it: string;
  readonly text: string;
  /** Expected content (null: none). */
  readonly content: string | null;
  /** Calls as [name, arguments]: arguments as exact text, or as a JSON value to compare parsed. */
  readonly calls: readonly (readonly [string, string | Record<string, unknown>])[];
  /** Expected error codes, in order (default none). */
  readonly errors?: readonly string[];
  readonly reasoning?: string;
  readonly options?: Partial<ParseOptions>;
}

/** Tools named `names`, each taking any object (or the given parameters). */
export function toolsNamed(names: readonly string[], parameters: Readonly<Record<string, Record<string, unknown>>> = {}): ToolDefinition[] {
  return names.map((name) => ({ type: "function", function: { name, ...(parameters[name] ? { parameters: parameters[name] } : {}) } }) as ToolDefinition);
}

export function describePeerCases(format: string, tools: readonly ToolDefinition[] | undefined, cases: readonly PeerCase[]): void {
  describe(`${format}: situations the peers test`, () => {
    it.each(cases.map((c) => [c.it, c] as const))("%s", (_name, c) => {
      const options: ParseOptions = { format, ...(tools ? { tools } : {}), idGenerator: sequentialIds, ...c.options };
      const r = parseChecked(c.text, options);
      expect(r.content).toBe(c.content);
      expect(r.toolCalls.map((t) => t.function.name)).toEqual(c.calls.map((x) => x[0]));
      r.toolCalls.forEach((t, i) => {
        const want = c.calls[i]![1];
        if (typeof want === "string") expect(t.function.arguments).toBe(want);
        else expect(JSON.parse(t.function.arguments)).toEqual(want);
      });
      expect(r.errors.map((e) => e.code)).toEqual(c.errors ?? []);
      if (c.reasoning !== undefined) expect(r.reasoning).toBe(c.reasoning);
    });
  });
}

/** The events of `text` pushed in pieces of `size` characters. */
export function streamEvents(text: string, size: number, options: ParseOptions): ToolCallStreamEvent[] {
  const s = createToolCallStream(options);
  const events: ToolCallStreamEvent[] = [];
  for (let i = 0; i < text.length; i += size) events.push(...s.push(text.slice(i, i + size)));
  events.push(...s.end());
  return events;
}

/**
 * Checks what a client of the deltas sees: each call announced once, by name, before its
 * argument fragments, which concatenate to the final arguments; content deltas join to `content`.
 */
export function expectWellFormedStream(events: readonly ToolCallStreamEvent[], whole: ParseResult): void {
  const names = new Map<number, string>();
  const args = new Map<number, string>();
  let content = "";
  for (const e of events) {
    if (e.type === "content") content += e.text;
    if (e.type === "tool_call_start") {
      expect(names.has(e.index)).toBe(false);
      names.set(e.index, e.name);
    }
    if (e.type === "tool_call_delta") {
      expect(names.has(e.index)).toBe(true);
      args.set(e.index, (args.get(e.index) ?? "") + e.arguments);
    }
    if (e.type === "tool_call_end") expect(args.get(e.index) ?? "").toBe(e.call.function.arguments);
  }
  expect([...names.values()]).toEqual(whole.toolCalls.map((c) => c.function.name));
  expect(content.trim() === "" ? null : content.trim()).toBe(whole.content);
}

/**
 * `parseToolCalls(text, options)`, after checking that streaming the text in chunks of 1, 2 and
 * 3 characters gives the same result and that no error is an internal one.
 */
export function parseChecked(text: string, options: ParseOptions): ParseResult {
  const whole = parseToolCalls(text, options);
  for (const n of [1, 2, 3]) expect(streamInChunks(text, Array<number>(text.length).fill(n), options)).toEqual(whole);
  for (const e of whole.errors) expect(e.message).not.toMatch(/^internal/);
  return whole;
}

/** Each call as [name, arguments parsed as JSON]. */
export const parsedCalls = (r: ParseResult): [string, unknown][] => r.toolCalls.map((c) => [c.function.name, JSON.parse(c.function.arguments) as unknown]);

/** Each call as [name, arguments text]. */
export const callTexts = (r: ParseResult): [string, string][] => r.toolCalls.map((c) => [c.function.name, c.function.arguments]);
