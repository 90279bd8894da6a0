// Seeded random model on the real llama3_1 tokenizer through the fake WebLLM engine (see random-runs.ts).
import { describe, expect, it } from "vitest";
import { formatAvailable, MODES, RUNS, runRandomMode } from "./random-runs.js";

describe.skipIf(!formatAvailable("llama3_1"))("withTools on the llama3_1 tokenizer with a seeded random model", () => {
  it.each(MODES)(`keeps ${RUNS} adversarial outputs per tool_choice mode valid: %s`, async (mode) => {
    const stats = await runRandomMode("llama3_1", mode);
    console.log("llama3_1", mode.name, JSON.stringify(stats));
    expect(Object.values(stats.finish).reduce((a, b) => a + b, 0)).toBe(RUNS);
  }, 600_000);
});
