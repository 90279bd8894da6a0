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

const block = (...calls: string[]) => `<tool_calls>[${calls.join(", ")}]</tool_calls>`;

describeVectors("jamba", tools, [
  { it: "reads a single call", text: block(W), calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls from one array", text: block(W, P), calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text without calls as content", text: "No tools needed.", content: "No tools needed.", calls: [] },
  { it: "keeps text before and after the block", text: `Checking. ${block(P)} Done.`, content: "Checking.  Done.", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block('{"name":"web.search-v2","arguments":{"q":"naïve café ☕","opts":{"n":[1,2]}}}'), calls: [["web.search-v2", '{"q":"naïve café ☕","opts":{"n":[1,2]}}']] },
  { it: "does not end at the end marker or a bracket inside a string", text: block('{"name": "web.search-v2", "arguments": {"q": "]</tool_calls>[{"}}'), calls: [["web.search-v2", '{"q": "]</tool_calls>[{"}']] },
  { it: "reads empty arguments", text: block(P), calls: [["ping", "{}"]] },
  { it: "keeps a block that is not an array as content", text: `<tool_calls>${W}</tool_calls>`, content: `<tool_calls>${W}</tool_calls>`, calls: [], errors: ["malformed_call"] },
  { it: "keeps the complete call and the text of a truncated second one", text: `<tool_calls>[${P}, {"name": "get_weather", "arguments": {"ci`, calls: [["ping", "{}"]], content: ', {"name": "get_weather", "arguments": {"ci', errors: ["truncated_call"] },
  { it: "reports an undeclared function and keeps the block as content", text: block('{"name": "other", "arguments": {}}'), calls: [], content: block('{"name": "other", "arguments": {}}'), errors: ["unknown_tool"] },
  { it: "reads calls spread over lines", text: `<tool_calls>\n[\n  ${W},\n  ${P}\n]\n</tool_calls>`, calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "reads the parameters spelling of arguments", text: block('{"name": "get_weather", "parameters": {"city": "Oslo"}}'), calls: [["get_weather", '{"city": "Oslo"}']] },
]);

describeAgreement("jamba", { exactArguments: true, textBefore: true, fuzzPieces: ["<tool_calls>", "</tool_calls>", "<tool_calls>[", "]</tool_calls>"] });
