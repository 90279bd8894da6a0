import { describe, expect, it } from "vitest";
import { createToolCallStream, parseToolCalls } from "../api.js";
import { describeAgreement, sequentialIds } from "../testing/agreement.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
  { type: "function", function: { name: "search.web", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];
const parse = (text: string, reasoning?: boolean | "started") => parseToolCalls(text, { format: "hermes", tools, idGenerator: sequentialIds, ...(reasoning !== undefined ? { reasoning } : {}) });
const call = (name: string, args: string, i = 0) => ({ id: `call_${i}`, type: "function", function: { name, arguments: args } });

describe("hermes vectors", () => {
  it("reads a single call and leaves no content", () => {
    const r = parse('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>');
    expect(r).toEqual({ content: null, toolCalls: [call("get_weather", '{"city": "Paris"}')], errors: [] });
  });

  it("reads parallel calls separated by a newline, in order", () => {
    const r = parse('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>\n<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>');
    expect(r.toolCalls).toEqual([call("get_weather", '{"city": "Paris"}'), call("now", "{}", 1)]);
  });

  it("returns text without calls as content", () => {
    expect(parse("The weather is fine.")).toEqual({ content: "The weather is fine.", toolCalls: [], errors: [] });
  });

  it("keeps text before and after calls as content", () => {
    const r = parse('Let me check.\n<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>\nDone.');
    expect(r.content).toBe("Let me check.\n\nDone.");
    expect(r.toolCalls).toEqual([call("now", "{}")]);
  });

  it("keeps nested and unicode arguments byte for byte", () => {
    const args = '{ "city" :"Zürich 😀",\n  "extra": {"a": [1, 2.50, {"b": null}], "c": "\\u00e9"} }';
    const r = parse(`<tool_call>{"name": "get_weather", "arguments": ${args}}</tool_call>`);
    expect(r.toolCalls[0]!.function.arguments).toBe(args);
  });

  it("does not end a call at an end marker or braces inside a string", () => {
    const args = '{"city": "a</tool_call>}{\\"<tool_call>"}';
    const r = parse(`<tool_call>\n{"name": "get_weather", "arguments": ${args}}\n</tool_call>`);
    expect(r.toolCalls).toEqual([call("get_weather", args)]);
    expect(r.content).toBeNull();
  });

  it("reads empty arguments and a missing arguments member as {}", () => {
    expect(parse('<tool_call>{"name": "now", "arguments": {}}</tool_call>').toolCalls[0]!.function.arguments).toBe("{}");
    expect(parse('<tool_call>{"name": "now"}</tool_call>').toolCalls[0]!.function.arguments).toBe("{}");
  });

  it("withdraws a call with malformed JSON and keeps its text as content", () => {
    const text = 'Hi <tool_call>\n{"name": "get_weather", "arguments": {"city": Paris}}\n</tool_call> bye';
    const r = parse(text);
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toBe(text);
    expect(r.errors).toMatchObject([{ code: "malformed_call", offset: 3 }]);
  });

  it("withdraws a truncated call and keeps the complete one before it", () => {
    const first = '<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>';
    const r = parse(`${first}\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Par`);
    expect(r.toolCalls).toEqual([call("now", "{}")]);
    expect(r.content).toBe('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Par');
    expect(r.errors).toMatchObject([{ code: "truncated_call" }]);
  });

  it("treats a call to an undeclared function as content with an unknown_tool error", () => {
    const text = '<tool_call>\n{"name": "launch_missiles", "arguments": {}}\n</tool_call>';
    const r = parse(text);
    expect(r).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });

  it("accepts any function name when no tools are given", () => {
    const r = parseToolCalls('<tool_call>{"name": "anything", "arguments": {"x": 1}}</tool_call>', { format: "qwen25" });
    expect(r.toolCalls[0]!.function).toEqual({ name: "anything", arguments: '{"x": 1}' });
    expect(r.toolCalls[0]!.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
  });

  it("does not read calls inside a reasoning block", () => {
    const r = parse('<think>\nMaybe <tool_call>{"name": "now", "arguments": {}}</tool_call>?\n</think>\n\nNo call needed.');
    expect(r).toEqual({ content: "No call needed.", reasoning: 'Maybe <tool_call>{"name": "now", "arguments": {}}</tool_call>?', toolCalls: [], errors: [] });
  });

  it("reads output that starts inside reasoning opened by the prompt", () => {
    const r = parse('I should check.\n</think>\n\n<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>', "started");
    expect(r).toEqual({ content: null, reasoning: "I should check.", toolCalls: [call("now", "{}")], errors: [] });
  });

  it("takes a closing </think> without an opening one as reasoning the prompt opened", () => {
    const r = parse('I should check.\n</think>\n\n<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>');
    expect(r).toEqual({ content: null, reasoning: "I should check.", toolCalls: [call("now", "{}")], errors: [] });
  });

  it("holds a stream back until it can tell whether the prompt opened reasoning, unless told", () => {
    const detect = createToolCallStream({ format: "hermes", tools, idGenerator: sequentialIds });
    expect(detect.push("Hello there")).toEqual([]);
    expect(detect.end()).toEqual([{ type: "content", text: "Hello there" }]);
    const told = createToolCallStream({ format: "hermes", tools, idGenerator: sequentialIds, reasoning: true });
    expect(told.push("Hello there")).toEqual([{ type: "content", text: "Hello there" }]);
  });

  it("reads members in any order, the parameters spelling and arguments given as a string", () => {
    expect(parse('<tool_call>{"arguments": {"city": "Oslo"}, "name": "get_weather"}</tool_call>').toolCalls).toEqual([call("get_weather", '{"city": "Oslo"}')]);
    expect(parse('<tool_call>{"name": "get_weather", "parameters": {"city": "Oslo"}}</tool_call>').toolCalls).toEqual([call("get_weather", '{"city": "Oslo"}')]);
    expect(parse('<tool_call>{"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}</tool_call>').toolCalls).toEqual([call("get_weather", '{"city": "Oslo"}')]);
  });

  it("reads SmolLM2's array of calls inside one block", () => {
    const r = parse('<tool_call>[\n{"name": "get_weather", "arguments": {"city": "Oslo"}},\n{"name": "now", "arguments": {}}\n]</tool_call>');
    expect(r.toolCalls).toEqual([call("get_weather", '{"city": "Oslo"}'), call("now", "{}", 1)]);
    expect(r.content).toBeNull();
  });

  it("never lets a partial marker into content while streaming", () => {
    const s = createToolCallStream({ format: "hermes", tools, idGenerator: sequentialIds, reasoning: true });
    const events = [...s.push("Sure <tool_"), ...s.push("ca"), ...s.push('ll>{"name": "now", '), ...s.push('"arguments": {}}</tool_call>'), ...s.end()];
    expect(events).toEqual([
      { type: "content", text: "Sure" },
      { type: "tool_call_start", index: 0, id: "call_0", name: "now" },
      { type: "tool_call_delta", index: 0, arguments: "{}" },
      { type: "tool_call_end", index: 0, call: call("now", "{}") },
    ]);
  });

  it("streams the name first, then argument fragments as they arrive", () => {
    const s = createToolCallStream({ format: "hermes", tools, idGenerator: sequentialIds, reasoning: true });
    expect(s.push('<tool_call>{"name": "get_weather", "arguments": {"ci')).toEqual([
      { type: "tool_call_start", index: 0, id: "call_0", name: "get_weather" },
      { type: "tool_call_delta", index: 0, arguments: '{"ci' },
    ]);
    expect(s.push('ty": "Rome"}}')).toEqual([{ type: "tool_call_delta", index: 0, arguments: 'ty": "Rome"}' }]);
    expect(s.push("</tool_call>")).toEqual([{ type: "tool_call_end", index: 0, call: call("get_weather", '{"city": "Rome"}') }]);
  });

  it("withdraws a streamed call when the output ends inside it", () => {
    const s = createToolCallStream({ format: "hermes", tools, idGenerator: sequentialIds, reasoning: true });
    s.push('<tool_call>{"name": "now", "arguments": {');
    expect(s.end()).toEqual([
      { type: "tool_call_error", index: 0, issue: expect.objectContaining({ code: "truncated_call" }) },
      { type: "content", text: '<tool_call>{"name": "now", "arguments": {' },
    ]);
  });
});

describeAgreement("hermes", { exactArguments: true, textBefore: true, compose: (content, calls) => (content ? `${content}\n${calls}` : calls), fuzzPieces: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<tool_", '{"name": "f", "arguments": '] });
