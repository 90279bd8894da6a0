import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, zip: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const block = (...invokes: string[]) => `<minimax:tool_call>\n${invokes.join("")}</minimax:tool_call>`;
const inv = (name: string, params: string) => `<invoke name="${name}">\n${params}</invoke>\n`;
const p = (k: string, v: string) => `<parameter name="${k}">${v}</parameter>\n`;

describeVectors("minimax_m2", tools, [
  { it: "reads a call after reasoning", text: `<think>need weather</think>\n${block(inv("get_weather", p("city", "Shanghai") + p("days", "3")))}`, reasoning: "need weather", calls: [["get_weather", { city: "Shanghai", days: 3 }]], content: null },
  { it: "reads several invokes in one block", text: block(inv("get_weather", p("city", "A")), inv("now", "")), calls: [["get_weather", { city: "A" }], ["now", "{}"]] },
  { it: "returns text as content", text: "<think>no tools</think>Just text.", reasoning: "no tools", content: "Just text.", calls: [] },
  { it: "keeps text before and after the block", text: `Sure.\n${block(inv("now", ""))}\nThere.`, content: "Sure.\n\nThere.", calls: [["now", "{}"]] },
  { it: "types values and keeps unicode strings verbatim", text: block(inv("search.v2-beta", p("query", "東京 \"quoted\"") + p("filters", '{"a": [1, null]}') + p("exact", "true"))), calls: [["search.v2-beta", '{"query": "東京 \\"quoted\\"", "filters": {"a": [1, null]}, "exact": true}']] },
  { it: "reads single-quoted and unquoted names", text: "<minimax:tool_call>\n<invoke name='now'>\n</invoke>\n<invoke name=get_weather>\n<parameter name=city>Oslo</parameter>\n</invoke>\n</minimax:tool_call>", calls: [["now", "{}"], ["get_weather", { city: "Oslo" }]] },
  { it: "reads an invoke without parameters", text: block(inv("now", "")), calls: [["now", "{}"]] },
  { it: "keeps an end marker inside a value's quotes apart from the value's end", text: block(inv("search.v2-beta", p("query", "a > b </invoke>"))), calls: [["search.v2-beta", { query: "a > b </invoke>" }]] },
  { it: "keeps a malformed invoke as content", text: block("<invoke>\n</invoke>\n"), content: block("<invoke>\n</invoke>\n"), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: '<minimax:tool_call>\n<invoke name="get_weather">\n<parameter name="city">Sha', content: '<minimax:tool_call>\n<invoke name="get_weather">\n<parameter name="city">Sha', calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block(inv("explode", "")), calls: [], errors: ["unknown_tool"] },
  { it: "keeps the valid invoke when another in the block fails", text: block(inv("nope", ""), inv("now", "")), calls: [["now", "{}"]], content: '<minimax:tool_call>\n<invoke name="nope">\n</invoke>', errors: ["unknown_tool"] },
]);

describeAgreement("minimax_m2", { exactArguments: false, textBefore: true, fuzzPieces: ["<minimax:tool_call>", "</minimax:tool_call>", "<invoke name=\"f\">", "</invoke>", "<parameter name=\"a\">", "</parameter>", "<think>", "</think>"] });

describeParameterNames("minimax_m2", { refused: ["a\"b", "\""], written: ["k y", "", "a<b>", "a'b", "a=b", "a\nb", "城市", "user-id"] });
