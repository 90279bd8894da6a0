// The MaskBench schemas in ../shared/maskbench-dev (JSONSchemaBench's MaskBench, dev split).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const MASKBENCH_DIR = process.env.TOOLMASK_MASKBENCH ?? fileURLToPath(new URL("../../../shared/maskbench-dev/", import.meta.url));

export function maskbenchAvailable() {
  return existsSync(join(MASKBENCH_DIR, "index.json"));
}

/** Category of a MaskBench file: the name before "---", or before the trailing _N for BFCL files. */
export function categoryOf(file) {
  const base = file.replace(/\.json$/, "");
  return base.includes("---") ? base.split("---")[0] : base.replace(/_\d+$/, "");
}

/** Every schema file name, sorted; an error naming the folder when the data is missing. */
export function maskbenchFiles() {
  if (!maskbenchAvailable()) throw new Error(`MaskBench data not found in ${MASKBENCH_DIR}; set TOOLMASK_MASKBENCH to its folder`);
  return readdirSync(MASKBENCH_DIR).filter((f) => f.endsWith(".json") && f !== "index.json").sort();
}

/** The parsed content of one MaskBench file ({ schema, tests }). */
export function readMaskbenchFile(file) {
  return JSON.parse(readFileSync(join(MASKBENCH_DIR, file), "utf8"));
}

/**
 * Every schema file (sorted), or an evenly spaced sample of `limit` files. Each entry:
 * { file, category, schema, tests: [{ valid, data }] }.
 */
export function loadMaskbench(limit = Infinity) {
  const files = maskbenchFiles();
  const step = Number.isFinite(limit) && limit < files.length ? files.length / limit : 1;
  const chosen = [];
  for (let i = 0; i < files.length && chosen.length < limit; i = Math.floor(chosen.length * step)) {
    chosen.push(files[i]);
    if (step === 1) i++;
  }
  const picked = step === 1 ? files : chosen;
  return picked.map((file) => {
    const d = readMaskbenchFile(file);
    return { file, category: categoryOf(file), schema: d.schema, tests: d.tests.map((t) => ({ valid: t.valid, data: t.data })) };
  });
}
