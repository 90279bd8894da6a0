// How fast the nearley-based EBNF parser reads a large grammar (target: 1 MB in about a second),
// whether that grammar is many rules or one long rule, and the printers (and the Lark parser, on
// printLark's output) on the same grammar.
import { parseEbnf, parseLark, printEbnf, printGbnf, printLark } from "@toolmask/grammar";

/** A synthetic grammar of `rules` rules mixing every construct, about 100 bytes per rule. */
export function syntheticGrammar(rules) {
  const lines = ['root ::= r0 ("," ws r1)*  # entry', 'ws ::= [ \\t\\n]*'];
  for (let i = 0; i < rules; i++) {
    const next = `r${(i + 1) % rules}`;
    lines.push(`r${i} ::= "key_${i}\\n" ws ([a-z0-9_]{1,16} | "\\u00e9") (${next} | "x"+ | [^"\\\\]{0,256})? # rule ${i}`);
  }
  return lines.join("\n") + "\n";
}

/** Items from `item(i)` joined by `sep` until the text is at least `bytes` long. */
function repeatTo(bytes, sep, item) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = item(i);
    parts.push(s);
    size += s.length + sep.length;
  }
  return parts.join(sep);
}

/**
 * One rule of about `bytes` bytes (one shape per row): a rule is parsed in one pass, so a long
 * one must cost what many short ones do (20,000 alternatives once took 18 s).
 */
export const LONG_RULES = {
  "one rule: alternatives": (bytes) => `root ::= ${repeatTo(bytes, " | ", (i) => `"alt_${i}"`)}\n`,
  "one rule: sequence": (bytes) => `root ::= ${repeatTo(bytes, " ", (i) => (i % 2 ? "ws" : `"s${i % 1000}"`))}\nws ::= " "\n`,
  "one rule: string literal": (bytes) => `root ::= "${repeatTo(bytes, "", (i) => (i % 8 ? "abcdefg " : "\\u00e9\\n"))}"\n`,
};

function time(f, runs) {
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], out };
}

function measure(shape, rules, src, runs) {
  const bytes = Buffer.byteLength(src);
  const parsed = time(() => parseEbnf(src), runs);
  const g = parsed.out;
  const lark = printLark(g);
  return {
    shape,
    rules,
    bytes,
    parseMs: +parsed.ms.toFixed(1),
    mbPerS: +(bytes / 1e6 / (parsed.ms / 1000)).toFixed(2),
    parseLarkMs: +time(() => parseLark(lark), runs).ms.toFixed(1),
    printEbnfMs: +time(() => printEbnf(g), 3).ms.toFixed(1),
    printGbnfMs: +time(() => printGbnf(g), 3).ms.toFixed(1),
    printLarkMs: +time(() => printLark(g), 3).ms.toFixed(1),
  };
}

export async function run() {
  const rows = [];
  for (const rules of [100, 1000, 10000]) rows.push(measure("many rules", rules, syntheticGrammar(rules), rules >= 10000 ? 3 : 5));
  for (const [shape, make] of Object.entries(LONG_RULES)) rows.push(measure(shape, 1, make(1e6), 3));
  console.log("| shape | rules | bytes | parse ms | MB/s | parse Lark ms | print EBNF ms | print GBNF ms | print Lark ms |");
  console.log("|:--|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.shape} | ${r.rules} | ${r.bytes} | ${r.parseMs} | ${r.mbPerS} | ${r.parseLarkMs} | ${r.printEbnfMs} | ${r.printGbnfMs} | ${r.printLarkMs} |`);
  return rows;
}
