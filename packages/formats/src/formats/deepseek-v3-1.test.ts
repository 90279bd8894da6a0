import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";


const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];
const B = "<｜tool▁calls▁begin｜>";
const E = "<｜tool▁calls▁end｜>";
const CB = "<｜tool▁call▁begin｜>";
const CE = "<｜tool▁call▁end｜>";
const S = "<｜tool▁sep｜>";

const call = (name: string, args: string) => `${CB}${name}${S}${args}${CE}`;
const block = (...calls: string[]) => `${B}${calls.join("")}${E}`;

describeVectors("deepseek_v3_1", tools, [
  { it: "reads a call with bare JSON arguments", text: block(call("get_weather", '{"city": "Zürich", "days": 1}')), calls: [["get_weather", '{"city": "Zürich", "days": 1}']], content: null },
  { it: "reads calls chained without separators", text: block(call("get_weather", '{"city": "Bern"}'), call("ping", "{}")), calls: [["get_weather", '{"city": "Bern"}'], ["ping", "{}"]] },
  { it: "returns text as content", text: "Nothing to call.", content: "Nothing to call.", calls: [] },
  { it: "keeps text before and after the block", text: `Let me check.${block(call("ping", "{}"))}\nDone.`, content: "Let me check.\nDone.", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block(call("web.search-v2", '{"q":"東京","o":{"l":[1,2,{"m":"ñ"}]}}')), calls: [["web.search-v2", '{"q":"東京","o":{"l":[1,2,{"m":"ñ"}]}}']] },
  { it: "does not end at a marker inside a string", text: block(call("web.search-v2", '{"q": "<｜tool▁call▁end｜>}{"}')), calls: [["web.search-v2", '{"q": "<｜tool▁call▁end｜>}{"}']] },
  { it: "reads empty arguments", text: block(call("ping", "{}")), calls: [["ping", "{}"]] },
  { it: "keeps a malformed call as content", text: block(call("ping", "{] ")), content: block(call("ping", "{] ")), calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated call as content", text: `${B}${CB}get_weather${S}{"city": `, content: `${B}${CB}get_weather${S}{"city":`, calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: block(call("launch", "{}")), calls: [], errors: ["unknown_tool"] },
  { it: "reads a non-thinking reply after the prompt's </think> and a thinking one started by the prompt", text: `I need the weather.</think>${block(call("ping", "{}"))}`, options: { reasoning: "started" }, reasoning: "I need the weather.", calls: [["ping", "{}"]] },
  { it: "ignores calls inside reasoning", text: `<think>${block(call("ping", "{}"))}</think>No call.`, reasoning: block(call("ping", "{}")), content: "No call.", calls: [] },
]);

describeAgreement("deepseek_v3_1", { exactArguments: true, textBefore: true, fuzzPieces: [B, E, CB, CE, S, "<think>", "</think>"] });
