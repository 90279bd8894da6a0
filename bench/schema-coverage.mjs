// JSON Schema coverage on MaskBench (../shared/maskbench-dev): compiles every schema with
// @toolmask/schema (built dist/) and checks every test instance with the reference Earley
// recognizer, in four settings:
//   default   — flexible whitespace, declared property order; JSON.stringify(v) and JSON.stringify(v, null, 2)
//   any order — the same with propertyOrder "any"
//   compact   — whitespace "compact", propertyOrder "any", on JSON.stringify(v)
//   pretty    — whitespace "pretty", propertyOrder "any", on JSON.stringify(v, null, 2)
// A mismatch with the MaskBench label is checked against ajv (validateArguments): labels come
// from Python and Rust validators, and JSON.parse rounds big numbers, so where ajv disagrees with
// the label the instance is counted apart ("label disputed by ajv") rather than as an error.
// Compile times come from separate single-threaded warm passes (default options, meta-schema
// check included; the fastest of 3 per schema); instance checks run on worker threads.
import os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Recognizer } from "@toolmask/grammar";
import { compileJsonSchema, validateArguments } from "@toolmask/schema";
import { categoryOf, maskbenchFiles, readMaskbenchFile } from "./lib/maskbench.mjs";
import { argOption } from "./lib/stats.mjs";


const SETTINGS = [
  { name: "default", options: {}, forms: ["compact", "pretty"] },
  { name: "any order", options: { propertyOrder: "any" }, forms: ["compact", "pretty"] },
  { name: "compact", options: { whitespace: "compact", propertyOrder: "any" }, forms: ["compact"] },
  { name: "pretty", options: { whitespace: "pretty", propertyOrder: "any" }, forms: ["pretty"] },
];

const text = (data, form) => (form === "compact" ? JSON.stringify(data) : JSON.stringify(data, null, 2));

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function outcomeOf(error) {
  if (!error) return "compiled";
  if (error.code === "unsupported_schema") return "unsupported";
  if (error.code === "schema_budget_exceeded") return "budget";
  if (error.code === "invalid_schema") return "invalid schema";
  if (error.code === "unsatisfiable_schema") return "unsatisfiable";
  return "crash";
}

function tryCompile(schema, options) {
  try {
    return { result: compileJsonSchema(schema, options) };
  } catch (error) {
    return { error };
  }
}

function newCounts() {
  return Object.fromEntries(SETTINGS.map((s) => [s.name, { valid: 0, validAccepted: 0, invalid: 0, invalidRejected: 0, disputedValid: 0, disputedInvalid: 0, compileErrors: 0 }]));
}

/** Checks the instances of `files` in every setting (run on a worker thread). */
function checkFiles(files) {
  const perFile = [];
  for (const file of files) {
    const { schema, tests } = readMaskbenchFile(file);
    const { error } = tryCompile(schema, {});
    const entry = { file, outcome: outcomeOf(error), keyword: error?.keyword, detail: error && outcomeOf(error) === "crash" ? String(error.stack ?? error).slice(0, 300) : undefined, counts: newCounts(), failures: [] };
    perFile.push(entry);
    if (entry.outcome !== "compiled" || tests.length === 0) continue;
    // ajv's verdict on each instance, computed once.
    const ajvValid = tests.map((t) => {
      try {
        return validateArguments({ parameters: schema }, JSON.stringify(t.data)).valid;
      } catch {
        return undefined;
      }
    });
    for (const setting of SETTINGS) {
      const c = entry.counts[setting.name];
      const { result, error: e } = tryCompile(schema, setting.options);
      if (e) {
        c.compileErrors++;
        entry.failures.push({ kind: `compile (${setting.name})`, detail: e.message.slice(0, 200) });
        continue;
      }
      const recognizer = new Recognizer(result.grammar);
      tests.forEach((t, i) => {
        for (const form of setting.forms) {
          const accepted = recognizer.accepts(text(t.data, form));
          if (t.valid) c.valid++;
          else c.invalid++;
          if (accepted === t.valid) {
            if (t.valid) c.validAccepted++;
            else c.invalidRejected++;
            continue;
          }
          // The grammar disagrees with the label: is the label ajv's verdict too?
          if (ajvValid[i] === accepted) {
            if (t.valid) c.disputedValid++;
            else c.disputedInvalid++;
            continue;
          }
          entry.failures.push({ kind: `${t.valid ? "valid rejected" : "invalid accepted"} (${setting.name}, ${form})`, detail: `#${i} ${t.description}` });
        }
      });
    }
  }
  return perFile;
}

if (!isMainThread && workerData?.schemaCoverage) parentPort.postMessage(checkFiles(workerData.files));

export async function run() {
  // `npm run bench` samples every 4th schema to stay within its time budget; `--every 1` runs all
  // 4,415 (the numbers in BENCHMARKS.md).
  const every = argOption("every", 4);
  if (!Number.isInteger(every) || every < 1) throw new Error(`--every must be a positive integer, not ${every}`);
  const files = maskbenchFiles().filter((_, i) => i % every === 0);
  console.log(`${files.length} schemas (every ${every === 1 ? "one" : `${every}th`})\n`);

  // Compile times: a warm-up, then each schema compiled REPEATS times single-threaded, keeping
  // the fastest (the least disturbed by other processes on a shared machine).
  const REPEATS = 3;
  const times = new Map();
  for (const f of files.slice(0, 200)) tryCompile(readMaskbenchFile(f).schema, {});
  const schemas = files.map((f) => readMaskbenchFile(f).schema);
  for (let r = 0; r < REPEATS; r++) {
    files.forEach((f, i) => {
      const t0 = performance.now();
      const { error } = tryCompile(schemas[i], {});
      const ms = performance.now() - t0;
      const best = times.get(f);
      if (!best || ms < best.ms) times.set(f, { ms, compiled: !error });
    });
  }

  // Instance checks, spread over worker threads.
  const threads = Math.max(1, Math.min(os.cpus().length, 8));
  const chunks = Array.from({ length: threads }, (_, k) => files.filter((_, i) => i % threads === k));
  const results = (
    await Promise.all(
      chunks.map(
        (chunk) =>
          new Promise((resolve, reject) => {
            const w = new Worker(new URL(import.meta.url), { workerData: { schemaCoverage: true, files: chunk } });
            w.once("message", resolve);
            w.once("error", reject);
          }),
      ),
    )
  ).flat();

  const rows = new Map();
  const total = newRow();
  const failures = [];
  const unsupportedKeywords = new Map();
  for (const r of results) {
    const row = rows.get(categoryOf(r.file)) ?? newRow();
    rows.set(categoryOf(r.file), row);
    const t = times.get(r.file);
    for (const target of [row, total]) {
      target.files++;
      target.outcomes[r.outcome] = (target.outcomes[r.outcome] ?? 0) + 1;
      target.times.push(t.ms);
      if (t.compiled) target.compiledTimes.push(t.ms);
      for (const s of SETTINGS) for (const [k, v] of Object.entries(r.counts[s.name])) target.counts[s.name][k] += v;
    }
    if (r.outcome === "unsupported") unsupportedKeywords.set(r.keyword, (unsupportedKeywords.get(r.keyword) ?? 0) + 1);
    if (r.outcome === "crash") failures.push({ file: r.file, kind: "crash", detail: r.detail });
    for (const f of r.failures) failures.push({ file: r.file, ...f });
  }

  const ms = (sorted, p) => percentile(sorted, p).toFixed(p === 50 ? 3 : 2);
  const format = (r, name) => {
    const d = r.counts.default;
    const a = r.counts["any order"];
    const sorted = [...r.compiledTimes].sort((x, y) => x - y);
    const other = r.files - (r.outcomes.compiled ?? 0) - (r.outcomes.unsupported ?? 0);
    return `| ${name} | ${r.files} | ${r.outcomes.compiled ?? 0} | ${r.outcomes.unsupported ?? 0} | ${other} | ${d.validAccepted}/${d.valid} | ${d.invalidRejected}/${d.invalid} | ${a.validAccepted}/${a.valid} | ${a.invalidRejected}/${a.invalid} | ${ms(sorted, 50)} | ${ms(sorted, 99)} | ${sorted.length ? sorted.at(-1).toFixed(1) : "n/a"} |`;
  };
  const lines = [
    "| category | schemas | compiled | unsupported | other errors | valid accepted | invalid rejected | valid accepted, any order | invalid rejected, any order | compile p50 ms | p99 ms | max ms |",
    "|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const [name, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(format(r, name));
  lines.push(format(total, "**total**"));
  console.log(lines.join("\n"));

  const pct = (a, b) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(2)}%`);
  console.log(`\ncompiled without lenient: ${total.outcomes.compiled ?? 0}/${total.files} = ${pct(total.outcomes.compiled ?? 0, total.files)}`);
  console.log(`other outcomes: ${JSON.stringify(total.outcomes)}`);
  console.log(`unsupported, by the keyword reported: ${JSON.stringify(Object.fromEntries([...unsupportedKeywords].sort((a, b) => b[1] - a[1])))}`);
  for (const s of SETTINGS) {
    const t = total.counts[s.name];
    console.log(
      `${s.name} (${s.forms.join(" + ")}): valid accepted ${t.validAccepted}/${t.valid} = ${pct(t.validAccepted, t.valid)}, invalid rejected ${t.invalidRejected}/${t.invalid} = ${pct(t.invalidRejected, t.invalid)}; ` +
        `labels ajv disputes: ${t.disputedValid} valid, ${t.disputedInvalid} invalid; without them valid accepted ${t.validAccepted}/${t.valid - t.disputedValid} = ${pct(t.validAccepted, t.valid - t.disputedValid)}, ` +
        `invalid accepted ${t.invalid - t.invalidRejected - t.disputedInvalid}; settings that did not compile ${t.compileErrors}`,
    );
  }
  const all = [...times.values()].map((t) => t.ms).sort((x, y) => x - y);
  const compiled = [...times.values()].filter((t) => t.compiled).map((t) => t.ms).sort((x, y) => x - y);
  console.log(`compile ms, compiled schemas (${compiled.length}): p50 ${ms(compiled, 50)}, p99 ${ms(compiled, 99)}, max ${compiled.at(-1).toFixed(1)}`);
  console.log(`compile ms, every schema including refusals (${all.length}): p50 ${ms(all, 50)}, p99 ${ms(all, 99)}, max ${all.at(-1).toFixed(1)}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} failures (first 60):`);
    for (const f of failures.slice(0, 60)) console.log(`  ${f.file}: ${f.kind}: ${f.detail}`);
  }
  return {
    table: lines.join("\n"),
    totals: { files: total.files, outcomes: total.outcomes, settings: total.counts },
    categories: Object.fromEntries([...rows].map(([k, r]) => [k, { files: r.files, outcomes: r.outcomes, settings: r.counts, compileMs: summary(r.compiledTimes) }])),
    compileMs: { compiled: summary(compiled), all: summary(all) },
    unsupportedKeywords: Object.fromEntries(unsupportedKeywords),
    failures,
  };
}

function newRow() {
  return { files: 0, outcomes: {}, times: [], compiledTimes: [], counts: newCounts() };
}

function summary(times) {
  const sorted = [...times].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}
