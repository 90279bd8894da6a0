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
  { it: "reads the thinking model's reasoning, closed without an opening tag, then a call", text: `用户问北京天气，需要调用工具。\n</think>\n\n\n${call(weather)}\n`, reasoning: "用户问北京天气，需要调用工具。", calls: [["get_weather", '{"location": "北京", "unit": "c"}']], content: null },
  { it: "reads an answer in <response> after reasoning as content", text: "想一想。\n</think>\n\n<response>\n北京今天晴。\n</response>", reasoning: "想一想。", content: "北京今天晴。", calls: [] },
  { it: "reads parallel calls after reasoning", text: `r</think>\n${call(weather)}\n${call('{"name": "clock", "arguments": {}}')}`, reasoning: "r", calls: [["get_weather", '{"location": "北京", "unit": "c"}'], ["clock", "{}"]] },
  { it: "keeps text before a call", text: `<response>好的</response>\n${call('{"name": "clock", "arguments": {}}')}`, content: "好的", calls: [["clock", "{}"]] },
  { it: "keeps text after a call", text: `${call('{"name": "clock", "arguments": {}}')}\n<response>稍等</response>`, content: "稍等", calls: [["clock", "{}"]] },
  { it: "keeps nested unicode arguments byte for byte", text: call('{"name": "get_weather", "arguments": {"location": "上海 🌧", "opts": {"days": [1, 2]}}}'), calls: [["get_weather", '{"location": "上海 🌧", "opts": {"days": [1, 2]}}']] },
  { it: "does not end at braces or the end marker inside a string", text: call('{"name": "get_weather", "arguments": {"location": "{</tool_call>}"}}'), calls: [["get_weather", '{"location": "{</tool_call>}"}']] },
  { it: "reads empty arguments", text: call('{"name": "clock", "arguments": {}}'), calls: [["clock", "{}"]] },
  { it: "keeps a malformed call as content", text: call('{"name": "clock" "arguments": {}}'), content: call('{"name": "clock" "arguments": {}}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a call truncated by max_tokens as content", text: 'r</think>\n<tool_call>\n{"name": "get_weather", "arguments": {"loc', reasoning: "r", content: '<tool_call>\n{"name": "get_weather", "arguments": {"loc', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call('{"name": "book_flight", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "keeps reasoning cut off before </think> as reasoning when the prompt opened it", text: "还在思考", options: { reasoning: "started" }, reasoning: "还在思考", content: null, calls: [] },
]);

describeAgreement("ernie_x1", { exactArguments: true, textBefore: true, compose: (content, calls) => (content ? `${content}\n${calls}` : calls), fuzzPieces: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<response>", "</response>"] });
