import { taggedJsonFormat } from "./tagged-json.js";

/**
 * ERNIE X1 / ERNIE-4.5-Thinking (FastDeploy's `ernie-x1`): reasoning closed by `</think>`, then
 * `<tool_call>` JSON blocks, answers in `<response>` tags.
 */
export const ernieX1 = taggedJsonFormat({
  name: "ernie_x1",
  aliases: ["ernie-x1", "ernie_45_vl_thinking"],
  models: ["ERNIE-X1", "ERNIE-4.5-21B-A3B-Thinking", "ERNIE-4.5-VL-28B-A3B-Thinking"],
  detect: [/ernie[-_ ]?x1/i, /ernie[-_ ]?4\.5.*thinking/i],
  open: "<tool_call>",
  close: "</tool_call>",
  reasoning: ["<think>", "</think>"],
  specialTokens: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<response>", "</response>"],
  pad: "\n",
  join: "\n",
  contentMarkup: ["<response>", "</response>"],
});
