// Situations the public peers (vLLM, SGLang) test for Seed-OSS, with our own inputs, checked
// against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "lookup_train",
      strict: true,
      parameters: {
        type: "object",
        properties: { route: { type: "string" }, seats: { type: "integer" }, firstClass: { type: "boolean" }, stops: { type: "array", items: { type: "string" } } },
        required: ["route"],
        additionalProperties: false,
      },
    },
  },
  { type: "function", function: { name: "now" } },
];

const options: ParseOptions = { format: "seed_oss", tools, idGenerator: sequentialIds };
const call = (name: string, params: string) => `<seed:tool_call>\n<function=${name}>\n${params}</function>\n</seed:tool_call>`;
const param = (k: string, v: string) => `<parameter=${k}>${v}</parameter>\n`;

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("seed_oss: situations the peers test", () => {
  it("reads a call without reasoning (thinking budget 0)", () => {
    const r = parse(call("lookup_train", param("route", "Ghent, Belgium")));
    expect(r).toMatchObject({ content: null, errors: [] });
    expect(calls(r)).toEqual([["lookup_train", { route: "Ghent, Belgium" }]]);
  });

  it("separates reasoning holding budget-reflection tags from the call after it", () => {
    // vLLM returns the reasoning as content; we return it as reasoning.
    const thought = "Budget is 64.</seed:cot_budget_reflect>\nThe user wants a train.\n<seed:cot_budget_reflect>Used 20 tokens.</seed:cot_budget_reflect>\nCall it.";
    const r = parse(`<seed:think>${thought}</seed:think>\n${call("lookup_train", param("route", "Ghent-Bruges") + param("seats", "2"))}`);
    expect(r.reasoning).toBe(thought);
    expect(r.content).toBeNull();
    expect(calls(r)).toEqual([["lookup_train", { route: "Ghent-Bruges", seats: 2 }]]);
  });

  it("does not read a call spelled out inside the reasoning, and reads the one right after it", () => {
    const inner = `I could write ${call("now", "")} as the call.`;
    const r = parse(`<seed:think>\n${inner}</seed:think>${call("lookup_train", param("route", "A-B") + param("firstClass", "true"))}`);
    expect(r.reasoning).toBe(inner);
    expect(r.content).toBeNull();
    expect(calls(r)).toEqual([["lookup_train", { route: "A-B", firstClass: true }]]);
  });

  it("keeps string values verbatim, newlines included, and types the others", () => {
    const r = parse(call("lookup_train", param("route", "\nline 1\nline 2\n") + param("seats", " 4 ") + param("stops", '["X", "Y"]')));
    expect(calls(r)).toEqual([["lookup_train", { route: "\nline 1\nline 2\n", seats: 4, stops: ["X", "Y"] }]]);
  });

  it("keeps a number-like value of a string parameter a string", () => {
    const r = parse(call("lookup_train", param("route", "0815")));
    expect(calls(r)).toEqual([["lookup_train", { route: "0815" }]]);
  });

  it("reads several calls and keeps the text around them", () => {
    const r = parse(`Two lookups.\n${call("now", "")}\n${call("lookup_train", param("route", "C"))}\nDone.`);
    expect(r.content).toBe("Two lookups.\n\n\nDone.");
    expect(calls(r).map((c) => c[0])).toEqual(["now", "lookup_train"]);
  });

  it("keeps a call cut off inside a value as content", () => {
    const text = "<seed:tool_call>\n<function=lookup_train>\n<parameter=route>Ly";
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("treats an undeclared function as content", () => {
    const text = call("buy_ticket", param("route", "D"));
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });
});
