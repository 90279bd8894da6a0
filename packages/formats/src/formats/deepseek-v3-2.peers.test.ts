// Situations the public peers (vLLM, SGLang) test for DeepSeek-V3.2 DSML, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const D = "｜DSML｜";
const OPEN = `<${D}function_calls>`;
const CLOSE = `</${D}function_calls>`;
const p = (k: string, v: string, str: boolean | null) => `<${D}parameter name="${k}"${str === null ? "" : ` string="${str}"`}>${v}</${D}parameter>\n`;
const invoke = (name: string, params: string) => `<${D}invoke name="${name}">\n${params}</${D}invoke>\n`;

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "plan_trip",
      parameters: { type: "object", properties: { dest: { type: "string" }, nights: { type: "integer" }, budget: { type: "number" }, pets: { type: "boolean" }, stops: { type: "array", items: { type: "string" } }, opts: { type: "object" }, memo: { type: ["string", "null"] } } },
    },
  },
  { type: "function", function: { name: "weather_now", parameters: { type: "object", properties: { place: { type: "string" } } } } },
];
const options: ParseOptions = { format: "deepseek_v3_2", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("deepseek_v3_2: situations the peers test", () => {
  it("reads raw strings and JSON values as the string attribute says", () => {
    const r = parse(`${OPEN}\n${invoke("plan_trip", p("dest", "Kyoto", true) + p("nights", "4", false) + p("budget", "1200.50", false) + p("pets", "false", false) + p("stops", '["Nara", "Osaka"]', false) + p("opts", '{"rail": true}', false))}${CLOSE}`);
    expect(r).toMatchObject({ content: null, errors: [] });
    expect(calls(r)).toEqual([["plan_trip", { dest: "Kyoto", nights: 4, budget: 1200.5, pets: false, stops: ["Nara", "Osaka"], opts: { rail: true } }]]);
  });

  it("keeps a value written with string=\"true\" a string whatever it looks like", () => {
    const r = parse(`${OPEN}\n${invoke("weather_now", p("place", "12345", true))}${CLOSE}`);
    expect(calls(r)).toEqual([["weather_now", { place: "12345" }]]);
  });

  it("types by the schema when the string attribute is missing", () => {
    const r = parse(`${OPEN}\n${invoke("plan_trip", p("dest", "Oslo", null) + p("nights", "2", null) + p("memo", "null", null))}${CLOSE}`);
    expect(calls(r)).toEqual([["plan_trip", { dest: "Oslo", nights: 2, memo: null }]]);
  });

  it("keeps a string parameter a string when the model wrote string=\"false\" with plain text", () => {
    const r = parse(`${OPEN}\n${invoke("weather_now", p("place", "Rome", false))}${CLOSE}`);
    expect(calls(r)).toEqual([["weather_now", { place: "Rome" }]]);
  });

  it("reads several invokes, keeps multi-line values, the text before and after, and reasoning", () => {
    const r = parse(`<think>two steps</think>Planning.\n\n${OPEN}\n${invoke("weather_now", p("place", "Bergen", true))}${invoke("plan_trip", p("dest", "line 1\nline 2", true))}${CLOSE}\nDone.`);
    expect(r.reasoning).toBe("two steps");
    expect(r.content).toBe("Planning.\n\n\nDone.");
    expect(calls(r)).toEqual([
      ["weather_now", { place: "Bergen" }],
      ["plan_trip", { dest: "line 1\nline 2" }],
    ]);
  });

  it("keeps the complete invokes of a block cut off in a later one", () => {
    const cut = `<${D}invoke name="plan_trip">\n<${D}parameter name="dest" string="true">Li`;
    const r = parse(`${OPEN}\n${invoke("weather_now", p("place", "Nice", true))}${cut}`);
    expect(calls(r)).toEqual([["weather_now", { place: "Nice" }]]);
    expect(r.content).toBe(cut);
    expect(r.errors.map((e) => e.code)).toEqual(["truncated_call"]);
  });

  it("keeps a block whose only invoke is undeclared as content", () => {
    const text = `${OPEN}\n${invoke("cancel_trip", p("id", "7", false))}${CLOSE}`;
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });
});
