import { taggedJsonFormat } from "./tagged-json.js";

/**
 * InternLM2 / 2.5: the call follows the thought text as
 * `<|action_start|><|plugin|>\n{"name": …, "parameters": …}<|action_end|>`, one call per message.
 */
export const internlm = taggedJsonFormat({
  name: "internlm",
  aliases: ["internlm2"],
  models: ["InternLM2", "InternLM2.5", "InternLM3"],
  detect: [/internlm[-_ ]?[23]/i],
  open: "<|action_start|><|plugin|>",
  close: "<|action_end|>",
  exclude: ["<|action_start|>"],
  specialTokens: ["<|action_start|>", "<|plugin|>", "<|action_end|>"],
  argsKey: "parameters",
  pad: "\n",
  join: "",
  parallel: false,
});
