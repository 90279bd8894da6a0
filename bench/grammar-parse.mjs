// How fast the nearley-based EBNF parser reads a large grammar (target: 1 MB in about a second),
// and the printers on the same grammar.
import { parseEbnf, printEbnf, printGbnf, printLark } from "@toolmask/grammar";

/** A synthetic grammar of `rules` rules mixing every construct, about 100 bytes per rule. */
export function syntheticGrammar(rules) {
  const lines = ['root ::= r0 ("," ws r1)*  # entry', 'ws ::= [ \\t\\n]*'];
  for (let i = 0; i < rules; i++) {
    const next = `r${(i + 1) % rules}`;
    lines.push(`r${i} ::= "key_${i}\\n" ws ([a-z0-9_]{1,16} | "\\u00e9") (${next} | "x"+ | [^"\\\\]{0,256})? # rule ${i}`);
  }
  return lines.join("\n") + "\n";
}

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

export async function run() {
  const rows = [];
  for (const rules of [100, 1000, 10000]) {
    const src = syntheticGrammar(rules);
    const bytes = Buffer.byteLength(src);
    const parsed = time(() => parseEbnf(src), rules >= 10000 ? 3 : 5);
    const g = parsed.out;
    rows.push({
      rules,
      bytes,
      parseMs: +parsed.ms.toFixed(1),
      mbPerS: +(bytes / 1e6 / (parsed.ms / 1000)).toFixed(2),
      printEbnfMs: +time(() => printEbnf(g), 3).ms.toFixed(1),
      printGbnfMs: +time(() => printGbnf(g), 3).ms.toFixed(1),
      printLarkMs: +time(() => printLark(g), 3).ms.toFixed(1),
    });
  }
  console.log("| rules | bytes | parse ms | MB/s | print EBNF ms | print GBNF ms | print Lark ms |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.rules} | ${r.bytes} | ${r.parseMs} | ${r.mbPerS} | ${r.printEbnfMs} | ${r.printGbnfMs} | ${r.printLarkMs} |`);
  return rows;
}
