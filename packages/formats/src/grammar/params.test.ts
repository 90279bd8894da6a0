import { walkExpr } from "@toolmask/grammar";
import { describe, expect, it } from "vitest";
import { buildToolGrammar } from "../api.js";
import type { ToolDefinition } from "../types.js";

describe("parameters with long enums", () => {
  // 150,000 values: spread into one call's arguments they overflow the call stack.
  const values = Array.from({ length: 150_000 }, (_, i) => `v${i}`);
  const tools: ToolDefinition[] = [{ type: "function", function: { name: "pick", parameters: { type: "object", properties: { x: { type: "string", enum: [...values, "v1"] } }, required: ["x"] } } }];

  // Raw-text formats write each value once, pythonic twice (double- and single-quoted), JSON formats quoted.
  it.each([
    ["qwen3_coder", "v149999", 150_000],
    ["pythonic", "'v149999'", 300_000],
    ["hermes", '"v149999"', 150_000],
    ["gemma4", "v149999", 150_000],
  ] as const)("%s: the value is one choice of every value, each once", (format, last, size) => {
    const g = buildToolGrammar({ format, tools, toolChoice: "required", parallelToolCalls: false, reasoning: false, specialTokens: [] });
    let found = 0;
    for (const body of g.rules.values()) {
      walkExpr(body, (e) => {
        if (e.kind === "choice" && e.items.length === size && e.items.some((x) => x.kind === "literal" && x.text === last)) found++;
      });
    }
    expect(found).toBeGreaterThan(0);
  });
});
