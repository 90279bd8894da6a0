import { describe, expect, it } from "vitest";
import { parseToolCalls } from "../api.js";
import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["sum_up", "weather_now", "age_of", "run_shell", "mul"]);

describePeerCases("mistral", tools, [
  { it: "passes text without the marker through", text: "Just a sentence.", content: "Just a sentence.", calls: [] },
  { it: "reads a JSON array right after [TOOL_CALLS]", text: '[TOOL_CALLS][{"name": "sum_up", "arguments":{"x": 2.5, "y": 8}}]', content: null, calls: [["sum_up", '{"x": 2.5, "y": 8}']] },
  { it: "reads the array after a space", text: '[TOOL_CALLS] [{"name": "weather_now", "arguments":{"town": "Lyon", "unit": "c"}}]', content: null, calls: [["weather_now", '{"town": "Lyon", "unit": "c"}']] },
  { it: "reads arguments written before the name", text: '[TOOL_CALLS] [{"arguments":{"town": "Lyon"}, "name": "weather_now"}]', content: null, calls: [["weather_now", '{"town": "Lyon"}']] },
  { it: "does not take a name member inside the arguments as the function name", text: '[TOOL_CALLS] [{"arguments":{"name": "Ada L."}, "name": "age_of"}]', content: null, calls: [["age_of", '{"name": "Ada L."}']] },
  { it: "reads spaces around every token of the array", text: '[TOOL_CALLS]  [ {"name":"sum_up" , "arguments" : {"x": 1, "y": 2} } ]', content: null, calls: [["sum_up", '{"x": 1, "y": 2}']] },
  { it: "keeps text before the marker", text: 'Sure thing[TOOL_CALLS] [{"name": "sum_up", "arguments":{"x": 1, "y": 2}}]', content: "Sure thing", calls: [["sum_up", '{"x": 1, "y": 2}']] },
  // vLLM drops trailing text in one path and streams it in another; our rule keeps it as content.
  { it: "keeps text after the array", text: '[TOOL_CALLS] [{"name": "weather_now", "arguments":{"town": "Oslo"}}]\nsome words after', content: "some words after", calls: [["weather_now", '{"town": "Oslo"}']] },
  { it: "reads several calls in one array", text: '[TOOL_CALLS] [{"name": "sum_up", "arguments": {"x": 1}}, {"name": "weather_now", "arguments":{"town": "Rome"}}]', content: null, calls: [["sum_up", '{"x": 1}'], ["weather_now", '{"town": "Rome"}']] },
  // vLLM refuses a second [TOOL_CALLS] in the array spelling; we read each block.
  { it: "reads a second [TOOL_CALLS] array", text: '[TOOL_CALLS] [{"name": "sum_up", "arguments":{"x": 1}}][TOOL_CALLS] [{"name": "mul", "arguments":{"y": 2}}]', content: null, calls: [["sum_up", '{"x": 1}'], ["mul", '{"y": 2}']] },
  // vLLM's regex fallback digs the array out of the junk; ours: a malformed call is content.
  { it: "does not dig an array out of junk after the marker", text: '[TOOL_CALLS]  junk [{"name": "sum_up", "arguments":{"x": 1}}] tail', content: '[TOOL_CALLS]  junk [{"name": "sum_up", "arguments":{"x": 1}}] tail', calls: [], errors: ["unknown_tool"] },
  { it: "keeps the marker with words after it as content", text: "[TOOL_CALLS] plainly not json", content: "[TOOL_CALLS] plainly not json", calls: [], errors: ["malformed_call"], options: { tools: undefined } },
  { it: "reads the v11 name-then-JSON spelling", text: '[TOOL_CALLS]sum_up{"x": 3.5, "y": 4}', content: null, calls: [["sum_up", '{"x": 3.5, "y": 4}']] },
  { it: "reads several v11 calls", text: '[TOOL_CALLS]sum_up{"x": 3.5, "y": 4}[TOOL_CALLS]mul{"x": 3, "y": 6}', content: null, calls: [["sum_up", '{"x": 3.5, "y": 4}'], ["mul", '{"x": 3, "y": 6}']] },
  {
    it: "reads a v11 call after text holding a brace, with code in the arguments",
    text: 'ab{cd[TOOL_CALLS]run_shell{"cmd": "say(\\"good day\\")\\nre.sub(r\'{}\', x)"}',
    content: "ab{cd",
    calls: [["run_shell", '{"cmd": "say(\\"good day\\")\\nre.sub(r\'{}\', x)"}']],
  },
  // vLLM streams the partial arguments of a cut-off call; ours: a truncated call is content.
  { it: "withdraws a v11 call cut off inside its arguments", text: 'ab{cd[TOOL_CALLS]run_shell{"cmd": "say(\\"good', content: 'ab{cd[TOOL_CALLS]run_shell{"cmd": "say(\\"good', calls: [], errors: ["truncated_call"] },
  { it: "withdraws a name with no arguments at the end", text: "[TOOL_CALLS]mul", content: "[TOOL_CALLS]mul", calls: [], errors: ["truncated_call"] },
  { it: "reads the [ARGS] spelling", text: '[TOOL_CALLS]mul[ARGS]{"x": 1}[TOOL_CALLS]sum_up[ARGS]{}', content: null, calls: [["mul", '{"x": 1}'], ["sum_up", "{}"]] },
  { it: "reads [CALL_ID] with and without [ARGS]", text: '[TOOL_CALLS]mul[CALL_ID]k3Jd8QpZ1[ARGS]{"x": 1}[TOOL_CALLS]mul[CALL_ID]Zz9Yy8Xx7{"x": 2}', content: null, calls: [["mul", '{"x": 1}'], ["mul", '{"x": 2}']] },
  { it: "reads a call after a [THINK] block", text: '[THINK]adding is needed[/THINK][TOOL_CALLS]sum_up[ARGS]{"x": 1}', content: null, reasoning: "adding is needed", calls: [["sum_up", '{"x": 1}']] },
  {
    it: "keeps brackets and fences inside argument strings",
    text: '[TOOL_CALLS] [{"name":"weather_now", "arguments":{"town":"","note":"```\\nPLAN: [Town] - [Sky] - [Temp]\\n```"}}]',
    content: null,
    calls: [["weather_now", '{"town":"","note":"```\\nPLAN: [Town] - [Sky] - [Temp]\\n```"}']],
  },
  { it: "keeps a complete call of an array cut off later", text: '[TOOL_CALLS] [{"name":"weather_now", "arguments":{"town":"x"}}, {"name": "mul", "arguments": {"y"', content: ', {"name": "mul", "arguments": {"y"', calls: [["weather_now", '{"town":"x"}']], errors: ["truncated_call"] },
  { it: "drops an undeclared v11 call and keeps the next", text: '[TOOL_CALLS]launch{"x": 1}[TOOL_CALLS]mul{"x": 2}', content: '[TOOL_CALLS]launch{"x": 1}', calls: [["mul", '{"x": 2}']], errors: ["unknown_tool"] },
  { it: "reads spaces between the name, [ARGS] and the JSON", text: '[TOOL_CALLS] mul[ARGS] {"x": 1}', content: null, calls: [["mul", '{"x": 1}']] },
  { it: "keeps text after a v11 call", text: '[TOOL_CALLS]mul[ARGS]{"x": 1} and then some', content: "and then some", calls: [["mul", '{"x": 1}']] },
  { it: "keeps unicode arguments byte for byte", text: '[TOOL_CALLS]weather_now[ARGS]{"town": "Zürich 🏔 北京"}', content: null, calls: [["weather_now", '{"town": "Zürich 🏔 北京"}']] },
]);

describe("mistral: ids", () => {
  it("keeps the id written after [CALL_ID], else makes nine alphanumerics", () => {
    const r = parseToolCalls('[TOOL_CALLS]mul[CALL_ID]k3Jd8QpZ1[ARGS]{"x": 1}[TOOL_CALLS]mul[ARGS]{"x": 2}', { format: "mistral", tools });
    expect(r.toolCalls.map((c) => c.id)).toEqual(["k3Jd8QpZ1", expect.stringMatching(/^[A-Za-z0-9]{9}$/)]);
  });
});
