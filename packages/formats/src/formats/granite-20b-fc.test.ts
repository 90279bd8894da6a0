import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_current_weather", parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] } } },
  { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { tz: { type: "string" } } } } },
];

describeVectors("granite-20b-fc", tools, [
  { it: "reads a single call", text: '<function_call> {"name": "get_current_weather", "arguments": {"location": "Boston"}}', calls: [["get_current_weather", '{"location": "Boston"}']], content: null },
  { it: "reads consecutive calls, each after its own marker", text: '<function_call> {"name": "get_current_weather", "arguments": {"location": "Boston"}} <function_call> {"name": "get_time", "arguments": {"tz": "EST"}}', calls: [["get_current_weather", '{"location": "Boston"}'], ["get_time", '{"tz": "EST"}']] },
  { it: "keeps text before and after the calls", text: 'Checking.\n<function_call> {"name": "get_time", "arguments": {}}\nDone.', content: "Checking.\n\nDone.", calls: [["get_time", "{}"]] },
  { it: "returns plain text as content", text: "It is sunny.", content: "It is sunny.", calls: [] },
  { it: "keeps nested unicode arguments exactly", text: '<function_call>{"name":"get_current_weather","arguments":{"location":"São Paulo","x":[{"y":1.5e3}]}}', calls: [["get_current_weather", '{"location":"São Paulo","x":[{"y":1.5e3}]}']] },
  { it: "does not split a call at the marker inside a string", text: '<function_call> {"name": "get_time", "arguments": {"tz": "<function_call> {}"}}', calls: [["get_time", '{"tz": "<function_call> {}"}']] },
  { it: "reads empty arguments", text: '<function_call> {"name": "get_time", "arguments": {}}', calls: [["get_time", "{}"]] },
  { it: "keeps a malformed call as content and reads the next one", text: '<function_call> {"name": "get_time" "arguments": {}} <function_call> {"name": "get_time", "arguments": {}}', content: '<function_call> {"name": "get_time" "arguments": {}}', calls: [["get_time", "{}"]], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: '<function_call> {"name": "get_time", "arguments": {"tz": "E', content: '<function_call> {"name": "get_time", "arguments": {"tz": "E', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: '<function_call> {"name": "nope", "arguments": {}}', calls: [], errors: ["unknown_tool"] },
  { it: "reads arguments given as a JSON string", text: '<function_call> {"name": "get_time", "arguments": "{\\"tz\\": \\"UTC\\"}"}', calls: [["get_time", '{"tz": "UTC"}']] },
  { it: "keeps a marker at the very end as content with a truncation error", text: "ok <function_call>", content: "ok <function_call>", calls: [], errors: ["truncated_call"] },
]);

describeAgreement("granite-20b-fc", { exactArguments: true, textBefore: true, compose: (content, calls) => (content ? `${content} ${calls}` : calls), fuzzPieces: ["<function_call>", "<function_call> "] });
