// Situations the public peers (vLLM, SGLang) test for Step3, with our own inputs, checked
// against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const CALLS = "<｜tool_calls_begin｜>";
const CALLS_END = "<｜tool_calls_end｜>";
const call = (name: string, params: Record<string, string>, sep = "") =>
  `<｜tool_call_begin｜>function<｜tool_sep｜>${sep}<steptml:invoke name="${name}">${sep}${Object.entries(params)
    .map(([k, v]) => `<steptml:parameter name="${k}">${v}</steptml:parameter>${sep}`)
    .join("")}</steptml:invoke>${sep}<｜tool_call_end｜>`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "convert", parameters: { type: "object", properties: { amount: { type: "number" }, unit: { type: "string" }, exact: { type: "boolean" }, steps: { type: "array" } } } } },
  { type: "function", function: { name: "note", parameters: { type: "object", properties: { text: { type: "string" } } } } },
];
const options: ParseOptions = { format: "step3", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("step3: situations the peers test", () => {
  it("keeps text before the block and types values by the schema", () => {
    const r = parse(`Converting.${CALLS}${call("convert", { amount: "2.5", unit: "km", exact: "false", steps: "[1, 2]" })}${CALLS_END}`);
    expect(r).toMatchObject({ content: "Converting.", errors: [] });
    expect(calls(r)).toEqual([["convert", { amount: 2.5, unit: "km", exact: false, steps: [1, 2] }]]);
  });

  it("reads several calls, with newlines between the elements", () => {
    const r = parse(`${CALLS}${call("convert", { amount: "1", unit: "mi" }, "\n")}\n${call("note", { text: "done" }, "\n")}${CALLS_END}`);
    expect(calls(r)).toEqual([
      ["convert", { amount: 1, unit: "mi" }],
      ["note", { text: "done" }],
    ]);
  });

  it("keeps a number-like value of a string parameter a string", () => {
    expect(calls(parse(`${CALLS}${call("note", { text: "3.14" })}${CALLS_END}`))).toEqual([["note", { text: "3.14" }]]);
  });

  it("keeps multi-line string values verbatim", () => {
    expect(calls(parse(`${CALLS}${call("note", { text: " first\nsecond " })}${CALLS_END}`))).toEqual([["note", { text: " first\nsecond " }]]);
  });

  it("separates reasoning and keeps the text after the block", () => {
    const r = parse(`<think>unit math</think>${CALLS}${call("note", { text: "x" })}${CALLS_END}\nSee above.`);
    expect(r.reasoning).toBe("unit math");
    expect(r.content).toBe("See above.");
  });

  it("keeps a call cut off inside a value as content", () => {
    const text = `${CALLS}<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name="note"><steptml:parameter name="text">hal`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("withdraws an undeclared function and keeps the next call of the block", () => {
    const bad = call("erase", { text: "all" });
    const r = parse(`${CALLS}${bad}${call("note", { text: "kept" })}${CALLS_END}`);
    expect(r.content).toBe(`${CALLS}${bad}`);
    expect(calls(r)).toEqual([["note", { text: "kept" }]]);
    expect(r.errors.map((e) => e.code)).toEqual(["unknown_tool"]);
  });
});
