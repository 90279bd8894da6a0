import { taggedJsonFormat } from "./tagged-json.js";

/**
 * ERNIE 4.5 (vLLM's `ernie45`): Hermes-style `<tool_call>` JSON blocks after the reasoning, which
 * the thinking models end with `</think>`; answers may be wrapped in `<response>` tags.
 */
export const ernie45 = taggedJsonFormat({
  name: "ernie45",
  aliases: ["ernie-45", "ernie4_5"],
  models: ["ERNIE-4.5", "ERNIE-4.5-VL"],
  detect: [/ernie[-_ ]?4\.5/i],
  open: "<tool_call>",
  close: "</tool_call>",
  reasoning: ["<think>", "</think>"],
  specialTokens: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<response>", "</response>"],
  pad: "\n",
  join: "\n",
  contentMarkup: ["<response>", "</response>"],
});
