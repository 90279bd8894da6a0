import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["weather_at", "clock", "probe_types"]);

describePeerCases("phi4_mini_json", tools, [
  { it: "passes text through", text: "A plain reply with no tools involved.", content: "A plain reply with no tools involved.", calls: [] },
  { it: "reads functools[…]", text: 'functools[{"name": "weather_at", "arguments": {"town": "Kyoto"}}]', content: null, calls: [["weather_at", '{"town": "Kyoto"}']] },
  {
    it: "reads parallel calls over several lines",
    text: 'functools[\n  {"name": "weather_at", "arguments": {"town": "Kyoto"}},\n  {"name": "clock", "arguments": {"zone": "Asia/Tokyo"}}\n]',
    content: null,
    calls: [["weather_at", '{"town": "Kyoto"}'], ["clock", '{"zone": "Asia/Tokyo"}']],
  },
  // vLLM's regex cannot nest (an xfail there); ours keeps nested arguments whole.
  { it: "keeps nested arguments whole", text: 'functools[{"name": "probe_types", "arguments": {"o": {"p": [1, {"q": "r"}]}, "e": {}, "b": true, "n": null}}]', content: null, calls: [["probe_types", '{"o": {"p": [1, {"q": "r"}]}, "e": {}, "b": true, "n": null}']] },
  { it: "reads empty arguments", text: 'functools[{"name": "clock", "arguments": {}}]', content: null, calls: [["clock", "{}"]] },
  // vLLM drops the surrounding text; our rule keeps it.
  { it: "keeps text before and after", text: 'Sure.\nfunctools[{"name": "weather_at", "arguments": {"town": "Kyoto"}}]\nAnything else?', content: "Sure.\n\nAnything else?", calls: [["weather_at", '{"town": "Kyoto"}']] },
  { it: "keeps escapes and unicode", text: 'functools[{"name": "probe_types", "arguments": {"q": "\\"hi\\" C:\\\\dir\\nnext 🎉"}}]', content: null, calls: [["probe_types", '{"q": "\\"hi\\" C:\\\\dir\\nnext 🎉"}']] },
  { it: "withdraws a list cut off in the arguments", text: 'functools[{"name": "weather_at", "arguments": {', content: 'functools[{"name": "weather_at", "arguments": {', calls: [], errors: ["truncated_call"] },
  { it: "withdraws a call whose arguments are a plain string", text: 'functools[{"name": "weather_at", "arguments": "nope"}]', content: 'functools[{"name": "weather_at", "arguments": "nope"}]', calls: [], errors: ["malformed_call"] },
  { it: "leaves functools without a bracket as text", text: 'functools{"name": "weather_at"}', content: 'functools{"name": "weather_at"}', calls: [] },
  // vLLM calls a call without arguments malformed; our rule: a missing arguments member is {}.
  { it: "reads a call without arguments as {}", text: 'functools[{"name": "clock"}]', content: null, calls: [["clock", "{}"]] },
  { it: "keeps an empty list as content", text: "functools[] nothing to call", content: "functools[] nothing to call", calls: [], errors: ["malformed_call"] },
  { it: "keeps a list of words as content", text: "functools[ only words here ]", content: "functools[ only words here ]", calls: [], errors: ["malformed_call"] },
  { it: "keeps a call to an undeclared function as content", text: 'functools[{"name": "erase", "arguments": {}}]', content: 'functools[{"name": "erase", "arguments": {}}]', calls: [], errors: ["unknown_tool"] },
]);
