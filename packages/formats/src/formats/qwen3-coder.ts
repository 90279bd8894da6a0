import { functionParamsFormat } from "./function-params.js";

/**
 * Qwen3-Coder, Qwen3.5 and later: `<tool_call>` then `<function=NAME>` and one
 * `<parameter=KEY>` block per argument, each value on its own lines as raw text (strings
 * verbatim, other types as JSON), typed back by the tool's schema. Qwen3.5+ prompts open the
 * `<think>` block themselves (parse and build with reasoning "started").
 */
export const qwen3Coder = functionParamsFormat({
  name: "qwen3_coder",
  aliases: ["qwen3_xml", "nemotron_nano"],
  models: ["Qwen3-Coder", "Qwen3-Coder-Next", "Qwen3.5", "Qwen3.6", "Nemotron-3-Nano"],
  detect: [/qwen[-_ ]?3[-_ ]?coder/i, /qwen[-_ ]?3\.[5-9]/i, [/nemotron[-_ ]?3[-_ ]?nano/i, 2]],
  open: "<tool_call>",
  close: "</tool_call>",
  reasoning: ["<think>", "</think>"],
  specialTokens: ["<tool_call>", "</tool_call>", "<think>", "</think>"],
  valuePad: "\n",
});
