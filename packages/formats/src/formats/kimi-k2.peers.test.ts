// Situations the public peers (vLLM, SGLang, Dynamo) test for Kimi K2, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked } from "../testing/peers.js";

const SB = "<|tool_calls_section_begin|>";
const SE = "<|tool_calls_section_end|>";
const TB = "<|tool_call_begin|>";
const AB = "<|tool_call_argument_begin|>";
const TE = "<|tool_call_end|>";
const call = (id: string, args: string) => `${TB}${id} ${AB}${args}${TE}`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_stock", parameters: { type: "object", properties: { ticker: { type: "string" } } } } },
  { type: "function", function: { name: "render_html", parameters: { type: "object", properties: { html: { type: "string" } } } } },
  { type: "function", function: { name: "get_fx", parameters: { type: "object", properties: { pair: { type: "string" } } } } },
];
const options: ParseOptions = { format: "kimi_k2", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const triples = (r: ParseResult) => r.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments]);

describe("kimi_k2: situations the peers test", () => {
  it("keeps the text before the section and the model's ids, with a space before the argument marker", () => {
    const r = parse(`Quotes coming. ${SB}${call("functions.get_stock:0", '{"ticker": "ACME"}')}${call("functions.get_fx:1", '{"pair": "EURUSD"}')}${SE}`);
    expect(r).toMatchObject({ content: "Quotes coming.", errors: [] });
    expect(triples(r)).toEqual([
      ["functions.get_stock:0", "get_stock", '{"ticker": "ACME"}'],
      ["functions.get_fx:1", "get_fx", '{"pair": "EURUSD"}'],
    ]);
  });

  it("keeps angle brackets inside JSON strings and multi-line JSON byte for byte", () => {
    const pretty = '{\n  "html": "<p>hi</p>"\n}';
    expect(triples(parse(`${SB}${call("functions.render_html:3", pretty)}${SE}`))).toEqual([["functions.render_html:3", "render_html", pretty]]);
  });

  it("reads an id without the functions. prefix", () => {
    expect(triples(parse(`${SB}${call("get_fx:2", '{"pair": "GBPJPY"}')}${SE}`))).toEqual([["get_fx:2", "get_fx", '{"pair": "GBPJPY"}']]);
  });

  it("withdraws a call with invalid JSON and keeps the next one", () => {
    // vLLM returns the invalid JSON as a call; a malformed call is not a call for us.
    const bad = call("functions.get_stock:0", '{"ticker": "ACME"');
    const r = parse(`${SB}${bad}${call("functions.get_fx:1", '{"pair": "USDCAD"}')}${SE}`);
    expect(r.content).toBe(`${SB}${bad}`);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(triples(r)).toEqual([["functions.get_fx:1", "get_fx", '{"pair": "USDCAD"}']]);
  });

  it("does not guess the function of a bare-counter id", () => {
    // vLLM infers the function from the arguments; we report the unknown name.
    const text = `${SB}${call("0", '{"ticker": "ACME"}')}${SE}`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });

  it("keeps text between the section marker and the first call as content, and reads the call", () => {
    // vLLM drops the stray text; ours is a failed call (with the section marker, which the first
    // call's text holds), and the call after it is still read.
    const text = `${SB} stray words ${call("functions.get_fx:0", '{"pair": "X"}')}${SE}`;
    const r = parse(text);
    expect(r.toolCalls.map((t) => [t.id, t.function.name, t.function.arguments])).toEqual([["functions.get_fx:0", "get_fx", '{"pair": "X"}']]);
    expect(r.content).toBe(`${SB} stray words`);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
  });

  it("keeps an empty section as content", () => {
    expect(parse(`Let me think. ${SB}${SE}`)).toMatchObject({ content: `Let me think. ${SB}${SE}`, toolCalls: [], errors: [] });
  });

  it("keeps a call cut off at max_tokens as content, announced then withdrawn when streamed", () => {
    const cut = `${SB}${TB}functions.get_stock:0 ${AB}{"ticker": "AC`;
    const r = parse(`I'll check. ${cut}`);
    expect(r).toMatchObject({ content: `I'll check. ${cut}`, toolCalls: [], errors: [{ code: "truncated_call" }] });
  });

  it("keeps the text after the section", () => {
    // vLLM drops it; we keep it.
    const r = parse(`${SB}${call("functions.get_stock:0", '{"ticker": "Z"} ')}${SE} Then I summarise.`);
    expect(r.content).toBe("Then I summarise.");
    expect(r.toolCalls).toHaveLength(1);
  });
});
