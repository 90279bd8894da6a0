import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, zip: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const D = "｜DSML｜";
const block = (...invokes: string[]) => `<${D}tool_calls>\n${invokes.join("")}</${D}tool_calls>`;
const inv = (name: string, params: string) => `<${D}invoke name="${name}">\n${params}</${D}invoke>\n`;
const p = (k: string, v: string, s = true) => `<${D}parameter name="${k}" string="${s}">${v}</${D}parameter>\n`;

describeVectors("deepseek_v4", tools, [
  { it: "reads a call after reasoning", text: `<think>I should call the tools.</think>\n\n${block(inv("get_weather", p("city", "Zürich") + p("unit", "c")))}`, reasoning: "I should call the tools.", content: null, calls: [["get_weather", { city: "Zürich", unit: "c" }]] },
  { it: "reads several invokes", text: block(inv("get_weather", p("city", "Bern")), inv("now", "")), calls: [["get_weather", { city: "Bern" }], ["now", "{}"]] },
  { it: "returns text as content", text: "<think>none</think>It is 20C.", reasoning: "none", content: "It is 20C.", calls: [] },
  { it: "keeps text before and after the block", text: `Let me check.\n\n${block(inv("now", ""))}\nok`, content: "Let me check.\n\n\nok", calls: [["now", "{}"]] },
  { it: "reads raw strings and JSON values by their string attribute", text: block(inv("search.v2-beta", p("query", 'café "best"') + p("filters", '{"tags": ["a", "b"], "max": 3}', false) + p("exact", "true", false))), calls: [["search.v2-beta", '{"query": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}, "exact": true}']] },
  { it: "keeps a string that looks like JSON a string when string is true", text: block(inv("search.v2-beta", p("zip", "123"))), calls: [["search.v2-beta", { zip: "123" }]] },
  { it: "reads an invoke without parameters", text: block(inv("now", "")), calls: [["now", "{}"]] },
  { it: "keeps unescaped markup inside a raw string", text: block(inv("search.v2-beta", p("query", `<b> & </${D}invoke> <`))), calls: [["search.v2-beta", { query: "<b> & </｜DSML｜invoke> <" }]] },
  { it: "keeps a malformed invoke as content", text: block(`<${D}invoke>\n</${D}invoke>\n`), content: block(`<${D}invoke>\n</${D}invoke>\n`), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: `<${D}tool_calls>\n<${D}invoke name="get_weather">\n<${D}parameter name="city" string="true">Zü`, content: `<${D}tool_calls>\n<${D}invoke name="get_weather">\n<${D}parameter name="city" string="true">Zü`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block(inv("nuke", "")), calls: [], errors: ["unknown_tool"] },
  { it: "ignores DSML inside reasoning", text: `<think>${block(inv("now", ""))}</think>no`, reasoning: block(inv("now", "")), content: "no", calls: [] },
]);

describeAgreement("deepseek_v4", { exactArguments: false, textBefore: true, compose: (content, calls) => (content ? `${content}\n\n${calls}` : calls), fuzzPieces: ["<｜DSML｜tool_calls>", "</｜DSML｜tool_calls>", "<｜DSML｜invoke name=\"f\">", "</｜DSML｜invoke>", "<｜DSML｜parameter", "</｜DSML｜parameter>", "<think>", "</think>"] });

describeParameterNames("deepseek_v4", { refused: ["a\"b", "\""], written: ["k y", "", "a<b>", "a'b", "a=b", "a\nb", "城市", "user-id"] });
