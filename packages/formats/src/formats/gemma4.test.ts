import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["location"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, tags: { type: "array", items: { type: "string" } } } } } },
  { type: "function", function: { name: "now" } },
];

import { describe, expect, it } from "vitest";
import { collectStream, createToolCallStream, parseToolCalls, renderToolCall } from "../api.js";
import { cursorWork } from "../parse/cursor.js";
import { describeParameterNames, parameterNameError } from "../testing/parameter-names.js";

const Q = '<|"|>';
const call = (name: string, args: string) => `<|tool_call>call:${name}${args}<tool_call|>`;

describeVectors("gemma4", tools, [
  { it: "reads a call with a string argument", text: call("get_weather", `{location:${Q}Zürich${Q},unit:${Q}c${Q}}`), calls: [["get_weather", { location: "Zürich", unit: "c" }]], content: null },
  { it: "reads consecutive calls and drops the trailing <|tool_response>", text: `${call("get_weather", `{location:${Q}A${Q}}`)}${call("now", "{}")}<|tool_response>`, calls: [["get_weather", { location: "A" }], ["now", "{}"]], content: null },
  { it: "returns text as content", text: "It is sunny.", content: "It is sunny.", calls: [] },
  { it: "keeps text before and after calls, after the thought channel", text: `<|channel>thought\nI should call the tools.\n<channel|>Checking.${call("now", "{}")}Done.`, reasoning: "I should call the tools.", content: "Checking.Done.", calls: [["now", "{}"]] },
  { it: "reads nested objects with unquoted keys, arrays and Python-style floats", text: call("search.v2-beta", `{filters:{max:3,ratio:1.5e-05,tags:[${Q}a${Q},${Q}b${Q}]},query:${Q}café "best"${Q}}`), calls: [["search.v2-beta", '{"filters":{"max":3,"ratio":1.5e-05,"tags":["a","b"]},"query":"café \\"best\\""}']] },
  { it: "keeps braces, commas and quotes inside strings", text: call("search.v2-beta", `{query:${Q}x,y} "q" <tool_call|>${Q}}`), calls: [["search.v2-beta", { query: 'x,y} "q" <tool_call|>' }]] },
  { it: "reads a call without arguments", text: call("now", "{}"), calls: [["now", "{}"]] },
  { it: "reads keys with spaces and booleans and null", text: call("search.v2-beta", `{exact:false,key with space:null}`), calls: [["search.v2-beta", { exact: false, "key with space": null }]] },
  { it: "keeps a malformed call as content", text: call("now", "{a:1"), content: call("now", "{a:1"), calls: [], errors: ["malformed_call"] },
  { it: "reads key=value and strings whose delimiters were skipped", text: call("get_weather", "{location=Paris,days:3}"), calls: [["get_weather", { location: "Paris", days: 3 }]] },
  { it: "keeps a truncated call as content", text: `<|tool_call>call:get_weather{location:${Q}Par`, content: `<|tool_call>call:get_weather{location:${Q}Par`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call("rm", "{}"), calls: [], errors: ["unknown_tool"] },
  { it: "ignores calls inside the thought channel", text: `<|channel>thought\n${call("now", "{}")}<channel|>No.`, reasoning: call("now", "{}"), content: "No.", calls: [] },
]);

describe("gemma4 rendering", () => {
  it("writes keys sorted case-insensitively, as the template's dictsort does", () => {
    expect(renderToolCall("gemma4", { name: "f", arguments: { obj: { B: 1, a: [1, "t"] }, flag: false } })).toBe(`<|tool_call>call:f{flag:false,obj:{a:[1,${Q}t${Q}],B:1}}<tool_call|>`);
  });

  it("refuses a nested object key that cannot be written bare, naming the parameter holding it", () => {
    const e = parameterNameError(() => renderToolCall("gemma4", { name: "f", arguments: { opts: { ok: [{ "a:b": 1 }] } } }));
    expect([e.code, e.format, e.tool, e.parameter]).toEqual(["unsupported_parameter_name", "gemma4", "f", "opts"]);
    expect(e.message).toContain('"a:b"');
  });
});

describe("gemma4 nesting", () => {
  it("reads arrays and objects nested 20,000 deep, whole and streamed, in bounded work per character", () => {
    const depth = 20_000;
    const text = call("f", `{a:${"{k:[".repeat(depth)}1${"]}".repeat(depth)}}`);
    const args = `{"a":${'{"k":['.repeat(depth)}1${"]}".repeat(depth)}}`;
    expect(parseToolCalls(text, { format: "gemma4" }).toolCalls.map((c) => c.function.arguments)).toEqual([args]);
    const before = { ...cursorWork };
    const stream = createToolCallStream({ format: "gemma4", reasoning: false });
    const events = [];
    for (let i = 0; i < text.length; i += 4) events.push(...stream.push(text.slice(i, i + 4)));
    events.push(...stream.end());
    expect(collectStream(events).toolCalls.map((c) => c.function.arguments)).toEqual([args]);
    expect((cursorWork.copied - before.copied) / text.length).toBeLessThanOrEqual(64);
    expect((cursorWork.searched - before.searched) / text.length).toBeLessThanOrEqual(16);
  });
});

describeAgreement("gemma4", { exactArguments: false, textBefore: true, fuzzPieces: ["<|tool_call>", "<tool_call|>", '<|"|>', "call:", "<|tool_response>", "<|channel>thought", "<channel|>", "{", "}", ":"] });

describeParameterNames("gemma4", { refused: ["", " k", "k ", "a=b", "a:b", "a<b", "a>b", "a,b", "a{b", "a]b"], written: ["k y", "user-id", "a.b", "$x", "城市", "a\"b", "a'b", "a\nb"] });
