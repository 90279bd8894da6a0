// The seeded-random-model property shared by the per-family test files: whatever the model wants,
// every output of withTools parses, names declared tools, has arguments that validate, respects
// tool_choice and parallel_tool_calls, and reports the right finish_reason. The model is a SEEDED
// RANDOM MODEL and the engine a FAKE of WebLLM's (test/support); nothing here runs a real model.
import { Ajv } from "ajv";
import { expect } from "vitest";
import { listFormats, parseToolCalls } from "@toolmask/formats";
import type { ChatCompletion, ChatCompletionRequest } from "@toolmask/webllm";
import type { FakeSetupOptions } from "../support/webllm-setup.js";
import { SeededRandomModel } from "../support/test-models.js";
import { fakeSetup, familyVocabulary, MLC_CONFIG } from "../support/webllm-setup.js";
import type { TokenizerName } from "../support/tokenizers.js";

/**
 * Runs per tool_choice mode and family. The issue asks for 500: `TOOLMASK_RANDOM_RUNS=500` runs
 * them (about ten CPU-minutes for the four families, see the issue-6 report); CI runs 50 per mode,
 * so that the whole `.ci/run` stays within its time budget on 2 cores.
 */
export const RUNS = Number(process.env.TOOLMASK_RANDOM_RUNS ?? 50);
/** Short outputs keep 500 runs per mode cheap; truncated runs are checked as prefixes. */
export const MAX_TOKENS = 48;

export const TOOLS = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string", maxLength: 40 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city", "unit"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function" as const,
    function: {
      name: "search_flights",
      parameters: {
        type: "object",
        properties: { from: { type: "string", pattern: "^[A-Z]{3}$" }, to: { type: "string", pattern: "^[A-Z]{3}$" }, passengers: { type: "integer", minimum: 1, maximum: 9 } },
        required: ["from", "to"],
        additionalProperties: false,
      },
    },
  },
];

export const MODES = [
  { name: "auto", toolChoice: "auto" },
  { name: "required", toolChoice: "required" },
  { name: "named", toolChoice: { type: "function", function: { name: "search_flights" } } },
  { name: "none", toolChoice: "none" },
] as const;

export function formatAvailable(family: TokenizerName): boolean {
  const name = MLC_CONFIG[family]!.format;
  return listFormats().some((f) => f.name === name);
}

const ajv = new Ajv({ strict: false });
const validators = new Map(TOOLS.map((t) => [t.function.name, ajv.compile(t.function.parameters)]));

export interface ModeStats {
  finish: Record<string, number>;
  calls: number;
  steps: number;
  forcedSteps: number;
}

/** Runs `runs` seeded random generations for one family and mode and checks every one. */
export async function runRandomMode(family: TokenizerName, mode: (typeof MODES)[number], options: FakeSetupOptions & { runs?: number; maxTokens?: number } = {}): Promise<ModeStats> {
  const vocab = familyVocabulary(family);
  const model = new SeededRandomModel(vocab, 0);
  const { runs = RUNS, maxTokens = MAX_TOKENS, ...setupOptions } = options;
  const setup = await fakeSetup(family, model, setupOptions);
  const format = MLC_CONFIG[family]!.format;
  const stats: ModeStats = { finish: {}, calls: 0, steps: 0, forcedSteps: 0 };
  for (let run = 0; run < runs; run++) {
    model.reseed(run * 7919 + mode.name.length);
    const parallel = run % 2 === 0;
    const request: ChatCompletionRequest = {
      messages: [{ role: "user", content: "What is the weather in Paris, and are there flights from CDG to JFK?" }],
      tools: TOOLS,
      tool_choice: mode.toolChoice,
      parallel_tool_calls: parallel,
      max_tokens: maxTokens,
      temperature: 1,
      seed: run,
    };
    const response = (await setup.client.chat.completions.create(request)) as ChatCompletion;
    const choice = response.choices[0]!;
    const calls = choice.message.tool_calls ?? [];
    const where = `${family} ${mode.name} run ${run}`;
    stats.finish[choice.finish_reason] = (stats.finish[choice.finish_reason] ?? 0) + 1;
    stats.calls += calls.length;
    stats.steps += response.usage.completion_tokens;
    stats.forcedSteps += response.usage.extra.forced_steps;
    for (const call of calls) {
      const validate = validators.get(call.function.name);
      expect(validate, `${where}: call to undeclared ${call.function.name}`).toBeDefined();
      expect(validate!(JSON.parse(call.function.arguments)), `${where}: ${call.function.arguments} ${ajv.errorsText(validate!.errors)}`).toBe(true);
      if (mode.name === "named") expect(call.function.name, where).toBe("search_flights");
    }
    if (mode.name === "none") expect(calls, where).toEqual([]);
    if (!parallel) expect(calls.length, where).toBeLessThanOrEqual(1);
    if (choice.finish_reason === "length") {
      expect(response.usage.completion_tokens, where).toBe(maxTokens);
    } else {
      expect(choice.finish_reason, where).toBe(calls.length > 0 ? "tool_calls" : "stop");
      if (mode.name === "required" || mode.name === "named") expect(calls.length, `${where}: finished without a call`).toBeGreaterThan(0);
      // The whole output is a valid string of the format: parsing the raw text again loses nothing.
      const raw = setup.engine.lastOutput;
      const reparsed = parseToolCalls(raw, { format, tools: TOOLS });
      expect(reparsed.errors, `${where}: ${JSON.stringify(raw)}`).toEqual([]);
      expect(reparsed.toolCalls.map((c) => [c.function.name, c.function.arguments]), where).toEqual(calls.map((c) => [c.function.name, c.function.arguments]));
    }
  }
  return stats;
}
