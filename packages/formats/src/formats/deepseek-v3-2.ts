import { dsmlFormat } from "./dsml.js";

/** DeepSeek-V3.2: DSML `<｜DSML｜function_calls>` blocks after `<think>` reasoning. */
export const deepseekV32 = dsmlFormat({
  name: "deepseek_v3_2",
  aliases: ["deepseek_v32", "deepseekv32"],
  models: ["DeepSeek-V3.2", "DeepSeek-V3.2-Exp"],
  detect: [/deepseek[-_ ]?v3\.2/i],
  block: "function_calls",
  specialTokens: ["<think>", "</think>"],
});
