// The grammar inspector: the grammar toolmask compiles for the current tools and tool_choice,
// printed as EBNF, and a per-token chart of how many tokens the mask allowed and how long it took.
import { buildToolGrammar, type ToolChoice, type ToolDefinition } from "@toolmask/formats";
import { printEbnf } from "@toolmask/grammar";
import type { StepStat } from "@toolmask-examples/simulated-chat";

export interface GrammarRequest {
  readonly format: string;
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice: ToolChoice;
  readonly parallelToolCalls: boolean;
  /** false when the prompt switches reasoning off (Qwen3 `enable_thinking: false`). */
  readonly reasoning: false | undefined;
  readonly specialTokens: readonly string[] | undefined;
}

/**
 * The grammar `withTools` builds for such a request (the same `buildToolGrammar` call), printed in
 * the EBNF XGrammar and WebLLM's `response_format.grammar` read.
 */
export function printedGrammar(r: GrammarRequest): string {
  if (r.tools.length === 0) return "(no tools: nothing is enforced, the model writes free text)";
  const grammar = buildToolGrammar({
    format: r.format,
    tools: r.tools,
    toolChoice: r.toolChoice,
    parallelToolCalls: r.parallelToolCalls,
    ...(r.reasoning !== undefined ? { reasoning: r.reasoning } : {}),
    ...(r.specialTokens ? { specialTokens: r.specialTokens } : {}),
  });
  return printEbnf(grammar);
}

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 420;
const HEIGHT = 190;
const PAD = { left: 44, right: 50, top: 14, bottom: 26 };

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Bars: allowed tokens per step on a log scale (red where the mask removed the model's favourite
 * token). Line: mask milliseconds per step, on the right axis.
 */
export function renderChart(container: HTMLElement, steps: readonly StepStat[], vocabSize: number): void {
  container.replaceChildren();
  const svg = el("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "allowed tokens and mask time per token" });
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const bottom = PAD.top + plotH;
  svg.append(el("rect", { x: PAD.left, y: PAD.top, width: plotW, height: plotH, fill: "#fbfbf9", stroke: "#dddbd5" }));
  const logMax = Math.log10(Math.max(10, vocabSize));
  const yAllowed = (n: number): number => bottom - (Math.log10(Math.max(1, n)) / logMax) * plotH;
  for (const tick of [1, 10, 100, 1000, 10000, 100000].filter((t) => t <= vocabSize)) {
    const y = yAllowed(tick);
    svg.append(el("line", { x1: PAD.left, x2: PAD.left + plotW, y1: y, y2: y, stroke: "#eeede8" }));
    svg.append(el("text", { x: PAD.left - 4, y: y + 3, "text-anchor": "end", "font-size": 9, fill: "#6b6a66" }, tick >= 1000 ? `${tick / 1000}k` : String(tick)));
  }
  if (steps.length > 0) {
    const barW = plotW / steps.length;
    const maxMs = Math.max(0.01, ...steps.map((s) => s.maskMs));
    steps.forEach((s, i) => {
      const y = yAllowed(s.allowed);
      const bar = el("rect", { x: PAD.left + i * barW + barW * 0.1, y, width: Math.max(0.5, barW * 0.8), height: bottom - y, fill: s.overridden ? "#d9534f" : "#8fa8e6" });
      bar.append(el("title", {}, `step ${s.step}: ${s.allowed.toLocaleString("en")} tokens allowed, mask ${s.maskMs.toFixed(3)} ms${s.overridden ? ", the model's favourite was masked" : ""}`));
      svg.append(bar);
    });
    const points = steps.map((s, i) => `${PAD.left + (i + 0.5) * barW},${bottom - (s.maskMs / maxMs) * plotH}`).join(" ");
    svg.append(el("polyline", { points, fill: "none", stroke: "#1d1d1b", "stroke-width": 1.2 }));
    svg.append(el("text", { x: PAD.left + plotW + 4, y: PAD.top + 8, "font-size": 9, fill: "#1d1d1b" }, `${maxMs >= 10 ? maxMs.toFixed(0) : maxMs.toFixed(2)} ms`));
    svg.append(el("text", { x: PAD.left + plotW + 4, y: bottom, "font-size": 9, fill: "#1d1d1b" }, "0 ms"));
  }
  svg.append(el("text", { x: PAD.left, y: HEIGHT - 8, "font-size": 10, fill: "#6b6a66" }, "bars: allowed tokens (log) · line: mask time · red: model's favourite masked"));
  container.append(svg);
}

/** One line about a turn's steps: count, median and max mask time, overrides. */
export function summarize(steps: readonly StepStat[]): string {
  if (steps.length === 0) return "No masked steps in the last turn (no tools, or tool_choice none without markers to keep out).";
  const ms = steps.map((s) => s.maskMs).sort((a, b) => a - b);
  const overridden = steps.filter((s) => s.overridden).length;
  return `${steps.length} sampled tokens · mask median ${ms[Math.floor(ms.length / 2)]!.toFixed(3)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms · the mask overrode the model's favourite token ${overridden} time${overridden === 1 ? "" : "s"}`;
}
