import { taggedJsonFormat } from "./tagged-json.js";

/** Granite-20B-FunctionCalling: each call is `<function_call> {"name": …, "arguments": …}`. */
export const granite20bFc = taggedJsonFormat({
  name: "granite-20b-fc",
  aliases: ["granite_20b_fc", "granite20bfc"],
  models: ["granite-20b-functioncalling"],
  detect: [/granite[-_ ]?20b[-_ ]?function/i],
  open: "<function_call>",
  close: null,
  specialTokens: [],
  pad: " ",
  join: " ",
});
