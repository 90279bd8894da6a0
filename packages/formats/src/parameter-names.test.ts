// Parameter names across every format: grammar, renderer and parser agree on which names a format
// can write. A name is either refused by buildToolGrammar and renderToolCall alike (with a
// ParameterNameError), or the rendered call is in the grammar and parses back to the same call, and
// whatever the grammar generates parses into calls that use the declared names.
import { Recognizer, type Grammar } from "@toolmask/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildToolGrammar, parseToolCalls, renderToolCall } from "./api.js";
import { ParameterNameError } from "./errors.js";
import { getFormat, listFormats } from "./registry.js";
import { sequentialIds, toPieces } from "./testing/agreement.js";
import { parameterNameError, toolWithParameter } from "./testing/parameter-names.js";
import { piecesText, rng, sampleGrammar } from "./testing/sample.js";

const FORMATS = listFormats().map((f) => f.name);
const PYTHONIC = ["pythonic", "llama4_pythonic", "olmo3"];
const FUNCTION_PARAMS = ["qwen3_coder", "seed_oss"];
const GLM = ["glm45", "glm47"];
const QUOTED_ATTRIBUTE = ["deepseek_v3_2", "deepseek_v4", "minimax_m2", "step3"];

/** Which formats refuse each name: every format that writes names outside JSON, checked by hand. */
const REFUSED_BY: Record<string, readonly string[]> = {
  "user-id": PYTHONIC,
  "a.b": PYTHONIC,
  $x: PYTHONIC,
  "1x": PYTHONIC,
  城市: [],
  _x: [],
  from: [],
  "k y": [...PYTHONIC, ...FUNCTION_PARAMS],
  "": [...PYTHONIC, ...FUNCTION_PARAMS, "gemma4"],
  " k": [...PYTHONIC, ...FUNCTION_PARAMS, ...GLM, "gemma4"],
  "k\n": [...PYTHONIC, ...FUNCTION_PARAMS, ...GLM, "gemma4"],
  "a\nb": [...PYTHONIC, ...FUNCTION_PARAMS],
  'a"b': [...PYTHONIC, ...QUOTED_ATTRIBUTE],
  "a'b": PYTHONIC,
  "a=b": [...PYTHONIC, "gemma4"],
  "a:b": [...PYTHONIC, "gemma4"],
  "a,b": [...PYTHONIC, "gemma4"],
  "a[0]": [...PYTHONIC, "gemma4"],
  "a<b": [...PYTHONIC, ...FUNCTION_PARAMS, "gemma4"],
  "a>b": [...PYTHONIC, ...FUNCTION_PARAMS, "gemma4"],
  "</arg_key>": [...PYTHONIC, ...FUNCTION_PARAMS, ...GLM, "gemma4"],
};

describe("parameter names the formats cannot write", () => {
  it.each(Object.entries(REFUSED_BY).map(([name, formats]) => [JSON.stringify(name), name, formats] as const))("%s is refused exactly by the formats that cannot write it", (_label, name, expected) => {
    const refusing = FORMATS.filter((format) => {
      try {
        buildToolGrammar({ format, tools: [toolWithParameter(name, true)], toolChoice: "required" });
        return false;
      } catch (e) {
        expect(e).toBeInstanceOf(ParameterNameError);
        return true;
      }
    });
    expect(refusing.sort()).toEqual([...expected].sort());
  });

  it("reports the format, tool and parameter, also through the format's alias", () => {
    const e = parameterNameError(() => buildToolGrammar({ format: "qwen3_xml", tools: [toolWithParameter("user id", false)] }));
    expect(e).toMatchObject({ code: "unsupported_parameter_name", format: "qwen3_coder", tool: "f", parameter: "user id" });
    expect(e.message).toBe('format "qwen3_coder" cannot write the parameter "user id" of tool "f": the name in <parameter=…> cannot contain whitespace, control characters, "<" or ">"');
  });
});

// Names from characters that delimit something in some format, plus letters that do not.
const NAME_CHARS = [..."aZ0_-.$ \"'=:,;<>{}[]()/\\\n\t|城é😀𐐀", "\u00a0", "ﬁ", "\u0301"];
const nameArb = fc.oneof(fc.constantFrom(...Object.keys(REFUSED_BY)), fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 6 }));
const kindArb = fc.constantFrom(
  { schema: { type: "string" }, value: "a b" },
  { schema: { type: "integer" }, value: -4 },
  { schema: { type: "array", items: { type: "string" } }, value: ["x", "y"] },
);

describe.each(FORMATS)("%s: parameter names agree between grammar, renderer and parser", (format) => {
  const specials = getFormat(format).specialTokens ?? [];

  it("refuses a name in both grammar and renderer, or round-trips it and parses whatever the grammar generates", () => {
    fc.assert(
      fc.property(nameArb, kindArb, fc.boolean(), fc.integer(), (name, kind, required, seed) => {
        const tools = [toolWithParameter(name, required, kind.schema)];
        const args = { q: 3, [name]: kind.value };
        const render = (): string => renderToolCall(format, { name: "f", arguments: args }, { tools });
        let g: Grammar;
        try {
          g = buildToolGrammar({ format, tools, toolChoice: "required", reasoning: false });
        } catch (e) {
          expect(e).toBeInstanceOf(ParameterNameError);
          expect((e as ParameterNameError).parameter).toBe(name);
          expect(parameterNameError(render).parameter).toBe(name);
          return;
        }
        const text = render();
        expect(new Recognizer(g).accepts(toPieces(text, specials)), text).toBe(true);
        const parsed = parseToolCalls(text, { format, tools, idGenerator: sequentialIds, reasoning: false });
        expect(parsed.errors).toEqual([]);
        expect(parsed.toolCalls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([["f", args]]);
        // Whatever the grammar generates is read back with the declared names.
        const random = rng(seed);
        for (let i = 0; i < 3; i++) {
          const pieces = sampleGrammar(g, random);
          const sampled = piecesText(pieces);
          const r = parseToolCalls(sampled, { format, tools, reasoning: false });
          expect(r.errors, sampled).toEqual([]);
          expect(r.toolCalls.length).toBeGreaterThanOrEqual(1);
          for (const call of r.toolCalls) {
            const keys = Object.keys(JSON.parse(call.function.arguments) as object);
            for (const k of keys) expect(["q", name]).toContain(k);
            if (required) expect(keys).toContain(name);
          }
        }
      }),
      { numRuns: 60 * Number(process.env.TOOLMASK_PROPERTY_SCALE ?? 1) },
    );
  });
});
