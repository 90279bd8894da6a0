#!/usr/bin/env node
// Renders bench/results/*.json into one SVG, bench/results/chart.svg, which BENCHMARKS.md embeds:
// one panel per result it knows (a result missing or shaped otherwise is left out, never guessed).
// Hand-written SVG: horizontal bars, grouped per row, stacked where parts add up, log scales where
// toolmask and web-xgrammar differ by orders of magnitude.
//
//   node bench/chart.mjs      (reads and writes bench/results/)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const RESULTS = new URL("./results/", import.meta.url);
const WIDTH = 760;
const LABEL_W = 190;
const VALUE_W = 170;
const BAR_H = 14;
const GAP = 6;
const LABELS = { xgrammar: "web-xgrammar", apply: "apply (+ sampling, token driver)", driver: "driver + parsing" };
const COLORS = { toolmask: "#2f5fd0", xgrammar: "#d98c2b", mask: "#2f5fd0", apply: "#d98c2b", accept: "#7fa0e8", driver: "#9ccf9c", steps: "#6b9b6b" };

function readResult(name) {
  const file = new URL(`${name}.json`, RESULTS);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8"));
}

const finite = (...xs) => xs.every((x) => typeof x === "number" && Number.isFinite(x));

/**
 * The panels for the results `read(name)` gives (a result file's parsed JSON, or undefined). A
 * panel: `rows` of bars; each bar is one or more `parts` ({ series, value }) stacked left to
 * right, optionally `name`d. `unit` labels values; `log` uses a log10 axis.
 */
export function panelsFrom(read) {
  const out = [];
  const decode = read("decode");
  const rows = decode?.result?.rows;
  const parts = ["mask", "apply", "accept", "driver"];
  if (Array.isArray(rows) && rows.length > 0 && rows.every((r) => typeof r.driver === "string" && parts.every((k) => finite(r.warm?.perToken?.[k])) && finite(r.warm.decodeSteps, r.warm.tokens))) {
    const counts = [...new Set(rows.map((r) => r.tools))];
    const drivers = [...new Set(rows.map((r) => r.driver))];
    const byCount = (count) => rows.filter((r) => r.tools === count);
    const label = (count) => `${count} tool${count === 1 ? "" : "s"}`;
    out.push({
      title: `End-to-end decode (simulated): toolmask ms per generated token, warm — ${decode.result.logits.toLocaleString("en")} logits`,
      unit: "ms",
      rows: counts.map((count) => ({ label: label(count), bars: byCount(count).map((r) => ({ name: r.driver, parts: parts.map((k) => ({ series: k, value: r.warm.perToken[k] })) })) })),
      legend: parts,
      source: decode.command,
    });
    out.push({
      title: "Decode steps per generated token (jump-forward feeds forced text without one)",
      unit: "%",
      rows: counts.map((count) => ({ label: label(count), bars: byCount(count).map((r) => ({ name: r.driver, parts: [{ series: "steps", value: (100 * r.warm.decodeSteps) / r.warm.tokens }] })) })),
      legend: [],
      source: decode.command,
    });
  }
  const step = read("webllm-step");
  if (finite(step?.result?.toolmask?.avg, step?.result?.xgrammar?.avg, step?.result?.toolmask?.p50, step?.result?.xgrammar?.p50)) {
    const r = step.result;
    out.push({
      title: `LogitProcessor step, ${r.logits.toLocaleString("en")} logits (log scale)`,
      unit: "ms",
      log: true,
      rows: ["p50", "avg", "p99"].filter((k) => finite(r.toolmask[k], r.xgrammar[k])).map((k) => ({
        label: k === "avg" ? "mean" : k,
        bars: [{ parts: [{ series: "toolmask", value: r.toolmask[k] }] }, { parts: [{ series: "xgrammar", value: r.xgrammar[k] }] }],
      })),
      legend: ["toolmask", "xgrammar"],
      source: step.command,
    });
  }
  const engine = read("engine");
  const vocab = engine?.result?.vocabulary;
  if (Array.isArray(vocab) && vocab.every((v) => finite(v.toolmaskMs, v.xgrammarMs))) {
    out.push({
      title: "Vocabulary preparation (one time per tokenizer)",
      unit: "ms",
      rows: vocab.map((v) => ({ label: `${v.tokenizer} (${v.tokens.toLocaleString("en")})`, bars: [{ parts: [{ series: "toolmask", value: v.toolmaskMs }] }, { parts: [{ series: "xgrammar", value: v.xgrammarMs }] }] })),
      legend: ["toolmask", "xgrammar"],
      source: engine.command,
    });
  }
  const mb = engine?.result?.maskbench;
  if (finite(mb?.toolmask?.tbmUs?.p50, mb?.xgrammar?.tbmUs?.p50)) {
    out.push({
      title: `MaskBench-style schemas (${mb.schemas}): mask time per token (log scale)`,
      unit: "µs",
      log: true,
      rows: ["p50", "p90", "p99"].filter((k) => finite(mb.toolmask.tbmUs[k], mb.xgrammar.tbmUs[k])).map((k) => ({
        label: k,
        bars: [{ parts: [{ series: "toolmask", value: mb.toolmask.tbmUs[k] }] }, { parts: [{ series: "xgrammar", value: mb.xgrammar.tbmUs[k] }] }],
      })),
      legend: ["toolmask", "xgrammar"],
      source: engine.command,
    });
  }
  const parse = read("grammar-parse");
  if (Array.isArray(parse?.result) && parse.result.every((r) => finite(r.bytes, r.parseMs))) {
    out.push({
      title: "EBNF parser: time to parse a grammar",
      unit: "ms",
      rows: parse.result.map((r) => ({ label: `${r.shape && r.rules === 1 ? r.shape : `${r.rules} rules`} (${Math.round(r.bytes / 1000)} kB)`, bars: [{ parts: [{ series: "toolmask", value: r.parseMs }] }] })),
      legend: [],
      source: parse.command,
    });
  }
  return out;
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function number(v, unit) {
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3;
  return `${v.toFixed(digits)} ${unit}`;
}

/** The SVG of the panels, stacked vertically. */
export function renderSvg(list) {
  const plotW = WIDTH - LABEL_W - VALUE_W - 20;
  const parts = [];
  let y = 10;
  for (const panel of list) {
    parts.push(`<text x="10" y="${y + 12}" font-size="13" font-weight="600">${esc(panel.title)}</text>`);
    y += 22;
    if (panel.legend.length > 0) {
      let x = LABEL_W;
      for (const series of panel.legend) {
        parts.push(`<rect x="${x}" y="${y}" width="10" height="10" fill="${COLORS[series]}"/><text x="${x + 14}" y="${y + 9}" font-size="11">${esc(LABELS[series] ?? series)}</text>`);
        x += 24 + (LABELS[series] ?? series).length * 6.2;
      }
      y += 16;
    }
    const totals = panel.rows.flatMap((r) => r.bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0)));
    const max = Math.max(...totals, 1e-9);
    const logMin = panel.log ? Math.pow(10, Math.floor(Math.log10(Math.max(Math.min(...totals.filter((t) => t > 0)), 1e-6)))) : 0;
    const scale = (v) => (panel.log ? (Math.log10(Math.max(v, logMin) / logMin) / Math.log10(max / logMin || 10)) * plotW : (v / max) * plotW);
    for (const row of panel.rows) {
      const rowH = row.bars.length * (BAR_H + 2);
      parts.push(`<text x="${LABEL_W - 8}" y="${y + rowH / 2 + 4}" font-size="11" text-anchor="end">${esc(row.label)}</text>`);
      for (const bar of row.bars) {
        let x = LABEL_W;
        let total = 0;
        for (const p of bar.parts) {
          const from = scale(total);
          total += p.value;
          const w = Math.max(1, scale(total) - from);
          parts.push(`<rect x="${(x + from).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${COLORS[p.series]}"><title>${esc(`${p.series}: ${number(p.value, panel.unit)}`)}</title></rect>`);
        }
        x = LABEL_W + scale(total);
        parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + BAR_H - 3}" font-size="10" fill="#444">${esc(number(total, panel.unit))}${bar.name ? ` · ${esc(bar.name)}` : ""}</text>`);
        y += BAR_H + 2;
      }
      y += GAP;
    }
    if (panel.source) {
      parts.push(`<text x="${LABEL_W}" y="${y + 8}" font-size="9" fill="#888">${esc(panel.source)}</text>`);
      y += 14;
    }
    y += 12;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" fill="#1d1d1b">
<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>
${parts.join("\n")}
</svg>
`;
}

/** Reads the results, writes bench/results/chart.svg, returns the panel titles drawn. */
export function render() {
  const list = panelsFrom(readResult);
  writeFileSync(new URL("chart.svg", RESULTS), renderSvg(list));
  return list.map((p) => p.title);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const drawn = render();
  console.log(`bench/results/chart.svg: ${drawn.length} panels\n${drawn.map((t) => `  ${t}`).join("\n")}`);
}
