import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search.v2-beta", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object" }, exact: { type: "boolean" }, zip: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

const call = (name: string, params: string) => `<seed:tool_call>\n<function=${name}>\n${params}</function>\n</seed:tool_call>`;
const p = (k: string, v: string) => `<parameter=${k}>${v}</parameter>\n`;

describeVectors("seed_oss", tools, [
  { it: "reads a call after reasoning", text: `<seed:think>short</seed:think>Reading it.\n${call("get_weather", p("city", "Barcelona, Spain") + p("days", "12"))}`, reasoning: "short", content: "Reading it.", calls: [["get_weather", { city: "Barcelona, Spain", days: 12 }]] },
  { it: "reads parallel calls", text: `${call("get_weather", p("city", "NYC"))}\n${call("now", "")}`, calls: [["get_weather", { city: "NYC" }], ["now", "{}"]] },
  { it: "returns text as content", text: "<seed:think>nothing to do</seed:think>Hello.", reasoning: "nothing to do", content: "Hello.", calls: [] },
  { it: "keeps text after the calls", text: `${call("now", "")}\nDone.`, content: "Done.", calls: [["now", "{}"]] },
  { it: "keeps multi-line unicode values verbatim", text: call("search.v2-beta", p("query", "This is the value\nthat can span\nmultiple lines ✓")), calls: [["search.v2-beta", { query: "This is the value\nthat can span\nmultiple lines ✓" }]] },
  { it: "types values by the schema, objects as JSON", text: call("search.v2-beta", p("filters", '{"tags": ["a"], "max": 3}') + p("exact", "false") + p("zip", "02139")), calls: [["search.v2-beta", '{"filters": {"tags": ["a"], "max": 3}, "exact": false, "zip": "02139"}']] },
  { it: "reads a call without parameters", text: call("now", ""), calls: [["now", "{}"]] },
  { it: "keeps markup-like text inside a value", text: call("search.v2-beta", p("query", "<b>x</b> <seed:tool_call>")), calls: [["search.v2-beta", { query: "<b>x</b> <seed:tool_call>" }]] },
  { it: "keeps a malformed call as content", text: "<seed:tool_call>\n<function=now>\n<param>x</param>\n</function>\n</seed:tool_call>", content: "<seed:tool_call>\n<function=now>\n<param>x</param>\n</function>\n</seed:tool_call>", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: "<seed:tool_call>\n<function=get_weather>\n<parameter=city>Par", content: "<seed:tool_call>\n<function=get_weather>\n<parameter=city>Par", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: call("sudo", ""), calls: [], errors: ["unknown_tool"] },
  { it: "reads output that starts inside reasoning", text: `plan first</seed:think>\n${call("now", "")}`, options: { reasoning: "started" }, reasoning: "plan first", calls: [["now", "{}"]] },
]);

describeAgreement("seed_oss", { exactArguments: false, textBefore: true, compose: (content, calls) => (content ? `${content}\n${calls}` : calls), fuzzPieces: ["<seed:tool_call>", "</seed:tool_call>", "<function=", "</function>", "<parameter=", "</parameter>", "<seed:think>", "</seed:think>"] });

describeParameterNames("seed_oss", { refused: ["k y", "", " k", "a<b", "a>b", "a\nb", "a\tb", "</parameter>"], written: ["user-id", "a.b", "$x", "城市", "a\"b", "a=b", "a/b", "x y"] });
