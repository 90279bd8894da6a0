import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["weather_at", "clock", "probe_types"]);
const call = (body: string): string => `<|action_start|><|plugin|>${body}<|action_end|>`;

describePeerCases("internlm", tools, [
  { it: "passes text through", text: "A plain reply with no tools involved.", content: "A plain reply with no tools involved.", calls: [] },
  { it: "reads a declared call", text: call('{"name": "weather_at", "parameters": {"town": "Kyoto"}}'), content: null, calls: [["weather_at", '{"town": "Kyoto"}']] },
  { it: "keeps a call to an undeclared function as content", text: call('{"name": "drop_tables", "parameters": {"town": "Kyoto"}}'), content: call('{"name": "drop_tables", "parameters": {"town": "Kyoto"}}'), calls: [], errors: ["unknown_tool"] },
  { it: "reads any name when no tools are given", text: call('{"name": "drop_tables", "parameters": {}}'), content: null, calls: [["drop_tables", "{}"]], options: { tools: undefined } },
  { it: "keeps the thought before the call", text: `Let me check that for you. ${call('{"name": "weather_at", "parameters": {"town": "Kyoto"}}')}`, content: "Let me check that for you.", calls: [["weather_at", '{"town": "Kyoto"}']] },
  {
    it: "keeps pretty-printed arguments byte for byte",
    text: call('\n{\n  "name": "probe_types",\n  "parameters": {\n    "i": 42, "f": 0.5, "b": true, "n": null, "a": ["x"], "e": {}\n  }\n}'),
    content: null,
    calls: [["probe_types", '{\n    "i": 42, "f": 0.5, "b": true, "n": null, "a": ["x"], "e": {}\n  }']],
  },
  { it: "keeps escapes and unicode", text: call('{"name": "probe_types", "parameters": {"q": "say \\"hi\\" at C:\\\\x\\n🎉"}}'), content: null, calls: [["probe_types", '{"q": "say \\"hi\\" at C:\\\\x\\n🎉"}']] },
  { it: "reads the arguments spelling too", text: call('{"name": "clock", "arguments": {"zone": "UTC"}}'), content: null, calls: [["clock", '{"zone": "UTC"}']] },
  { it: "withdraws a call cut off in the arguments", text: '<|action_start|><|plugin|>{"name": "weather_at", "parameters": {', content: '<|action_start|><|plugin|>{"name": "weather_at", "parameters": {', calls: [], errors: ["truncated_call"] },
  { it: "withdraws a call whose parameters are a plain string", text: call('{"name": "weather_at", "parameters": "nope"}'), content: call('{"name": "weather_at", "parameters": "nope"}'), calls: [], errors: ["malformed_call"] },
  { it: "withdraws a plugin block that is not JSON", text: call("no json here"), content: call("no json here"), calls: [], errors: ["malformed_call"] },
  { it: "withdraws markers with nothing after them", text: "<|action_start|><|plugin|>", content: "<|action_start|><|plugin|>", calls: [], errors: ["truncated_call"] },
  { it: "leaves an action without <|plugin|> as text", text: '<|action_start|>{"name": "weather_at"}', content: '<|action_start|>{"name": "weather_at"}', calls: [] },
  { it: "leaves an interpreter action as text", text: "<|action_start|><|interpreter|>\nprint(2)<|action_end|>", content: "<|action_start|><|interpreter|>\nprint(2)<|action_end|>", calls: [] },
]);
