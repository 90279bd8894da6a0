import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];
import { describe, expect, it } from "vitest";
import { parseToolCalls, renderToolCalls } from "../api.js";

const SB = "<|tool_calls_section_begin|>";
const SE = "<|tool_calls_section_end|>";
const call = (id: string, args: string) => `<|tool_call_begin|>${id}<|tool_call_argument_begin|>${args}<|tool_call_end|>`;
const section = (...calls: string[]) => `${SB}${calls.join("")}${SE}`;

describeVectors("kimi_k2", tools, [
  { it: "reads a call whose id names the function", text: section(call("functions.get_weather:0", '{"city": "Zürich"}')), calls: [["get_weather", '{"city": "Zürich"}']], content: null },
  { it: "reads calls chained in one section", text: section(call("functions.get_weather:0", '{"city": "Bern"}'), call("functions.ping:1", "{}")), calls: [["get_weather", '{"city": "Bern"}'], ["ping", "{}"]] },
  { it: "returns text as content", text: "Hi!", content: "Hi!", calls: [] },
  { it: "keeps text before and after the section, after reasoning", text: `<think>call it</think>Sure.${section(call("functions.ping:3", "{}"))}\nok`, reasoning: "call it", content: "Sure.\nok", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: section(call("functions.web.search-v2:0", '{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"]}}')), calls: [["web.search-v2", '{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"]}}']] },
  { it: "does not end at a marker inside a string", text: section(call("functions.web.search-v2:0", '{"q": "<|tool_call_end|>}"}')), calls: [["web.search-v2", '{"q": "<|tool_call_end|>}"}']] },
  { it: "reads empty arguments", text: section(call("functions.ping:0", "{}")), calls: [["ping", "{}"]] },
  { it: "keeps a malformed call as content", text: section(call("functions.ping:0", "{x}")), content: section(call("functions.ping:0", "{x}")), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: `${SB}<|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"ci`, content: `${SB}<|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"ci`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: section(call("functions.shutdown:0", "{}")), calls: [], errors: ["unknown_tool"] },
  { it: "reads output that starts inside reasoning", text: `plan\n</think>${section(call("functions.ping:0", "{}"))}`, options: { reasoning: "started" }, reasoning: "plan", calls: [["ping", "{}"]] },
  { it: "accepts an id without the functions. prefix", text: section(call("ping:7", "{}")), calls: [["ping", "{}"]] },
]);

describe("kimi_k2 ids", () => {
  it("keeps the functions.NAME:IDX id the model wrote", () => {
    const r = parseToolCalls(section(call("functions.get_weather:4", '{"city": "Oslo"}')), { format: "kimi_k2", tools });
    expect(r.toolCalls[0]!.id).toBe("functions.get_weather:4");
  });

  it("renders Kimi ids back, and numbers calls given other ids", () => {
    const text = renderToolCalls("kimi_k2", [
      { id: "functions.ping:5", type: "function", function: { name: "ping", arguments: "{}" } },
      { id: "call_abc", type: "function", function: { name: "ping", arguments: "{}" } },
    ]);
    expect(text).toBe(section(call("functions.ping:5", "{}"), call("functions.ping:1", "{}")));
  });
});

describeAgreement("kimi_k2", { exactArguments: true, textBefore: true, fuzzPieces: [SB, SE, "<|tool_call_begin|>", "<|tool_call_argument_begin|>", "<|tool_call_end|>", "functions.f:0", "<think>", "</think>"] });
