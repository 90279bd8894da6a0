import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, zip: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const B = "<｜tool_calls_begin｜>";
const E = "<｜tool_calls_end｜>";
const call = (name: string, params: string) => `<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name="${name}">${params}</steptml:invoke><｜tool_call_end｜>`;
const p = (k: string, v: string) => `<steptml:parameter name="${k}">${v}</steptml:parameter>`;

describeVectors("step3", tools, [
  { it: "reads a call after reasoning", text: `<think>call</think>${B}${call("get_weather", p("city", "Beijing") + p("days", "2"))}${E}`, reasoning: "call", calls: [["get_weather", { city: "Beijing", days: 2 }]], content: null },
  { it: "reads several calls in a block", text: `${B}${call("get_weather", p("city", "A"))}${call("now", "")}${E}`, calls: [["get_weather", { city: "A" }], ["now", "{}"]] },
  { it: "returns text as content", text: "Hello", content: "Hello", calls: [] },
  { it: "keeps text before and after the block", text: `Sure. ${B}${call("now", "")}${E} Done.`, content: "Sure.  Done.", calls: [["now", "{}"]] },
  { it: "types values by the schema and keeps unicode strings", text: `${B}${call("search.v2-beta", p("query", "日本 & <x>") + p("exact", "false") + p("filters", '{"k": [1]}'))}${E}`, calls: [["search.v2-beta", '{"query": "日本 & <x>", "exact": false, "filters": {"k": [1]}}']] },
  { it: "reads a call without parameters", text: `${B}${call("now", "")}${E}`, calls: [["now", "{}"]] },
  { it: "reads calls separated by newlines", text: `${B}\n${call("now", "")}\n${call("now", "")}\n${E}`, calls: [["now", "{}"], ["now", "{}"]] },
  { it: "keeps a malformed call as content", text: `${B}<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke>x</steptml:invoke><｜tool_call_end｜>${E}`, content: `${B}<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke>x</steptml:invoke><｜tool_call_end｜>${E}`, calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: `${B}<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name="now">`, content: `${B}<｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name="now">`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: `${B}${call("shell", "")}${E}`, calls: [], errors: ["unknown_tool"] },
  { it: "keeps an end marker inside a value apart from the call's end", text: `${B}${call("search.v2-beta", p("query", "<｜tool_call_end｜>"))}${E}`, calls: [["search.v2-beta", { query: "<｜tool_call_end｜>" }]] },
  { it: "keeps complete calls of a block cut before its end marker", text: `${B}${call("now", "")}`, calls: [["now", "{}"]], content: null },
]);

describeAgreement("step3", { exactArguments: false, textBefore: true, fuzzPieces: [B, E, "<｜tool_call_begin｜>", "<｜tool_call_end｜>", "<｜tool_sep｜>", "<steptml:invoke name=\"f\">", "</steptml:invoke>", "<steptml:parameter name=\"a\">", "</steptml:parameter>", "<think>", "</think>"] });

describeParameterNames("step3", { refused: ["a\"b", "\""], written: ["k y", "", "a<b>", "a'b", "a=b", "a\nb", "城市", "user-id"] });
