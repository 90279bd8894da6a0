// The README of @toolmask/webllm: its Node snippet (marked `<!-- runnable: node -->`) runs as
// written against the built packages, with the FAKE engine and a REPLAY model it sets up itself.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README = readFileSync(new URL("../../packages/webllm/README.md", import.meta.url), "utf8");

describe("the @toolmask/webllm README", () => {
  it("has a Node snippet that runs as written and prints a call with a unit the schema allows", () => {
    const match = /<!-- runnable: node -->\n```ts\n([\s\S]*?)```/.exec(README);
    expect(match, "the README lost its runnable Node snippet").not.toBeNull();
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", match![1]!], { cwd: ROOT, encoding: "utf8" });
    const args = JSON.parse(out.trim().split("\n").at(-1)!) as { city: string; unit: string };
    expect(args.city).toBe("Paris");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);
  });

  it("documents every export of the package", async () => {
    const exports = Object.keys(await import("@toolmask/webllm"));
    const missing = exports.filter((name) => !README.includes(name));
    expect(missing).toEqual([]);
  });
});
