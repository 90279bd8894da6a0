// Against WebLLM 0.2.86 itself: its real engine classes fit withTools (checked by the compiler,
// `npm run lint`), its exported request validation accepts every request each backend sends.
import { MLCEngine, WebWorkerMLCEngine, postInitAndCheckFieldsChatCompletion, postInitAndCheckFieldsCompletion, ModelType } from "@mlc-ai/web-llm";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Vocabulary } from "@toolmask/engine";
import { ToolModel, withTools, type ChatCompletionRequest, type TokenEngine, type ToolEngine, type WorkerHandlerLike } from "./index.js";
import type { WebWorkerMLCEngineHandler } from "@mlc-ai/web-llm";
import { planRequest } from "./plan.js";
import { xgrammarRequest } from "./xgrammar-backend.js";

const TEMPLATE = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";
// A three-token byte-level vocabulary: enough for the processor, which is never run here.
const vocabulary = Vocabulary.fromTokenizerJSON({ model: { type: "BPE", vocab: { a: 0, b: 1, "<|im_end|>": 2 } }, added_tokens: [{ id: 2, content: "<|im_end|>", special: true }], decoder: { type: "ByteLevel" } }, { eosTokenIds: [2] });
const model = new ToolModel({ modelId: "Qwen3-1.7B-q4f16_1-MLC", chatTemplate: TEMPLATE, vocabulary });
const TOOLS = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];

const REQUESTS: ChatCompletionRequest[] = [
  { messages: [{ role: "user", content: "hi" }] },
  { messages: [{ role: "system", content: "s" }, { role: "user", content: "hi" }], tools: TOOLS, tool_choice: "required", temperature: 0.7, top_p: 0.9, seed: 3, max_tokens: 64, stop: ["\n\n"], logprobs: true, top_logprobs: 2 },
  {
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: null, tool_calls: [{ id: "a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", tool_call_id: "a", content: "18 C" },
    ],
    tools: TOOLS,
    tool_choice: { type: "function", function: { name: "get_weather" } },
    parallel_tool_calls: false,
    stream: true,
    stream_options: { include_usage: true },
    logit_bias: { "42": -5 },
  },
  { messages: [{ role: "user", content: "json" }], response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", properties: { ok: { type: "boolean" } } } } }, frequency_penalty: 0.5, presence_penalty: 0.5 },
];

describe("WebLLM 0.2.86 compatibility", () => {
  it("withTools accepts WebLLM's MLCEngine and WebWorkerMLCEngine types", () => {
    expectTypeOf<MLCEngine>().toExtend<ToolEngine>();
    expectTypeOf<WebWorkerMLCEngine>().toExtend<ToolEngine>();
    // The token driver's two calls, on both engines; the worker host wraps WebLLM's handler.
    expectTypeOf<MLCEngine>().toExtend<TokenEngine>();
    expectTypeOf<WebWorkerMLCEngine>().toExtend<TokenEngine>();
    expectTypeOf<WebWorkerMLCEngineHandler>().toExtend<WorkerHandlerLike>();
    const engine = new MLCEngine({ logitProcessorRegistry: model.registry });
    const client = withTools(engine, { model });
    expect(typeof client.chat.completions.create).toBe("function");
  });

  it.each(REQUESTS.map((r, i) => [i, r] as const))("postInitAndCheckFieldsCompletion accepts the native backend's completion request for request %i", (_i, request) => {
    const plan = planRequest(request, { format: model.format });
    const sent = { prompt: "<|user|>hi", model: model.modelId, stream: true as const, stream_options: { include_usage: true }, ...plan.sampling };
    expect(() => postInitAndCheckFieldsCompletion(sent, model.modelId)).not.toThrow();
  });

  it.each(REQUESTS.map((r, i) => [i, r] as const).filter(([, r]) => r.tools || r.response_format))("postInitAndCheckFieldsChatCompletion accepts the xgrammar backend's chat request for request %i", (_i, request) => {
    const plan = planRequest(request, { format: model.format });
    const sent = xgrammarRequest(model, plan);
    expect(sent.response_format?.type).toBe("grammar");
    expect(() => postInitAndCheckFieldsChatCompletion(sent, model.modelId, ModelType.LLM)).not.toThrow();
  });
});
