import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];

import { describe, expect, it } from "vitest";
import { buildToolGrammar, createToolCallStream } from "../api.js";
import { accepts } from "@toolmask/grammar";

const W = '{"name": "get_weather", "arguments": {"city": "Paris"}}';

describeVectors("mistral", tools, [
  { it: "reads the JSON-array spelling (v3)", text: `[TOOL_CALLS] [${W}]`, calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls of the JSON-array spelling, ignoring their ids", text: `[TOOL_CALLS][${W}, {"name": "ping", "arguments": {}, "id": "abcDEF123"}]`, calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "reads the name[ARGS] spelling (v13), one marker per call", text: '[TOOL_CALLS]get_weather[ARGS]{"city": "Zürich"}[TOOL_CALLS]ping[ARGS]{}', calls: [["get_weather", '{"city": "Zürich"}'], ["ping", "{}"]] },
  { it: "reads the name{json} spelling (v11)", text: '[TOOL_CALLS]get_weather{"city": "Bern", "days": 2}', calls: [["get_weather", '{"city": "Bern", "days": 2}']] },
  { it: "reads v11 call ids and keeps them", text: '[TOOL_CALLS]ping[CALL_ID]abcDEF123[ARGS]{}', calls: [["ping", "{}"]] },
  { it: "returns text as content", text: "Bonjour !", content: "Bonjour !", calls: [] },
  { it: "keeps text before the calls and reads [THINK] reasoning", text: '[THINK]Need the weather.[/THINK]Checking.[TOOL_CALLS]get_weather[ARGS]{"city": "Nice"}', reasoning: "Need the weather.", content: "Checking.", calls: [["get_weather", '{"city": "Nice"}']] },
  { it: "keeps nested unicode arguments exactly", text: '[TOOL_CALLS]web.search-v2[ARGS]{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}', calls: [["web.search-v2", '{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}']] },
  { it: "does not end arguments at a marker inside a string", text: '[TOOL_CALLS]web.search-v2[ARGS]{"q": "[TOOL_CALLS]x}"}', calls: [["web.search-v2", '{"q": "[TOOL_CALLS]x}"}']] },
  { it: "keeps malformed arguments as content and reads the next call", text: '[TOOL_CALLS]ping[ARGS]{,}[TOOL_CALLS]ping[ARGS]{}', content: "[TOOL_CALLS]ping[ARGS]{,}", calls: [["ping", "{}"]], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: '[TOOL_CALLS]get_weather[ARGS]{"ci', content: '[TOOL_CALLS]get_weather[ARGS]{"ci', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: "[TOOL_CALLS]nope[ARGS]{}", content: "[TOOL_CALLS]nope[ARGS]{}", calls: [], errors: ["unknown_tool"] },
  { it: "keeps text after a call", text: '[TOOL_CALLS]ping[ARGS]{} trailing words', content: "trailing words", calls: [["ping", "{}"]] },
]);

describe("mistral variants and ids", () => {
  it("generates the variant the vocabulary calls for", () => {
    const withArgs = buildToolGrammar({ format: "mistral", tools, toolChoice: "required", reasoning: false, specialTokens: ["[TOOL_CALLS]", "[ARGS]"] });
    expect(accepts(withArgs, [{ token: "[TOOL_CALLS]" }, "ping", { token: "[ARGS]" }, "{}"])).toBe(true);
    expect(accepts(withArgs, [{ token: "[TOOL_CALLS]" }, '[{"name": "ping", "arguments": {}}]'])).toBe(false);
    const withoutArgs = buildToolGrammar({ format: "mistral", tools, toolChoice: "required", reasoning: false, specialTokens: ["[TOOL_CALLS]"] });
    expect(accepts(withoutArgs, [{ token: "[TOOL_CALLS]" }, ' [{"name": "ping", "arguments": {}}]'])).toBe(true);
    expect(accepts(withoutArgs, [{ token: "[TOOL_CALLS]" }, "ping[ARGS]{}"])).toBe(false);
  });

  it("gives calls nine-character alphanumeric ids, as Mistral's templates require", () => {
    const s = createToolCallStream({ format: "mistral", tools });
    const start = [...s.push("[TOOL_CALLS]ping[ARGS]{}"), ...s.end()].find((e) => e.type === "tool_call_start");
    expect(start).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9]{9}$/) });
  });
});

for (const variant of ["json_array", "name_args", "name_json"]) {
  describeAgreement("mistral", { variant, exactArguments: true, textBefore: true, fuzzPieces: ["[TOOL_CALLS]", "[ARGS]", "[CALL_ID]", "[THINK]", "[/THINK]"] });
}
