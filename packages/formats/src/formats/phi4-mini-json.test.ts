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

const block = (...calls: string[]) => `functools[${calls.join(", ")}]`;

describeVectors("phi4_mini_json", tools, [
  { it: "reads a single call", text: block(W), calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls", text: block(W, P), calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text without calls as content", text: "The functools module is handy.", content: "The functools module is handy.", calls: [] },
  { it: "keeps text before and after the calls", text: `I'll check. ${block(P)}\nWaiting.`, content: "I'll check. \nWaiting.", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block('{"name":"get_weather","arguments":{"city":"Αθήνα","deep":{"x":[[1],[2]]}}}'), calls: [["get_weather", '{"city":"Αθήνα","deep":{"x":[[1],[2]]}}']] },
  { it: "does not end at a bracket inside a string", text: block('{"name": "web.search-v2", "arguments": {"q": "a]b functools["}}'), calls: [["web.search-v2", '{"q": "a]b functools["}']] },
  { it: "reads empty arguments", text: block(P), calls: [["ping", "{}"]] },
  { it: "reads the parameters spelling", text: block('{"name": "get_weather", "parameters": {"city": "Rome"}}'), calls: [["get_weather", '{"city": "Rome"}']] },
  { it: "keeps a malformed call as content", text: "functools[{\"name\": ping}]", content: "functools[{\"name\": ping}]", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: "functools[{\"name\": \"ping\", \"arguments\": {", content: "functools[{\"name\": \"ping\", \"arguments\": {", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block('{"name": "x", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "reads the array over several lines", text: `functools[\n  ${W}\n]`, calls: [["get_weather", '{"city": "Paris"}']] },
]);

describeAgreement("phi4_mini_json", { exactArguments: true, textBefore: true, fuzzPieces: ["functools[", "functools", "]"] });
