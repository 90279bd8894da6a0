import { glmFormat } from "./glm.js";

/** GLM-4.5 / 4.6: `<tool_call>NAME` and `<arg_key>`/`<arg_value>` pairs, one per line. */
export const glm45 = glmFormat({
  name: "glm45",
  aliases: ["glm", "glm4_moe", "glm46"],
  models: ["GLM-4.5", "GLM-4.5-Air", "GLM-4.6"],
  detect: [/glm[-_ ]?4\.[56]/i],
  gap: "\n",
});
