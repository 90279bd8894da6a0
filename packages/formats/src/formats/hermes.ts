import { taggedJsonFormat } from "./tagged-json.js";

/**
 * Hermes / Qwen2.5 / Qwen3: each call is a JSON object `{"name": …, "arguments": …}` on its own
 * line inside `<tool_call>` … `</tool_call>`, calls separated by a newline, optionally after a
 * `<think>` block. In Qwen's vocabulary the four markers are single tokens. SmolLM2's array of
 * calls inside one `<tool_call>` block is read too.
 */
export const hermes = taggedJsonFormat({
  name: "hermes",
  aliases: ["qwen25", "qwen"],
  models: ["Qwen2.5", "Qwen3 (2504, 2507)", "QwQ", "Hermes 2 Pro", "Hermes 3", "SmolLM2", "SmolLM3"],
  detect: [/qwen[-_ ]?2\.5/i, /qwen[-_ ]?3(?![.\d])/i, /qwq/i, [/hermes[-_ ]?[23]/i, 1], /smollm[-_ ]?[23]/i],
  open: "<tool_call>",
  close: "</tool_call>",
  reasoning: ["<think>", "</think>"],
  specialTokens: ["<tool_call>", "</tool_call>", "<think>", "</think>"],
  pad: "\n",
  join: "\n",
});
