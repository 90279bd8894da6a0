import { markerArrayFormat } from "./marker-array.js";

/** AI21 Jamba 1.5+: `<tool_calls>[{"name": …, "arguments": …}, …]</tool_calls>`, special tokens. */
export const jamba = markerArrayFormat({
  name: "jamba",
  models: ["Jamba 1.5", "Jamba 1.6", "Jamba 1.7"],
  detect: [/jamba/i],
  open: "<tool_calls>",
  close: "</tool_calls>",
  specialTokens: ["<tool_calls>", "</tool_calls>"],
});
