#!/usr/bin/env node
// Benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- <name> ...` the named
// ones. Each writes bench/results/<name>.json; BENCHMARKS.md records the numbers with the date,
// machine and command. Benchmarks use the built packages (dist/), as users do.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";

const BENCHES = {
  "grammar-parse": () => import("./grammar-parse.mjs"),
  "schema-coverage": () => import("./schema-coverage.mjs"),
  engine: () => import("./engine.mjs"),
  "webllm-step": () => import("./webllm-step.mjs"),
  decode: () => import("./decode.mjs"),
};

// Benchmark names come first; options (--name value) after them belong to the benchmarks.
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith("-"));
const requested = firstOption < 0 ? args : args.slice(0, firstOption);
const names = requested.length > 0 ? requested : Object.keys(BENCHES);
for (const name of names) {
  if (!BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);

mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
for (const name of names) {
  console.log(`\n## ${name}\n`);
  const { run } = await BENCHES[name]();
  const result = await run();
  const options = firstOption < 0 ? "" : ` ${args.slice(firstOption).join(" ")}`;
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), JSON.stringify({ machine, command: `npm run bench -- ${name}${options}`, result }, null, 2) + "\n");
}

// Redraw the chart from every result now in bench/results/.
const drawn = (await import("./chart.mjs")).render();
console.log(`\nbench/results/chart.svg redrawn: ${drawn.length} panels`);
