// Situations the public peers (vLLM) test for OLMo 3, with our own inputs, checked against
// toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds, streamInChunks } from "../testing/agreement.js";
import type { ParseResult, ToolDefinition } from "../types.js";
import { parseChecked, parsedCalls } from "../testing/peers.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "find_flight", parameters: { type: "object", properties: { origin: { type: "string" }, seats: { type: "integer" } } } } },
  {
    type: "function",
    function: {
      name: "add_member",
      parameters: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" }, home: { type: "object" }, team: { type: ["string", "null"] }, active: { type: "boolean" }, nicks: { type: "array", items: { type: "string" } } } },
    },
  },
  { type: "function", function: { name: "tick", parameters: { type: "object", properties: { extra: { type: "object" }, list: { type: "array" } } } } },
];
const options: ParseOptions = { format: "olmo3", tools, idGenerator: sequentialIds };
const block = (...lines: string[]) => `<function_calls>${lines.join("\n")}</function_calls>`;

const parse = (text: string, extra: Partial<ParseOptions> = {}): ParseResult => parseChecked(text, { ...options, ...extra });
const calls = parsedCalls;
const member = { name: "Ana Ruiz", age: 29, home: { town: "Vigo", zip: "36201" }, team: null, active: true, nicks: ["Ani", "AR"] };

describe("olmo3: situations the peers test", () => {
  it("reads a call with no newline inside the block", () => {
    const r = parse(block("find_flight(origin='Lisbon', seats=2)"));
    expect(r).toMatchObject({ content: null, errors: [] });
    expect(calls(r)).toEqual([["find_flight", { origin: "Lisbon", seats: 2 }]]);
  });

  it("reads Python literals and their JSON spellings alike", () => {
    const py = parse(block("add_member(name='Ana Ruiz', age=29, home={'town': 'Vigo', 'zip': '36201'}, team=None, active=True, nicks=['Ani', 'AR'])"));
    const js = parse(block("add_member(name='Ana Ruiz', age=29, home={'town': 'Vigo', 'zip': '36201'}, team=null, active=true, nicks=['Ani', 'AR'])"));
    expect(calls(py)).toEqual([["add_member", member]]);
    expect(calls(js)).toEqual([["add_member", member]]);
  });

  it("reads empty calls, empty dicts and empty lists", () => {
    expect(calls(parse(block("tick()", "tick(extra={})", "tick(list=[])")))).toEqual([
      ["tick", {}],
      ["tick", { extra: {} }],
      ["tick", { list: [] }],
    ]);
  });

  it("reads escaped quotes in strings", () => {
    const r = parse(block(String.raw`find_flight(origin='Côte d\'Ivoire \"north\"')`));
    expect(calls(r)).toEqual([["find_flight", { origin: `Côte d'Ivoire "north"` }]]);
  });

  it("reads a block that arrives in two large pieces", () => {
    const text = block("find_flight(origin='Rome', seats=1)", "tick()", "tick(list=[])");
    const r = parse(text);
    expect(streamInChunks(text, [30, text.length], options)).toEqual(r);
    expect(r.toolCalls).toHaveLength(3);
  });

  it("keeps the calls after a malformed one in the same block", () => {
    // The malformed line is content with an error; the calls on the other lines stay calls.
    const r = parse(block("tick(x=1])", "find_flight(origin='Oslo')"));
    expect(calls(r)).toEqual([["find_flight", { origin: "Oslo" }]]);
    expect(r.content).toBe("<function_calls>tick(x=1])");
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
  });

  it("keeps a block whose only call is malformed as content, whole", () => {
    const text = block("tick(x=1])");
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "malformed_call" }] });
  });

  it("keeps an empty block as content", () => {
    expect(parse(`Nothing.${block()}`)).toMatchObject({ content: "Nothing.<function_calls></function_calls>", toolCalls: [], errors: [] });
  });

  it("keeps text that only looks like a call outside a block as content", () => {
    const text = "hello world[A(A=\t)A(A=,\t\t)A(A=,\t";
    expect(parse(text)).toMatchObject({ content: text.trimEnd(), toolCalls: [], errors: [] });
  });
});
