import { markerArrayFormat } from "./marker-array.js";

/** Phi-4-mini: `functools[{"name": …, "arguments": …}, …]` in plain text. */
export const phi4MiniJson = markerArrayFormat({
  name: "phi4_mini_json",
  aliases: ["phi4", "phi4_mini"],
  models: ["Phi-4-mini-instruct", "Phi-4-multimodal-instruct"],
  detect: [/phi[-_ ]?4[-_ ]?(mini|multimodal)/i],
  open: "functools[",
  close: null,
  specialTokens: [],
});
