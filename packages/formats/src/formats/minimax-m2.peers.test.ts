// Situations the public peers (vLLM, SGLang, llama.cpp) test for MiniMax-M2, with our own inputs,
// checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const OPEN = "<minimax:tool_call>";
const CLOSE = "</minimax:tool_call>";
const invoke = (name: string, params: Record<string, string>, gap = "") =>
  `<invoke name="${name}">${gap}${Object.entries(params)
    .map(([k, v]) => `<parameter name="${k}">${v}</parameter>${gap}`)
    .join("")}</invoke>${gap}`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "find_book", parameters: { type: "object", properties: { title: { type: "string" }, year: { type: "integer" } } } } },
  { type: "function", function: { name: "find_author", parameters: { type: "object", properties: { name: { type: "string" } } } } },
  { type: "function", function: { name: "set_profile", parameters: { type: "object", properties: { alias: { anyOf: [{ type: "string" }, { type: "null" }] }, prefs: { anyOf: [{ type: "object" }, { type: "null" }] } } } } },
];
const options: ParseOptions = { format: "minimax_m2", tools, idGenerator: sequentialIds };

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;

describe("minimax_m2: situations the peers test", () => {
  it("keeps text before and after the block; reads a call written on one line", () => {
    // SGLang keeps only the text before the block; we keep both.
    const r = parse(`Searching the catalogue.\n${OPEN}${invoke("find_book", { title: "Dune" })}${CLOSE}\nOne moment.`);
    expect(r).toMatchObject({ content: "Searching the catalogue.\n\nOne moment.", errors: [] });
    expect(calls(r)).toEqual([["find_book", { title: "Dune" }]]);
  });

  it("reads several invokes in one block, on separate lines", () => {
    const r = parse(`${OPEN}\n${invoke("find_book", { title: "Emma", year: "1815" }, "\n")}${invoke("find_author", { name: "Austen" }, "\n")}${CLOSE}`);
    expect(r.content).toBeNull();
    expect(calls(r)).toEqual([
      ["find_book", { title: "Emma", year: 1815 }],
      ["find_author", { name: "Austen" }],
    ]);
  });

  it("reads a parameter missing from the schema as the JSON it spells", () => {
    // vLLM without tools keeps "12" a string; we read JSON text as its value when no schema types it.
    const r = parse(`${OPEN}${invoke("find_book", { title: "Ulysses", copies: "12", shelf: "B-4" })}${CLOSE}`);
    expect(calls(r)).toEqual([["find_book", { title: "Ulysses", copies: 12, shelf: "B-4" }]]);
  });

  it("reads nullable unions: a string stays a string, null is null, an object is an object", () => {
    expect(calls(parse(`${OPEN}${invoke("set_profile", { alias: "Bo", prefs: '{"dark": true, "size": 14}' })}${CLOSE}`))).toEqual([["set_profile", { alias: "Bo", prefs: { dark: true, size: 14 } }]]);
    expect(calls(parse(`${OPEN}${invoke("set_profile", { alias: "null", prefs: "null" })}${CLOSE}`))).toEqual([["set_profile", { alias: null, prefs: null }]]);
  });

  it("keeps string values verbatim, markup and newlines included", () => {
    const r = parse(`${OPEN}${invoke("find_book", { title: "\n<i>Odes</i> & \"more\"\n" })}${CLOSE}`);
    expect(calls(r)).toEqual([["find_book", { title: "\n<i>Odes</i> & \"more\"\n" }]]);
  });

  it("separates reasoning, a call spelled inside it not being a call", () => {
    const thought = `maybe ${OPEN}${invoke("find_author", { name: "X" })}${CLOSE}?`;
    const r = parse(`<think>${thought}</think>\n${OPEN}${invoke("find_author", { name: "Woolf" })}${CLOSE}`);
    expect(r.reasoning).toBe(thought);
    expect(calls(r)).toEqual([["find_author", { name: "Woolf" }]]);
  });

  it("keeps the complete invokes of a block cut off in a later one", () => {
    const cut = '<invoke name="find_author"><parameter name="name">Tols';
    const r = parse(`${OPEN}${invoke("find_book", { title: "War" })}${cut}`);
    expect(calls(r)).toEqual([["find_book", { title: "War" }]]);
    expect(r.content).toBe(cut);
    expect(r.errors.map((e) => e.code)).toEqual(["truncated_call"]);
  });

  it("withdraws an undeclared invoke and keeps the others of its block", () => {
    const bad = invoke("delete_book", { title: "Z" });
    const r = parse(`${OPEN}${bad}${invoke("find_author", { name: "Eco" })}${CLOSE}`);
    expect(r.content).toBe(`${OPEN}${bad}`);
    expect(r.errors.map((e) => e.code)).toEqual(["unknown_tool"]);
    expect(calls(r)).toEqual([["find_author", { name: "Eco" }]]);
  });

  it("streams an empty block without inventing calls", () => {
    const r = parse(`Hmm.${OPEN}${CLOSE}`);
    expect(r.toolCalls).toEqual([]);
  });
});

describe("minimax_m2: a block without calls", () => {
  it("keeps an empty block as content, both markers", () => {
    const r = parse(`Hmm. ${OPEN}\n${CLOSE} fine`);
    expect(r).toMatchObject({ content: `Hmm. ${OPEN}\n${CLOSE} fine`, toolCalls: [], errors: [] });
  });
});
