// The token driver (forwardTokensAndSample) against the FAKE WebLLM engine, with REPLAY and SEEDED
// RANDOM test models on the real Qwen3 tokenizer: KV-cache reuse across turns, resets when the
// prefix diverges or someone else used the engine, jump-forward, the request's own sampling, stop
// strings, the context window. Nothing here runs a real model.
import { describe, expect, it } from "vitest";
import { renderToolCall } from "@toolmask/formats";
import { ToolRequestError, type ChatCompletion, type ChatCompletionChunk, type ChatMessage } from "@toolmask/webllm";
import { ReplayModel, SeededRandomModel } from "../support/test-models.js";
import { fakeSetup, type FakeSetupOptions } from "../support/webllm-setup.js";
import { TOOLS } from "./random-runs.js";

const USER: ChatMessage = { role: "user", content: "Weather in Paris?" };
const call = (name: string, args: object): string => renderToolCall("hermes", { name, arguments: JSON.stringify(args) });
const PARIS = call("get_weather", { city: "Paris", unit: "celsius" });

async function replaySetup(target: string, options: FakeSetupOptions = {}) {
  const setup = await fakeSetup("qwen3", { start() {}, next() {} }, options);
  setup.use(new ReplayModel(target, setup.vocabulary, setup.encode));
  return setup;
}

describe("the token driver reuses WebLLM's KV cache across turns", () => {
  it("prefills only the new part of the next turn's prompt when the cache holds its prefix", async () => {
    const setup = await replaySetup(PARIS);
    const first = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0 })) as ChatCompletion;
    const calls = first.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(1);
    const resetsAfterFirst = setup.engine.resets;
    const forwardsBefore = setup.engine.forwards.length;
    setup.use(new ReplayModel("It is 18 °C in Paris.", setup.vocabulary, setup.encode));
    const second = (await setup.client.chat.completions.create({
      messages: [USER, first.choices[0]!.message as ChatMessage, { role: "tool", tool_call_id: calls[0]!.id, content: "18 C" }],
      tools: TOOLS,
      temperature: 0,
    })) as ChatCompletion;
    expect(second.choices[0]!.message.content).toBe("It is 18 °C in Paris.");
    const cached = second.usage.prompt_tokens_details!.cached_tokens;
    // The whole first prompt, and the call the model wrote, were still in the cache.
    expect(cached).toBeGreaterThan(first.usage.prompt_tokens);
    expect(setup.engine.resets).toBe(resetsAfterFirst);
    expect(setup.engine.forwards[forwardsBefore]!.ids.length).toBe(second.usage.prompt_tokens - cached);
    // What the cache holds is exactly the second prompt plus the answer (minus its unfed stop token).
    const prompt = setup.encode(setup.model.template.render([
      { role: "user", content: "Weather in Paris?", calls: [] },
      { role: "assistant", content: null, calls: [{ id: calls[0]!.id, name: "get_weather", arguments: calls[0]!.function.arguments }] },
      { role: "tool", content: "18 C", calls: [], toolCallId: calls[0]!.id },
    ], { tools: TOOLS }));
    expect(setup.engine.kvTokens.slice(0, prompt.length)).toEqual(prompt);
  });

  it("resets the chat when the new prompt does not extend what the cache holds", async () => {
    const setup = await replaySetup("Hello.");
    await setup.client.chat.completions.create({ messages: [USER], temperature: 0 });
    const resets = setup.engine.resets;
    const other = (await setup.client.chat.completions.create({ messages: [{ role: "system", content: "Be brief." }, USER], temperature: 0 })) as ChatCompletion;
    expect(setup.engine.resets).toBe(resets + 1);
    expect(other.usage.prompt_tokens_details!.cached_tokens).toBe(0);
    expect(other.choices[0]!.message.content).toBe("Hello.");
  });

  it("starts from an empty cache after a request that did not go through toolmask", async () => {
    const setup = await replaySetup("Hello.");
    await setup.client.chat.completions.create({ messages: [USER], temperature: 0 });
    for await (const _ of await setup.engine.completions.create({ prompt: "unrelated", stream: true, max_tokens: 2 })) void _;
    const resets = setup.engine.resets;
    const again = (await setup.client.chat.completions.create({ messages: [USER, { role: "assistant", content: "Hello." }, { role: "user", content: "Again?" }], temperature: 0 })) as ChatCompletion;
    expect(again.usage.prompt_tokens_details!.cached_tokens).toBe(0);
    expect(setup.engine.resets).toBe(resets + 1);
  });
});

describe("jump-forward feeds forced text in one forward pass", () => {
  it("saves decode steps on a named call and writes the same call", async () => {
    const request = { messages: [USER], tools: TOOLS, tool_choice: { type: "function" as const, function: { name: "get_weather" } }, temperature: 0 };
    const withJump = await replaySetup(PARIS);
    const a = (await withJump.client.chat.completions.create(request)) as ChatCompletion;
    const without = await replaySetup(PARIS, { jumpForward: false });
    const b = (await without.client.chat.completions.create(request)) as ChatCompletion;
    expect(a.choices[0]!.message.tool_calls!.map((c) => [c.function.name, c.function.arguments])).toEqual(b.choices[0]!.message.tool_calls!.map((c) => [c.function.name, c.function.arguments]));
    expect(a.usage.extra.jump_forward_tokens).toBeGreaterThan(0);
    expect(b.usage.extra.jump_forward_tokens).toBe(0);
    // One forward pass per decode step, plus the prefill.
    expect(withJump.engine.forwards).toHaveLength(a.usage.extra.decode_steps + 1);
    expect(without.engine.forwards).toHaveLength(b.usage.extra.decode_steps + 1);
    expect(a.usage.extra.decode_steps).toBeLessThan(b.usage.extra.decode_steps);
    // Every generated token was sampled under the mask or fed by jump-forward.
    expect(a.usage.extra.masked_steps + a.usage.extra.jump_forward_tokens).toBe(a.usage.completion_tokens);
    console.log(`jump-forward on a named get_weather call: ${b.usage.extra.decode_steps} decode steps without, ${a.usage.extra.decode_steps} with (${a.usage.extra.jump_forward_tokens} tokens fed)`);
  });
});

describe("the request's own sampling runs inside the processor", () => {
  const random = async (seed: number | undefined) => {
    const setup = await fakeSetup("qwen3", { start() {}, next() {} });
    setup.use(new SeededRandomModel(setup.vocabulary, 5));
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", max_tokens: 30, temperature: 1, ...(seed !== undefined ? { seed } : {}) })) as ChatCompletion;
    return setup.engine.lastOutput + JSON.stringify(r.choices[0]!.message);
  };

  it("gives the same output for the same seed and another for another seed", async () => {
    expect(await random(7)).toBe(await random(7));
    expect(await random(7)).not.toBe(await random(8));
  });

  it("reports logprobs of every sampled token, the chosen one among the alternatives", async () => {
    const setup = await replaySetup(PARIS);
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0, logprobs: true, top_logprobs: 3 })) as ChatCompletion;
    const entries = r.choices[0]!.logprobs!.content;
    expect(entries).toHaveLength(r.usage.extra.masked_steps - 1);
    for (const e of entries) {
      expect(e.logprob).toBeLessThanOrEqual(0);
      expect(e.top_logprobs.length).toBeGreaterThan(0);
      expect(e.top_logprobs.length).toBeLessThanOrEqual(3);
      expect(e.top_logprobs[0]!.logprob).toBeGreaterThanOrEqual(e.logprob);
    }
  });

  it("keeps a logit_bias from pushing a forbidden token through the grammar", async () => {
    const setup = await replaySetup("I will not call anything.");
    const brace = setup.encode("I")[0]!;
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0, logit_bias: { [String(brace)]: 100 } })) as ChatCompletion;
    expect(r.choices[0]!.message.tool_calls?.length).toBeGreaterThan(0);
  });
});

describe("stop strings end the content, never a call", () => {
  const weird = call("get_weather", { city: "STOP town", unit: "celsius" });
  it.each(["tokens", "completions"] as const)("does not cut a call whose arguments contain the stop string (%s driver)", async (driver) => {
    const setup = await replaySetup(weird, { driver });
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0, stop: ["STOP"] })) as ChatCompletion;
    expect(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ city: "STOP town", unit: "celsius" });
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it.each(["tokens", "completions"] as const)("ends the answer before a stop string in the content, also when streamed (%s driver)", async (driver) => {
    const setup = await replaySetup("The answer is 42. STOP and more text that must not appear", { driver });
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, temperature: 0, stop: ["STOP"] })) as ChatCompletion;
    expect(r.choices[0]!.message.content).toBe("The answer is 42. ");
    expect(r.choices[0]!.finish_reason).toBe("stop");
    const streamed = await replaySetup("The answer is 42. STOP and more text that must not appear", { driver });
    let text = "";
    for await (const chunk of (await streamed.client.chat.completions.create({ messages: [USER], temperature: 0, stop: "STOP", stream: true })) as AsyncIterable<ChatCompletionChunk>) {
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe("The answer is 42. ");
  });
});

describe("the context window", () => {
  it("ends generation with finish_reason length before the KV cache overflows", async () => {
    const setup = await replaySetup("word ".repeat(200), { contextWindowSize: 60 });
    const r = (await setup.client.chat.completions.create({ messages: [USER], temperature: 0 })) as ChatCompletion;
    expect(r.choices[0]!.finish_reason).toBe("length");
    expect(r.usage.total_tokens).toBeLessThanOrEqual(60);
  });

  it("refuses a prompt longer than the window with a typed error", async () => {
    const setup = await replaySetup("x", { contextWindowSize: 20 });
    const error = await setup.client.chat.completions.create({ messages: [{ role: "user", content: "a long question ".repeat(20) }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolRequestError);
    expect(error).toMatchObject({ code: "context_length_exceeded", path: "messages" });
  });
});

describe("a stream the reader leaves early", () => {
  it("disarms the processor, and the next request starts from an empty cache and completes", async () => {
    const setup = await replaySetup(PARIS);
    const stream = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0, stream: true })) as AsyncIterable<ChatCompletionChunk>;
    let chunks = 0;
    for await (const _ of stream) if (++chunks === 3) break;
    expect(setup.model.processor!.armed).toBe(false);
    expect(setup.model.processor!.kvTokens).toBeUndefined();
    const resets = setup.engine.resets;
    const r = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, tool_choice: "required", temperature: 0 })) as ChatCompletion;
    expect(setup.engine.resets).toBe(resets + 1);
    expect(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ city: "Paris", unit: "celsius" });
  });
});
