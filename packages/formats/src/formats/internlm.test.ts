import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_current_weather", parameters: { type: "object", properties: { location: { type: "string" }, unit: { type: "string" } }, required: ["location"] } } },
  { type: "function", function: { name: "mul", parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } } } } },
];
const act = (json: string) => `<|action_start|><|plugin|>\n${json}<|action_end|>`;

describeVectors("internlm", tools, [
  { it: "reads a call after the thought text, with parameters as the arguments key", text: `Sure, I will search for the weather of Shanghai.${act('{"name": "get_current_weather", "parameters": {"location": "Shanghai"}}')}`, content: "Sure, I will search for the weather of Shanghai.", calls: [["get_current_weather", '{"location": "Shanghai"}']] },
  { it: "reads arguments spelled with the arguments key", text: act('{"name": "mul", "arguments": {"a": 8, "b": 2}}'), calls: [["mul", '{"a": 8, "b": 2}']] },
  { it: "reads two actions in one output", text: act('{"name": "mul", "parameters": {"a": 1, "b": 2}}') + act('{"name": "mul", "parameters": {"a": 3, "b": 4}}'), calls: [["mul", '{"a": 1, "b": 2}'], ["mul", '{"a": 3, "b": 4}']] },
  { it: "returns plain text as content", text: "The weather in Shanghai is 22 celsius", content: "The weather in Shanghai is 22 celsius", calls: [] },
  { it: "keeps text after the action", text: `(3+5)*2 = 8*2 =${act('{"name": "mul", "parameters": {"a": 8, "b": 2}}')}\nthen done`, content: "(3+5)*2 = 8*2 =\nthen done", calls: [["mul", '{"a": 8, "b": 2}']] },
  { it: "keeps unicode and nested parameters byte for byte", text: act('{"name":"get_current_weather","parameters":{"location":"上海","unit":{"k":["°C"]}}}'), calls: [["get_current_weather", '{"location":"上海","unit":{"k":["°C"]}}']] },
  { it: "does not end at the end marker inside a string", text: act('{"name": "get_current_weather", "parameters": {"location": "<|action_end|>}"}}'), calls: [["get_current_weather", '{"location": "<|action_end|>}"}']] },
  { it: "reads a missing parameters member as empty arguments", text: act('{"name": "mul"}'), calls: [["mul", "{}"]] },
  { it: "keeps a malformed action as content", text: act('{"name": "mul", "parameters": {"a": 8,, "b": 2}}'), content: act('{"name": "mul", "parameters": {"a": 8,, "b": 2}}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated action as content", text: '<|action_start|><|plugin|>\n{"name": "mul", "parameters": {"a"', content: '<|action_start|><|plugin|>\n{"name": "mul", "parameters": {"a"', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: act('{"name": "search", "parameters": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "keeps a lone action start marker as text", text: "see <|action_start|> docs", content: "see <|action_start|> docs", calls: [] },
]);

describeAgreement("internlm", { exactArguments: true, textBefore: true, fuzzPieces: ["<|action_start|>", "<|plugin|>", "<|action_end|>", "<|action_start|><|plugin|>"] });
