// The example in examples/custom-format: a format registered by an application works by name in
// every API, and meets the same agreement properties as the built-in ones.
import { accepts } from "@toolmask/grammar";
import { buildToolGrammar, createToolCallStream, detectFormat, getFormat, listFormats, parseToolCalls, renderToolCall, type ToolDefinition } from "@toolmask/formats";
import { describe, expect, it } from "vitest";
import { functionTags, registerFunctionTags } from "../../examples/custom-format/function-tags.js";
import { describeAgreement } from "../../packages/formats/src/testing/agreement.js";
import { describeVectors } from "../../packages/formats/src/testing/vectors.js";

registerFunctionTags();

const tools: ToolDefinition[] = [{ type: "function", function: { name: "trending_songs", parameters: { type: "object", properties: { n: { type: "integer" }, genre: { type: "string" } }, required: ["n"] } } }];

describe("a registered custom format", () => {
  it("is found by name and alias and listed", () => {
    expect(getFormat("function_tags")).toBe(functionTags);
    expect(getFormat("llama-function-tags")).toBe(functionTags);
    expect(listFormats().map((f) => f.name)).toContain("function_tags");
    expect(detectFormat("acme/unknown")).toBeUndefined();
  });

  it("builds a grammar that forces a declared call", () => {
    const g = buildToolGrammar({ format: "function_tags", tools, toolChoice: "required" });
    expect(accepts(g, '<function=trending_songs>{"n": 10}</function>')).toBe(true);
    expect(accepts(g, '<function=other>{"n": 10}</function>')).toBe(false);
    expect(accepts(g, "no call")).toBe(false);
  });

  it("renders, parses and streams", () => {
    const text = renderToolCall("function_tags", { name: "trending_songs", arguments: { n: 10, genre: "all" } });
    expect(text).toBe('<function=trending_songs>{"n":10,"genre":"all"}</function>');
    expect(parseToolCalls(`Here:\n${text}`, { format: "function_tags", tools })).toMatchObject({ content: "Here:", toolCalls: [{ function: { name: "trending_songs", arguments: '{"n":10,"genre":"all"}' } }] });
    const s = createToolCallStream({ format: "function_tags", tools });
    expect(s.push("<function=trend")).toEqual([]);
    expect(s.push('ing_songs>{"n"')[0]).toMatchObject({ type: "tool_call_start", name: "trending_songs" });
  });
});

describeVectors("function_tags", tools, [
  { it: "reads a call", text: '<function=trending_songs>{"n": 10}</function>', calls: [["trending_songs", '{"n": 10}']], content: null },
  { it: "reads two calls and keeps text around them", text: 'A <function=trending_songs>{"n": 1}</function>\n<function=trending_songs>{"n": 2}</function> B', calls: [["trending_songs", '{"n": 1}'], ["trending_songs", '{"n": 2}']], content: "A \n B" },
  { it: "keeps a truncated call as content", text: '<function=trending_songs>{"n": 1', content: '<function=trending_songs>{"n": 1', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: "<function=x>{}</function>", calls: [], errors: ["unknown_tool"] },
]);

describeAgreement("function_tags", { exactArguments: true, textBefore: true, fuzzPieces: ["<function=", "</function>", ">"] });
