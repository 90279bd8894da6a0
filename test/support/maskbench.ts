// MaskBench data (JSONSchemaBench's MaskBench, dev split) lives outside the repository, in
// ../shared/maskbench-dev next to the clone, or wherever TOOLMASK_MASKBENCH points. It is 60 MB
// of third-party schemas, so it is not vendored: tests that read it are skipped, with a notice,
// on a machine without it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const MASKBENCH_DIR = process.env.TOOLMASK_MASKBENCH ?? fileURLToPath(new URL("../../../shared/maskbench-dev/", import.meta.url));

export const maskbenchAvailable = existsSync(join(MASKBENCH_DIR, "index.json"));

if (!maskbenchAvailable) {
  console.warn(`MaskBench data not found in ${MASKBENCH_DIR}: its tests are skipped (set TOOLMASK_MASKBENCH to the maskbench-dev folder to run them)`);
}

/** Every `every`-th schema file name (sorted), or none when the data is missing. */
export function maskbenchFiles(every: number): string[] {
  if (!maskbenchAvailable) return [];
  return readdirSync(MASKBENCH_DIR)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .sort()
    .filter((_, i) => i % every === 0);
}

/** Absolute path of a MaskBench file. */
export function maskbenchPath(file: string): string {
  return join(MASKBENCH_DIR, file);
}
