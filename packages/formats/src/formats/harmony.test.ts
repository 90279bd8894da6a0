import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["location"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, tags: { type: "array", items: { type: "string" } } } } } },
  { type: "function", function: { name: "now" } },
];

import { describe, expect, it } from "vitest";
import { buildToolGrammar } from "../api.js";
import { accepts } from "@toolmask/grammar";

const analysis = (t: string) => `<|channel|>analysis<|message|>${t}<|end|>`;
const call = (name: string, args: string) => `<|channel|>commentary to=functions.${name} <|constrain|>json<|message|>${args}<|call|>`;

describeVectors("harmony", tools, [
  { it: "reads a call after analysis, as gpt-oss generates it", text: `${analysis("Need to use function get_weather.")}<|start|>assistant${call("get_weather", '{"location":"San Francisco"}')}`, reasoning: "Need to use function get_weather.", content: null, calls: [["get_weather", '{"location":"San Francisco"}']] },
  { it: "reads the recipient in the role part and the bare json content type", text: `<|start|>assistant to=functions.get_weather<|channel|>commentary json<|message|>{"location": "Zürich"}<|call|>`, calls: [["get_weather", '{"location": "Zürich"}']] },
  { it: "reads a final answer as content", text: `${analysis("Easy.")}<|start|>assistant<|channel|>final<|message|>The entry point is main.<|return|>`, reasoning: "Easy.", content: "The entry point is main.", calls: [] },
  { it: "keeps a commentary preamble as content before the call", text: `<|channel|>commentary<|message|>I'll check the weather.<|end|><|start|>assistant${call("get_weather", '{"location":"Oslo"}')}`, content: "I'll check the weather.", calls: [["get_weather", '{"location":"Oslo"}']] },
  { it: "keeps nested unicode arguments exactly", text: call("search.v2-beta", '{"query": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}'), calls: [["search.v2-beta", '{"query": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}']] },
  { it: "does not end the arguments at a stop marker inside a string", text: call("search.v2-beta", '{"query": "<|call|><|end|>"}'), calls: [["search.v2-beta", '{"query": "<|call|><|end|>"}']] },
  { it: "reads empty arguments", text: call("now", "{}"), calls: [["now", "{}"]] },
  { it: "reads a call whose stop token was stripped", text: `${analysis("x")}<|start|>assistant<|channel|>commentary to=functions.now <|constrain|>json<|message|>{}`, reasoning: "x", calls: [["now", "{}"]] },
  { it: "keeps malformed arguments as content", text: call("now", "{oops}"), content: call("now", "{oops}"), calls: [], errors: ["malformed_call"] },
  { it: "keeps truncated arguments as content", text: '<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"location": "Pa', content: '<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"location": "Pa', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call("browser.search", "{}"), calls: [], errors: ["unknown_tool"] },
  { it: "returns text without harmony markup as content", text: "Plain words.", content: "Plain words.", calls: [] },
  { it: "keeps reasoning cut off by the end of the output as reasoning", text: "<|channel|>analysis<|message|>Thinking about", reasoning: "Thinking about", content: null, calls: [] },
]);

describe("harmony grammar", () => {
  it("ends a call where the model stops with <|call|>, and allows the analysis channel first", () => {
    const g = buildToolGrammar({ format: "harmony", tools, toolChoice: "required" });
    const pieces = [{ token: "<|channel|>" }, "analysis", { token: "<|message|>" }, "Use the tool.", { token: "<|end|>" }, { token: "<|start|>" }, "assistant", { token: "<|channel|>" }, "commentary to=functions.now ", { token: "<|constrain|>" }, "json", { token: "<|message|>" }, "{}"];
    expect(accepts(g, pieces)).toBe(true);
    expect(accepts(g, [...pieces, { token: "<|call|>" }])).toBe(true);
    expect(accepts(g, [{ token: "<|channel|>" }, "final", { token: "<|message|>" }, "no"])).toBe(false);
  });
});

describeAgreement("harmony", { exactArguments: true, textBefore: false, reasoning: true, fuzzPieces: ["<|channel|>", "<|message|>", "<|end|>", "<|start|>", "<|call|>", "<|return|>", "<|constrain|>", "analysis", "final", "commentary to=functions.now ", "assistant"] });
