import { describe, expect, it } from "vitest";
import { parseToolCalls } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, streamEvents, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["lookup_stock", "ping", "find_docs", "set_alarm"]);

describePeerCases("hermes", tools, [
  { it: "passes plain text through as content", text: "Nothing to call here, just an answer.", content: "Nothing to call here, just an answer.", calls: [] },
  { it: "reads a call with a boolean argument on its own lines", text: '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": false}}\n</tool_call>', content: null, calls: [["set_alarm", '{"armed": false}']] },
  {
    it: "keeps arguments that span lines byte for byte",
    text: '<tool_call>\n{"name": "lookup_stock",\n"arguments": {"ticker":\n"ACME Holdings, Ltd.", "venue": "nyse"}}\n</tool_call>',
    content: null,
    calls: [["lookup_stock", '{"ticker":\n"ACME Holdings, Ltd.", "venue": "nyse"}']],
  },
  { it: "keeps text written right before the tag", text: 'One moment, searching.<tool_call>{"name": "find_docs", "arguments": {"q": "otters"}}</tool_call>', content: "One moment, searching.", calls: [["find_docs", '{"q": "otters"}']] },
  {
    it: "reads blocks written back to back",
    text: '<tool_call>{"name": "find_docs", "arguments": {"q": "owls"}}</tool_call><tool_call>{"name": "find_docs", "arguments": {"q": "larks"}}</tool_call>',
    content: null,
    calls: [["find_docs", '{"q": "owls"}'], ["find_docs", '{"q": "larks"}']],
  },
  // vLLM accepts a block the output ends in (up to EOS); our rule: a call without its closing marker is truncated.
  { it: "withdraws a block that never closes", text: '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": true}}', content: '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": true}}', calls: [], errors: ["truncated_call"] },
  { it: "withdraws a block whose JSON is missing its last brace", text: '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": true}', content: '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": true}', calls: [], errors: ["truncated_call"] },
  {
    it: "unwraps arguments the model serialized as a JSON string",
    text: '<tool_call>\n{"name": "lookup_stock", "arguments": "{\\"ticker\\": \\"QRS\\", \\"n\\": 2}"}\n</tool_call>',
    content: null,
    calls: [["lookup_stock", '{"ticker": "QRS", "n": 2}']],
  },
  // vLLM passes a bare string through as the arguments; ours must be an object, so the call is malformed.
  { it: "does not take a string that holds no object as arguments", text: '<tool_call>\n{"name": "ping", "arguments": "loudly"}\n</tool_call>', content: '<tool_call>\n{"name": "ping", "arguments": "loudly"}\n</tool_call>', calls: [], errors: ["malformed_call"] },
  {
    it: "keeps later blocks after a malformed one",
    text: '<tool_call>\n{"name": "ping", "arguments": "loudly"}\n</tool_call> retrying <tool_call>{"name": "ping", "arguments": {}}</tool_call>',
    content: '<tool_call>\n{"name": "ping", "arguments": "loudly"}\n</tool_call> retrying',
    calls: [["ping", "{}"]],
    errors: ["malformed_call"],
  },
  { it: "keeps unicode in arguments and text after the call", text: '<tool_call>\n{"name": "find_docs", "arguments": {"q": "crème brûlée 🍮 大阪"}}\n</tool_call>\nThat is all.', content: "That is all.", calls: [["find_docs", '{"q": "crème brûlée 🍮 大阪"}']] },
  { it: "reads a call after a reasoning block", text: "<think>\nThe user wants a ping.\n</think>\n\n<tool_call>\n{\"name\": \"ping\", \"arguments\": {}}\n</tool_call>", content: null, reasoning: "The user wants a ping.", calls: [["ping", "{}"]] },
  { it: "keeps a complete call when a second block opens at the end", text: '<tool_call>\n{"name": "ping", "arguments": {}}\n</tool_call>\n<tool_call>', content: "<tool_call>", calls: [["ping", "{}"]], errors: ["truncated_call"] },
  { it: "ignores members other than name and arguments", text: '<tool_call>\n{"type": "function", "name": "ping", "arguments": {"n": 3}, "id": "x1"}\n</tool_call>', content: null, calls: [["ping", '{"n": 3}']] },
  { it: "does not take null as arguments", text: '<tool_call>\n{"name": "ping", "arguments": null}\n</tool_call>', content: '<tool_call>\n{"name": "ping", "arguments": null}\n</tool_call>', calls: [], errors: ["malformed_call"] },
  { it: "leaves a stray closing tag in content", text: "</tool_call> left over", content: "</tool_call> left over", calls: [] },
  {
    it: "drops only the block that names an undeclared tool",
    text: '<tool_call>\n{"name": "ping", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "format_disk", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "ping", "arguments": {"n": 2}}\n</tool_call>',
    content: '<tool_call>\n{"name": "format_disk", "arguments": {}}\n</tool_call>',
    calls: [["ping", "{}"], ["ping", '{"n": 2}']],
    errors: ["unknown_tool"],
  },
  { it: "reads a name the tools do not list when no tools are given", text: '<tool_call>{"name": "format_disk", "arguments": {"drive": "z"}}</tool_call>', content: null, calls: [["format_disk", '{"drive": "z"}']], options: { tools: undefined } },
]);

describe("hermes: streaming as the peers check it", () => {
  const options = { format: "hermes", tools, idGenerator: sequentialIds, reasoning: false as const };
  const texts = [
    '<tool_call>{"name": "lookup_stock", "arguments": {"ticker": "ACME", "venue": "lse"}}</tool_call>',
    'Let me look that up.<tool_call>{"name": "find_docs", "arguments": {"q": "pandas"}}</tool_call>',
    '<tool_call>{"name": "find_docs", "arguments": {"q": "one"}}</tool_call><tool_call>{"name": "find_docs", "arguments": {"q": "two"}}</tool_call>',
    '<tool_call>\n{"name": "set_alarm", "arguments": {"armed": true}}\n</tool_call>',
    '<tool_call>{"name": "lookup_stock", "arguments": "{\\"ticker\\": \\"QRS\\"}"}</tool_call>',
    "Only words stream here, nothing else.",
  ];
  it.each(texts)("announces names once and streams arguments that add up: %s", (text) => {
    const whole = parseToolCalls(text, options);
    for (const size of [1, 2, 3, 5, 8]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });
});
