// The examples' shared simulated chat: a SCRIPTED MODEL (not an LLM) over the FAKE WebLLM engine on
// the real Qwen3 tokenizer. What the examples show on screen rests on these behaviours.
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { renderToolCalls } from "@toolmask/formats";
import type { ChatCompletion, ChatCompletionChunk } from "@toolmask/webllm";
import { createSimulatedChat, exampleArguments, simulatedHost, wishesFor, type HostEvent, type SimulatedChat } from "@toolmask-examples/simulated-chat";
import { qwen3TokenizerFiles } from "@toolmask-examples/simulated-chat/node";

const TOOLS = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["city", "unit"], additionalProperties: false },
    },
  },
  {
    type: "function" as const,
    function: { name: "search_flights", description: "Search flights between two airports", parameters: { type: "object", properties: { from: { type: "string" }, to: { type: "string" } }, required: ["from", "to"] } },
  },
];
const call = (name: string, args: object): string => renderToolCalls("hermes", [{ name, arguments: JSON.stringify(args) }]);

let sim: SimulatedChat;
beforeAll(async () => {
  sim = await createSimulatedChat(qwen3TokenizerFiles());
});

async function complete(wishes: string[], request: Record<string, unknown>): Promise<ChatCompletion> {
  sim.scripted.want(wishes);
  sim.processor.clear();
  return (await sim.client.chat.completions.create({
    messages: [{ role: "user", content: "What's the weather in Paris?" }],
    tools: TOOLS,
    temperature: 0,
    max_tokens: 120,
    chat_template_kwargs: { enable_thinking: false },
    ...request,
  })) as ChatCompletion;
}

describe("the scripted model", () => {
  it("writes its favourite text when the grammar allows it, and the mask never overrides it", async () => {
    const r = await complete(["Bring an umbrella.", call("get_weather", { city: "Paris", unit: "celsius" })], { tool_choice: "auto" });
    expect(r.choices[0]!.message.content).toBe("Bring an umbrella.");
    expect(sim.processor.steps.length).toBeGreaterThan(0);
    expect(sim.processor.steps.some((s) => s.overridden)).toBe(false);
  });

  it("falls back to its runner-up when the mask removes the favourite (required on a chatty model)", async () => {
    const r = await complete(["Bring an umbrella.", call("get_weather", { city: "Paris", unit: "celsius" })], { tool_choice: "required" });
    expect(r.choices[0]!.message.tool_calls?.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([["get_weather", { city: "Paris", unit: "celsius" }]]);
    const first = sim.processor.steps[0]!;
    expect(first.overridden).toBe(true);
    expect(sim.vocabulary.tokenText(first.favourite)).toBe("Bring");
    expect(first.allowed).toBeLessThan(1000);
  });

  it("under a named tool_choice, with the wishes the chat app gives it, calls the named tool with arguments that validate", async () => {
    const request = { messages: [{ role: "user" as const, content: "Hello! Any plans?" }], tools: TOOLS, tool_choice: { type: "function" as const, function: { name: "search_flights" } } };
    const r = await complete(wishesFor(request, "hermes"), request);
    const calls = r.choices[0]!.message.tool_calls ?? [];
    expect(calls.map((c) => c.function.name)).toEqual(["search_flights"]);
    const validate = new Ajv().compile(TOOLS[1]!.function.parameters);
    expect(validate(JSON.parse(calls[0]!.function.arguments))).toBe(true);
  });
});

describe("the per-step statistics", () => {
  it("count allowed tokens within the logits length and time every masked step", async () => {
    const r = await complete([call("get_weather", { city: "Paris", unit: "celsius" })], { tool_choice: "auto" });
    const steps = sim.processor.steps;
    expect(steps).toHaveLength(r.usage!.extra.masked_steps);
    expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i));
    for (const s of steps) {
      expect(s.allowed).toBeGreaterThan(0);
      expect(s.allowed).toBeLessThanOrEqual(151_936);
      expect(s.maskMs).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("wishesFor: what the script wants for a chat request", () => {
  it("wants to chat first when the message names no tool, then calls each tool, the named one first", () => {
    const wishes = wishesFor({ messages: [{ role: "user", content: "Hello! How are you?" }], tools: TOOLS, tool_choice: { type: "function", function: { name: "search_flights" } } }, "hermes");
    expect(wishes[0]).toMatch(/^\(scripted reply, not a language model\)/);
    expect(wishes[1]).toContain('"name": "search_flights"');
    expect(wishes[2]).toContain('"name": "get_weather"');
  });

  it("wants to call the tool the message names, with a place name from the message", () => {
    const [first] = wishesFor({ messages: [{ role: "user", content: "Is the weather nice in New York today?" }], tools: TOOLS }, "hermes");
    expect(first).toBe(call("get_weather", { city: "New York", unit: "celsius" }));
  });

  it("answers tool results by quoting them", () => {
    const wishes = wishesFor(
      {
        messages: [
          { role: "user", content: "weather?" },
          { role: "assistant", content: null },
          { role: "tool", tool_call_id: "a", content: '{"temperature":18}' },
        ],
        tools: TOOLS,
      },
      "hermes",
    );
    expect(wishes).toEqual(['(scripted answer) The tool returned: {"temperature":18}.']);
  });

  it("exampleArguments fills enums, bounds and arrays from the schema", () => {
    expect(exampleArguments({ type: "object", properties: { n: { type: "integer", minimum: 3 }, e: { enum: ["x", "y"] }, a: { type: "array", items: { type: "boolean" }, minItems: 2 } } }, "")).toEqual({ n: 3, e: "x", a: [true, true] });
  });
});

describe("simulatedHost: the interface the chat UI talks to", () => {
  it("reports the wishes, then chunks and steps, for a streamed request", async () => {
    const host = simulatedHost(sim);
    expect(host.info).toMatchObject({ simulated: true, format: "hermes", vocabSize: 151_936 });
    expect(host.info.label).toContain("not an LLM");
    const events: HostEvent[] = [];
    await host.chat({ messages: [{ role: "user", content: "Hi there, nice day!" }], tools: TOOLS, tool_choice: "required", stream: true, temperature: 0, chat_template_kwargs: { enable_thinking: false } }, (e) => events.push(e));
    expect(events[0]!.type).toBe("wishes");
    const chunks = events.filter((e): e is { type: "chunk"; chunk: ChatCompletionChunk } => e.type === "chunk").map((e) => e.chunk);
    const steps = events.filter((e) => e.type === "step");
    expect(steps.length).toBeGreaterThan(0);
    expect(chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []))[0]).toMatchObject({ index: 0, type: "function" });
    expect(chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(["tool_calls"]);
    expect(structuredClone(events)).toEqual(events);
  });
});
