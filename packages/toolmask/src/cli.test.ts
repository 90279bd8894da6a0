import { parseEbnf, accepts } from "@toolmask/grammar";
import { describe, expect, it } from "vitest";
import { runCli, type CliIo } from "./cli-commands.js";

const tools = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
const files: Record<string, string> = {
  "tools.json": JSON.stringify(tools),
  "request.json": JSON.stringify({ model: "m", tools }),
  "tokenizer.json": JSON.stringify({ added_tokens: [{ id: 151657, content: "<tool_call>" }, { id: 151658, content: "</tool_call>" }, { id: 151667, content: "<think>" }, { id: 151668, content: "</think>" }] }),
  "mistral-tokenizer.json": JSON.stringify({ added_tokens: [{ id: 9, content: "[TOOL_CALLS]" }, { id: 32, content: "[ARGS]" }] }),
  "bad.json": "{",
};

async function run(argv: string[], stdin: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdin: (async function* () {
      yield* stdin;
    })(),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readFile: (p) => {
      if (!(p in files)) throw new Error("ENOENT");
      return files[p]!;
    },
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("toolmask parse", () => {
  it("prints the OpenAI choice for model text on stdin", async () => {
    const r = await run(["parse", "--format", "hermes", "--tools", "tools.json"], ["Sure.\n<tool_call>\n", '{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>']);
    expect(r.code).toBe(0);
    const choice = JSON.parse(r.out);
    expect(choice).toMatchObject({ index: 0, finish_reason: "tool_calls", message: { role: "assistant", content: "Sure.", tool_calls: [{ type: "function", function: { name: "get_weather", arguments: '{"city": "Rome"}' } }] } });
  });

  it("streams one OpenAI chunk per event as stdin arrives, then a finish chunk", async () => {
    const r = await run(["parse", "--format", "qwen25", "--stream"], ["<tool_call>{\"name\": \"f\", ", '"arguments": {"a": 1}}</tool_call>']);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0].choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, type: "function", function: { name: "f" } });
    expect(lines.at(-1).choices[0].finish_reason).toBe("tool_calls");
    const args = lines.flatMap((l) => l.choices[0].delta.tool_calls ?? []).map((t: { function: { arguments?: string } }) => t.function.arguments ?? "").join("");
    expect(args).toBe('{"a": 1}');
  });

  it("reports text that is not a valid call as content with its errors", async () => {
    const r = await run(["parse", "--format", "hermes", "--tools", "request.json"], ['<tool_call>{"name": "nope", "arguments": {}}</tool_call>']);
    expect(JSON.parse(r.out)).toMatchObject({ finish_reason: "stop", message: { content: '<tool_call>{"name": "nope", "arguments": {}}</tool_call>' }, toolmask_errors: [{ code: "unknown_tool" }] });
  });
});

describe("toolmask grammar", () => {
  it("prints an EBNF grammar that parses back and requires a call", async () => {
    const r = await run(["grammar", "--format", "hermes", "--tools", "tools.json", "--tool-choice", "required", "--reasoning", "false"]);
    expect(r.code).toBe(0);
    const g = parseEbnf(r.out);
    expect(accepts(g, [{ token: "<tool_call>" }, '{"name": "get_weather", "arguments": {"city": "x"}}', { token: "</tool_call>" }])).toBe(true);
    expect(accepts(g, "plain text")).toBe(false);
  });

  it("prints GBNF naming special tokens by id from a tokenizer (which also picks Mistral's variant), and Lark", async () => {
    const hermes = await run(["grammar", "--format", "hermes", "--tools", "tools.json", "--tool-choice", "get_weather", "--syntax", "gbnf", "--tokenizer", "tokenizer.json"]);
    expect(hermes.out).toContain("<tool_call>");
    const mistral = await run(["grammar", "--format", "mistral", "--tools", "tools.json", "--tool-choice", "required", "--syntax", "gbnf", "--tokenizer", "mistral-tokenizer.json", "--reasoning", "false"]);
    expect(mistral.out).toContain('<[9]> "get_weather" <[32]>');
    expect((await run(["grammar", "--format", "mistral", "--tools", "tools.json", "--syntax", "gbnf"])).err).toMatch(/only by id/);
    const lark = await run(["grammar", "--format", "hermes", "--tools", "tools.json", "--syntax", "lark"]);
    expect(lark.out).toMatch(/^start/m);
  });

  it("explains what is wrong with the arguments", async () => {
    expect((await run(["grammar", "--tools", "tools.json"])).err).toMatch(/--format is required/);
    expect((await run(["grammar", "--format", "hermes", "--tools", "bad.json"])).err).toMatch(/not JSON/);
    const undeclared = await run(["grammar", "--format", "hermes", "--tools", "tools.json", "--tool-choice", "send_mail"]);
    expect(undeclared).toMatchObject({ code: 1, err: expect.stringMatching(/undeclared_tool/) });
    expect((await run(["grammar", "--format", "hermes", "--syntax", "bnf"])).code).toBe(2);
  });
});

describe("toolmask formats and detect", () => {
  it("lists every format with its aliases", async () => {
    const r = await run(["formats"]);
    expect(r.out).toMatch(/^hermes\s+qwen25, qwen\s+Qwen2\.5/m);
    expect(JSON.parse((await run(["formats", "--json"])).out)).toHaveLength(29);
  });

  it("detects a model's format", async () => {
    expect((await run(["detect", "openai/gpt-oss-20b"])).out).toBe("harmony\n");
    expect((await run(["detect", "acme/unknown"])).code).toBe(1);
  });

  it("prints usage for no command and fails on an unknown one", async () => {
    expect((await run([])).out).toMatch(/usage:/);
    expect((await run(["fly"])).code).toBe(2);
  });
});
