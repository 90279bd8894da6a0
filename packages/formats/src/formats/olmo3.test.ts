import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, metric: { type: "string", enum: ["celsius", "fahrenheit"] }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "set_flags", parameters: { type: "object", properties: { on: { type: "boolean" }, tags: { type: "array", items: { type: "string" } }, opts: { type: "object" }, note: { type: ["string", "null"] } } } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const block = (...calls: string[]) => `<function_calls>\n${calls.join("\n")}\n</function_calls>`;

describeVectors("olmo3", tools, [
  { it: "reads a single call", text: block("get_weather(city='Paris')"), calls: [["get_weather", { city: "Paris" }]], content: null },
  { it: "reads one call per line", text: block("get_weather(city='Paris', days=2)", "now()"), calls: [["get_weather", { city: "Paris", days: 2 }], ["now", "{}"]] },
  { it: "returns text as content", text: "Sure, here is a poem.", content: "Sure, here is a poem.", calls: [] },
  { it: "keeps text before and after the block, after reasoning", text: `<think>need time</think>Let me look.\n${block("now()")}\nOK`, reasoning: "need time", content: "Let me look.\n\nOK", calls: [["now", "{}"]] },
  { it: "reads JSON keywords and nested literals", text: block("set_flags(on=true, opts={\"a\": null, \"b\": [1, 2]}, note=None)"), calls: [["set_flags", { on: true, opts: { a: null, b: [1, 2] }, note: null }]] },
  { it: "reads unicode strings and the end marker inside a string", text: block("web.search-v2(q=\"</function_calls> ü 中\")"), calls: [["web.search-v2", { q: "</function_calls> ü 中" }]] },
  { it: "reads a call without arguments", text: block("now()"), calls: [["now", "{}"]] },
  { it: "keeps a malformed block as content", text: block("get_weather(city=)"), content: block("get_weather(city=)"), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: "<function_calls>\nget_weather(city='Pa", content: "<function_calls>\nget_weather(city='Pa", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block("shell(cmd='ls')"), calls: [], errors: ["unknown_tool"] },
  { it: "keeps the complete calls of a block cut before its end", text: "<function_calls>\nnow()\n", calls: [["now", "{}"]], content: null },
  { it: "ignores calls inside reasoning", text: `<think>${block("now()")}</think>Nope`, reasoning: block("now()"), content: "Nope", calls: [] },
]);

describeAgreement("olmo3", { exactArguments: false, textBefore: true, compose: (content, calls) => (content ? `${content}\n${calls}` : calls), fuzzPieces: ["<function_calls>", "</function_calls>", "(", ")", "=", "'", "\n", "<think>", "</think>"] });

describeParameterNames("olmo3", { refused: ["user-id", "a.b", "$x", "k y", "", "1x", "a=b", "😀", "ﬁle"], written: ["城市", "é_1", "𐐀", "_", "from", "camelCase"] });
