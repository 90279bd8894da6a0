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

const block = (...calls: string[]) => `<TOOLCALL>[${calls.join(", ")}]</TOOLCALL>`;

describeVectors("nemotron_deci", tools, [
  { it: "reads a call after reasoning", text: `<think>\nNeed weather.\n</think>\n${block(W)}`, reasoning: "Need weather.", calls: [["get_weather", '{"city": "Paris"}']], content: null },
  { it: "reads parallel calls", text: block(W, P), calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns text without calls as content", text: "<think></think>Hello!", content: "Hello!", calls: [] },
  { it: "keeps text before and after the block", text: `Sure.\n${block(P)}\nAnything else?`, content: "Sure.\n\nAnything else?", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block('{"name": "get_weather", "arguments": {"city": "Zürich", "days": 3, "x": {"y": [true, null]}}}'), calls: [["get_weather", '{"city": "Zürich", "days": 3, "x": {"y": [true, null]}}']] },
  { it: "does not end at the end marker inside a string", text: block('{"name": "web.search-v2", "arguments": {"q": "</TOOLCALL>"}}'), calls: [["web.search-v2", '{"q": "</TOOLCALL>"}']] },
  { it: "reads empty arguments", text: block(P), calls: [["ping", "{}"]] },
  { it: "keeps a malformed block as content", text: block('{"name": "ping", "arguments": {}'), content: block('{"name": "ping", "arguments": {}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: "<TOOLCALL>[{\"name\": \"pi", content: "<TOOLCALL>[{\"name\": \"pi", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block('{"name": "rm", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "ignores a block inside reasoning", text: `<think>${block(P)}</think>no`, reasoning: block(P), content: "no", calls: [] },
  { it: "keeps a missing closing marker as a malformed block", text: `<TOOLCALL>[${P}] trailing`, content: `<TOOLCALL>[${P}] trailing`, calls: [], errors: ["malformed_call"] },
]);

describeAgreement("nemotron_deci", { exactArguments: true, textBefore: true, fuzzPieces: ["<TOOLCALL>", "</TOOLCALL>", "<think>", "</think>"] });
