// examples/browser-chat in real headless Chromium (Debian's, through playwright-core). The test
// builds the app with Vite from the built packages (as a user's build would), serves the output
// on 127.0.0.1, and drives the page. Requests to any other host are aborted, so "no model
// reachable" is certain and nothing is downloaded. Screenshots go to test-results/.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TOOLS } from "../../examples/browser-chat/src/tools.js";
import { browserAvailable, launchChromium } from "../support/browser.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP = join(ROOT, "examples/browser-chat");
const ARTIFACTS = join(ROOT, "test-results");
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

/** Serves a directory on 127.0.0.1 with Content-Length (the page shows download progress from it). */
async function serveDirectory(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent((req.url ?? "/").split("?")[0]!)));
    let file = path.startsWith(dir) ? path : join(dir, "missing");
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": body.length }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Opens the app with every request outside 127.0.0.1 aborted as "internet disconnected". */
async function openApp(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort("internetdisconnected"));
  await page.goto(url);
  return { page, errors };
}

describe.skipIf(!browserAvailable())("examples/browser-chat in real Chromium", () => {
  let dist: string;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), "toolmask-browser-chat-"));
    const vite = join(dirname(createRequire(join(APP, "package.json")).resolve("vite/package.json")), "bin/vite.js");
    await promisify(execFile)(process.execPath, [vite, "build", "--outDir", dist, "--emptyOutDir", "--logLevel", "warn"], { cwd: APP, timeout: 180_000 });
    server = await serveDirectory(dist);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it("without WebGPU says so, runs the simulated model, and a required turn shows a tool card whose arguments validate", async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openApp(browser, server.url);
      await expect.poll(() => page.textContent("[data-testid=webgpu-status]"), { timeout: 20_000 }).toBe("no WebGPU");
      const banner = (await page.textContent("[data-testid=banner]"))!;
      expect(banner).toContain("WebGPU is not available here");
      expect(banner).toContain("simulated model: a scripted stand-in that is not a language model");

      await page.click("[data-testid=banner-action]");
      await page.waitForSelector("[data-testid=model-status][data-ready=true]", { timeout: 60_000 });
      expect(await page.textContent("[data-testid=model-status]")).toContain("Simulated model (a scripted stand-in, not an LLM)");
      expect(await page.getAttribute("[data-testid=download-progress]", "value")).toBe("1");
      expect(await page.getAttribute("[data-testid=vocab-progress]", "value")).toBe("1");

      await page.selectOption("[data-testid=tool-choice]", "required");
      expect(await page.textContent("[data-testid=grammar]")).toContain("<tool_call>");
      await page.fill("[data-testid=user-input]", "Hello! How are you today?");
      await page.click("[data-testid=send]");
      await page.waitForSelector("[data-testid=tool-valid]", { timeout: 60_000 });

      // The script wanted to chat (its first wish is a reply); the mask made it call a tool.
      const wishes = await page.$$eval("[data-testid=wishes] li", (items) => items.map((li) => li.textContent ?? ""));
      expect(wishes[0]).toMatch(/^\(scripted reply, not a language model\)/);
      expect(await page.textContent("[data-testid=assistant-content]")).toBe("");

      const cards = await page.$$eval("[data-testid=tool-card]", (nodes) =>
        nodes.map((n) => ({ name: n.querySelector("[data-testid=tool-name]")?.textContent ?? "", args: n.querySelector("[data-testid=tool-args]")?.textContent ?? "", badge: n.querySelector("[data-testid=tool-valid]")?.textContent ?? "" })),
      );
      expect(cards.length).toBeGreaterThan(0);
      const ajv = new Ajv();
      for (const card of cards) {
        const tool = DEFAULT_TOOLS.find((t) => t.function.name === card.name);
        expect(tool, `a card names ${card.name}`).toBeDefined();
        const validate = ajv.compile(tool!.function.parameters as object);
        expect(validate(JSON.parse(card.args)), `${card.name}(${card.args}): ${ajv.errorsText(validate.errors)}`).toBe(true);
        expect(card.badge).toBe("valid");
      }
      expect(await page.textContent("[data-testid=assistant-message] .meta")).toMatch(/^finish_reason: tool_calls · \d+ tokens( \(\d+ fed by jump-forward\))? · driver: tokens$/);
      await expect.poll(() => page.textContent("[data-testid=mask-summary]")).toMatch(/^\d+ sampled tokens · mask median [\d.]+ ms/);
      expect(await page.$$eval("[data-testid=mask-chart] svg rect", (r) => r.length)).toBeGreaterThan(2);

      await page.screenshot({ path: join(ARTIFACTS, "browser-chat.png"), fullPage: true });

      // Returning the result runs the answer turn.
      await page.fill("[data-testid=tool-result]", '{"temperature": 18, "sky": "clear"}');
      await page.click("[data-testid=tool-result-send]");
      await expect.poll(() => page.$$eval("[data-testid=assistant-content]", (n) => n.map((x) => x.textContent)), { timeout: 60_000 }).toContainEqual('(scripted answer) The tool returned: {"temperature": 18, "sky": "clear"}.');

      await page.screenshot({ path: join(ARTIFACTS, "browser-chat-answer.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it("with WebGPU (SwiftShader) but no model reachable, reports the download failure clearly", async () => {
    const browser = await launchChromium({ webgpu: true });
    try {
      const { page, errors } = await openApp(browser, server.url);
      await expect.poll(() => page.textContent("[data-testid=webgpu-status]"), { timeout: 20_000 }).toMatch(/^WebGPU: .*swiftshader/i);
      const model = await page.inputValue("[data-testid=model-select]");
      expect(model).toBe("Qwen3-1.7B-q4f16_1-MLC");
      await page.click("[data-testid=load-model]");
      await page.waitForSelector("[data-testid=banner].error", { timeout: 60_000 });
      const message = (await page.textContent("[data-testid=banner]"))!;
      expect(message).toContain(`Could not download the files of ${model} from huggingface.co: could not fetch https://huggingface.co/mlc-ai/${model}/resolve/main/mlc-chat-config.json: Failed to fetch.`);
      expect(message).toContain("Check the network connection");
      expect(await page.textContent("[data-testid=model-status]")).toBe(`failed to load ${model}`);
      expect(await page.isDisabled("[data-testid=send]")).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, "browser-chat-offline.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
