import { functionParamsFormat } from "./function-params.js";

/**
 * ByteDance Seed-OSS: `<seed:tool_call>` blocks of `<function=NAME>` and inline
 * `<parameter=KEY>VALUE</parameter>` elements, after reasoning in `<seed:think>`.
 */
export const seedOss = functionParamsFormat({
  name: "seed_oss",
  aliases: ["seed-oss", "seed"],
  models: ["Seed-OSS-36B-Instruct"],
  detect: [/seed[-_ ]?oss/i],
  open: "<seed:tool_call>",
  close: "</seed:tool_call>",
  reasoning: ["<seed:think>", "</seed:think>"],
  specialTokens: ["<seed:tool_call>", "</seed:tool_call>", "<seed:think>", "</seed:think>"],
  valuePad: "",
});
