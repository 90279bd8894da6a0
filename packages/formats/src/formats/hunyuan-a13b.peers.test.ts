// Situations the public peers (vLLM) test for Hunyuan-A13B, with our own inputs, checked against
// toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, callTexts } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "order_food", parameters: { type: "object", properties: { dish: { type: "string" }, qty: { type: "integer" }, notes: { type: "object" } } } } },
  { type: "function", function: { name: "track_order" } },
];
const options: ParseOptions = { format: "hunyuan_a13b", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const pairs = callTexts;

describe("hunyuan_a13b: situations the peers test", () => {
  it("reads a call after reasoning, inside an answer block", () => {
    const r = parse('<think>\nThey are hungry.\n</think>\n<answer>\n<tool_calls>[{"name": "order_food", "arguments": {"dish": "pho", "qty": 2}}]</tool_calls>\n</answer>');
    expect(r.reasoning).toBe("They are hungry.");
    expect(r.content).toBe("<answer>\n\n</answer>");
    expect(pairs(r)).toEqual([["order_food", '{"dish": "pho", "qty": 2}']]);
  });

  it("reads parallel calls and nested arguments byte for byte", () => {
    const r = parse('<tool_calls>[{"name": "order_food", "arguments": {"dish": "ramen", "notes": {"spicy": true, "extras": ["egg", 2]}}}, {"name": "track_order", "arguments": {}}]</tool_calls>');
    expect(pairs(r)).toEqual([
      ["order_food", '{"dish": "ramen", "notes": {"spicy": true, "extras": ["egg", 2]}}'],
      ["track_order", "{}"],
    ]);
  });

  it("keeps the text around the calls", () => {
    const r = parse('Ordering now. <tool_calls>[{"name": "track_order", "arguments": {}}]</tool_calls> Anything else?');
    expect(r.content).toBe("Ordering now.  Anything else?");
  });

  it("keeps a call array cut off at max_tokens as content", () => {
    const text = '<tool_calls>[{"name": "order_food", "arguments": {"dish": "cu';
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("returns plain answers as content", () => {
    expect(parse("<answer>\nEnjoy your meal.\n</answer>")).toMatchObject({ content: "<answer>\nEnjoy your meal.\n</answer>", toolCalls: [] });
  });
});
