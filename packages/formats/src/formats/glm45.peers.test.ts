// Situations the public peers (vLLM, SGLang, Dynamo) test for GLM-4.5 / 4.6, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import { parseToolCalls, renderToolCall, type ParseOptions } from "../api.js";
import { ParameterNameError } from "../errors.js";
import { sequentialIds, streamInChunks } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "rent_bike",
      parameters: {
        type: "object",
        properties: { station: { type: "string" }, hours: { type: "integer" }, electric: { type: "boolean" }, extras: { type: "array", items: { type: "string" } }, meta: { type: "object" }, code: { type: "string" } },
        required: ["station"],
      },
    },
  },
  { type: "function", function: { name: "today", parameters: {} } },
];

const options: ParseOptions = { format: "glm45", tools, idGenerator: sequentialIds };
const kv = (k: string, v: string, pad = "\n") => `<arg_key>${k}</arg_key>${pad}<arg_value>${v}</arg_value>${pad}`;

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("glm45: situations the peers test", () => {
  it("reads a call whose elements are indented on their own lines", () => {
    const r = parse("<tool_call>rent_bike\n    <arg_key>station</arg_key>\n    <arg_value>Harbour</arg_value>\n    <arg_key>hours</arg_key>\n    <arg_value>3</arg_value>\n    </tool_call>");
    expect(r).toMatchObject({ content: null, errors: [] });
    expect(calls(r)).toEqual([["rent_bike", { station: "Harbour", hours: 3 }]]);
  });

  it("reads two calls and keeps the text before, between and after them", () => {
    const r = parse(`Booking two bikes.\n\n<tool_call>rent_bike\n${kv("station", "North")}</tool_call>\n\nand another one.\n\n<tool_call>rent_bike\n${kv("station", "South")}</tool_call>\nOK?`);
    expect(r.content).toBe("Booking two bikes.\n\n\n\nand another one.\n\n\nOK?");
    expect(calls(r)).toEqual([
      ["rent_bike", { station: "North" }],
      ["rent_bike", { station: "South" }],
    ]);
  });

  it("separates a reasoning block before the text and the call", () => {
    const r = parse(`<think>They want a bike.</think>\n\nI will book it.\n<tool_call>rent_bike\n${kv("station", "Dock 4")}</tool_call>`);
    expect(r.reasoning).toBe("They want a bike.");
    expect(r.content).toBe("I will book it.");
    expect(calls(r)).toEqual([["rent_bike", { station: "Dock 4" }]]);
  });

  it("reads a call without arguments, on one line or two", () => {
    expect(calls(parse("<tool_call>today\n</tool_call>"))).toEqual([["today", {}]]);
    expect(parse("<tool_call>today</tool_call>").toolCalls[0]!.function.arguments).toBe("{}");
  });

  it("types values by the schema and keeps strings that look like other types strings", () => {
    const r = parse(`<tool_call>rent_bike\n${kv("station", "42")}${kv("hours", "2")}${kv("electric", "true")}${kv("extras", '["helmet", "lock"]')}${kv("meta", '{"paid": false}')}${kv("code", "null")}</tool_call>`);
    expect(calls(r)).toEqual([["rent_bike", { station: "42", hours: 2, electric: true, extras: ["helmet", "lock"], meta: { paid: false }, code: "null" }]]);
  });

  it("keeps unicode and multi-line string values verbatim", () => {
    const r = parse(`<tool_call>rent_bike\n${kv("station", "  西湖站\n第二行 ")}</tool_call>`);
    expect(calls(r)).toEqual([["rent_bike", { station: "  西湖站\n第二行 " }]]);
  });

  it("reads parameters missing from the schema: JSON as its value, other text as a string", () => {
    const r = parse(`<tool_call>rent_bike\n${kv("station", "X")}${kv("date", "2026-04-01")}${kv("count", "7")}</tool_call>`);
    expect(calls(r)).toEqual([["rent_bike", { station: "X", date: "2026-04-01", count: 7 }]]);
  });

  it("withdraws a call with an unclosed <arg_key> and keeps its text as content", () => {
    const text = `<tool_call>rent_bike\n${kv("station", "Pier")}<arg_key>hours\n<arg_value>2</arg_value>\n</tool_call>`;
    const r = parse(text);
    expect(r).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "malformed_call" }] });
  });

  it("does not let an unclosed <arg_key> swallow the next call", () => {
    const bad = "<tool_call>rent_bike\n<arg_key>station\n<arg_value>Pier</arg_value>\n</tool_call>";
    const r = parse(`${bad}\n<tool_call>rent_bike\n${kv("station", "Quay")}</tool_call>`);
    expect(r.content).toBe(bad);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(calls(r)).toEqual([["rent_bike", { station: "Quay" }]]);
  });

  it("refuses to render a parameter name holding </tool_call>, which the parser would not read back", () => {
    expect(() => renderToolCall("glm45", { name: "rent_bike", arguments: { "a</tool_call>b": 1 } })).toThrow(ParameterNameError);
  });

  it("keeps a call cut off before </tool_call> as content", () => {
    const text = `<tool_call>rent_bike\n${kv("station", "Pier")}${kv("hours", "5")}`;
    expect(parse(text)).toMatchObject({ content: text.trimEnd(), toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("streams text before a <tool_call> that arrives in one piece with it", () => {
    const text = "One moment.<tool_call>today</tool_call>";
    expect(streamInChunks(text, [text.length], options)).toEqual(parse(text));
    expect(parse(text).content).toBe("One moment.");
  });

  it("treats an undeclared function as content", () => {
    const text = `<tool_call>steal_bike\n${kv("station", "Pier")}</tool_call>`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });
});
