// Situations the public peers (vLLM) test for Granite-20B-FunctionCalling, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree"). What
// granite-20b-fc.test.ts already covers (one call, calls after a space, text around, marker
// inside a string, a malformed call then a good one...) is not repeated here.
import { describe, expect, it } from "vitest";
import { parseToolCalls } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, streamEvents, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["lookup_flight", "book_seat", "ping"]);
const fc = (json: string) => `<function_call> ${json}`;

const typed = `<function_call> {
  "name": "book_seat",
  "arguments": {
    "side": "aisle",
    "row": 17,
    "price": 89.95,
    "upgrade": false,
    "meal": null,
    "bags": ["cabin", "hold"],
    "traveller": {"first": "Ines"},
    "notes": [],
    "prefs": {}
  }
}`;

describePeerCases("granite-20b-fc", tools, [
  {
    it: "reads calls written on separate lines",
    text: `${fc('{"name": "lookup_flight", "arguments": {"code": "AF 1234"}}')}\n${fc('{"name": "book_seat", "arguments": {"row": 3}}')}`,
    content: null,
    calls: [["lookup_flight", '{"code": "AF 1234"}'], ["book_seat", '{"row": 3}']],
  },
  {
    it: "keeps pretty-printed arguments of every JSON type byte for byte",
    text: typed,
    content: null,
    calls: [["book_seat", '{\n    "side": "aisle",\n    "row": 17,\n    "price": 89.95,\n    "upgrade": false,\n    "meal": null,\n    "bags": ["cabin", "hold"],\n    "traveller": {"first": "Ines"},\n    "notes": [],\n    "prefs": {}\n  }']],
  },
  {
    it: "keeps escaped quotes, backslashes, newlines and emoji as written",
    text: fc('{"name": "ping", "arguments": {"say": "she said \\"hi\\"", "dir": "E:\\\\logs\\\\x.txt", "two": "a\\nb", "icon": "🛫"}}'),
    content: null,
    calls: [["ping", '{"say": "she said \\"hi\\"", "dir": "E:\\\\logs\\\\x.txt", "two": "a\\nb", "icon": "🛫"}']],
  },
  { it: "reads a marker and JSON on different lines with blank lines between calls", text: '<function_call>\n{"name": "ping", "arguments": {}}\n\n<function_call>\n{"name": "ping", "arguments": {"n": [1,2]}}\n', content: null, calls: [["ping", "{}"], ["ping", '{"n": [1,2]}']] },
  { it: "reads spaces around every token of the call object", text: '<function_call>   \n  {"name" :  "ping" , "arguments" : { "n" : 1 } }', content: null, calls: [["ping", '{ "n" : 1 }']] },
  { it: "reads arguments written before the name", text: fc('{"arguments": {"code": "BA 7"}, "name": "lookup_flight"}'), content: null, calls: [["lookup_flight", '{"code": "BA 7"}']] },
  // vLLM fails the whole output on a call without "arguments" (KeyError); our rule: a missing arguments member is {}.
  { it: "reads a call without arguments as empty arguments", text: fc('{"name": "ping"}'), content: null, calls: [["ping", "{}"]] },
  { it: "reads parameters as the arguments", text: fc('{"name": "ping", "parameters": {"n": 4}}'), content: null, calls: [["ping", '{"n": 4}']] },
  { it: "ignores members other than name and arguments", text: fc('{"type": "function", "name": "ping", "arguments": {"n": 2}, "id": "x9"}'), content: null, calls: [["ping", '{"n": 2}']] },
  // vLLM ignores what follows a call's JSON; our rule keeps it as content.
  {
    it: "keeps text after a call and between calls",
    text: `${fc('{"name": "ping", "arguments": {}}')} then {maybe} ${fc('{"name": "ping", "arguments": {"n": 1}}')}\nAll done.`,
    content: "then {maybe} \nAll done.",
    calls: [["ping", "{}"], ["ping", '{"n": 1}']],
  },
  { it: "keeps an extra closing brace after a call as content", text: fc('{"name": "ping", "arguments": {}}}'), content: "}", calls: [["ping", "{}"]] },
  { it: "returns no content when only whitespace surrounds the call", text: `  \n${fc('{"name": "ping", "arguments": {}}')}  \n `, content: null, calls: [["ping", "{}"]] },
  { it: "does not read a call object written without the marker", text: '{"name": "ping", "arguments": {}}', content: '{"name": "ping", "arguments": {}}', calls: [] },
  // vLLM's JSON decode fails on a list (it needs an object), so the output stays content; we read
  // an array of calls after the marker as those calls (shared with the other tagged-JSON formats).
  {
    it: "reads an array of calls after one marker",
    text: '<function_call> [{"name": "ping", "arguments": {"n": 1}}, {"name": "lookup_flight", "arguments": {"code": "LX 8"}}]',
    content: null,
    calls: [["ping", '{"n": 1}'], ["lookup_flight", '{"code": "LX 8"}']],
  },
  { it: "keeps a call whose name is not a string as content", text: fc('{"name": 7}'), content: fc('{"name": 7}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a call whose arguments are null as content", text: fc('{"name": "ping", "arguments": null}'), content: fc('{"name": "ping", "arguments": null}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a call whose arguments are an array as content", text: fc('{"name": "ping", "arguments": [1]}'), content: fc('{"name": "ping", "arguments": [1]}'), calls: [], errors: ["malformed_call"] },
  { it: "keeps a marker followed by prose as content", text: "<function_call> I cannot book that flight.", content: "<function_call> I cannot book that flight.", calls: [], errors: ["malformed_call"] },
  { it: "keeps a doubled marker as content and reads the call after it", text: '<function_call> <function_call> {"name": "ping", "arguments": {}}', content: "<function_call>", calls: [["ping", "{}"]], errors: ["malformed_call"] },
  { it: "keeps a call cut off right after its opening brace as content", text: '<function_call> {"name": "ping", "arguments": {', content: '<function_call> {"name": "ping", "arguments": {', calls: [], errors: ["truncated_call"] },
  // vLLM's decode of the cut-off call fails, which drops every call; ours keeps the complete one.
  {
    it: "keeps a complete call when the next one is cut off",
    text: `${fc('{"name": "lookup_flight", "arguments": {"code": "KL 2"}}')}\n<function_call> {"name": "book_seat", "argu`,
    content: '<function_call> {"name": "book_seat", "argu',
    calls: [["lookup_flight", '{"code": "KL 2"}']],
    errors: ["truncated_call"],
  },
  // vLLM does not check names; our rule: an undeclared name is not a call, and the others are kept.
  {
    it: "drops only the call that names an undeclared tool",
    text: `${fc('{"name": "ping", "arguments": {}}')} ${fc('{"name": "cancel_all", "arguments": {}}')} ${fc('{"name": "ping", "arguments": {"n": 3}}')}`,
    content: fc('{"name": "cancel_all", "arguments": {}}'),
    calls: [["ping", "{}"], ["ping", '{"n": 3}']],
    errors: ["unknown_tool"],
  },
  { it: "reads a name the tools do not list when no tools are given", text: fc('{"name": "cancel_all", "arguments": {"why": "storm"}}'), content: null, calls: [["cancel_all", '{"why": "storm"}']], options: { tools: undefined } },
  { it: "leaves think tags in content, as the model has no reasoning block", text: `<think>hmm</think>${fc('{"name": "ping", "arguments": {}}')}`, content: "<think>hmm</think>", calls: [["ping", "{}"]] },
]);

describe("granite-20b-fc: streaming as the peers check it", () => {
  const options = { format: "granite-20b-fc", tools, idGenerator: sequentialIds };
  const texts = [
    fc('{"name": "lookup_flight", "arguments": {"code": "AF 1234"}}'),
    `${fc('{"name": "lookup_flight", "arguments": {"code": "AF 1234"}}')}\n${fc('{"name": "book_seat", "arguments": {"row": 3}}')}`,
    `Let me look.\n${fc('{"name": "ping", "arguments": {"n": 1}}')}`,
    typed,
    "No call in this reply.",
  ];
  it.each(texts)("announces names once and streams arguments that add up: %s", (text) => {
    const whole = parseToolCalls(text, options);
    for (const size of [1, 2, 3, 5, 8]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });
});

describe("granite-20b-fc: ids", () => {
  it("gives each of several calls its own id", () => {
    const r = parseToolCalls(`${fc('{"name": "ping", "arguments": {}}')}\n${fc('{"name": "ping", "arguments": {}}')}`, { format: "granite-20b-fc", tools });
    expect(r.toolCalls).toHaveLength(2);
    expect(new Set(r.toolCalls.map((c) => c.id)).size).toBe(2);
  });
});
