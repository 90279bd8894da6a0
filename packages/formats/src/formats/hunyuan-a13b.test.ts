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

describeVectors("hunyuan_a13b", tools, [
  { it: "reads a call after reasoning", text: `<think>\n用户想知道天气。\n</think>\n<answer>\n${block(W)}\n</answer>`, reasoning: "用户想知道天气。", content: "<answer>\n\n</answer>", calls: [["get_weather", '{"city": "Paris"}']] },
  { it: "reads parallel calls", text: block(W, P), calls: [["get_weather", '{"city": "Paris"}'], ["ping", "{}"]] },
  { it: "returns an answer without calls as content", text: "<think>easy</think>\n<answer>\n42\n</answer>", reasoning: "easy", content: "<answer>\n42\n</answer>", calls: [] },
  { it: "keeps text before and after the block", text: `好的。${block(P)}完成。`, content: "好的。完成。", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block('{"name":"get_weather","arguments":{"city":"深圳","meta":{"k":[1,"二"]}}}'), calls: [["get_weather", '{"city":"深圳","meta":{"k":[1,"二"]}}']] },
  { it: "does not end at the end marker inside a string", text: block('{"name": "web.search-v2", "arguments": {"q": "a</tool_calls>b]"}}'), calls: [["web.search-v2", '{"q": "a</tool_calls>b]"}']] },
  { it: "reads empty arguments", text: block('{"name": "ping", "arguments": {}}'), calls: [["ping", "{}"]] },
  { it: "keeps a malformed block as content", text: "<tool_calls>[{name: ping}]</tool_calls>", content: "<tool_calls>[{name: ping}]</tool_calls>", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: `<tool_calls>[${P}`, content: `<tool_calls>[${P}`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block('{"name": "fly", "arguments": {}}'), calls: [], errors: ["unknown_tool"] },
  { it: "reads output that starts inside reasoning", text: `thinking...\n</think>\n${block(P)}`, options: { reasoning: "started" }, reasoning: "thinking...", calls: [["ping", "{}"]] },
  { it: "reads the arguments member before the name", text: block('{"arguments": {"city": "Lima"}, "name": "get_weather"}'), calls: [["get_weather", '{"city": "Lima"}']] },
]);

describeAgreement("hunyuan_a13b", { exactArguments: true, textBefore: true, fuzzPieces: ["<tool_calls>", "</tool_calls>", "<think>", "</think>", "<answer>"] });
