import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["weather_now", "clock"]);
const RENO = '{"city": "Reno", "state": "NV"}';
const TAMPA = '{"city": "Tampa", "state": "FL"}';
const one = `[{"name": "weather_now", "arguments": ${RENO}}]`;

describePeerCases("xlam", tools, [
  { it: "passes text through", text: "Just an answer.", content: "Just an answer.", calls: [] },
  { it: "reads parallel calls in one array", text: `[{"name": "weather_now", "arguments": ${RENO}}, {"name": "weather_now", "arguments": ${TAMPA}}]`, content: null, calls: [["weather_now", RENO], ["weather_now", TAMPA]] },
  // vLLM returns the think block as content; ours reads it as reasoning.
  { it: "reads the array after a think block", text: `<think>I can help with that.</think>${one}`, content: null, reasoning: "I can help with that.", calls: [["weather_now", RENO]] },
  // vLLM digs the array out of a json fence; ours does not read fenced arrays (a documented limitation).
  { it: "leaves a fenced array after text as text", text: `Happy to help.\n\`\`\`json\n${one}\n\`\`\``, content: `Happy to help.\n\`\`\`json\n${one}\n\`\`\``, calls: [] },
  // vLLM also reads the array after [TOOL_CALLS] or inside <tool_call>; xLAM's own format is the bare array.
  { it: "leaves an array behind another family's marker as text", text: `On it.[TOOL_CALLS]${one}`, content: `On it.[TOOL_CALLS]${one}`, calls: [] },
  { it: "reads a single call", text: one, content: null, calls: [["weather_now", RENO]] },
  { it: "keeps text after the array", text: `${one} done`, content: "done", calls: [["weather_now", RENO]] },
  { it: "withdraws an array cut off in the arguments", text: '[{"name": "weather_now", "arguments": {"city": "Re', content: '[{"name": "weather_now", "arguments": {"city": "Re', calls: [], errors: ["truncated_call"] },
  { it: "keeps an array of numbers as content", text: "[4, 5, 6] are the numbers", content: "[4, 5, 6] are the numbers", calls: [], errors: ["malformed_call"] },
  { it: "leaves a bare call object as text", text: `{"name": "weather_now", "arguments": ${RENO}}`, content: `{"name": "weather_now", "arguments": ${RENO}}`, calls: [] },
]);
