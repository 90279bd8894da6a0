// Situations the public peers (vLLM, SGLang) test for GLM-4.7 / GLM-5, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "clock_time", parameters: {} } },
  { type: "function", function: { name: "get_tide", parameters: { type: "object", properties: { port: { type: "string" }, day: { type: "string" }, height: { type: "number" } } } } },
  { type: "function", function: { name: "get_tides", parameters: { type: "object", properties: { ports: { type: "array", items: { type: "string" } } } } } },
];

const options: ParseOptions = { format: "glm47", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("glm47: situations the peers test", () => {
  it("reads a call without arguments written inline or with a newline", () => {
    expect(parse("<tool_call>clock_time</tool_call>")).toMatchObject({ content: null, errors: [], toolCalls: [{ function: { name: "clock_time", arguments: "{}" } }] });
    expect(calls(parse("<tool_call>clock_time\n</tool_call>"))).toEqual([["clock_time", {}]]);
  });

  it("reads arguments on the name's line, and with newlines between elements", () => {
    expect(calls(parse("<tool_call>get_tide<arg_key>port</arg_key><arg_value>Brest</arg_value></tool_call>"))).toEqual([["get_tide", { port: "Brest" }]]);
    expect(calls(parse("<tool_call>get_tide\n<arg_key>port</arg_key>\n<arg_value>Brest</arg_value>\n</tool_call>"))).toEqual([["get_tide", { port: "Brest" }]]);
  });

  it("keeps the text before a call and reads calls written back to back", () => {
    const r = parse("Checking the tides.<tool_call>get_tide<arg_key>port</arg_key><arg_value>Cádiz</arg_value><arg_key>height</arg_key><arg_value>1.75</arg_value></tool_call><tool_call>get_tide<arg_key>port</arg_key><arg_value>Vigo</arg_value></tool_call>");
    expect(r.content).toBe("Checking the tides.");
    expect(calls(r)).toEqual([
      ["get_tide", { port: "Cádiz", height: 1.75 }],
      ["get_tide", { port: "Vigo" }],
    ]);
  });

  it("gives null content when only whitespace precedes the call", () => {
    expect(parse("  \n  <tool_call>clock_time</tool_call>").content).toBeNull();
  });

  it("does not take a function whose name is a prefix of the one written", () => {
    const r = parse("<tool_call>get_tides<arg_key>ports</arg_key><arg_value>[\"Brest\", \"Vigo\"]</arg_value></tool_call>");
    expect(calls(r)).toEqual([["get_tides", { ports: ["Brest", "Vigo"] }]]);
  });

  it("does not accept a name that is only a prefix of a declared one", () => {
    const text = "<tool_call>get<arg_key>port</arg_key><arg_value>Brest</arg_value></tool_call>";
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });

  it("reads the output after reasoning the prompt opened", () => {
    const r = parse("tides needed</think><tool_call>get_tide<arg_key>port</arg_key><arg_value>Sète</arg_value></tool_call>");
    expect(r.reasoning).toBe("tides needed");
    expect(calls(r)).toEqual([["get_tide", { port: "Sète" }]]);
  });
});
