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

const block = (...calls: string[]) => `<|tool_call|>[${calls.join(", ")}]`;

describeVectors("granite", tools, [
  { it: "reads a single call", text: block(W), calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls", text: block(W, P), calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text without calls as content", text: "Hello there", content: "Hello there", calls: [] },
  { it: "keeps text before and after the array", text: `Let me look. ${block(P)} ok`, content: "Let me look.  ok", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block('{"name": "get_weather", "arguments": {"city": "Kraków", "days": 2, "z": {"a": [{}]}}}'), calls: [["get_weather", '{"city": "Kraków", "days": 2, "z": {"a": [{}]}}']] },
  { it: "does not end at brackets inside a string", text: block('{"name": "web.search-v2", "arguments": {"q": "[<|tool_call|>]"}}'), calls: [["web.search-v2", '{"q": "[<|tool_call|>]"}']] },
  { it: "reads empty arguments", text: block(P), calls: [["ping", "{}"]] },
  { it: "reads Granite 3.1's <tool_call> spelling", text: `<tool_call>[${W}]`, calls: [["get_weather", '{"city": "Paris"}']] },
  { it: "keeps a malformed array as content", text: "<|tool_call|>[{]", content: "<|tool_call|>[{]", calls: [], errors: ["malformed_call"] },
  { it: "keeps the complete call of a truncated array and the rest as content", text: `<|tool_call|>[${W}, `, content: ",", calls: [["get_weather", '{"city": "Paris"}']], errors: ["truncated_call"] },
  { it: "keeps an array truncated in its first call as content", text: `<|tool_call|>[{"name": "get_weather", "arguments": {"city": "Pa`, content: `<|tool_call|>[{"name": "get_weather", "arguments": {"city": "Pa`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block('{"name": "nope", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "reads arguments with an extra type member", text: block('{"type": "function", "name": "ping", "arguments": {}}'), calls: [["ping", "{}"]] },
]);

describeAgreement("granite", { exactArguments: true, textBefore: true, fuzzPieces: ["<|tool_call|>", "<tool_call>", "<|tool_call|>["] });
