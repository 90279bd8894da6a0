// Summary statistics and table printing shared by the benchmarks.

/** MaskBench's summary of a sample of times (ms in, µs or ms out). */
export function summarize(values) {
  const v = Float64Array.from(values).sort();
  const q = (p) => (v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.floor(p * v.length))]);
  const avg = v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
  return { n: v.length, avg, p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: v.length === 0 ? NaN : v[v.length - 1] };
}

export const STAT_KEYS = ["avg", "p25", "p50", "p75", "p90", "p95", "p99", "max"];

export function fmt(x, digits = 1) {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  if (Math.abs(x) >= 100) return x.toFixed(Math.min(digits, 1));
  return x.toFixed(digits);
}

export function printTable(header, rows) {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

/** Reads `--name value` / `--flag` options from argv. */
export function argOption(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const next = process.argv[i + 1];
  if (typeof fallback === "boolean") return true;
  return next === undefined ? fallback : typeof fallback === "number" ? Number(next) : next;
}
