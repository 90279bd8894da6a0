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

const call = (name: string, args: string) => `${CB}function${S}${name}\n\`\`\`json\n${args}\n\`\`\`${CE}`;
const block = (...calls: string[]) => `${B}${calls.join("\n")}${E}`;

describeVectors("deepseek_v3", tools, [
  { it: "reads a fenced call", text: block(call("get_weather", '{"city": "Zürich"}')), calls: [["get_weather", '{"city": "Zürich"}']], content: null },
  { it: "reads calls separated by newlines", text: block(call("get_weather", '{"city": "Bern"}'), call("ping", "{}")), calls: [["get_weather", '{"city": "Bern"}'], ["ping", "{}"]] },
  { it: "returns text as content", text: "It is sunny.", content: "It is sunny.", calls: [] },
  { it: "keeps text before and after the block, after R1 reasoning", text: `<think>\nCall it.\n</think>\n\nOK.${block(call("ping", "{}"))}Bye`, reasoning: "Call it.", content: "OK.Bye", calls: [["ping", "{}"]] },
  { it: "keeps nested unicode arguments exactly", text: block(call("web.search-v2", '{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}')), calls: [["web.search-v2", '{"q": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}']] },
  { it: "does not end at a fence or marker inside a string", text: block(call("web.search-v2", '{"q": "```<｜tool▁call▁end｜>"}')), calls: [["web.search-v2", '{"q": "```<｜tool▁call▁end｜>"}']] },
  { it: "reads empty arguments", text: block(call("ping", "{}")), calls: [["ping", "{}"]] },
  { it: "reads a call without the code fence", text: `${B}${CB}function${S}ping\n{}${CE}${E}`, calls: [["ping", "{}"]] },
  { it: "keeps a malformed call as content and reads the next", text: block(call("ping", "{oops}"), call("ping", "{}")), content: `${B}${call("ping", "{oops}")}`, calls: [["ping", "{}"]], errors: ["malformed_call"] },
  { it: "keeps a truncated block as content", text: `${B}${CB}function${S}get_weather\n\`\`\`json\n{"ci`, content: `${B}${CB}function${S}get_weather\n\`\`\`json\n{"ci`, calls: [], errors: ["truncated_call"] },
  { it: "keeps complete calls of a block cut before its end marker", text: `${B}${call("ping", "{}")}`, calls: [["ping", "{}"]], content: null },
  { it: "reports an undeclared function", text: block(call("format_disk", "{}")), calls: [], errors: ["unknown_tool"] },
  { it: "reads output that starts inside reasoning", text: `hmm\n</think>\n${block(call("ping", "{}"))}`, options: { reasoning: "started" }, reasoning: "hmm", calls: [["ping", "{}"]] },
]);

describeAgreement("deepseek_v3", { exactArguments: true, textBefore: true, fuzzPieces: [B, E, CB, CE, S, "```json\n", "function", "<think>", "</think>"] });
