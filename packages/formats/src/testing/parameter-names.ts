// Parameter names a format cannot write: the grammar builder and the renderer refuse them with a
// ParameterNameError, and names it can write round-trip through renderer, grammar and parser.
import { Recognizer } from "@toolmask/grammar";
import { describe, expect, it } from "vitest";
import { buildToolGrammar, parseToolCalls, renderToolCall } from "../api.js";
import { ParameterNameError } from "../errors.js";
import { getFormat } from "../registry.js";
import type { ToolChoice, ToolDefinition } from "../types.js";
import { sequentialIds, toPieces } from "./agreement.js";

/** A tool `f` with the parameter `name` (a string, or `schema`), required or not, after a plain `q`; no other parameters. */
export function toolWithParameter(name: string, required: boolean, schema: Record<string, unknown> = { type: "string" }): ToolDefinition {
  return {
    type: "function",
    function: { name: "f", parameters: { type: "object", properties: { q: { type: "integer" }, [name]: schema }, required: required ? [name] : [], additionalProperties: false } },
  };
}

/** Calls `fn` and returns the ParameterNameError it throws (failing the test when it throws none). */
export function parameterNameError(fn: () => unknown): ParameterNameError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterNameError);
    return e as ParameterNameError;
  }
  throw new Error("expected a ParameterNameError");
}

export interface ParameterNameCases {
  /** Names the format cannot write. */
  readonly refused: readonly string[];
  /** Awkward names it can write (they must round-trip). */
  readonly written: readonly string[];
}

/** Registers tests that `formatName` refuses `refused` names with a typed error and round-trips `written` ones. */
export function describeParameterNames(formatName: string, cases: ParameterNameCases): void {
  const format = getFormat(formatName);
  const specials = format.specialTokens ?? [];
  const refusal = (e: ParameterNameError, name: string): void => {
    expect(e.code).toBe("unsupported_parameter_name");
    expect([e.format, e.tool, e.parameter]).toEqual([formatName, "f", name]);
    expect(e.message).toContain(formatName);
    expect(e.message).toContain(JSON.stringify(name));
  };

  describe(`${formatName}: parameter names`, () => {
    it.each(cases.refused.map((n) => [JSON.stringify(n), n] as const))("refuses %s in buildToolGrammar and renderToolCall", (_label, name) => {
      for (const required of [true, false]) {
        const tools = [toolWithParameter(name, required)];
        for (const toolChoice of ["auto", "required", { type: "function", function: { name: "f" } }] as ToolChoice[]) {
          refusal(parameterNameError(() => buildToolGrammar({ format: formatName, tools, toolChoice })), name);
        }
        refusal(parameterNameError(() => renderToolCall(formatName, { name: "f", arguments: { [name]: "v" } }, { tools })), name);
      }
      // Without tools the renderer checks the names it would write all the same.
      refusal(parameterNameError(() => renderToolCall(formatName, { name: "f", arguments: JSON.stringify({ q: 1, [name]: 2 }) })), name);
      // A grammar that cannot call the tool has nothing to refuse.
      const other: ToolDefinition = { type: "function", function: { name: "g" } };
      expect(() => buildToolGrammar({ format: formatName, tools: [toolWithParameter(name, true)], toolChoice: "none" })).not.toThrow();
      expect(() => buildToolGrammar({ format: formatName, tools: [toolWithParameter(name, true), other], toolChoice: { type: "function", function: { name: "g" } } })).not.toThrow();
    });

    it.each(cases.written.map((n) => [JSON.stringify(n), n] as const))("writes %s so that the grammar accepts it and the parser reads it back", (_label, name) => {
      for (const [schema, value] of [
        [{ type: "string" }, "v 1"],
        [{ type: "integer" }, 7],
      ] as const) {
        const tools = [toolWithParameter(name, true, schema)];
        const g = buildToolGrammar({ format: formatName, tools, toolChoice: "required", reasoning: false });
        const args = { q: 2, [name]: value };
        const text = renderToolCall(formatName, { name: "f", arguments: args }, { tools });
        expect(new Recognizer(g).accepts(toPieces(text, specials)), text).toBe(true);
        const r = parseToolCalls(text, { format: formatName, tools, idGenerator: sequentialIds, reasoning: false });
        expect(r.errors).toEqual([]);
        expect(r.toolCalls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([["f", args]]);
      }
    });
  });
}
