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

describeVectors("llama4_pythonic", tools, [
  { it: "reads a bare list", text: '[get_weather(city="San Francisco"), get_weather(city="Seattle")]', calls: [["get_weather", { city: "San Francisco" }], ["get_weather", { city: "Seattle" }]], content: null },
  { it: "reads a list between <|python_start|> and <|python_end|>", text: '<|python_start|>[get_weather(city="Paris")]<|python_end|>', calls: [["get_weather", { city: "Paris" }]], content: null },
  { it: "reads a list after <|python_start|> without the end marker", text: "<|python_start|>[now()]", calls: [["now", "{}"]] },
  { it: "returns text as content", text: "The capital of France is Paris.", content: "The capital of France is Paris.", calls: [] },
  { it: "keeps text after the calls", text: '[now()] and then "more"', content: 'and then "more"', calls: [["now", "{}"]] },
  { it: "reads nested lists and dicts", text: "[set_flags(tags=[\"x\", 'y'], opts={\"a\": [1, [2, 3]], 'b': {'c': False}})]", calls: [["set_flags", { tags: ["x", "y"], opts: { a: [1, [2, 3]], b: { c: false } } }]] },
  { it: "reads parentheses and the end marker inside strings", text: "[web.search-v2(q=\"f(x) <|python_end|> ]\")]", calls: [["web.search-v2", { q: "f(x) <|python_end|> ]" }]] },
  { it: "reads a call without arguments", text: "[now()]", calls: [["now", "{}"]] },
  { it: "keeps a malformed list as content", text: "[get_weather(city='Paris',,)]", content: "[get_weather(city='Paris',,)]", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated list as content", text: "<|python_start|>[get_weather(city=", content: "<|python_start|>[get_weather(city=", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: "[exec(code='x')]", calls: [], errors: ["unknown_tool"] },
  { it: "keeps <|python_start|> followed by text as content", text: "<|python_start|>print(1)", content: "<|python_start|>print(1)", calls: [] },
]);

describeAgreement("llama4_pythonic", { exactArguments: false, textBefore: false, fuzzPieces: ["<|python_start|>", "<|python_end|>", "[", "]", "(", ")", "=", "'"] });

describeParameterNames("llama4_pythonic", { refused: ["user-id", "a.b", "$x", "k y", "", "1x", "a=b", "😀", "ﬁle"], written: ["城市", "é_1", "𐐀", "_", "from", "camelCase"] });
