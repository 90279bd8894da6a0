// Every package must import in Node, bundle for the browser and run in a Web Worker with no
// shims. This checks the built packages (dist/), which is what users install.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { browserAvailable, launchChromium, serveFiles } from "./support/browser.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A small use of each package that returns a JSON-serializable result. */
const SMOKE: Record<string, { code: string; expected: unknown }> = {
  "@toolmask/grammar": {
    code: `import { parseEbnf, accepts, printGbnf } from "@toolmask/grammar";
      const g = parseEbnf('root ::= "a" [0-9]{2} <tool_call>');
      export const result = [accepts(g, ["a12", { token: "<tool_call>" }]), accepts(g, "a1"), printGbnf(g).trim()];`,
    expected: [true, false, 'root ::= "a" [0-9]{2} <tool_call>'],
  },
  "@toolmask/schema": { code: `import * as m from "@toolmask/schema"; export const result = typeof m;`, expected: "object" },
  "@toolmask/engine": { code: `import * as m from "@toolmask/engine"; export const result = typeof m;`, expected: "object" },
  "@toolmask/formats": { code: `import * as m from "@toolmask/formats"; export const result = typeof m;`, expected: "object" },
  "@toolmask/webllm": { code: `import * as m from "@toolmask/webllm"; export const result = typeof m;`, expected: "object" },
  "@toolmask/webllm/simulated": {
    code: `import { FakeMLCEngine, SeededRandomModel, ReplayModel } from "@toolmask/webllm/simulated"; export const result = [typeof FakeMLCEngine, typeof SeededRandomModel, typeof ReplayModel];`,
    expected: ["function", "function", "function"],
  },
  toolmask: {
    code: `import { parseEbnf, accepts } from "toolmask"; export const result = accepts(parseEbnf('root ::= "ok"'), "ok");`,
    expected: true,
  },
};

async function browserBundle(code: string, workerWrapper: boolean): Promise<string> {
  const contents = workerWrapper ? `${code}\npostMessage(JSON.stringify(result));` : code;
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

describe.each(Object.entries(SMOKE))("%s", (pkg, smoke) => {
  it("imports and works in Node from its built dist/", () => {
    const script = `${smoke.code}\nconsole.log(JSON.stringify(result));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(smoke.expected);
  });

  it("bundles for the browser without Node built-ins", async () => {
    const bundle = await browserBundle(smoke.code, false);
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["'](fs|path|module|node:)/);
  });
});

describe.skipIf(!browserAvailable())("in real Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(Object.entries(SMOKE))("%s runs inside a module Web Worker", async (_pkg, smoke) => {
    const worker = await browserBundle(smoke.code, true);
    const page = `<!doctype html><script type="module">
      const w = new Worker("/worker.js", { type: "module" });
      window.result = new Promise((resolve, reject) => { w.onmessage = (e) => resolve(e.data); w.onerror = (e) => reject(new Error(e.message)); });
    </script>`;
    const server = await serveFiles({ "/": { body: page, type: "text/html" }, "/worker.js": { body: worker, type: "text/javascript" } });
    try {
      const tab = await browser.newPage();
      await tab.goto(server.url);
      const result = await tab.evaluate(() => (window as unknown as { result: Promise<string> }).result);
      expect(JSON.parse(result)).toEqual(smoke.expected);
      await tab.close();
    } finally {
      await server.close();
    }
  });
});
