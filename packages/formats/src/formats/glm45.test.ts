import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, zip: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const g = "\n";
const call = (name: string, params: string) => `<tool_call>${name}${g}${params}</tool_call>`;
const p = (k: string, v: string) => `<arg_key>${k}</arg_key>${g}<arg_value>${v}</arg_value>${g}`;

describeVectors("glm45", tools, [
  { it: "reads a call after reasoning", text: `<think>I should call the tools.</think>${g}${call("get_weather", p("city", "Zürich") + p("unit", "c"))}`, reasoning: "I should call the tools.", content: null, calls: [["get_weather", { city: "Zürich", unit: "c" }]] },
  { it: "reads parallel calls", text: `${call("get_weather", p("city", "Bern"))}${g}${call("now", "")}`, calls: [["get_weather", { city: "Bern" }], ["now", "{}"]] },
  { it: "returns text as content", text: "Das Wetter ist gut.", content: "Das Wetter ist gut.", calls: [] },
  { it: "keeps text before and after the calls", text: `Checking.\n${call("now", "")}\nok`, content: "Checking.\n\nok", calls: [["now", "{}"]] },
  { it: "keeps whitespace of string values and types the rest", text: call("search.v2-beta", p("query", "  two  spaces\n") + p("filters", '{"tags": ["a", "b"], "max": 3}') + p("exact", "true") + p("zip", "123_456")), calls: [["search.v2-beta", '{"query": "  two  spaces\\n", "filters": {"tags": ["a", "b"], "max": 3}, "exact": true, "zip": "123_456"}']] },
  { it: "keeps quotes and markup inside a value", text: call("search.v2-beta", p("query", 'café "best" <tool_call>')), calls: [["search.v2-beta", { query: 'café "best" <tool_call>' }]] },
  { it: "reads a call without arguments", text: call("now", ""), calls: [["now", "{}"]] },
  { it: "reads either whitespace convention", text: "<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Rome</arg_value>\n</tool_call><tool_call>now</tool_call>", calls: [["get_weather", { city: "Rome" }], ["now", "{}"]] },
  { it: "keeps a malformed call as content", text: "<tool_call>now<arg_value>x</arg_value></tool_call>", content: "<tool_call>now<arg_value>x</arg_value></tool_call>", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: "<tool_call>get_weather<arg_key>city</arg_key><arg_value>Ro", content: "<tool_call>get_weather<arg_key>city</arg_key><arg_value>Ro", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call("rm", ""), calls: [], errors: ["unknown_tool"] },
  { it: "reads output that starts inside reasoning", text: `plan</think>${call("now", "")}`, options: { reasoning: "started" }, reasoning: "plan", calls: [["now", "{}"]] },
]);

describeAgreement("glm45", { exactArguments: false, textBefore: true, fuzzPieces: ["<tool_call>", "</tool_call>", "<arg_key>", "</arg_key>", "<arg_value>", "</arg_value>", "<think>", "</think>"] });

describeParameterNames("glm45", { refused: [" k", "k ", "\nk", "a</arg_key>b"], written: ["k y", "", "a<b>", "a\"b", "a\nb", "城市", "a=b", "user-id"] });
