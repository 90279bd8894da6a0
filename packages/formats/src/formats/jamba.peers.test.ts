import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["weather_now"]);
const RENO = '{"city": "Reno", "state": "NV", "unit": "fahrenheit"}';
const TAMPA = '{"city": "Tampa", "state": "FL", "unit": "fahrenheit"}';

describePeerCases("jamba", tools, [
  { it: "passes text through", text: "Just an answer.", content: "Just an answer.", calls: [] },
  { it: "reads a call after a leading space", text: ` <tool_calls>[\n    {"name": "weather_now", "arguments": ${RENO}}\n]</tool_calls>`, content: null, calls: [["weather_now", RENO]] },
  // vLLM keeps the leading space in content; we trim content.
  { it: "keeps the text before the calls, trimmed", text: ` Sure, calling it now.<tool_calls>[\n    {"name": "weather_now", "arguments": ${RENO}}\n]</tool_calls>`, content: "Sure, calling it now.", calls: [["weather_now", RENO]] },
  { it: "reads parallel calls", text: ` <tool_calls>[\n    {"name": "weather_now", "arguments": ${RENO}},\n    {"name": "weather_now", "arguments": ${TAMPA}}\n]</tool_calls>`, content: null, calls: [["weather_now", RENO], ["weather_now", TAMPA]] },
  { it: "keeps text after the block", text: `<tool_calls>[{"name": "weather_now", "arguments": ${RENO}}]</tool_calls> then more`, content: "then more", calls: [["weather_now", RENO]] },
  { it: "withdraws a block that never closes", text: `<tool_calls>[{"name": "weather_now", "arguments": ${RENO}}]`, content: `<tool_calls>[{"name": "weather_now", "arguments": ${RENO}}]`, calls: [], errors: ["truncated_call"] },
  { it: "withdraws a block cut off in the arguments", text: '<tool_calls>[{"name": "weather_now", "arguments": {"city": "Re', content: '<tool_calls>[{"name": "weather_now", "arguments": {"city": "Re', calls: [], errors: ["truncated_call"] },
  {
    it: "keeps the calls before an undeclared one",
    text: `<tool_calls>[{"name": "weather_now", "arguments": ${RENO}}, {"name": "rm_rf", "arguments": {}}]</tool_calls> after`,
    content: ', {"name": "rm_rf", "arguments": {}}]</tool_calls> after',
    calls: [["weather_now", RENO]],
    errors: ["unknown_tool"],
  },
]);
