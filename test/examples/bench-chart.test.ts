// bench/chart.mjs: the SVG BENCHMARKS.md embeds, drawn from bench/results/*.json.
import { describe, expect, it } from "vitest";
// @ts-expect-error bench/chart.mjs is plain JavaScript without type declarations
import { panelsFrom, renderSvg } from "../../bench/chart.mjs";

interface Panel {
  title: string;
  rows: { label: string; bars: { name?: string; parts: { series: string; value: number }[] }[] }[];
}
const decodeRow = (tools: number, driver: string, mask: number) => ({
  tools,
  driver,
  warm: { tokens: 100, decodeSteps: driver.includes("jump") ? 80 : 100, perToken: { mask, apply: 0.5, accept: 0.01, driver: 0.05 } },
});
const results: Record<string, unknown> = {
  decode: { command: "npm run bench -- decode", result: { logits: 151936, rows: [decodeRow(1, "tokens", 0.1), decodeRow(1, "tokens + jump-forward", 0.2)] } },
  "webllm-step": { command: "x", result: { logits: 151936, toolmask: { avg: "not a number" }, xgrammar: {} } },
};
const panels = panelsFrom((name: string) => results[name]) as Panel[];

describe("bench/chart.mjs", () => {
  it("draws the decode results as stacked parts per driver, and decode steps per token", () => {
    expect(panels.map((p) => p.title)).toEqual([expect.stringMatching(/^End-to-end decode \(simulated\)/), expect.stringMatching(/^Decode steps per generated token/)]);
    const bars = panels[0]!.rows[0]!.bars;
    expect(bars.map((b) => b.name)).toEqual(["tokens", "tokens + jump-forward"]);
    expect(bars[1]!.parts).toEqual([
      { series: "mask", value: 0.2 },
      { series: "apply", value: 0.5 },
      { series: "accept", value: 0.01 },
      { series: "driver", value: 0.05 },
    ]);
    expect(panels[1]!.rows[0]!.bars.map((b) => b.parts[0]!.value)).toEqual([100, 80]);
  });

  it("leaves out a result whose shape it does not know instead of guessing", () => {
    expect(panels.some((p) => p.title.startsWith("LogitProcessor step"))).toBe(false);
  });

  it("renders bars whose lengths are proportional to their values on a linear axis", () => {
    const svg = renderSvg([{ title: "t", unit: "ms", legend: [], rows: [{ label: "a", bars: [{ parts: [{ series: "mask", value: 1 }] }, { parts: [{ series: "mask", value: 3 }] }] }] }]) as string;
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(3, 1);
    expect(svg).toContain("3.00 ms");
  });
});
