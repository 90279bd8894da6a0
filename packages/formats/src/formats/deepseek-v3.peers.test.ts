// Situations the public peers (vLLM, SGLang, Dynamo) test for DeepSeek-V3 / R1, with our own
// inputs, checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, callTexts } from "../testing/peers.js";

const CALLS = "<｜tool▁calls▁begin｜>";
const CALLS_END = "<｜tool▁calls▁end｜>";
const call = (name: string, args: string) => `<｜tool▁call▁begin｜>function<｜tool▁sep｜>${name}\n\`\`\`json\n${args}\n\`\`\`<｜tool▁call▁end｜>`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_rate", parameters: { type: "object", properties: { from: { type: "string" }, to: { type: "string" } } } } },
  { type: "function", function: { name: "ping_host", parameters: { type: "object", properties: { host: { type: "string" } } } } },
];
const options: ParseOptions = { format: "deepseek_v3", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const pairs = callTexts;

describe("deepseek_v3: situations the peers test", () => {
  it("reads one fenced call and keeps the text before it", () => {
    const r = parse(`Let me convert that.${CALLS}${call("get_rate", '{"from": "EUR", "to": "JPY"}')}${CALLS_END}`);
    expect(r).toMatchObject({ content: "Let me convert that.", errors: [] });
    expect(pairs(r)).toEqual([["get_rate", '{"from": "EUR", "to": "JPY"}']]);
  });

  it("reads calls separated by newlines, with pretty-printed JSON kept byte for byte", () => {
    const pretty = '{\n  "host": "example.org"\n}';
    const r = parse(`${CALLS}${call("ping_host", pretty)}\n${call("get_rate", '{"from":"USD","to":"CHF"}')}${CALLS_END}`);
    expect(pairs(r)).toEqual([
      ["ping_host", pretty],
      ["get_rate", '{"from":"USD","to":"CHF"}'],
    ]);
  });

  it("separates R1 reasoning from the calls after it", () => {
    const r = parse(`<think>\nrates change daily\n</think>\n\n${CALLS}${call("get_rate", '{"from": "GBP", "to": "SEK"}')}${CALLS_END}`);
    expect(r.reasoning).toBe("rates change daily");
    expect(r.content).toBeNull();
    expect(pairs(r)).toHaveLength(1);
  });

  it("keeps text after the block", () => {
    // Some peers drop what follows the block; we keep it as content.
    const r = parse(`${CALLS}${call("ping_host", '{"host": "a.b"}')}${CALLS_END}\nWaiting for the result.`);
    expect(r.content).toBe("Waiting for the result.");
  });

  it("withdraws a call with invalid JSON and reads the next one in the block", () => {
    const bad = call("ping_host", '{"host": a.b}');
    const r = parse(`${CALLS}${bad}\n${call("get_rate", '{"from": "A", "to": "B"}')}${CALLS_END}`);
    expect(r.content).toBe(`${CALLS}${bad}`);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(pairs(r)).toEqual([["get_rate", '{"from": "A", "to": "B"}']]);
  });

  it("keeps a call cut off inside its fence as content", () => {
    const text = `${CALLS}<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_rate\n\`\`\`json\n{"from": "E`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("treats a call to an undeclared function as content", () => {
    const text = `${CALLS}${call("transfer_money", "{}")}${CALLS_END}`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });
});

describe("deepseek_v3: a block without calls", () => {
  it("keeps an empty block as content, both markers", () => {
    expect(parse(`Nothing to call.${CALLS}${CALLS_END}`)).toMatchObject({ content: `Nothing to call.${CALLS}${CALLS_END}`, toolCalls: [], errors: [] });
  });
});
