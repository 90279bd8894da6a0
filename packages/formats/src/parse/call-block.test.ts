// Recovery inside a call block, for every format whose calls sit in a block with a marker per
// call: a failed call gives up its own text only, and the calls after it are still read.
import { describe, expect, it } from "vitest";
import { renderToolCalls } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";
import type { ToolDefinition } from "../types.js";

const tools: ToolDefinition[] = [{ type: "function", function: { name: "convert", parameters: { type: "object", properties: { unit: { type: "string" } } } } }];

/** Each block format with the markers that open and close one call. */
const FORMATS: [string, string, string][] = [
  ["deepseek_v3", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>"],
  ["deepseek_v3_1", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>"],
  ["deepseek_v3_2", "<｜DSML｜invoke", "</｜DSML｜invoke>"],
  ["deepseek_v4", "<｜DSML｜invoke", "</｜DSML｜invoke>"],
  ["kimi_k2", "<|tool_call_begin|>", "<|tool_call_end|>"],
  ["minimax_m2", "<invoke", "</invoke>"],
  ["step3", "<｜tool_call_begin｜>", "<｜tool_call_end｜>"],
];

const units = ["inch", "foot", "yard"];
const rendered = (format: string): string => renderToolCalls(format, units.map((unit) => ({ name: "convert", arguments: { unit } })), { tools });

/** Where the `n`-th occurrence of `marker` starts in `text`. */
function nth(text: string, marker: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`no ${marker} #${n} in ${text}`);
  }
  return at;
}

describe.each(FORMATS)("%s: a failed call in a block", (format, callStart, callEnd) => {
  const options = { format, tools, idGenerator: sequentialIds, reasoning: false as const };

  it("gives text between two calls to content and reads the calls on both sides", () => {
    const text = rendered(format);
    const at = nth(text, callStart, 1);
    const r = parseChecked(`${text.slice(0, at)}one moment, ${text.slice(at)}`, options);
    expect(parsedCalls(r)).toEqual(units.map((unit) => ["convert", { unit }]));
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(r.content).toContain("one moment,");
  });

  it("withdraws a call missing its end marker and reads the next one", () => {
    const text = rendered(format);
    const end = nth(text, callEnd, 1);
    const r = parseChecked(text.slice(0, end) + text.slice(end + callEnd.length), options);
    expect(parsedCalls(r)).toEqual([
      ["convert", { unit: "inch" }],
      ["convert", { unit: "yard" }],
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(r.content).toContain("foot");
  });
});
