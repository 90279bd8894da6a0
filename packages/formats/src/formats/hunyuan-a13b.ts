import { markerArrayFormat } from "./marker-array.js";

/**
 * Hunyuan-A13B: reasoning in `<think>`, the answer in `<answer>` (kept as content), calls as
 * `<tool_calls>[{"name": …, "arguments": …}, …]</tool_calls>`.
 */
export const hunyuanA13b = markerArrayFormat({
  name: "hunyuan_a13b",
  aliases: ["hunyuan"],
  models: ["Hunyuan-A13B-Instruct"],
  detect: [/hunyuan/i],
  open: "<tool_calls>",
  close: "</tool_calls>",
  reasoning: ["<think>", "</think>"],
  specialTokens: [],
});
