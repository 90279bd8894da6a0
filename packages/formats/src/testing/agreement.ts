// The properties every format must satisfy, as one reusable vitest suite:
// render → grammar accepts → parse gives the same calls; whatever the grammar accepts parses to
// output that respects the tool choice; streaming over any chunking equals parsing whole; the
// parser never throws.
import { accepts, type InputPiece } from "@toolmask/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildToolGrammar, collectStream, createToolCallStream, parseToolCalls, renderToolCalls } from "../api.js";
import { ArgumentValueError } from "../errors.js";
import { getFormat } from "../registry.js";
import type { ParseResult, ReasoningMode, ToolCallStreamEvent, ToolChoice, ToolDefinition } from "../types.js";
import { piecesText, rng, sampleGrammar } from "./sample.js";

export const sequentialIds = (index: number): string => `call_${index}`;

export interface AgreementConfig {
  /** Characters string arguments are drawn from (XML formats exclude what would close a value). */
  readonly stringChars?: readonly string[];
  /** Arguments compare as exact text (JSON formats) or as JSON values (XML, pythonic). */
  readonly exactArguments: boolean;
  /** The format keeps text written before its calls. */
  readonly textBefore: boolean;
  /** Joins content and rendered calls the way the model writes them. */
  readonly compose?: (content: string, calls: string) => string;
  /** Reasoning mode the grammar-side properties use. */
  readonly reasoning?: ReasoningMode;
  /** Schema kinds the format can carry (default: all). */
  readonly kinds?: readonly PropertyKind[];
  /** Runs per property (default 60). */
  readonly runs?: number;
  /** The format variant to render and generate. */
  readonly variant?: string;
  /** Text fragments the fuzzer mixes in (markers and their pieces). */
  readonly fuzzPieces?: readonly string[];
}

export type PropertyKind = "string" | "enum" | "integer" | "number" | "boolean" | "array" | "object";

const DEFAULT_CHARS = [..."abcXYZ019 _-.,:;!?'\"\\/{}[]()<>=\n\tüé中😀"];

const SCHEMAS: Record<PropertyKind, Record<string, unknown>> = {
  string: { type: "string" },
  enum: { type: "string", enum: ["celsius", "fahrenheit", "kelvin"] },
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  array: { type: "array", items: { type: "string" } },
  object: { type: "object", properties: { q: { type: "string" }, n: { type: "integer" } }, required: ["q"] },
};

function valueArb(kind: PropertyKind, str: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (kind) {
    case "string":
      return str;
    case "enum":
      return fc.constantFrom("celsius", "fahrenheit", "kelvin");
    case "integer":
      return fc.integer({ min: -100000, max: 100000 });
    case "number":
      return fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(str, { maxLength: 3 });
    case "object":
      return fc.record({ q: str, n: fc.integer({ min: 0, max: 99 }) }, { requiredKeys: ["q"] });
  }
}

export interface GeneratedCase {
  readonly tools: ToolDefinition[];
  readonly calls: { name: string; arguments: Record<string, unknown> }[];
  readonly content: string;
}

/** Random tools (names with dots and hyphens, no-argument tools) and valid calls to them. */
export function caseArb(config: AgreementConfig, maxCalls: number): fc.Arbitrary<GeneratedCase> {
  const kinds = config.kinds ?? (Object.keys(SCHEMAS) as PropertyKind[]);
  const str = fc.string({ unit: fc.constantFrom(...(config.stringChars ?? DEFAULT_CHARS)), maxLength: 12 });
  const propArb = fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), kind: fc.constantFrom(...kinds), required: fc.boolean() });
  const toolArb = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9_]{0,9}([.-][a-z0-9_]{1,5})?$/),
    props: fc.uniqueArray(propArb, { maxLength: 3, selector: (p) => p.name }),
  });
  return fc
    .uniqueArray(toolArb, { minLength: 1, maxLength: 3, selector: (t) => t.name })
    .chain((tools) => {
      const defs: ToolDefinition[] = tools.map((t) => ({
        type: "function",
        function: {
          name: t.name,
          description: "a tool",
          ...(t.props.length === 0
            ? {}
            : {
                parameters: {
                  type: "object",
                  properties: Object.fromEntries(t.props.map((p) => [p.name, { ...SCHEMAS[p.kind], description: `the ${p.name}` }])),
                  required: t.props.filter((p) => p.required).map((p) => p.name),
                },
              }),
        },
      }));
      const callArb = fc.integer({ min: 0, max: tools.length - 1 }).chain((i) => {
        const t = tools[i]!;
        const shape = Object.fromEntries(t.props.map((p) => [p.name, valueArb(p.kind, str)]));
        return fc
          .record(shape, { requiredKeys: t.props.filter((p) => p.required).map((p) => p.name) })
          .map((args) => ({ name: t.name, arguments: args as Record<string, unknown> }));
      });
      const content = config.textBefore ? fc.string({ unit: fc.constantFrom(..."abc xyz.,!?é中\n"), maxLength: 16 }) : fc.constant("");
      return fc.record({ tools: fc.constant(defs), calls: fc.array(callArb, { minLength: 1, maxLength: maxCalls }), content });
    });
}

/** The text of a rendered case, with its content first. */
export function caseText(format: string, config: AgreementConfig, c: GeneratedCase): string {
  const calls = renderToolCalls(format, c.calls, { tools: c.tools, ...(config.variant !== undefined ? { variant: config.variant } : {}) });
  return config.compose ? config.compose(c.content, calls) : c.content + calls;
}

/** Splits text into recognizer pieces, turning the format's special markers into tokens. */
export function toPieces(text: string, specials: readonly string[]): InputPiece[] {
  if (specials.length === 0) return [text];
  const out: InputPiece[] = [];
  let i = 0;
  let plain = "";
  const sorted = [...specials].sort((a, b) => b.length - a.length);
  while (i < text.length) {
    const m = sorted.find((s) => text.startsWith(s, i));
    if (m) {
      if (plain) out.push(plain);
      plain = "";
      out.push({ token: m });
      i += m.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) out.push(plain);
  return out;
}

/** Parses `text` pushed in the given chunk sizes and folds the events. */
export function streamInChunks(text: string, sizes: readonly number[], options: Parameters<typeof parseToolCalls>[1]): ParseResult {
  const s = createToolCallStream(options);
  const events = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= text.length) break;
    events.push(...s.push(text.slice(i, i + Math.max(1, n))));
    i += Math.max(1, n);
  }
  if (i < text.length) events.push(...s.push(text.slice(i)));
  events.push(...s.end());
  return collectStream(events);
}

/** The events of `text` pushed in pieces cut at the offsets `at` (ascending). */
export function streamAt(text: string, at: readonly number[], options: Parameters<typeof parseToolCalls>[1]): ToolCallStreamEvent[] {
  const s = createToolCallStream(options);
  const events: ToolCallStreamEvent[] = [];
  let from = 0;
  for (const i of [...at, text.length]) {
    if (i > from) events.push(...s.push(text.slice(from, i)));
    from = Math.max(from, i);
  }
  events.push(...s.end());
  return events;
}

/**
 * Events with neighbours of one kind merged (content with content, one call's argument deltas
 * with each other), so a stream's events compare with the batch's whatever the pieces were.
 */
export function mergeEvents(events: readonly ToolCallStreamEvent[]): ToolCallStreamEvent[] {
  const out: ToolCallStreamEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && (e.type === "content" || e.type === "reasoning") && last.type === e.type) out[out.length - 1] = { type: e.type, text: last.text + e.text };
    else if (last && e.type === "tool_call_delta" && last.type === "tool_call_delta" && last.index === e.index) out[out.length - 1] = { ...e, arguments: last.arguments + e.arguments };
    else out.push(e);
  }
  return out;
}

function expectSameCalls(result: ParseResult, calls: GeneratedCase["calls"], exact: boolean, rendered: (args: Record<string, unknown>) => string): void {
  expect(result.errors).toEqual([]);
  expect(result.toolCalls.map((c) => c.function.name)).toEqual(calls.map((c) => c.name));
  result.toolCalls.forEach((tc, i) => {
    if (exact) expect(tc.function.arguments).toBe(rendered(calls[i]!.arguments));
    else expect(JSON.parse(tc.function.arguments)).toEqual(calls[i]!.arguments);
  });
}

const CHOICES: readonly { label: string; choice: (names: string[]) => ToolChoice; parallel: boolean }[] = [
  { label: "auto", choice: () => "auto", parallel: true },
  { label: "required", choice: () => "required", parallel: true },
  { label: "named", choice: (names) => ({ type: "function", function: { name: names[0]! } }), parallel: true },
  { label: "none", choice: () => "none", parallel: true },
  { label: "parallel_tool_calls: false", choice: () => "required", parallel: false },
  {
    label: "allowed_tools",
    choice: (names) => ({ type: "allowed_tools", mode: "required", tools: names.slice(-1).map((name) => ({ type: "function", function: { name } })) }),
    parallel: true,
  },
];

/**
 * Cut and split points are drawn as millionths of the text: fast-check's doubles in [0, 1] are
 * mostly tiny (uniform over their bit patterns), which cut almost always at the start.
 */
const MILLION = 1_000_000;
const cutArb = fc.noBias(fc.nat({ max: MILLION }));

const variantOf = (config: AgreementConfig): { variant?: string } => (config.variant !== undefined ? { variant: config.variant } : {});

/** Registers the agreement properties of `formatName` as a vitest suite. */
export function describeAgreement(formatName: string, config: AgreementConfig): void {
  const format = getFormat(formatName);
  // TOOLMASK_PROPERTY_SCALE=10 runs every property ten times as often (a deeper local search).
  const runs = (config.runs ?? 60) * Number(process.env.TOOLMASK_PROPERTY_SCALE ?? 1);
  const maxCalls = format.parallel === false ? 1 : 3;
  const specials = format.specialTokens ?? [];

  describe(`${formatName}${config.variant ? ` (${config.variant})` : ""}: agreement`, () => {
    it("parses rendered calls back to the same calls", () => {
      fc.assert(
        fc.property(caseArb(config, maxCalls), (c) => {
          const text = caseText(formatName, config, c);
          const result = parseToolCalls(text, { format: formatName, tools: c.tools, idGenerator: sequentialIds });
          expectSameCalls(result, c.calls, config.exactArguments, (a) => JSON.stringify(a));
          expect(result.content).toBe(c.content.trim() === "" ? null : c.content.trim());
        }),
        { numRuns: runs },
      );
    });

    it("renders string arguments holding the format's markers so that they parse back, or refuses them with an ArgumentValueError", () => {
      const pieces = [...(config.fuzzPieces ?? []), ...specials];
      const str = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...(config.stringChars ?? DEFAULT_CHARS))), { maxLength: 6 }).map((p) => p.join(""));
      const tools: ToolDefinition[] = [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { s: { type: "string" }, o: SCHEMAS.object } } } }];
      fc.assert(
        fc.property(str, str, (s, q) => {
          const calls = [{ name: "f", arguments: { s, o: { q, n: 1 } } }];
          let text: string;
          try {
            text = renderToolCalls(formatName, calls, { tools, ...variantOf(config) });
          } catch (e) {
            // Only a format that declares what it cannot write refuses, and only with a typed error.
            expect(format.argumentValueProblem).toBeDefined();
            expect(e).toBeInstanceOf(ArgumentValueError);
            expect((e as ArgumentValueError).parameter).toBe(format.argumentValueProblem!(s) !== undefined ? "s" : "o");
            return;
          }
          const result = parseToolCalls(config.compose ? config.compose("", text) : text, { format: formatName, tools, idGenerator: sequentialIds, reasoning: false });
          expectSameCalls(result, calls, config.exactArguments, (a) => JSON.stringify(a));
        }),
        { numRuns: runs },
      );
    });

    it("accepts rendered calls in the required-choice grammar", () => {
      fc.assert(
        fc.property(caseArb({ ...config, textBefore: false }, maxCalls), (c) => {
          const text = caseText(formatName, config, c);
          const g = buildToolGrammar({ format: formatName, tools: c.tools, toolChoice: "required", reasoning: false, ...variantOf(config) });
          expect(accepts(g, toPieces(text, specials))).toBe(true);
        }),
        { numRuns: Math.ceil(runs / 2) },
      );
    });

    // Formats that reason are sampled without a reasoning block, with an optional one, and with
    // one the prompt opened; the parser is told the same mode.
    const modes: ReasoningMode[] = config.reasoning !== undefined ? [config.reasoning] : format.reasoning ? [false, true, "started"] : [false];

    it.each(CHOICES)("parses whatever the $label grammar accepts into calls that respect it", ({ choice, parallel }) => {
      fc.assert(
        fc.property(caseArb(config, maxCalls), fc.integer(), fc.constantFrom(...modes), (c, seed, reasoning) => {
          const names = c.tools.map((t) => ("function" in t && t.function ? t.function.name : (t as { name: string }).name));
          const toolChoice = choice(names);
          const g = buildToolGrammar({ format: formatName, tools: c.tools, toolChoice, parallelToolCalls: parallel, reasoning, ...variantOf(config) });
          const pieces = sampleGrammar(g, rng(seed));
          expect(accepts(g, pieces)).toBe(true);
          const text = piecesText(pieces);
          const r = parseToolCalls(text, { format: formatName, tools: c.tools, reasoning });
          expect(r.errors).toEqual([]);
          for (const call of r.toolCalls) expect(() => JSON.parse(call.function.arguments)).not.toThrow();
          if (toolChoice === "none") expect(r.toolCalls).toEqual([]);
          else if (toolChoice !== "auto") {
            expect(r.toolCalls.length).toBeGreaterThanOrEqual(1);
            // Nothing but calls (and reasoning) was generated: no markup may leak into content.
            expect(r.content).toBeNull();
          }
          if (!parallel || format.parallel === false) expect(r.toolCalls.length).toBeLessThanOrEqual(1);
          if (typeof toolChoice === "object" && toolChoice.type === "function") {
            for (const call of r.toolCalls) expect(call.function.name).toBe(toolChoice.function.name);
          }
          if (typeof toolChoice === "object" && toolChoice.type === "allowed_tools") {
            for (const call of r.toolCalls) expect(call.function.name).toBe(names[names.length - 1]);
          }
        }),
        { numRuns: Math.ceil(runs / 3) },
      );
    });

    const texts = (c: GeneratedCase, cut: number, noise: string): string[] => {
      const full = caseText(formatName, config, c);
      const at = Math.floor((cut / MILLION) * (full.length + 1));
      return [full, full.slice(0, at), full.slice(0, at) + noise + full.slice(at), `${full}\n${noise}`];
    };
    const noiseArb = fc.array(fc.constantFrom(...(config.fuzzPieces ?? []), ...specials, "{", "}", '"', "\n", " ", "x", "[", "]"), { maxLength: 8 }).map((p) => p.join(""));

    it("streams to exactly the non-streaming result over any chunking", () => {
      fc.assert(
        fc.property(caseArb(config, maxCalls), cutArb, noiseArb, fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 400 }), (c, cut, noise, sizes) => {
          for (const text of texts(c, cut, noise)) {
            const options = { format: formatName, tools: c.tools, idGenerator: sequentialIds };
            const whole = parseToolCalls(text, options);
            expect(streamInChunks(text, sizes, options)).toEqual(whole);
            expect(streamInChunks(text, [1], { ...options })).toEqual(streamInChunks(text, Array(text.length).fill(1), options));
            expect(streamInChunks(text, Array(text.length).fill(1), options)).toEqual(whole);
          }
        }),
        { numRuns: runs },
      );
    });

    it("streams the batch's events over random split points, deltas concatenating to each call's arguments", () => {
      fc.assert(
        fc.property(caseArb(config, maxCalls), cutArb, noiseArb, fc.array(cutArb, { maxLength: 40 }), (c, cut, noise, splits) => {
          for (const text of texts(c, cut, noise)) {
            const options = { format: formatName, tools: c.tools, idGenerator: sequentialIds };
            const batch = createToolCallStream(options);
            const whole = [...batch.push(text), ...batch.end()];
            const at = [...new Set(splits.map((x) => Math.floor((x / MILLION) * text.length)))].sort((a, b) => a - b);
            const streamed = streamAt(text, at, options);
            expect(mergeEvents(streamed)).toEqual(mergeEvents(whole));
            const args = new Map<number, string>();
            for (const e of streamed) {
              if (e.type === "tool_call_delta") args.set(e.index, (args.get(e.index) ?? "") + e.arguments);
              if (e.type === "tool_call_end") expect(args.get(e.index) ?? "").toBe(e.call.function.arguments);
            }
          }
        }),
        { numRuns: runs },
      );
    });

    it("never throws and never fails internally on arbitrary text", () => {
      const pieces = [...(config.fuzzPieces ?? []), ...specials];
      const arb = fc.array(fc.oneof(fc.constantFrom(...pieces, "{", "}", "[", "]", '"', ":", ",", "\\", "\n", " ", "name", "arguments", "=", "(", ")", "'"), fc.string({ maxLength: 3 })), { maxLength: 40 });
      fc.assert(
        fc.property(arb, fc.boolean(), (parts, withTools) => {
          const text = parts.join("");
          const r = parseToolCalls(text, { format: formatName, ...(withTools ? { tools: [{ type: "function", function: { name: "f" } }] } : {}) });
          for (const e of r.errors) expect(e.message).not.toMatch(/^internal/);
        }),
        { numRuns: runs * 4 },
      );
    });
  });
}
