import { markerArrayFormat } from "./marker-array.js";

/**
 * IBM Granite 3.x: `<|tool_call|>[{"name": …, "arguments": …}, …]` to the end of the message
 * (Granite 3.1's `<tool_call>` spelling is read too).
 */
export const granite = markerArrayFormat({
  name: "granite",
  aliases: ["granite3"],
  models: ["Granite 3.0", "Granite 3.1", "Granite 3.2", "Granite 3.3"],
  detect: [/granite[-_ ]?3/i],
  open: "<|tool_call|>",
  alsoOpen: ["<tool_call>"],
  close: null,
  specialTokens: ["<|tool_call|>"],
});
