// JSON Schema coverage on MaskBench (../shared/maskbench-dev): compiles every schema with
// @toolmask/schema (built dist/) and checks every test instance with the reference Earley
// recognizer. Valid instances are checked as JSON.stringify(v) and JSON.stringify(v, null, 2)
// against the default grammar (flexible whitespace, declared property order); the same is
// repeated with propertyOrder "any", and with the "compact" and "pretty" whitespace policies
// on their own spelling. Invalid instances must be rejected in every setting. Compile times are
// measured in a separate warm pass (compileJsonSchema with default options, meta-schema check included).
import { readdirSync, readFileSync } from "node:fs";
import { Recognizer } from "@toolmask/grammar";
import { compileJsonSchema } from "@toolmask/schema";

const DIR = new URL("../../shared/maskbench-dev/", import.meta.url);

const SETTINGS = [
  { name: "default", options: {}, forms: ["compact", "pretty"] },
  { name: "any order", options: { propertyOrder: "any" }, forms: ["compact", "pretty"] },
  { name: "compact", options: { whitespace: "compact" }, forms: ["compact"] },
  { name: "pretty", options: { whitespace: "pretty" }, forms: ["pretty"] },
];

const text = (data, form) => (form === "compact" ? JSON.stringify(data) : JSON.stringify(data, null, 2));

export function categoryOf(file) {
  const m = /^(.*?)---/.exec(file) ?? /^(.*)_\d+\.json$/.exec(file);
  return m ? m[1] : "other";
}

export function loadMaskbench(filter = () => true) {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .sort()
    .filter(filter)
    .map((file) => ({ file, category: categoryOf(file), ...JSON.parse(readFileSync(new URL(file, DIR), "utf8")) }));
}

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

export async function run() {
  const files = loadMaskbench();
  const total = newRow();
  const rows = new Map();
  const failures = [];
  const unsupportedKeywords = new Map();
  const times = [];

  // Warm-up, then one timed pass (compile to IR, default options).
  for (const f of files.slice(0, 200)) tryCompile(f.schema, {});
  for (const f of files) {
    const t0 = performance.now();
    tryCompile(f.schema, {});
    const ms = performance.now() - t0;
    times.push(ms);
    row(f.category).times.push(ms);
  }

  for (const f of files) {
    const r = row(f.category);
    for (const target of [r, total]) target.files++;
    const { error } = tryCompile(f.schema, {});
    const outcome = outcomeOf(error);
    for (const target of [r, total]) target.outcomes[outcome] = (target.outcomes[outcome] ?? 0) + 1;
    if (outcome === "unsupported") unsupportedKeywords.set(error.keyword, (unsupportedKeywords.get(error.keyword) ?? 0) + 1);
    if (outcome === "crash") failures.push({ file: f.file, kind: "crash", detail: String(error?.stack ?? error).slice(0, 300) });
    if (outcome !== "compiled") continue;
    for (const setting of SETTINGS) {
      const { result, error: e } = tryCompile(f.schema, setting.options);
      if (e) {
        failures.push({ file: f.file, kind: `compile (${setting.name})`, detail: e.message.slice(0, 200) });
        for (const target of [r, total]) target.settings[setting.name].compileErrors++;
        continue;
      }
      const recognizer = new Recognizer(result.grammar);
      for (const t of f.tests) {
        for (const form of setting.forms) {
          const accepted = recognizer.accepts(text(t.data, form));
          for (const target of [r, total]) {
            const s = target.settings[setting.name];
            if (t.valid) {
              s.valid++;
              if (accepted) s.validAccepted++;
            } else {
              s.invalid++;
              if (!accepted) s.invalidRejected++;
            }
          }
          if (accepted !== t.valid) failures.push({ file: f.file, kind: `${t.valid ? "valid rejected" : "invalid accepted"} (${setting.name}, ${form})`, detail: t.description });
        }
      }
    }
  }

  const format = (r, name) => {
    const d = r.settings.default;
    const a = r.settings["any order"];
    const sorted = [...r.times].sort((x, y) => x - y);
    return `| ${name} | ${r.files} | ${r.outcomes.compiled ?? 0} | ${r.outcomes.unsupported ?? 0} | ${(r.outcomes.budget ?? 0) + (r.outcomes["invalid schema"] ?? 0) + (r.outcomes.unsatisfiable ?? 0) + (r.outcomes.crash ?? 0)} | ${d.validAccepted}/${d.valid} | ${d.invalidRejected}/${d.invalid} | ${a.validAccepted}/${a.valid} | ${a.invalidRejected}/${a.invalid} | ${percentile(sorted, 50).toFixed(3)} | ${percentile(sorted, 99).toFixed(2)} | ${sorted.at(-1).toFixed(1)} |`;
  };
  const lines = [
    "| category | schemas | compiled | unsupported | other errors | valid accepted | invalid rejected | valid accepted (any order) | invalid rejected (any order) | compile p50 ms | p99 ms | max ms |",
    "|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const [name, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(format(r, name));
  total.times = times;
  lines.push(format(total, "**total**"));
  console.log(lines.join("\n"));
  const pct = (a, b) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(2)}%`);
  console.log(`\ncompiled without lenient: ${total.outcomes.compiled ?? 0}/${total.files} = ${pct(total.outcomes.compiled ?? 0, total.files)}`);
  for (const s of SETTINGS) {
    const t = total.settings[s.name];
    console.log(`${s.name} (${s.forms.join(" + ")}): valid accepted ${t.validAccepted}/${t.valid} = ${pct(t.validAccepted, t.valid)}, invalid rejected ${t.invalidRejected}/${t.invalid} = ${pct(t.invalidRejected, t.invalid)}, compile errors ${t.compileErrors}`);
  }
  console.log(`other outcomes: ${JSON.stringify(total.outcomes)}`);
  console.log(`unsupported by keyword: ${JSON.stringify(Object.fromEntries([...unsupportedKeywords].sort((a, b) => b[1] - a[1])))}`);
  const sorted = [...times].sort((x, y) => x - y);
  console.log(`compile ms over all ${times.length} schemas: p50 ${percentile(sorted, 50).toFixed(3)}, p99 ${percentile(sorted, 99).toFixed(2)}, max ${sorted.at(-1).toFixed(1)}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} instance failures (first 40):`);
    for (const f of failures.slice(0, 40)) console.log(`  ${f.file}: ${f.kind}: ${f.detail}`);
  }
  return {
    table: lines.join("\n"),
    totals: { files: total.files, outcomes: total.outcomes, settings: total.settings },
    categories: Object.fromEntries([...rows].map(([k, r]) => [k, { files: r.files, outcomes: r.outcomes, settings: r.settings, compileMs: summary(r.times) }])),
    compileMs: summary(times),
    unsupportedKeywords: Object.fromEntries(unsupportedKeywords),
    failures,
  };

  function row(category) {
    let r = rows.get(category);
    if (!r) rows.set(category, (r = newRow()));
    return r;
  }
}

function newRow() {
  return { files: 0, outcomes: {}, times: [], settings: Object.fromEntries(SETTINGS.map((s) => [s.name, { valid: 0, validAccepted: 0, invalid: 0, invalidRejected: 0, compileErrors: 0 }])) };
}

function summary(times) {
  const sorted = [...times].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

function tryCompile(schema, options) {
  try {
    return { result: compileJsonSchema(schema, options) };
  } catch (error) {
    return { error };
  }
}
