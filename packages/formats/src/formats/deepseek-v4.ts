import { dsmlFormat } from "./dsml.js";

/** DeepSeek-V4: DSML with `<｜DSML｜tool_calls>` as the outer element; `｜DSML｜` is one token. */
export const deepseekV4 = dsmlFormat({
  name: "deepseek_v4",
  aliases: ["deepseekv4"],
  models: ["DeepSeek-V4", "DeepSeek-V4-Flash", "DeepSeek-V4-Pro"],
  detect: [/deepseek[-_ ]?v4/i],
  block: "tool_calls",
  specialTokens: ["｜DSML｜", "<think>", "</think>"],
});
