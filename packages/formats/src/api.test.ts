import { accepts } from "@toolmask/grammar";
import { describe, expect, it } from "vitest";
import { buildToolGrammar, createToolCallStream, parseToolCalls, reasoningForPrompt, renderToolCall, toOpenAIDelta } from "./api.js";
import { FormatError } from "./errors.js";
import { detectFormat, getFormat, listFormats, registerFormat } from "./registry.js";
import type { ToolDefinition } from "./types.js";

const weather: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", title: "Args", properties: { city: { type: "string", description: "City", default: "Paris" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] },
  },
};
const hermesCall = (name: string, args: string) => [{ token: "<tool_call>" }, `\n{"name": "${name}", "arguments": ${args}}\n`, { token: "</tool_call>" }];

function expectError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).code).toBe(code);
    return;
  }
  throw new Error(`expected a FormatError with code ${code}`);
}

describe("tool definitions as users write them", () => {
  it("treats missing and empty parameters as a function without arguments", () => {
    for (const def of [{ type: "function", function: { name: "now" } }, { type: "function", function: { name: "now", parameters: {} } }] as ToolDefinition[]) {
      const g = buildToolGrammar({ format: "hermes", tools: [def], toolChoice: "required", reasoning: false });
      expect(accepts(g, hermesCall("now", "{}"))).toBe(true);
      expect(accepts(g, hermesCall("now", '{"x": 1}'))).toBe(false);
    }
  });

  it("accepts the flat Responses API shape and names with dots and hyphens", () => {
    const g = buildToolGrammar({ format: "hermes", tools: [{ type: "function", name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } }], toolChoice: "required", reasoning: false });
    expect(accepts(g, hermesCall("web.search-v2", '{"q": "x"}'))).toBe(true);
  });

  it("ignores descriptions, titles and defaults", () => {
    const g = buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: "required", reasoning: false });
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo"}'))).toBe(true);
    expect(accepts(g, hermesCall("get_weather", '{"unit": "c"}'))).toBe(false);
  });

  it("applies strict mode: every property required, objects closed", () => {
    const strict: ToolDefinition = { type: "function", function: { ...("function" in weather ? weather.function : weather), strict: true, parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"], additionalProperties: false } } };
    const g = buildToolGrammar({ format: "hermes", tools: [strict], toolChoice: "required", reasoning: false });
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo", "unit": "c"}'))).toBe(true);
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo"}'))).toBe(false);
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo", "unit": "c", "x": 1}'))).toBe(false);
  });

  it("keeps each tool's own rules when tools share the string and number rules", () => {
    const closed: ToolDefinition = { type: "function", function: { name: "lookup", strict: true, parameters: { type: "object", properties: { id: { type: "integer" }, note: { type: "string" } } } } };
    const tools = [weather, closed, ...Array.from({ length: 8 }, (_, i): ToolDefinition => ({ type: "function", function: { name: `t${i}`, parameters: { type: "object", properties: { [`s${i}`]: { type: "string" } } } } }))];
    const g = buildToolGrammar({ format: "hermes", tools, toolChoice: "required", reasoning: false });
    expect([...g.rules.keys()].filter((n) => /^json_char/.test(n))).toHaveLength(1);
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo", "x": 1}'))).toBe(true);
    expect(accepts(g, hermesCall("lookup", '{"id": 1, "note": "n"}'))).toBe(true);
    expect(accepts(g, hermesCall("lookup", '{"id": 1}'))).toBe(false);
    expect(accepts(g, hermesCall("lookup", '{"id": 1, "note": "n", "x": 1}'))).toBe(false);
    expect(accepts(g, hermesCall("t3", '{"s3": "v", "s4": 2}'))).toBe(true);
    expect(accepts(g, hermesCall("t3", '{"s3": 1}'))).toBe(false);
  });

  it("rejects duplicate tool names with a typed error", () => {
    expectError(() => buildToolGrammar({ format: "hermes", tools: [weather, weather] }), "duplicate_tool");
  });

  it("rejects a tool_choice that names an undeclared tool", () => {
    expectError(() => buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: { type: "function", function: { name: "send_email" } } }), "undeclared_tool");
    expectError(() => buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: { type: "allowed_tools", mode: "auto", tools: [{ type: "function", function: { name: "x" } }] } }), "undeclared_tool");
  });

  it("rejects unusable names, required without tools and unknown formats", () => {
    expectError(() => buildToolGrammar({ format: "hermes", tools: [{ type: "function", function: { name: "get weather" } }] }), "invalid_tool");
    expectError(() => buildToolGrammar({ format: "hermes", tools: [], toolChoice: "required" }), "invalid_tool_choice");
    expectError(() => buildToolGrammar({ format: "no_such_format", tools: [weather] }), "unknown_format");
    expectError(() => buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: "sometimes" as never }), "invalid_tool_choice");
  });

  it("allows no call at all when no tools are declared", () => {
    const g = buildToolGrammar({ format: "hermes", reasoning: false });
    expect(accepts(g, "Just text.")).toBe(true);
    expect(accepts(g, hermesCall("get_weather", '{"city": "Oslo"}'))).toBe(false);
  });
});

describe("raw string values of XML formats", () => {
  // The flat (Responses API) tool shape.
  const properties = {
    currency: { type: "string", pattern: "^[A-Z]{3}$" },
    day: { type: "string", format: "date" },
    code: { type: "string", pattern: "^[a-z]+$", maxLength: 4 },
    note: { type: "string", maxLength: 5 },
    html: { type: "string", pattern: "^<b>.*</b>$" },
  };
  const book: ToolDefinition = { type: "function", name: "book", parameters: { type: "object", properties, required: ["currency", "day"] } };
  const ok = { currency: "USD", day: "2026-11-22", code: "abc", note: "hello there", html: "<b>x</b>" };

  it("follows the schema's pattern and format (length limits folded in) where no value can hold an end marker", () => {
    for (const format of ["qwen3_coder", "glm45", "minimax_m2", "seed_oss", "step3"]) {
      const g = buildToolGrammar({ format, tools: [book], toolChoice: "required", reasoning: false, specialTokens: [] });
      const call = (args: object): string => renderToolCall(format, { name: "book", arguments: JSON.stringify(args) }, { tools: [book] });
      expect(accepts(g, call(ok)), format).toBe(true);
      expect(accepts(g, call({ ...ok, currency: "usd" })), format).toBe(false);
      expect(accepts(g, call({ ...ok, currency: "USDX" })), format).toBe(false);
      expect(accepts(g, call({ ...ok, day: "2026-13-01" })), format).toBe(false);
      expect(accepts(g, call({ ...ok, code: "abcde" })), format).toBe(false);
      // Checked after parsing, not by the grammar: plain length limits, and patterns whose values
      // could hold the first character of an end marker.
      expect(accepts(g, call({ ...ok, note: "longer than five" })), format).toBe(true);
      expect(accepts(g, call({ ...ok, html: "not bold" })), format).toBe(true);
    }
  });

  it("follows a pattern behind a reference to the tool's definitions", () => {
    // Typed beside the reference: a parameter's kind (raw string or JSON) is read from its own `type`.
    const tool: ToolDefinition = { type: "function", name: "pay", parameters: { type: "object", $defs: { code: { type: "string", pattern: "^[A-Z]{3}$" } }, properties: { currency: { type: "string", $ref: "#/$defs/code" } }, required: ["currency"] } };
    const g = buildToolGrammar({ format: "qwen3_coder", tools: [tool], toolChoice: "required", reasoning: false, specialTokens: [] });
    const call = (currency: string): string => renderToolCall("qwen3_coder", { name: "pay", arguments: JSON.stringify({ currency }) }, { tools: [tool] });
    expect(accepts(g, call("EUR"))).toBe(true);
    expect(accepts(g, call("eur"))).toBe(false);
  });
});

describe("special tokens", () => {
  it("requires the marker token, not the same characters spelled as text", () => {
    const g = buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: "required", reasoning: false });
    expect(accepts(g, '<tool_call>\n{"name": "get_weather", "arguments": {"city": "x"}}\n</tool_call>')).toBe(false);
  });

  it("spells markers as text when the vocabulary given does not have them", () => {
    const g = buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: "required", reasoning: false, specialTokens: [] });
    expect(accepts(g, '<tool_call>\n{"name": "get_weather", "arguments": {"city": "x"}}\n</tool_call>')).toBe(true);
  });

  it("keeps free text from spelling a call opener, so tool_choice none cannot leak a call", () => {
    const g = buildToolGrammar({ format: "hermes", tools: [weather], toolChoice: "none", reasoning: false });
    expect(accepts(g, "text <tool_call> more")).toBe(false);
    expect(accepts(g, "text <tool_ call> more")).toBe(true);
  });
});

describe("registry", () => {
  it("lists the 29 formats with the names users type", () => {
    const names = listFormats().map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "hermes", "llama3_json", "mistral", "pythonic", "llama4_pythonic", "olmo3", "deepseek_v3", "deepseek_v3_1", "deepseek_v3_2", "deepseek_v4", "qwen3_coder", "seed_oss", "glm45", "glm47", "kimi_k2", "minimax_m2", "harmony",
        "phi4_mini_json", "jamba", "hunyuan_a13b", "nemotron_deci", "granite", "granite-20b-fc", "internlm", "xlam", "step3", "gemma4", "ernie_x1", "ernie45",
      ]),
    );
    expect(names).toHaveLength(29);
  });

  it.each([
    ["qwen25", "hermes"], ["qwen", "hermes"], ["llama3", "llama3_json"], ["llama4_json", "llama3_json"], ["deepseekv3", "deepseek_v3"], ["deepseek_v31", "deepseek_v3_1"], ["deepseekv31", "deepseek_v3_1"],
    ["deepseek_v32", "deepseek_v3_2"], ["deepseekv32", "deepseek_v3_2"], ["qwen3_xml", "qwen3_coder"], ["glm", "glm45"], ["minimax-m2", "minimax_m2"], ["openai", "harmony"], ["gpt-oss", "harmony"],
    ["phi4", "phi4_mini_json"], ["ernie-x1", "ernie_x1"], ["GRANITE_20B_FC", "granite-20b-fc"], ["Hermes", "hermes"],
  ])("finds %s as %s", (alias, name) => {
    expect(getFormat(alias).name).toBe(name);
  });

  it.each([
    ["Qwen/Qwen2.5-7B-Instruct", "hermes"], ["Qwen/Qwen3-8B", "hermes"], ["Qwen3-4B-Instruct-2507-q4f16_1-MLC", "hermes"], ["Qwen/Qwen3-Coder-30B-A3B-Instruct", "qwen3_coder"], ["Qwen/Qwen3.5-9B", "qwen3_coder"],
    ["meta-llama/Llama-3.1-8B-Instruct", "llama3_json"], ["Llama-3.2-3B-Instruct-q4f16_1-MLC", "llama3_json"], ["meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4_pythonic"],
    ["NousResearch/Hermes-2-Pro-Llama-3-8B", "hermes"], ["NousResearch/Hermes-3-Llama-3.1-8B", "hermes"], ["mistralai/Mistral-7B-Instruct-v0.3", "mistral"], ["openai/gpt-oss-20b", "harmony"],
    ["deepseek-ai/DeepSeek-V3", "deepseek_v3"], ["deepseek-ai/DeepSeek-R1-0528", "deepseek_v3"], ["deepseek-ai/DeepSeek-V3.1", "deepseek_v3_1"], ["deepseek-ai/DeepSeek-V3.2", "deepseek_v3_2"], ["deepseek-ai/DeepSeek-V4-Flash", "deepseek_v4"],
    ["moonshotai/Kimi-K2-Instruct", "kimi_k2"], ["zai-org/GLM-4.5-Air", "glm45"], ["zai-org/GLM-4.7", "glm47"], ["microsoft/Phi-4-mini-instruct", "phi4_mini_json"], ["HuggingFaceTB/SmolLM3-3B", "hermes"], ["SmolLM2-1.7B-Instruct-q4f16_1-MLC", "hermes"],
    ["MiniMaxAI/MiniMax-M2", "minimax_m2"], ["google/gemma-4-31B-it", "gemma4"], ["ByteDance-Seed/Seed-OSS-36B-Instruct", "seed_oss"], ["ibm-granite/granite-3.3-8b-instruct", "granite"], ["Salesforce/Llama-xLAM-2-8b-fc-r", "xlam"],
    ["nvidia/Llama-3.3-Nemotron-Super-49B-v1", "nemotron_deci"], ["NousResearch/Hermes-2-Pro-Mistral-7B", "hermes"], ["Team-ACE/ToolACE-2-Llama-3.1-8B", "pythonic"],
  ])("detects %s as %s", (id, name) => {
    expect(detectFormat(id)).toBe(name);
  });

  it("detects nothing for an unknown model", () => {
    expect(detectFormat("acme/mystery-7b")).toBeUndefined();
  });

  it("refuses a second format under a taken name or alias", () => {
    expectError(() => registerFormat({ ...getFormat("hermes"), name: "my_hermes", aliases: ["qwen"] }), "duplicate_format");
    expectError(() => registerFormat({ name: "broken", models: [] } as never), "invalid_format");
  });
});

describe("reasoningForPrompt", () => {
  it("starts inside reasoning when the prompt opens it, skips it when the prompt closed it", () => {
    expect(reasoningForPrompt("qwen3_coder", "<|im_start|>assistant\n<think>\n")).toBe("started");
    expect(reasoningForPrompt("hermes", "<|im_start|>assistant\n<think>\n\n</think>\n\n")).toBe(false);
    expect(reasoningForPrompt("hermes", "<|im_start|>assistant\n")).toBe(true);
    expect(reasoningForPrompt("mistral", "[INST]hi[/INST][THINK]")).toBe("started");
    expect(reasoningForPrompt("llama3_json", "<|start_header_id|>assistant<|end_header_id|>\n\n")).toBe(false);
  });
});

describe("stream events at the OpenAI edge", () => {
  it("maps events to OpenAI chat deltas", () => {
    const s = createToolCallStream({ format: "hermes", tools: [weather], idGenerator: () => "call_1" });
    const events = [...s.push('Sure.<tool_call>{"name": "get_weather", "arguments": {"city": "Rome"}}</tool_call>'), ...s.end()];
    expect(events.map(toOpenAIDelta)).toEqual([
      { content: "Sure." },
      { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city": "Rome"}' } }] },
      null,
    ]);
  });

  it("renders a finished call back to the text it came from", () => {
    const text = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>';
    const [call] = parseToolCalls(text, { format: "hermes", tools: [weather] }).toolCalls;
    expect(renderToolCall("hermes", call!)).toBe(text);
  });
});

describe("calls without a function name", () => {
  // No function is named "": without declared tools any name is accepted, but not an empty one.
  it.each([
    ["hermes", '<tool_call>\n{"name": "", "arguments": {"a": 1}}\n</tool_call>'],
    ["mistral", '[TOOL_CALLS][{"name": " ", "arguments": {}}]'],
    ["granite_20b_fc", '<function_call> {"name": "", "arguments": {}}'],
    ["deepseek_v4", '<｜DSML｜tool_calls>\n<｜DSML｜invoke name="">\n</｜DSML｜invoke>\n</｜DSML｜tool_calls>'],
  ])("%s: refuses the call as malformed and keeps its text", (format, text) => {
    const r = parseToolCalls(text, { format });
    expect(r.toolCalls).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([["malformed_call", "a tool call without a function name"]]);
    expect(r.content).toBe(text);
  });
});
