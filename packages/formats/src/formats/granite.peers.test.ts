import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["weather_at", "clock", "probe_types"]);
const TYPES_ARGS = '{\n    "s": "hey",\n    "i": 7,\n    "f": 2.75,\n    "b": false,\n    "n": null,\n    "a": ["p", "q"],\n    "o": {"inner": "val"},\n    "ea": [],\n    "eo": {}\n  }';

describePeerCases("granite", tools, [
  { it: "passes text through", text: "A plain reply with no tools involved.", content: "A plain reply with no tools involved.", calls: [] },
  { it: "reads the <|tool_call|> token before the array", text: '<|tool_call|> [{"name": "weather_at", "arguments": {"town": "Kyoto"}}]', content: null, calls: [["weather_at", '{"town": "Kyoto"}']] },
  { it: "reads Granite 3.1's <tool_call> spelling", text: '<tool_call> [{"name": "weather_at", "arguments": {"town": "Kyoto"}}]', content: null, calls: [["weather_at", '{"town": "Kyoto"}']] },
  {
    it: "reads parallel calls over several lines",
    text: '<|tool_call|> [\n  {"name": "weather_at", "arguments": {"town": "Kyoto"}},\n  {"name": "clock", "arguments": {"zone": "Asia/Tokyo"}}\n]',
    content: null,
    calls: [["weather_at", '{"town": "Kyoto"}'], ["clock", '{"zone": "Asia/Tokyo"}']],
  },
  { it: "keeps every JSON type byte for byte", text: `<tool_call> [{\n  "name": "probe_types",\n  "arguments": ${TYPES_ARGS}\n}]`, content: null, calls: [["probe_types", TYPES_ARGS]] },
  { it: "reads empty arguments", text: '<|tool_call|> [{"name": "clock", "arguments": {}}]', content: null, calls: [["clock", "{}"]] },
  // vLLM (an xfail there) would drop the surrounding text; our rule keeps it.
  { it: "keeps text before and after the array", text: 'Looking it up.\n<|tool_call|> [{"name": "weather_at", "arguments": {"town": "Kyoto"}}]\nBack shortly.', content: "Looking it up.\n\nBack shortly.", calls: [["weather_at", '{"town": "Kyoto"}']] },
  {
    it: "keeps escapes and unicode in arguments",
    text: '<tool_call> [{"name": "probe_types", "arguments": {"quoted": "she said \\"ok\\"", "path": "D:\\\\tmp\\\\a.txt", "nl": "x\\ny", "emoji": "party 🎈"}}]',
    content: null,
    calls: [["probe_types", '{"quoted": "she said \\"ok\\"", "path": "D:\\\\tmp\\\\a.txt", "nl": "x\\ny", "emoji": "party 🎈"}']],
  },
  { it: "withdraws an array cut off in the arguments", text: '<|tool_call|> [{"name": "weather_at", "arguments": {', content: '<|tool_call|> [{"name": "weather_at", "arguments": {', calls: [], errors: ["truncated_call"] },
  { it: "withdraws a call object that is not in an array", text: '<|tool_call|> {"name": "weather_at", "arguments": {}}', content: '<|tool_call|> {"name": "weather_at", "arguments": {}}', calls: [], errors: ["malformed_call"] },
  { it: "leaves an array without the marker as text", text: '[{"name": "weather_at", "arguments": "nope"}]', content: '[{"name": "weather_at", "arguments": "nope"}]', calls: [] },
  { it: "leaves JSON after prose without the marker as text", text: 'Some words [{"name": "weather_at"}]', content: 'Some words [{"name": "weather_at"}]', calls: [] },
  {
    it: "reads calls whose arguments come before the name",
    text: '<|tool_call|> [{"arguments": {"town": "Kyoto"}, "name": "weather_at"}, {"arguments": {"zone": "UTC"}, "name": "clock"}]',
    content: null,
    calls: [["weather_at", '{"town": "Kyoto"}'], ["clock", '{"zone": "UTC"}']],
  },
  { it: "reads the array right after the token", text: '<|tool_call|>[{"name": "weather_at", "arguments": {"x": 42}}, {"name": "clock", "arguments": {"y": 7}}]', content: null, calls: [["weather_at", '{"x": 42}'], ["clock", '{"y": 7}']] },
  // An empty array holds no call, so the block is not one: content with an error.
  { it: "keeps an empty array as content", text: "<|tool_call|>[]", content: "<|tool_call|>[]", calls: [], errors: ["malformed_call"] },
]);
