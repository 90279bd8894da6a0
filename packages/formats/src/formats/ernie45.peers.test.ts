// Situations the public peers (vLLM) test for ERNIE 4.5, with our own inputs, checked against
// toolmask's rules (README, "The rules where the peers disagree"). What ernie45.test.ts already
// covers (parallel calls, `<response>` alone, malformed/truncated/unknown single calls...) is not
// repeated here.
import { describe, expect, it } from "vitest";
import { parseToolCalls } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, streamEvents, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["find_recipe", "convert_units", "set_timer"]);
const block = (json: string) => `<tool_call>\n${json}\n</tool_call>`;
const recipe = (dish: string) => block(`{"name": "find_recipe", "arguments": {"dish": "${dish}"}}`);

describePeerCases("ernie45", tools, [
  { it: "reads one call followed by the newline the model ends with", text: `${recipe("dumplings")}\n`, content: null, calls: [["find_recipe", '{"dish": "dumplings"}']] },
  // vLLM leaves "…\n</think>" in content (its reasoning parser is separate); our rule: a closing
  // tag with no opening one ends reasoning the prompt opened.
  {
    it: "reads the text before </think> as reasoning and the calls after it",
    text: `Two questions, so two lookups.\n</think>\n\n${recipe("noodles")}\n${block('{"name": "convert_units", "arguments": {"grams": 250, "to": "oz"}}')}\n`,
    content: null,
    reasoning: "Two questions, so two lookups.",
    calls: [["find_recipe", '{"dish": "noodles"}'], ["convert_units", '{"grams": 250, "to": "oz"}']],
  },
  { it: "reads a call after a reasoning block the output opens", text: `<think>\nlook it up\n</think>\n\n\n${recipe("pho")}\n`, content: null, reasoning: "look it up", calls: [["find_recipe", '{"dish": "pho"}']] },
  // vLLM drops what follows the calls; our rule keeps it as content (without the <response> tags).
  { it: "keeps an answer in <response> tags after a call, without the tags", text: `${recipe("soup")}\n<response>\nI found a soup recipe.\n</response>`, content: "I found a soup recipe.", calls: [["find_recipe", '{"dish": "soup"}']] },
  { it: "keeps a <response> answer written before a call", text: `<response>\nOne moment.</response>\n${recipe("stew")}`, content: "One moment.", calls: [["find_recipe", '{"dish": "stew"}']] },
  { it: "reads blocks written back to back on one line", text: '<tool_call>{"name": "set_timer", "arguments": {"min": 9}}</tool_call><tool_call>{"name": "set_timer", "arguments": {"min": 3}}</tool_call>', content: null, calls: [["set_timer", '{"min": 9}'], ["set_timer", '{"min": 3}']] },
  {
    it: "drops only the block that names an undeclared tool",
    text: `${recipe("curry")}\n${block('{"name": "order_delivery", "arguments": {}}')}\n${block('{"name": "set_timer", "arguments": {"min": 20}}')}`,
    content: block('{"name": "order_delivery", "arguments": {}}'),
    calls: [["find_recipe", '{"dish": "curry"}'], ["set_timer", '{"min": 20}']],
    errors: ["unknown_tool"],
  },
  // vLLM's regex needs every </tool_call>, so it reads no call at all; ours keeps the complete one.
  {
    it: "keeps a complete call when the next block is cut off",
    text: `${recipe("rice")}\n<tool_call>\n{"name": "convert_units", "arguments": {"grams"`,
    content: '<tool_call>\n{"name": "convert_units", "arguments": {"grams"',
    calls: [["find_recipe", '{"dish": "rice"}']],
    errors: ["truncated_call"],
  },
  { it: "keeps a block that never closes as content", text: '<tool_call>\n{"name": "set_timer", "arguments": {"min": 5}}\n', content: '<tool_call>\n{"name": "set_timer", "arguments": {"min": 5}}', calls: [], errors: ["truncated_call"] },
  {
    it: "keeps a block with words between the JSON and </tool_call> as content",
    text: '<tool_call>\n{"name": "set_timer", "arguments": {"min": 5}} for the eggs\n</tool_call>',
    content: '<tool_call>\n{"name": "set_timer", "arguments": {"min": 5}} for the eggs\n</tool_call>',
    calls: [],
    errors: ["malformed_call"],
  },
  { it: "keeps an empty block as content", text: "<tool_call>\n</tool_call>", content: "<tool_call>\n</tool_call>", calls: [], errors: ["malformed_call"] },
  { it: "leaves a stray closing tag in content", text: "</tool_call> nothing to run", content: "</tool_call> nothing to run", calls: [] },
  { it: "unwraps arguments the model serialized as a JSON string", text: block('{"name": "find_recipe", "arguments": "{\\"dish\\": \\"laksa\\"}"}'), content: null, calls: [["find_recipe", '{"dish": "laksa"}']] },
  { it: "reads a call without arguments as empty arguments", text: block('{"name": "set_timer"}'), content: null, calls: [["set_timer", "{}"]] },
  { it: "reads parameters as the arguments", text: block('{"name": "set_timer", "parameters": {"min": 1}}'), content: null, calls: [["set_timer", '{"min": 1}']] },
  { it: "keeps response tags inside an argument string", text: block('{"name": "find_recipe", "arguments": {"dish": "<response>tart</response>"}}'), content: null, calls: [["find_recipe", '{"dish": "<response>tart</response>"}']] },
  { it: "returns no content when only whitespace surrounds the calls", text: `\n\n${recipe("tea")}\n\n`, content: null, calls: [["find_recipe", '{"dish": "tea"}']] },
  { it: "reads a name the tools do not list when no tools are given", text: block('{"name": "order_delivery", "arguments": {"to": "home"}}'), content: null, calls: [["order_delivery", '{"to": "home"}']], options: { tools: undefined } },
]);

describe("ernie45: streaming as the peers check it", () => {
  const options = { format: "ernie45", tools, idGenerator: sequentialIds };
  const texts = [
    `${recipe("dumplings")}\n`,
    `Two lookups.\n</think>\n\n${recipe("noodles")}\n${block('{"name": "convert_units", "arguments": {"grams": 250}}')}\n`,
    `<response>\n先查一下。</response>\n${recipe("饺子")}\n<response>\n好了。\n</response>`,
    "<response>\nNo tool needed.\n</response>",
  ];
  it.each(texts)("announces names once and streams arguments that add up: %s", (text) => {
    const whole = parseToolCalls(text, options);
    for (const size of [1, 2, 3, 5, 8]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });
});
