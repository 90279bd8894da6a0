// Seeded random model on the real gptoss tokenizer through the fake WebLLM engine (see random-runs.ts).
import { describe, expect, it } from "vitest";
import { formatAvailable, MODES, RUNS, runRandomMode } from "./random-runs.js";

describe.skipIf(!formatAvailable("gptoss"))("withTools on the gptoss tokenizer with a seeded random model", () => {
  it.each(MODES)(`keeps ${RUNS} adversarial outputs per tool_choice mode valid: %s`, async (mode) => {
    const stats = await runRandomMode("gptoss", mode);
    console.log("gptoss", mode.name, JSON.stringify(stats));
    expect(Object.values(stats.finish).reduce((a, b) => a + b, 0)).toBe(RUNS);
  }, 600_000);
});
