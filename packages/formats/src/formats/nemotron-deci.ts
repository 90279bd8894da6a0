import { markerArrayFormat } from "./marker-array.js";

/**
 * Llama-Nemotron Super / Ultra / Nano (Dynamo's `nemotron_deci`): reasoning in `<think>`, then
 * `<TOOLCALL>[{"name": …, "arguments": …}, …]</TOOLCALL>` in plain text.
 */
export const nemotronDeci = markerArrayFormat({
  name: "nemotron_deci",
  aliases: ["nemotron", "llama_nemotron_json"],
  models: ["Llama-3.1-Nemotron-Nano", "Llama-3.3-Nemotron-Super", "Llama-3.1-Nemotron-Ultra", "DeciLM"],
  detect: [[/nemotron/i, 1], [/deci/i, 1]],
  open: "<TOOLCALL>",
  close: "</TOOLCALL>",
  reasoning: ["<think>", "</think>"],
  specialTokens: [],
});
