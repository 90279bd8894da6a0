// Argument values the raw-text formats cannot write: a string value is written verbatim up to
// the marker that ends it, so a value holding that marker is refused with an ArgumentValueError
// naming the format, tool and argument; JSON values escape their `<` where a marker would appear.
import { describe, expect, it } from "vitest";
import { thrown } from "../../../test/support/thrown.js";
import { parseToolCalls, renderToolCall } from "./api.js";
import { ArgumentValueError, FormatError } from "./errors.js";
import { getFormat, listFormats } from "./registry.js";

const tools = [{ type: "function" as const, function: { name: "f", parameters: { type: "object", properties: { s: { type: "string" }, o: { type: "object" } } } } }];

/** Each raw-value format with the marker that ends a value in it. */
const ENDS: readonly [string, string][] = [
  ["qwen3_coder", "</parameter>"],
  ["qwen3_coder", "</function>"],
  ["seed_oss", "</parameter>"],
  ["minimax_m2", "</parameter>"],
  ["glm45", "</arg_value>"],
  ["glm47", "</arg_value>"],
  ["step3", "</steptml:parameter>"],
  ["deepseek_v3_2", "</｜DSML｜parameter>"],
  ["deepseek_v4", "</｜DSML｜parameter>"],
  ["gemma4", '<|"|>'],
];

describe("argument values the formats cannot write", () => {
  it.each(ENDS)("%s refuses a string value holding %s, naming the argument", (format, end) => {
    const err = thrown(() => renderToolCall(format, { name: "f", arguments: { s: `before ${end} after` } }, { tools }), ArgumentValueError);
    expect(err).toBeInstanceOf(ArgumentValueError);
    expect([err.code, err.format, err.tool, err.parameter]).toEqual(["unsupported_argument_value", getFormat(format).name, "f", "s"]);
    expect(err.message).toContain(JSON.stringify(end));
  });

  it.each(ENDS.filter(([format]) => format !== "gemma4"))("%s writes a JSON value holding %s with its < escaped, and reads it back", (format, end) => {
    const args = { o: { text: `a ${end} b`, tag: "<b>" } };
    const text = renderToolCall(format, { name: "f", arguments: args }, { tools });
    expect(text).not.toContain(`a ${end}`);
    expect(text).toContain("\\u003c");
    const calls = parseToolCalls(text, { format, tools, reasoning: false }).toolCalls;
    expect(calls.map((c) => JSON.parse(c.function.arguments))).toEqual([args]);
  });

  it("gemma4 refuses <|\"|> in a string at any depth, since Gemma's strings escape nothing", () => {
    const e = thrown(() => renderToolCall("gemma4", { name: "f", arguments: { o: { list: ["ok", { deep: 'x<|"|>y' }] } } }, { tools }), ArgumentValueError);
    expect(e).toBeInstanceOf(ArgumentValueError);
    expect(e.parameter).toBe("o");
  });

  it("leaves values without an end marker as they were (no escaping where none is needed)", () => {
    expect(renderToolCall("minimax_m2", { name: "f", arguments: { o: { tag: "<b>" } } }, { tools })).toContain('{"tag":"<b>"}');
  });

  it("writes and reads back arguments nested 20,000 deep in gemma4 (no recursion on the call stack)", () => {
    const depth = 20_000;
    const inner = `${'{"k":['.repeat(depth)}1${"]}".repeat(depth)}`;
    const text = renderToolCall("gemma4", { name: "f", arguments: { o: JSON.parse(inner) as unknown } }, { tools });
    // Compared as text: JSON.stringify and deep equality recurse too deep for such a value.
    expect(parseToolCalls(text, { format: "gemma4", tools }).toolCalls.map((c) => c.function.arguments)).toEqual([`{"o":${inner}}`]);
  });

  it("only formats that write values as raw text declare values they cannot write", () => {
    const declaring = listFormats()
      .map((f) => getFormat(f.name))
      .filter((f) => f.argumentValueProblem)
      .map((f) => f.name)
      .sort();
    expect(declaring).toEqual([...new Set(ENDS.map(([f]) => getFormat(f).name))].sort());
  });
});

describe("arguments given as objects, and deep arguments, in every format", () => {
  const formats = listFormats().map((f) => f.name);
  const read = (format: string, text: string): string[] => parseToolCalls(text, { format, tools, reasoning: false }).toolCalls.map((c) => c.function.arguments);

  it.each(formats)("%s refuses arguments with a cycle or a BigInt with a FormatError (no hang, no TypeError)", (format) => {
    const cyclic: Record<string, unknown> = { s: "x" };
    cyclic["o"] = cyclic;
    for (const args of [cyclic, { o: { n: 10n } }]) {
      const e = thrown(() => renderToolCall(format, { name: "f", arguments: args }, { tools }), FormatError);
      expect(e.code).toBe("invalid_arguments");
    }
  });

  it.each(formats)("%s writes an object's arguments as JSON carries them (toJSON applied, undefined left out)", (format) => {
    const args = { s: "when", o: { at: new Date(Date.UTC(2026, 10, 23, 9, 30)), gone: undefined } };
    expect(read(format, renderToolCall(format, { name: "f", arguments: args }, { tools })).map((a) => JSON.parse(a) as unknown)).toEqual([{ s: "when", o: { at: "2026-11-23T09:30:00.000Z" } }]);
  });

  it.each(formats)("%s writes arguments nested 20,000 deep, given as text or as an object, and reads them back", (format) => {
    const depth = 20_000;
    const inner = `${'{"k":['.repeat(depth)}1${"]}".repeat(depth)}`;
    const text = `{"o":${inner}}`;
    for (const args of [text, JSON.parse(text) as Record<string, unknown>]) {
      // Compared as compact text: JSON.stringify and deep equality recurse too deep for such a value.
      expect(read(format, renderToolCall(format, { name: "f", arguments: args }, { tools })).map((a) => a.replace(/\s/g, ""))).toEqual([text]);
    }
  });
});
