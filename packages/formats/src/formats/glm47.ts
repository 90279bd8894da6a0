import { glmFormat } from "./glm.js";

/** GLM-4.7 and GLM-5: `<tool_call>NAME<arg_key>…</arg_key><arg_value>…</arg_value></tool_call>`, no newlines. */
export const glm47 = glmFormat({
  name: "glm47",
  aliases: ["glm47_moe", "glm5"],
  models: ["GLM-4.7", "GLM-4.7-Flash", "GLM-5"],
  detect: [/glm[-_ ]?4\.7/i, /glm[-_ ]?5/i],
  gap: "",
});
