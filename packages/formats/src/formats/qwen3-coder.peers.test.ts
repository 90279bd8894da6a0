// Situations the public peers (vLLM, SGLang, Dynamo) test for Qwen3-Coder, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import { parseToolCalls, type ParseOptions } from "../api.js";
import { sequentialIds, streamInChunks } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "find_hotel",
      parameters: {
        type: "object",
        properties: { town: { type: "string" }, country: { type: "string" }, stars: { type: "string", enum: ["three", "four", "five"] } },
        required: ["town"],
      },
    },
  },
  {
    type: "function",
    function: {
      name: "draw_box",
      parameters: { type: "object", properties: { label: { type: "string" }, size: { type: "object" }, margin: { type: "integer" } } },
    },
  },
  {
    type: "function",
    function: {
      name: "typed",
      parameters: {
        type: "object",
        properties: {
          n: { type: "integer" },
          ratio: { type: "float" },
          on: { type: "boolean" },
          word: { type: "string" },
          blob: { type: "object" },
          maybeInt: { anyOf: [{ type: "integer" }, { type: "null" }], default: 3 },
          maybeText: { anyOf: [{ type: "string" }, { type: "null" }] },
          maybeList: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
          maybeObj: { oneOf: [{ type: "object" }, { type: "null" }] },
          intOrNull: { type: ["integer", "null"] },
          mixed: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
        },
      },
    },
  },
  { type: "function", function: { name: "clock" } },
];

const options: ParseOptions = { format: "qwen3_coder", tools, idGenerator: sequentialIds, reasoning: false };
const param = (k: string, v: string) => `<parameter=${k}>\n${v}\n</parameter>\n`;
const call = (name: string, params: string) => `<tool_call>\n<function=${name}>\n${params}</function>\n</tool_call>`;

/** Parses `text` whole and streamed in 1-, 2- and 3-character chunks; all must agree. */
const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("qwen3_coder: situations the peers test", () => {
  it("reads one call with a string enum value, no content", () => {
    const r = parse(call("find_hotel", param("town", "Lyon") + param("country", "FR") + param("stars", "four")));
    expect(r).toMatchObject({ content: null, errors: [] });
    expect(calls(r)).toEqual([["find_hotel", { town: "Lyon", country: "FR", stars: "four" }]]);
  });

  it("keeps text written right before <tool_call> without a newline", () => {
    const r = parse(`Looking that up now.${call("find_hotel", param("town", "Porto"))}`);
    expect(r.content).toBe("Looking that up now.");
    expect(calls(r)).toEqual([["find_hotel", { town: "Porto" }]]);
  });

  it("reads a JSON object value spread over lines for an object parameter", () => {
    const r = parse(call("draw_box", param("label", "crate") + param("size", '{"w": 4, \n "h": 7}') + param("margin", "1")));
    expect(r.errors).toEqual([]);
    expect(calls(r)).toEqual([["draw_box", { label: "crate", size: { w: 4, h: 7 }, margin: 1 }]]);
  });

  it("reads parallel calls in separate blocks", () => {
    const r = parse(`${call("find_hotel", param("town", "Oslo"))}\n${call("find_hotel", param("town", "Bergen") + param("stars", "three"))}`);
    expect(r.content).toBeNull();
    expect(calls(r)).toEqual([
      ["find_hotel", { town: "Oslo" }],
      ["find_hotel", { town: "Bergen", stars: "three" }],
    ]);
  });

  it("types values by the schema, a non-standard type name included", () => {
    const r = parse(call("typed", param("n", "17") + param("ratio", "2.5") + param("on", "false") + param("word", "two words") + param("blob", '{"k": [1, 2]}')));
    expect(calls(r)).toEqual([["typed", { n: 17, ratio: 2.5, on: false, word: "two words", blob: { k: [1, 2] } }]]);
  });

  it("types values of nullable unions (anyOf, oneOf, type arrays)", () => {
    const r = parse(
      call(
        "typed",
        param("maybeInt", "8") + param("maybeText", "plain words") + param("maybeList", '["x", "y"]') + param("maybeObj", '{"deep": {"ok": true}}') + param("intOrNull", "-3") + param("mixed", "free text"),
      ),
    );
    expect(calls(r)).toEqual([["typed", { maybeInt: 8, maybeText: "plain words", maybeList: ["x", "y"], maybeObj: { deep: { ok: true } }, intOrNull: -3, mixed: "free text" }]]);
  });

  it("reads null for nullable unions and keeps number-like text of a string-or-null a string", () => {
    const r = parse(call("typed", param("maybeInt", "null") + param("maybeText", "0042")));
    expect(calls(r)).toEqual([["typed", { maybeInt: null, maybeText: "0042" }]]);
  });

  it("keeps values that look like JSON, numbers or booleans strings when the schema says string", () => {
    const r = parse(call("find_hotel", param("town", "123") + param("country", "true") + param("stars", '{"a": 1}')));
    expect(calls(r)).toEqual([["find_hotel", { town: "123", country: "true", stars: '{"a": 1}' }]]);
  });

  it("reads parameters missing from the schema: JSON text as its value, other text as a string", () => {
    const r = parse(call("find_hotel", param("town", "Nice") + param("nights", "3") + param("note", "sea view")));
    expect(calls(r)).toEqual([["find_hotel", { town: "Nice", nights: 3, note: "sea view" }]]);
  });

  it("reads values written inline, without the newlines", () => {
    const r = parse("<tool_call>\n<function=find_hotel>\n<parameter=town>Cork</parameter>\n<parameter=country>IE</parameter>\n</function>\n</tool_call>");
    expect(calls(r)).toEqual([["find_hotel", { town: "Cork", country: "IE" }]]);
  });

  it("reads a JSON object written inline for an object-or-null parameter without encoding it twice", () => {
    const r = parse('<tool_call>\n<function=typed>\n<parameter=maybeObj>{"id": 9, "tag": "q"}</parameter>\n</function>\n</tool_call>');
    expect(r.toolCalls[0]!.function.arguments).toBe('{"maybeObj": {"id": 9, "tag": "q"}}');
  });

  it("keeps multi-line string values, with whitespace beyond the one wrapping newline", () => {
    const r = parse(call("draw_box", param("label", "\n  line one\n\tline two  \n")));
    expect(calls(r)).toEqual([["draw_box", { label: "\n  line one\n\tline two  \n" }]]);
  });

  it("reads a <function=…> block without <tool_call>, after text", () => {
    const r = parse(`Checking.\n\n<function=find_hotel>\n${param("town", "Graz")}</function>`);
    expect(r.content).toBe("Checking.");
    expect(calls(r)).toEqual([["find_hotel", { town: "Graz" }]]);
  });

  it("reads a <function=…> block without <tool_call> but with the closing </tool_call>, which is not content", () => {
    const r = parse(`Checking.\n\n<function=find_hotel>\n${param("town", "Graz")}</function>\n</tool_call>`);
    expect(r).toMatchObject({ content: "Checking.", errors: [] });
    expect(calls(r)).toEqual([["find_hotel", { town: "Graz" }]]);
  });

  it("keeps a value whose </parameter> is missing up to the next </parameter>", () => {
    // Peers end the value at the next <parameter=; we do not: the grammar lets a value hold that text.
    const r = parse(call("find_hotel", "<parameter=town>\nBonn\n" + param("country", "DE")));
    expect(r.errors).toEqual([]);
    expect(calls(r)).toEqual([["find_hotel", { town: "Bonn\n<parameter=country>\nDE" }]]);
  });

  it("withdraws a call whose <function=…> lacks its '>' and reads the next call", () => {
    const bad = "<tool_call>\n<function=find_hotel\n<parameter=town>Ulm</parameter>\n</function>\n</tool_call>";
    const r = parse(`${bad}\n${call("find_hotel", param("town", "Ulm"))}`);
    expect(r.content).toBe(bad);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
    expect(calls(r)).toEqual([["find_hotel", { town: "Ulm" }]]);
  });

  it("keeps complete calls before one cut off by max_tokens", () => {
    const cut = "<tool_call>\n<function=find_hotel>\n<parameter=town>\nRi";
    const r = parse(`${call("clock", "")}\n${cut}`);
    expect(calls(r)).toEqual([["clock", {}]]);
    expect(r.content).toBe(cut);
    expect(r.errors.map((e) => e.code)).toEqual(["truncated_call"]);
  });

  it("treats a call to an undeclared function as content", () => {
    const text = call("book_taxi", param("to", "airport"));
    const r = parse(text);
    expect(r).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "unknown_tool" }] });
  });

  it("separates a reasoning block and keeps text between calls", () => {
    const r = parse(`<think>\nneed a hotel\n</think>\n\nFirst:\n${call("find_hotel", param("town", "Riga"))}\nthen:\n${call("clock", "")}`, { reasoning: true });
    expect(r.reasoning).toBe("need a hotel");
    expect(r.content).toBe("First:\n\nthen:");
    expect(calls(r).map((c) => c[0])).toEqual(["find_hotel", "clock"]);
  });

  it("streams a call whose parameters arrive in one large piece between small ones", () => {
    const pieces = ["<tool_call>", "\n<function=find_hotel>", "\n", "<parameter=town>\nMalmö\n</parameter>\n<parameter=country>\nSE\n</parameter>", "\n</function>", "\n</tool_call>"];
    const text = pieces.join("");
    const sizes = pieces.map((p) => p.length);
    expect(streamInChunks(text, sizes, options)).toEqual(parseToolCalls(text, options));
    expect(calls(parseToolCalls(text, options))).toEqual([["find_hotel", { town: "Malmö", country: "SE" }]]);
  });
});
