import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];

const W = '{"name": "get_weather", "parameters": {"city": "Paris"}}';
const P = '{"name": "ping", "parameters": {}}';

describeVectors("llama3_json", tools, [
  { it: "reads a bare JSON call", text: W, calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads a call after <|python_tag|>", text: `<|python_tag|>${W}`, calls: [["get_weather", '{"city": "Paris"}']] },
  { it: "reads calls joined by semicolons", text: `${W}; ${P}`, calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text as content", text: "Paris is sunny today.", content: "Paris is sunny today.", calls: [] },
  { it: "keeps text before <|python_tag|> and after the call", text: `Let me check.<|python_tag|>${P}\nDone`, content: "Let me check.\nDone", calls: [["ping", "{}"]] },
  { it: "keeps pretty-printed unicode arguments exactly, with an extra type member", text: '<|python_tag|>{\n    "type": "function",\n    "name": "get_weather",\n    "parameters": {\n        "city": "Zürich",\n        "days": 10\n    }\n}', calls: [["get_weather", '{\n        "city": "Zürich",\n        "days": 10\n    }']] },
  { it: "does not end at braces or semicolons inside a string", text: '{"name": "web.search-v2", "parameters": {"q": "}; {\\"name\\": \\"x\\"}"}}', calls: [["web.search-v2", '{"q": "}; {\\"name\\": \\"x\\"}"}']] },
  { it: "reads empty and missing parameters", text: `${P}; {"name": "ping"}`, calls: [["ping", "{}"], ["ping", "{}"]] },
  { it: "reads the arguments spelling", text: '{"name": "get_weather", "arguments": {"city": "Oslo"}}', calls: [["get_weather", '{"city": "Oslo"}']] },
  { it: "keeps a JSON answer that is not a call as content", text: '{"answer": 42}', content: '{"answer": 42}', calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: '{"name": "get_weather", "parameters": {"city": "Pa', content: '{"name": "get_weather", "parameters": {"city": "Pa', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: '{"name": "delete_all", "parameters": {}}', calls: [], errors: ["unknown_tool"] },
  { it: "does not read JSON in the middle of text as a call", text: 'Use {"name": "ping", "parameters": {}} like this', content: 'Use {"name": "ping", "parameters": {}} like this', calls: [] },
]);

describeAgreement("llama3_json", { exactArguments: true, textBefore: false, fuzzPieces: ["<|python_tag|>", ";", '{"name": "f", "parameters": {}}'] });
