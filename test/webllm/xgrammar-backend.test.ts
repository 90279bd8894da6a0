// The xgrammar backend: the tool grammar printed as XGrammar EBNF and sent as
// response_format {type: "grammar"} to chat.completions.create. The FAKE WebLLM engine masks with
// the real @mlc-ai/web-xgrammar there, as WebLLM does (bitmask before the LogitProcessor, the
// sampled token accepted after). REPLAY models break the contract; a SEEDED RANDOM model runs a
// reduced suite. Nothing here runs a real model.
import { describe, expect, it } from "vitest";
import { renderToolCall } from "@toolmask/formats";
import type { ChatCompletion, ChatMessage } from "@toolmask/webllm";
import { ReplayModel } from "../support/test-models.js";
import { fakeSetup } from "../support/webllm-setup.js";
import { xgrammarResponseFormat } from "../support/xgrammar-response-format.js";
import { MODES, runRandomMode, TOOLS } from "./random-runs.js";

/**
 * web-xgrammar's mask costs tens to hundreds of milliseconds per step on these CPUs (most in free
 * text: tool_choice auto and none), so CI runs a reduced suite: 2 runs of the required and named
 * modes on Qwen3. TOOLMASK_XGRAMMAR_RUNS=N runs N per mode, every mode, on Qwen3 and Llama 3.
 */
const FULL = process.env.TOOLMASK_XGRAMMAR_RUNS !== undefined;
const XGRAMMAR_RUNS = FULL ? Number(process.env.TOOLMASK_XGRAMMAR_RUNS) : 2;
const XGRAMMAR_MODES = FULL ? MODES : MODES.filter((m) => m.name === "required" || m.name === "named");
const XGRAMMAR_FAMILIES = FULL ? (["qwen3", "llama3_1"] as const) : (["qwen3"] as const);
const USER: ChatMessage = { role: "user", content: "Weather in Paris?" };
const call = (name: string, args: object): string => renderToolCall("hermes", { name, arguments: JSON.stringify(args) });

async function replay(target: string, request: Record<string, unknown>): Promise<ChatCompletion> {
  const setup = await fakeSetup("qwen3", { start() {}, next() {} }, { backend: "xgrammar", responseFormat: xgrammarResponseFormat("qwen3") });
  setup.use(new ReplayModel(target, setup.vocabulary, setup.encode));
  const response = (await setup.client.chat.completions.create({ messages: [USER], tools: TOOLS, max_tokens: 200, temperature: 0, ...request })) as ChatCompletion;
  expect(setup.engine.chatRequests[0]!.response_format?.type).toBe("grammar");
  return response;
}

describe("xgrammar backend: a replay model whose target breaks the contract is corrected (qwen3, hermes)", () => {
  it("replaces an enum value outside the schema with an allowed one", async () => {
    const r = await replay(call("get_weather", { city: "Paris", unit: "kelvin" }), { tool_choice: "required" });
    const args = JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments) as { city: string; unit: string };
    expect(args.city).toBe("Paris");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);
    expect(r.usage.extra.backend).toBe("xgrammar");
  });

  it("does not let a call end before a required field is written", async () => {
    const r = await replay(call("get_weather", { city: "Paris" }), { tool_choice: "required" });
    expect(Object.keys(JSON.parse(r.choices[0]!.message.tool_calls![0]!.function.arguments) as object).sort()).toEqual(["city", "unit"]);
  });

  it("turns free text under tool_choice required into a call", async () => {
    const r = await replay("I think it is sunny in Paris today.", { tool_choice: "required" });
    expect(r.choices[0]!.message.tool_calls?.length ?? 0).toBeGreaterThan(0);
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
  });

  // web-xgrammar masks free text slowly (tenths of a second per token here), so this output is kept short.
  it("keeps a call out of the output under tool_choice none", { timeout: 300_000 }, async () => {
    const r = await replay(call("get_weather", { city: "Paris", unit: "celsius" }), { tool_choice: "none", max_tokens: 24 });
    expect(r.choices[0]!.message.tool_calls).toBeUndefined();
    expect(r.choices[0]!.message.content ?? "").not.toContain("<tool_call>");
  });

  it("stops after one call when parallel_tool_calls is false", async () => {
    const two = `${call("get_weather", { city: "Paris", unit: "celsius" })}\n${call("get_weather", { city: "Rome", unit: "celsius" })}`;
    expect((await replay(two, { tool_choice: "auto", parallel_tool_calls: false })).choices[0]!.message.tool_calls).toHaveLength(1);
  });
});

describe.each(XGRAMMAR_FAMILIES)("xgrammar backend with a seeded random model on the %s tokenizer", (family) => {
  it.each(XGRAMMAR_MODES)(`keeps ${XGRAMMAR_RUNS} adversarial outputs per tool_choice mode valid: %s`, async (mode) => {
    const stats = await runRandomMode(family, mode, { backend: "xgrammar", responseFormat: xgrammarResponseFormat(family), runs: XGRAMMAR_RUNS });
    console.log(`xgrammar ${family}`, mode.name, JSON.stringify(stats));
    expect(Object.values(stats.finish).reduce((a, b) => a + b, 0)).toBe(XGRAMMAR_RUNS);
  }, 600_000);
});
