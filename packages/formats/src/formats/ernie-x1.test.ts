import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["location"] } } },
  { type: "function", function: { name: "clock" } },
];
const call = (json: string) => `<tool_call>\n${json}\n</tool_call>`;
const weather = '{"name": "get_weather", "arguments": {"location": "北京", "unit": "c"}}';

describeVectors("ernie_x1", tools, [
  { it: "reads a call after the reasoning the thinking model closes", text: `The user wants weather.\n</think>\n\n\n${call(weather)}\n`, options: { reasoning: "started" }, reasoning: "The user wants weather.", calls: [["get_weather", '{"location": "北京", "unit": "c"}']], content: null },
  { it: "reads parallel calls", text: `${call(weather)}\n${call('{"name": "clock", "arguments": {}}')}`, calls: [["get_weather", '{"location": "北京", "unit": "c"}'], ["clock", "{}"]] },
  { it: "drops the <response> wrapper from an answer without calls", text: "<response>\n晴天，25度。\n</response>", calls: [], content: "晴天，25度。" },
  { it: "keeps text before and after a call", text: `先查一下。\n${call(weather)}\n好的。`, content: "先查一下。\n\n好的。", calls: [["get_weather", '{"location": "北京", "unit": "c"}']] },
  { it: "keeps nested and unicode arguments byte for byte", text: call('{"name":"get_weather","arguments":{"location":"Zürich 😀","extra":{"a":[1,{"b":null}]}}}'), calls: [["get_weather", '{"location":"Zürich 😀","extra":{"a":[1,{"b":null}]}}']] },
  { it: "does not end at an end marker or braces inside a string", text: call('{"name": "get_weather", "arguments": {"location": "}</tool_call>{"}}'), calls: [["get_weather", '{"location": "}</tool_call>{"}']] },
  { it: "reads empty arguments", text: call('{"name": "clock", "arguments": {}}'), calls: [["clock", "{}"]] },
  { it: "keeps a malformed call as content", text: call('{"name": "clock", "arguments": {,}}'), calls: [], content: call('{"name": "clock", "arguments": {,}}'), errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: '<tool_call>\n{"name": "get_weather", "argu', calls: [], content: '<tool_call>\n{"name": "get_weather", "argu', errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call('{"name": "fly", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "returns plain text as content", text: "没有工具调用。", calls: [], content: "没有工具调用。" },
  { it: "ignores calls written inside reasoning", text: `<think>maybe ${call(weather)}</think>No.`, reasoning: `maybe ${call(weather)}`, content: "No.", calls: [] },
]);

describeAgreement("ernie_x1", { exactArguments: true, textBefore: true, compose: (content, calls) => (content ? `${content}\n${calls}` : calls), fuzzPieces: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<response>", "</response>"] });
