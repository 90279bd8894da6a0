import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];

const W = '{"name": "get_weather", "arguments": {"city": "Paris"}}';
const P = '{"name": "ping", "arguments": {}}';

describeVectors("xlam", tools, [
  { it: "reads a bare array of calls", text: `[${W}]`, calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls", text: `[${W}, ${P}]`, calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text as content", text: "I can help with that.", content: "I can help with that.", calls: [] },
  { it: "keeps text after the array", text: `[${P}]\nThanks`, content: "Thanks", calls: [["ping", "{}"]] },
  { it: "reads calls after reasoning", text: `<think>simple</think>\n[${P}]`, reasoning: "simple", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: '[{"name":"web.search-v2","arguments":{"q":"日本語","p":{"a":[null,false]}}}]', calls: [["web.search-v2", '{"q":"日本語","p":{"a":[null,false]}}']] },
  { it: "does not end at brackets inside a string", text: '[{"name": "web.search-v2", "arguments": {"q": "]}, {"}}]', calls: [["web.search-v2", '{"q": "]}, {"}']] },
  { it: "reads empty arguments", text: `[${P}]`, calls: [["ping", "{}"]] },
  { it: "keeps a malformed array as content", text: "[{\"name\": \"ping\" \"arguments\": {}}]", content: "[{\"name\": \"ping\" \"arguments\": {}}]", calls: [], errors: ["malformed_call"] },
  { it: "keeps the valid first call of an array with a trailing comma", text: "[{\"name\": \"ping\", \"arguments\": {}},]", content: ",]", calls: [["ping", "{}"]], errors: ["malformed_call"] },
  { it: "keeps a truncated array as content", text: '[{"name": "get_weather", "arguments": {"city"', content: '[{"name": "get_weather", "arguments": {"city"', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: '[{"name": "nah", "arguments": {}}]', calls: [], errors: ["unknown_tool"] },
  { it: "keeps a bracket in the middle of text as text", text: "See [1] for details.", content: "See [1] for details.", calls: [] },
]);

describeAgreement("xlam", { exactArguments: true, textBefore: false, fuzzPieces: ["[", "<think>", "</think>"] });
