// Table-driven parser vectors: each is checked whole, and again streamed one character at a time
// (which must give the same result).
import { describe, expect, it } from "vitest";
import { parseToolCalls, type ParseOptions } from "../api.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { sequentialIds, streamInChunks } from "./agreement.js";

export interface Vector {
  /** The behaviour, as the test name. */
  readonly it: string;
  readonly text: string;
  /** Calls as [name, arguments]; arguments compare as exact text unless `json` is set. */
  readonly calls?: readonly (readonly [string, string | Record<string, unknown>])[];
  /** Expected content (null: none). */
  readonly content?: string | null;
  readonly reasoning?: string;
  /** Expected error codes, in order. */
  readonly errors?: readonly string[];
  readonly options?: Partial<ParseOptions>;
}

export function describeVectors(format: string, tools: readonly ToolDefinition[] | undefined, vectors: readonly Vector[]): void {
  describe(`${format} vectors`, () => {
    it.each(vectors.map((v) => [v.it, v] as const))("%s", (_name, v) => {
      const options: ParseOptions = { format, ...(tools ? { tools } : {}), idGenerator: sequentialIds, ...v.options };
      const r = parseToolCalls(v.text, options);
      check(r, v);
      expect(streamInChunks(v.text, Array(v.text.length).fill(1), options)).toEqual(r);
    });
  });
}

function check(r: ParseResult, v: Vector): void {
  if (v.calls !== undefined) {
    expect(r.toolCalls.map((c) => c.function.name)).toEqual(v.calls.map((c) => c[0]));
    r.toolCalls.forEach((c, i) => {
      const want = v.calls![i]![1];
      if (typeof want === "string") expect(c.function.arguments).toBe(want);
      else expect(JSON.parse(c.function.arguments)).toEqual(want);
    });
  }
  if (v.content !== undefined) expect(r.content).toBe(v.content);
  if (v.reasoning !== undefined) expect(r.reasoning).toBe(v.reasoning);
  expect(r.errors.map((e) => e.code)).toEqual(v.errors ?? []);
  for (const e of r.errors) expect(e.message).not.toMatch(/^internal/);
}
