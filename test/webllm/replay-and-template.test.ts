// A REPLAY MODEL (test/support/test-models.ts) replays target texts that break the contract; the
// FAKE WebLLM engine samples greedily from it. The grammar must correct each one into a valid
// result. Then: the prompt is the real Qwen3 chat template's rendering, byte for byte.
import { Template } from "@huggingface/jinja";
import { describe, expect, it } from "vitest";
import { renderToolCall } from "@toolmask/formats";
import { ToolRequestError, type ChatCompletion, type ChatCompletionChunk, type ChatMessage } from "@toolmask/webllm";
import { ReplayModel } from "../support/test-models.js";
import { fakeSetup, familyTemplate } from "../support/webllm-setup.js";
import { TOOLS } from "./random-runs.js";

const USER: ChatMessage = { role: "user", content: "Weather in Paris?" };

async function replay(target: string, request: Record<string, unknown>): Promise<{ response: ChatCompletion; prompt: string }> {
  const setup = await fakeSetup("qwen3", { start() {}, next() {} });
  setup.use(new ReplayModel(target, setup.vocabulary, setup.encode));
  const response = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, max_tokens: 200, temperature: 0, ...request })) as ChatCompletion;
  return { response, prompt: setup.engine.prompts[0]! };
}

const call = (name: string, args: object): string => renderToolCall("hermes", { name, arguments: JSON.stringify(args) });

describe("a replay model whose target breaks the contract is corrected (qwen3, hermes)", () => {
  it("replaces an enum value outside the schema with an allowed one", async () => {
    const { response } = await replay(call("get_weather", { city: "Paris", unit: "kelvin" }), { tool_choice: "required" });
    const calls = response.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(1);
    const args = JSON.parse(calls[0]!.function.arguments) as { city: string; unit: string };
    expect(args.city).toBe("Paris");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);
    expect(response.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("does not let a call end before a required field is written", async () => {
    const { response } = await replay(call("get_weather", { city: "Paris" }), { tool_choice: "required" });
    const args = JSON.parse(response.choices[0]!.message.tool_calls![0]!.function.arguments) as Record<string, unknown>;
    expect(Object.keys(args).sort()).toEqual(["city", "unit"]);
  });

  it("turns free text under tool_choice required into a call", async () => {
    const { response } = await replay("I think it is sunny in Paris today.", { tool_choice: "required" });
    expect(response.choices[0]!.message.tool_calls?.length ?? 0).toBeGreaterThan(0);
    expect(response.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("keeps a call out of the output under tool_choice none", async () => {
    const { response } = await replay(call("get_weather", { city: "Paris", unit: "celsius" }), { tool_choice: "none" });
    expect(response.choices[0]!.message.tool_calls).toBeUndefined();
    expect(response.choices[0]!.finish_reason).not.toBe("tool_calls");
    expect(response.choices[0]!.message.content ?? "").not.toContain("<tool_call>");
  });

  it("stops after one call when parallel_tool_calls is false", async () => {
    const two = `${call("get_weather", { city: "Paris", unit: "celsius" })}\n${call("get_weather", { city: "Rome", unit: "celsius" })}`;
    const { response } = await replay(two, { tool_choice: "auto", parallel_tool_calls: false });
    expect(response.choices[0]!.message.tool_calls).toHaveLength(1);
    const parallel = await replay(two, { tool_choice: "auto" });
    expect(parallel.response.choices[0]!.message.tool_calls).toHaveLength(2);
  });

  it("streams tool_calls deltas that add up to the same calls, with finish_reason tool_calls", async () => {
    const target = call("get_weather", { city: "Paris", unit: "celsius" });
    const setup = await fakeSetup("qwen3", { start() {}, next() {} });
    setup.use(new ReplayModel(target, setup.vocabulary, setup.encode));
    const stream = await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", stream: true, stream_options: { include_usage: true }, temperature: 0 });
    const chunks: ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    const deltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather" } });
    expect(deltas[0]!.id).toMatch(/^call_/);
    expect(deltas.map((d) => d.function.arguments ?? "").join("")).toBe(JSON.stringify({ city: "Paris", unit: "celsius" }));
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0]!.finish_reason)).toEqual(["tool_calls"]);
    const usage = chunks.at(-1)!.usage!;
    expect(usage.extra.backend).toBe("native");
    // Every token was either sampled under the mask or fed by jump-forward.
    expect(usage.extra.masked_steps + usage.extra.jump_forward_tokens).toBe(usage.completion_tokens);
  });
});

describe("prompting through the model's own chat template", () => {
  it("renders call → tool result → answer byte-equal to the Qwen3 template for the same conversation", async () => {
    const history: ChatMessage[] = [
      { role: "system", content: "You are a weather assistant." },
      USER,
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: { temperature: 18, sky: "clear" } },
    ];
    const { response, prompt } = await replay("It is 18 °C and clear in Paris.", { messages: history, tool_choice: "auto" });
    const { chatTemplate } = familyTemplate("qwen3");
    const expected = new Template(chatTemplate).render({
      messages: [
        { role: "system", content: "You are a weather assistant." },
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: "", tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: '{"temperature":18,"sky":"clear"}' },
      ],
      tools: TOOLS,
      add_generation_prompt: true,
      bos_token: "",
      eos_token: "<|im_end|>",
    });
    expect(prompt).toBe(expected);
    expect(prompt).toContain('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}\n</tool_call>');
    expect(prompt).toContain('<tool_response>\n{"temperature":18,"sky":"clear"}\n</tool_response>');
    expect(response.choices[0]!.message.content).toBe("It is 18 °C and clear in Paris.");
    expect(response.choices[0]!.finish_reason).toBe("stop");
  });

  it("accepts arguments as an object and tool content as text parts, rendering them as the string forms", async () => {
    const asObject: ChatMessage[] = [
      USER,
      { role: "assistant", content: null, tool_calls: [{ id: "c", function: { name: "get_weather", arguments: { city: "Paris", unit: "celsius" } } }] },
      { role: "tool", tool_call_id: "c", content: [{ type: "text", text: "18 C" }] },
    ];
    const asString: ChatMessage[] = [
      USER,
      { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' } }] },
      { role: "tool", tool_call_id: "c", content: "18 C" },
    ];
    const a = await replay("ok", { messages: asObject });
    const b = await replay("ok", { messages: asString });
    expect(a.prompt).toBe(b.prompt);
  });
});

describe("bad requests are typed errors from create()", () => {
  const setup = fakeSetup("qwen3", { start() {}, next() {} });
  const create = async (request: Record<string, unknown>): Promise<unknown> => (await setup).client.chat.completions.create({ messages: [USER], ...request });
  it.each([
    ["unknown_tool", { tools: TOOLS, tool_choice: { type: "function", function: { name: "get_time" } } }, "tool_choice.function.name"],
    ["duplicate_tool", { tools: [TOOLS[0], TOOLS[0]] }, "tools[1].function.name"],
    ["unsupported_parameter", { n: 2 }, "n"],
    ["unsupported_parameter", { functions: [] }, "functions"],
    ["invalid_request", { temperature: 3 }, "temperature"],
    ["invalid_message", { messages: [{ role: "wizard", content: "x" }] }, "messages[0].role"],
  ])("%s at %s", async (code, request, path) => {
    const error = await create(request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolRequestError);
    expect(error).toMatchObject({ code, path });
  });
});
