// Situations the public peers (vLLM, SGLang, Dynamo) test for DeepSeek-V3.1, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, callTexts } from "../testing/peers.js";

const CALLS = "<｜tool▁calls▁begin｜>";
const CALLS_END = "<｜tool▁calls▁end｜>";
const call = (name: string, args: string) => `<｜tool▁call▁begin｜>${name}<｜tool▁sep｜>${args}<｜tool▁call▁end｜>`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "add", parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } } } } },
  { type: "function", function: { name: "lookup", parameters: { type: "object", properties: { term: { type: "string" } } } } },
];
const options: ParseOptions = { format: "deepseek_v3_1", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const pairs = callTexts;

describe("deepseek_v3_1: situations the peers test", () => {
  it("keeps the text before a block and the exact argument bytes", () => {
    const r = parse(`plain words${CALLS}${call("add", '{"a":2,"b":5}')}${CALLS_END}`);
    expect(r).toMatchObject({ content: "plain words", errors: [] });
    expect(pairs(r)).toEqual([["add", '{"a":2,"b":5}']]);
  });

  it("reads chained calls and keeps text after the block", () => {
    // vLLM drops the text after the block; we keep it.
    const r = parse(`before${CALLS}${call("add", '{"a":1}')}${call("lookup", '{"term": "ö"}')}${CALLS_END} after`);
    expect(r.content).toBe("before after");
    expect(pairs(r)).toEqual([
      ["add", '{"a":1}'],
      ["lookup", '{"term": "ö"}'],
    ]);
  });

  it("keeps a block cut off before its first call as content", () => {
    const text = `Looking it up.${CALLS}lookup`;
    const r = parse(text);
    expect(r.content).toBe(text);
    expect(r.toolCalls).toEqual([]);
    expect(r.errors).toHaveLength(1);
  });

  it("keeps a block whose calls lack their markers as content", () => {
    const text = `${CALLS}lookup<｜tool▁sep｜>{"term":"x"}${CALLS_END}`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "malformed_call" }] });
  });

  it("keeps the complete calls of a block cut off in a later call", () => {
    const cut = `<｜tool▁call▁begin｜>lookup<｜tool▁sep｜>{"term": "ha`;
    const r = parse(`${CALLS}${call("add", '{"a":1,"b":1}')}${cut}`);
    expect(pairs(r)).toEqual([["add", '{"a":1,"b":1}']]);
    expect(r.content).toBe(cut);
    expect(r.errors.map((e) => e.code)).toEqual(["truncated_call"]);
  });

  it("reads the answer after reasoning the prompt opened (thinking mode)", () => {
    const r = parse(`sum needed</think>${CALLS}${call("add", '{"a":3,"b":4}')}${CALLS_END}`);
    expect(r.reasoning).toBe("sum needed");
    expect(r.content).toBeNull();
    expect(pairs(r)).toEqual([["add", '{"a":3,"b":4}']]);
  });
});
