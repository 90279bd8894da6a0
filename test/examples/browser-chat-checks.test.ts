// The browser-chat example's checks that need no browser: the tools editor's validation and the
// grammar the inspector prints.
import { describe, expect, it } from "vitest";
import { parseEbnf } from "@toolmask/grammar";
import { checkTools, DEFAULT_TOOLS, validateCall } from "../../examples/browser-chat/src/tools.js";
import { printedGrammar } from "../../examples/browser-chat/src/inspector.js";

const text = (value: unknown): string => JSON.stringify(value, null, 2);
const problems = (source: string): { where: string; message: string }[] => {
  const r = checkTools(source, "hermes");
  return r.ok ? [] : r.problems;
};

describe("the tools editor", () => {
  it("accepts the default tools", () => {
    expect(checkTools(text(DEFAULT_TOOLS), "hermes")).toEqual({ ok: true, tools: DEFAULT_TOOLS });
  });

  it("reports a JSON syntax error with its line and column", () => {
    const [p] = problems('[\n  {"type": "function",\n   "function": {"name": "f",}}\n]');
    expect(p!.where).toMatch(/^line 3, column \d+$/);
  });

  it("reports a wrong shape with the JSON pointer of the field", () => {
    const found = problems(text([{ type: "function", function: { name: "has space", parameters: {} } }, { type: "tool" }]));
    expect(found.map((p) => p.where)).toEqual(expect.arrayContaining(["/0/function/name", "/1/type", "/1"]));
  });

  it("reports duplicate names", () => {
    const tool = DEFAULT_TOOLS[0]!;
    expect(problems(text([tool, tool]))).toEqual([{ where: "/1/function/name", message: '"get_weather" is declared twice' }]);
  });

  it("reports parameters that are not a valid JSON Schema (ajv)", () => {
    const [p] = problems(text([{ type: "function", function: { name: "f", parameters: { type: "object", properties: { n: { type: "integer", minimum: "one" } } } } }]));
    expect(p!.where).toBe("/0/function/parameters/properties/n/minimum");
    expect(p!.message).toMatch(/^not a valid JSON Schema: must be number/);
  });

  it("reports a schema toolmask refuses to enforce, naming the tool and the keyword's pointer", () => {
    const ok = DEFAULT_TOOLS[0]!;
    const refused = { type: "function", function: { name: "g", parameters: { type: "object", properties: { tags: { type: "array", items: { type: "string" }, uniqueItems: true, maxItems: 5 } } } } };
    const [p] = problems(text([ok, refused]));
    expect(p!.where).toBe("/1/function/parameters/properties/tags/uniqueItems");
    expect(p!.message).toMatch(/^toolmask cannot enforce this: /);
  });

  it("validates a call's arguments against its tool's schema", () => {
    expect(validateCall(DEFAULT_TOOLS, "get_weather", '{"city": "Paris", "unit": "celsius"}').valid).toBe(true);
    expect(validateCall(DEFAULT_TOOLS, "get_weather", '{"city": "Paris", "unit": "kelvin"}')).toMatchObject({ valid: false, message: expect.stringContaining("allowed values") });
    expect(validateCall(DEFAULT_TOOLS, "get_time", "{}")).toMatchObject({ valid: false });
  });
});

describe("the grammar inspector", () => {
  it("prints the tool grammar as EBNF that parses back, with the call opener as a special token", () => {
    const printed = printedGrammar({ format: "hermes", tools: DEFAULT_TOOLS, toolChoice: "required", parallelToolCalls: false, reasoning: false, specialTokens: ["<tool_call>", "</tool_call>"] });
    expect(printed).toMatch(/<tool_call>/);
    expect(printed).toContain("get_weather");
    expect(() => parseEbnf(printed)).not.toThrow();
  });

  it("says that nothing is enforced without tools", () => {
    expect(printedGrammar({ format: "hermes", tools: [], toolChoice: "auto", parallelToolCalls: true, reasoning: undefined, specialTokens: undefined })).toMatch(/^\(no tools/);
  });
});
