import { describe, expect, it } from "vitest";
import { GrammarBuilder, Recognizer, literal, printEbnf, seq, validateGrammar, walkExpr, type Expr } from "@toolmask/grammar";
import {
  InvalidSchemaError,
  SchemaBudgetError,
  UnsatisfiableSchemaError,
  UnsupportedSchemaError,
  compileJsonSchema,
  jsonSchemaToGrammar,
  validateArguments,
  type JsonSchemaOptions,
  type JsonSchema,
} from "@toolmask/schema";

const rec = (schema: JsonSchema, options?: JsonSchemaOptions): Recognizer => new Recognizer(jsonSchemaToGrammar(schema, options));

function expectLanguage(schema: JsonSchema, accepted: string[], rejected: string[], options?: JsonSchemaOptions): void {
  const r = rec(schema, options);
  for (const s of accepted) expect(r.accepts(s), `should accept ${s}`).toBe(true);
  for (const s of rejected) expect(r.accepts(s), `should reject ${s}`).toBe(false);
}

const compact: JsonSchemaOptions = { whitespace: "compact" };

/** An object whose `kind` picks which `v<i>` is required: an if/then member per kind, `n` of them. */
function discriminated(n: number): JsonSchema {
  return {
    type: "object",
    properties: { kind: { type: "string" } },
    allOf: Array.from({ length: n }, (_, i) => ({ if: { properties: { kind: { const: `k${i}` } } }, then: { properties: { [`v${i}`]: { type: "integer" } }, required: [`v${i}`] } })),
  };
}

/** An object in which at most one of `fields` is not null: per field, if it is set, the others are null. */
function atMostOneSet(fields: readonly string[]): JsonSchema {
  return {
    type: "object",
    allOf: fields.map((f) => ({ if: { not: { properties: { [f]: { const: null } } } }, then: { properties: Object.fromEntries(fields.filter((g) => g !== f).map((g) => [g, { const: null }])) } })),
  };
}

describe("compileJsonSchema: the grammar's shape", () => {
  it("derives one JSON value without leading or trailing whitespace", () => {
    expectLanguage({ type: "object" }, ["{}", '{"a": 1}', "{ }"], [" {}", "{} ", "\n{}"]);
  });

  it("produces grammars the grammar package validates, with the start rule named root", () => {
    const g = jsonSchemaToGrammar({ type: "object", properties: { a: { type: "string" } } });
    expect(g.start).toBe("root");
    expect(() => validateGrammar(g)).not.toThrow();
  });

  it("embeds in a tool-call format through GrammarBuilder.include", () => {
    const b = new GrammarBuilder();
    const args = b.include(jsonSchemaToGrammar({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }), "args");
    const g = b.build(seq(literal("<tool_call>"), args, literal("</tool_call>")));
    const r = new Recognizer(g);
    expect(r.accepts('<tool_call>{"city": "Paris"}</tool_call>')).toBe(true);
    expect(r.accepts("<tool_call>{}</tool_call>")).toBe(false);
  });

  it("keeps maxLength as one counted repetition of the shared character rule", () => {
    const t0 = Date.now();
    const g = jsonSchemaToGrammar({ type: "string", maxLength: 10000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    const repeats: number[] = [];
    for (const body of g.rules.values()) walkExpr(body, (e) => e.kind === "repeat" && e.item.kind === "ref" && e.item.name === "json_char" && repeats.push(e.max));
    expect(repeats).toEqual([10000]);
    expect(g.rules.size).toBeLessThan(5);
  });

  it("drops a pattern every string matches, so its length limits stay one counted repetition", () => {
    // Unanchored, `\\w*` and `(foo)?` match every string (as `.*` does); with a limit of
    // thousands of characters their automaton would need a state per length.
    for (const pattern of [".*", "\\w*", "(foo)?", "^[a-z]*"]) {
      const g = jsonSchemaToGrammar({ type: "string", pattern, minLength: 1, maxLength: 5000 });
      const repeats: number[] = [];
      for (const body of g.rules.values()) walkExpr(body, (e) => e.kind === "repeat" && e.item.kind === "ref" && e.item.name === "json_char" && repeats.push(e.max));
      expect(repeats, pattern).toEqual([5000]);
    }
    expectLanguage({ type: "string", pattern: "\\w*", maxLength: 5000 }, ['"a b!"', `"${"-".repeat(5000)}"`], [`"${"-".repeat(5001)}"`]);
    // A pattern that does constrain is still refused past the automaton budget, not dropped.
    expect(() => jsonSchemaToGrammar({ type: "string", pattern: "\\S", maxLength: 5000 })).toThrow(UnsupportedSchemaError);
  });

  it("folds length limits into a pattern's optional parts and a format's short parts", () => {
    // The optional group after fixed text may be absent: "x" is valid.
    expectLanguage({ type: "string", pattern: "^x(ya+)?$", maxLength: 5 }, ['"x"', '"xya"', '"xyaaa"'], ['"xyaaaa"', '"xy"']);
    // A date-time's fraction is unbounded and its offset `Z` or `+hh:mm`: split on the offset,
    // the fraction takes the rest of the limit — no automaton of a state per length.
    const g = jsonSchemaToGrammar({ type: "string", format: "date-time", maxLength: 1024 });
    expect(g.rules.size).toBeLessThan(5);
    const fraction = "1".repeat(1024 - "2026-11-23T10:00:00.Z".length);
    expectLanguage({ type: "string", format: "date-time", maxLength: 1024 }, ['"2026-11-23T10:00:00Z"', `"2026-11-23T10:00:00.${fraction}Z"`], [`"2026-11-23T10:00:00.${fraction}1Z"`, `"2026-11-23T10:00:00.${fraction}+01:00"`]);
  });

  it("bounds flexible whitespace as a counted repetition (64 characters by default)", () => {
    const g = jsonSchemaToGrammar({ type: "array" });
    const ws = g.rules.get("ws");
    expect(ws).toMatchObject({ kind: "repeat", min: 0, max: 64 });
    expectLanguage({ type: "array" }, [`[${" ".repeat(64)}]`], [`[${" ".repeat(65)}]`]);
  });

  it("shares one rule between identical subschemas", () => {
    const point = { type: "object", properties: { x: { type: "integer", minimum: 0 }, y: { type: "integer", minimum: 0 } }, required: ["x", "y"] };
    const g = jsonSchemaToGrammar({ type: "object", properties: { from: point, to: { ...point, description: "another place" } } });
    // The first use names the rule; the second refers to it instead of compiling a copy.
    expect([...g.rules.keys()].filter((n) => n.startsWith("from"))).not.toHaveLength(0);
    expect([...g.rules.keys()].filter((n) => n.startsWith("to"))).toHaveLength(0);
  });
});

describe("compileJsonSchema: types and values", () => {
  it("compiles each JSON type and unions of them", () => {
    expectLanguage({ type: ["string", "null"] }, ['"x"', "null"], ["1", "true"]);
    expectLanguage({ type: "boolean" }, ["true", "false"], ["null", '"true"']);
    expectLanguage({ type: "integer" }, ["0", "-12", "42"], ["1.5", "01", "1e3", '"1"']);
    expectLanguage({ type: "number" }, ["0", "-1.25", "1e-7", "2.5E+3"], ["1.", ".5", "01", "-"]);
  });

  it("compiles enum and const as literals, pretty-printed when asked", () => {
    expectLanguage({ enum: ["celsius", "fahrenheit", 3, null] }, ['"celsius"', "3", "null"], ['"kelvin"', '"Celsius"']);
    expectLanguage({ const: { a: [1, 2] } }, ['{"a":[1,2]}', '{ "a" : [ 1 , 2 ] }'], ['{"a":[2,1]}']);
    expectLanguage({ const: { a: [1, 2] } }, ['{\n  "a": [\n    1,\n    2\n  ]\n}'], ['{"a":[1,2]}'], { whitespace: "pretty" });
  });

  it("drops enum values that the sibling keywords exclude", () => {
    expectLanguage({ type: "string", enum: ["a", "bb", 3], maxLength: 1 }, ['"a"'], ['"bb"', "3"]);
  });

  it("enforces integer ranges digit by digit: 0..120 rejects 121 to 129", () => {
    const r = rec({ type: "integer", minimum: 0, maximum: 120 });
    for (let i = -5; i <= 200; i++) expect(r.accepts(String(i)), String(i)).toBe(i >= 0 && i <= 120);
  });

  it("gives a range compiled again (kept with its automaton) the same language, with or without rules of its own", () => {
    // 0..120 is written inline; a multipleOf range needs rules for its cycle of remainders.
    const cases = [
      { schema: { type: "integer", minimum: 0, maximum: 120 }, holds: (i: number) => i >= 0 && i <= 120 },
      { schema: { type: "integer", multipleOf: 7, minimum: 0 }, holds: (i: number) => i >= 0 && i % 7 === 0 },
    ] as const;
    for (const { schema, holds } of cases) {
      const [first, again] = [rec(schema), rec({ type: "array", items: schema })];
      for (let i = -5; i <= 200; i++) {
        expect(first.accepts(String(i)), String(i)).toBe(holds(i));
        expect(again.accepts(`[${i}]`), String(i)).toBe(holds(i));
      }
    }
  });

  it("enforces decimal bounds exactly, exclusive or not", () => {
    expectLanguage({ type: "number", exclusiveMinimum: 0.5, maximum: 4 }, ["0.51", "4", "4.000", "1"], ["0.5", "0.50", "4.01", "-1", "0"]);
    expectLanguage({ type: "number", minimum: -2.5, maximum: -1 }, ["-2.5", "-1", "-1.0", "-2"], ["-2.51", "-0.9", "0"]);
  });

  it("reads draft-04 boolean exclusiveMinimum", () => {
    expectLanguage({ $schema: "http://json-schema.org/draft-04/schema#", type: "integer", minimum: 3, exclusiveMinimum: true }, ["4"], ["3"]);
  });

  it("reads a schema using $recursiveRef without $schema as 2019-09, where it is refused, not ignored", () => {
    const schema = { type: "object", properties: { child: { $recursiveRef: "#" } } };
    expect(() => jsonSchemaToGrammar(schema)).toThrow(UnsupportedSchemaError);
    expect(() => jsonSchemaToGrammar(schema)).toThrow(/\$recursiveRef/);
    // With lenient it compiles the superset (any child) and says so.
    expect(compileJsonSchema(schema, { lenient: true }).warnings.map((w) => w.keyword)).toContain("$recursiveRef");
    // A keyword only 2020-12 has keeps the 2020-12 reading, where $recursiveRef is an unknown word.
    expect(() => jsonSchemaToGrammar({ ...schema, prefixItems: [{}] })).not.toThrow();
  });

  it("compiles an enum of 20,000 values (duplicates once) and an allOf of two long enums to their intersection", () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i}`);
    const g = jsonSchemaToGrammar({ enum: [...values, "v7", 3, 3.0, { b: 1, a: 2 }, { a: 2, b: 1 }] }, { whitespace: "compact" });
    const body = g.rules.get(g.start)!;
    expect(body.kind).toBe("choice");
    // 20,000 strings, the number 3 once, the object once (keys in either order are equal values).
    if (body.kind === "choice") expect(body.items.length).toBe(20_002);
    const r = new Recognizer(g);
    for (const ok of ['"v0"', '"v19999"', "3", '{"b":1,"a":2}']) expect(r.accepts(ok), ok).toBe(true);
    for (const bad of ['"v20000"', '"v"', "4"]) expect(r.accepts(bad), bad).toBe(false);
    expectLanguage({ allOf: [{ enum: values }, { enum: values.slice(10_000).concat(["zzz"]) }] }, ['"v10000"', '"v19999"'], ['"v9999"', '"zzz"']);
  });

  it("enforces multipleOf for integers and decimals", () => {
    expectLanguage({ type: "integer", multipleOf: 7, minimum: 0, maximum: 50 }, ["0", "7", "49"], ["1", "50", "-7"]);
    expectLanguage({ type: "number", multipleOf: 0.01 }, ["0.29", "12.5", "3", "1.100"], ["0.001", "1.234"]);
  });

  it("counts string length in characters, escapes included", () => {
    expectLanguage({ type: "string", minLength: 2, maxLength: 3 }, ['"ab"', '"a\\nb"', '"日本"', '"\\u00e9t"', '"😀😀"', '"\\ud83d\\ude00x"'], ['"a"', '"abcd"', '"\\ud83d"']);
  });
});

describe("compileJsonSchema: objects", () => {
  const person = {
    type: "object",
    properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 }, email: { type: "string" } },
    required: ["name"],
  };

  it("accepts declared properties in declared order, optional ones skippable", () => {
    expectLanguage(person, ['{"name":"a"}', '{"name":"a","age":3}', '{"name":"a","email":"e"}', '{"name":"a","age":3,"email":"e"}'], ['{"age":3}', "{}", '{"name":1}'], compact);
  });

  it("allows other properties after the declared ones by default (JSON Schema's additionalProperties)", () => {
    expectLanguage(person, ['{"name":"a","other":[1]}', '{"name":"a","age":1,"x":{},"y":null}'], [], compact);
  });

  it("never lets an additional property repeat a declared name", () => {
    expectLanguage(person, ['{"name":"a","names":1}', '{"name":"a","nam":1}'], ['{"name":"a","name":1}', '{"name":"a","age":1,"age":"x"}'], compact);
  });

  it("closes objects with additionalProperties: false, the option, or strict mode", () => {
    expectLanguage({ ...person, additionalProperties: false }, ['{"name":"a"}'], ['{"name":"a","x":1}'], compact);
    expectLanguage(person, ['{"name":"a"}'], ['{"name":"a","x":1}'], { ...compact, additionalProperties: false });
    expectLanguage(person, ['{"name":"a","age":1,"email":"e"}'], ['{"name":"a"}', '{"name":"a","age":1,"email":"e","x":1}'], { ...compact, strict: true });
  });

  it("types additional properties with an additionalProperties schema", () => {
    expectLanguage({ type: "object", additionalProperties: { type: "integer" } }, ['{"a":1,"b":2}', "{}"], ['{"a":"x"}'], compact);
  });

  it("counts properties for minProperties and maxProperties", () => {
    const s = { type: "object", properties: { a: {}, b: {}, c: {} }, minProperties: 1, maxProperties: 2, additionalProperties: false };
    expectLanguage(s, ['{"a":1}', '{"a":1,"c":2}'], ["{}", '{"a":1,"b":2,"c":3}'], compact);
  });

  it("accepts any property order with propertyOrder: any, still requiring required ones", () => {
    const s = { type: "object", properties: { a: { type: "integer" }, b: { type: "string" } }, required: ["a", "b"], additionalProperties: false };
    expectLanguage(s, ['{"b":"x","a":1}', '{"a":1,"b":"x"}'], ['{"b":"x"}', '{"a":"x","b":"x"}'], { ...compact, propertyOrder: "any" });
    expectLanguage(s, ['{"a":1,"b":"x"}'], ['{"b":"x","a":1}'], compact);
  });

  it("matches keys against patternProperties when other keys are refused", () => {
    expectLanguage({ type: "object", patternProperties: { "^x-": { type: "integer" } }, additionalProperties: false }, ['{"x-a":1}', "{}"], ['{"y":1}', '{"x-a":"s"}'], compact);
  });

  it("writes an unanchored pattern as its minimized automaton, one place at a time", () => {
    // Structurally `json_char* [a-z]+ json_char*`: after a letter a parser would be in three
    // places. As an automaton: before a letter, and anything after one.
    const g = jsonSchemaToGrammar({ type: "string", pattern: "[a-z]+" });
    const refs: string[] = [];
    for (const body of g.rules.values()) walkExpr(body, (e) => e.kind === "ref" && e.name === "json_char" && refs.push(e.name));
    expect(refs).toHaveLength(1);
    expectLanguage({ type: "string", pattern: "[a-z]+" }, ['"a"', '"1a2"', '"XYz"'], ['""', '"12"', '"AB"']);
    // Both sides unanchored, with a gap: the same language as the pattern says.
    expectLanguage({ type: "string", pattern: "ab.*cd" }, ['"abcd"', '"xab--cdy"', '"abcdab"'], ['"acbd"', '"ab\\ncd"', '"cdab"']);
    // Anchored patterns keep their structure (a counted repetition stays a counter).
    const anchored = jsonSchemaToGrammar({ type: "string", pattern: "^[0-9]{40}$" });
    const counts: number[] = [];
    for (const body of anchored.rules.values()) walkExpr(body, (e) => e.kind === "repeat" && counts.push(e.max));
    expect(counts).toContain(40);
  });
});

describe("compileJsonSchema: arrays", () => {
  it("bounds item counts", () => {
    expectLanguage({ type: "array", items: { type: "integer" }, minItems: 1, maxItems: 3 }, ["[1]", "[1,2,3]"], ["[]", "[1,2,3,4]", '["a"]'], compact);
  });

  it("types tuple positions with prefixItems (2020-12) and array items (draft-07)", () => {
    expectLanguage({ prefixItems: [{ type: "string" }, { type: "integer" }], items: false }, ['["a",1]', '["a"]', "[]"], ['[1,"a"]', '["a",1,2]'], compact);
    expectLanguage({ $schema: "http://json-schema.org/draft-07/schema#", items: [{ type: "string" }], additionalItems: { type: "integer" } }, ['["a",1,2]'], ['["a","b"]'], compact);
  });
});

describe("compileJsonSchema: combinators and references", () => {
  it("merges allOf and detects conflicts", () => {
    expectLanguage({ allOf: [{ type: "integer" }, { minimum: 3 }, { maximum: 5 }] }, ["3", "5"], ["2", "6", "4.5"]);
    expect(() => compileJsonSchema({ allOf: [{ type: "string" }, { type: "integer" }] })).toThrow(UnsatisfiableSchemaError);
  });

  it("compiles anyOf as alternatives with the sibling keywords applied to each", () => {
    expectLanguage({ type: "object", properties: { a: {}, b: {} }, anyOf: [{ required: ["a"] }, { required: ["b"] }] }, ['{"a":1}', '{"b":1}', '{"a":1,"b":1}'], ["{}"], compact);
  });

  it("makes oneOf exclusive: a value matching two branches is refused", () => {
    expectLanguage({ type: "object", properties: { a: {}, b: {} }, oneOf: [{ required: ["a"] }, { required: ["b"] }] }, ['{"a":1}', '{"b":1}'], ['{"a":1,"b":1}', "{}"], compact);
    expectLanguage({ oneOf: [{ type: "number" }, { type: "integer" }] }, ["1.5"], ["1"]);
  });

  it("keeps an allOf of if/then members keyed by one property to about one alternative per key value", () => {
    // 2^12 combinations of the members' branches; those that would need the key to be two values
    // at once are dropped as they are made, well within the default budget of 256 alternatives.
    const schema = discriminated(12);
    expect(() => compileJsonSchema(schema)).not.toThrow();
    expectLanguage(
      schema,
      ['{"kind":"k3","v3":1}', '{"kind":"k0","v0":5,"v3":"x"}', '{"kind":"other"}', `{${Array.from({ length: 12 }, (_, i) => `"v${i}":${i}`).join(",")}}`],
      ['{"kind":"k3"}', '{"kind":"k3","v3":"x"}', '{"kind":"k3","v3":1.5}', "{}", '{"kind":5}'],
      compact,
    );
    const values = ['{"kind":"k3","v3":1}', '{"kind":"k3"}', '{"kind":"other","v1":"x"}', '{"v0":1}'];
    const r = rec(schema, compact);
    for (const v of values) expect(r.accepts(v), v).toBe(validateArguments({ parameters: schema }, v).valid);
  });

  it("merges the same alternatives once however many if/then members bring them", () => {
    // Each member's then is one anyOf of the same three schemas: 3^6 merges when no key matches
    // (every if holds), seven distinct sets of the three.
    const one = (k: string) => ({ properties: { [k]: { type: "integer" } }, required: [k] });
    const schema: JsonSchema = {
      type: "object",
      properties: { type: { type: "string" } },
      definitions: { x: one("x"), y: one("y"), z: one("z") },
      allOf: Array.from({ length: 6 }, (_, i) => ({ if: { properties: { type: { const: `t${i}` } } }, then: { anyOf: ["x", "y", "z"].map((d) => ({ $ref: `#/definitions/${d}` })) } })),
    };
    expect(() => compileJsonSchema(schema)).not.toThrow();
    const r = rec(schema, compact);
    for (const v of ['{"type":"t1","x":1}', '{"type":"t1"}', '{"type":"other"}', '{"x":1}', '{"y":2,"z":3}', "{}", '{"type":"t5","z":"no"}', '{"type":"t5","z":2,"x":1.5}', '{"type":"t5","z":2.5}']) {
      expect(r.accepts(v), v).toBe(validateArguments({ parameters: schema }, v).valid);
    }
  });

  it("reads the else of an if on one property as one alternative: the property absent or outside the if's values", () => {
    // "At most one of these is not null", as an if/then per field: 2 × 3^8 alternatives when
    // "absent" and "present with another value" were apart, a few dozen together.
    const schema = atMostOneSet(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(() => compileJsonSchema(schema)).not.toThrow();
    expectLanguage(schema, ["{}", '{"a":1}', '{"a":1,"b":null}', '{"a":null,"b":null,"h":"x"}', '{"c":[1]}'], ['{"a":1,"b":2}', '{"a":1,"h":false}', '{"b":"x","c":"y"}'], compact);
  });

  it("drops numbers whose multipleOf a not-multipleOf rules out, without building their automaton", () => {
    // Each multipleOf step is a remainder automaton of 9,973 states, far over this budget.
    const schema = { anyOf: [{ type: "integer", multipleOf: 19946, not: { multipleOf: 9973 } }, { type: "string", maxLength: 2 }] };
    expectLanguage(schema, ['"ab"', '""'], ["0", "19946", '"abc"'], { budget: { automatonStates: 200 } });
  });

  it("writes the numbers of several alternatives as one automaton, the union of theirs", () => {
    const printed = (schema: JsonSchema): string => printEbnf(jsonSchemaToGrammar(schema));
    // Overlapping ranges: the grammar of the merged range, not two automata side by side.
    expect(printed({ type: "integer", anyOf: [{ minimum: 0, maximum: 10 }, { minimum: 5, maximum: 20 }] })).toBe(printed({ type: "integer", minimum: 0, maximum: 20 }));
    // Every multiple of 10 is a multiple of 5.
    expect(printed({ type: "integer", anyOf: [{ multipleOf: 5 }, { multipleOf: 10 }] })).toBe(printed({ type: "integer", multipleOf: 5 }));
    expectLanguage({ anyOf: [{ type: "integer", maximum: -5 }, { type: "number", minimum: 2.5, maximum: 3 }, { type: "string" }] }, ["-5", "-70", "2.5", "3", "2.75", '"x"'], ["-4", "0", "3.01", "2", "null"]);
  });

  describe("oneOf branches that exclude each other compile as a plain union", () => {
    // A required file name whose patterns differ tells the branches apart; each branch also
    // constrains a property the other allows freely, which a complement would have to spell out.
    const branches = [
      { properties: { file: { pattern: "\\.js$" }, flag: { type: "boolean" } } },
      { properties: { file: { pattern: "\\.css$" }, flag: { type: "string" } } },
    ];
    const base = { required: ["file"], properties: { file: { type: "string" } } };
    const printed = (schema: JsonSchema): string => printEbnf(jsonSchemaToGrammar(schema));

    it("when patterns of a required property cannot both match", () => {
      const schema = { type: "object", ...base, oneOf: branches };
      expect(printed(schema)).toBe(printed({ type: "object", ...base, anyOf: branches }));
      expectLanguage(schema, ['{"file":"a.js","flag":true}', '{"file":"a.css","flag":"x"}', '{"file":"a.js"}'], ['{"file":"a.js","flag":"x"}', '{"file":"a.css","flag":true}', '{"file":"a.txt"}', "{}"], compact);
    });

    it("for objects when the branches say nothing of other types (which then match every branch, so oneOf refuses them)", () => {
      const schema = { ...base, oneOf: branches };
      expect(printed(schema)).toBe(printed({ type: "object", ...base, anyOf: branches }));
      expectLanguage(schema, ['{"file":"a.js","flag":true}', '{"file":"a.css"}'], ["5", '"a.js"', "null", "[]", '{"file":"a.css","flag":true}'], compact);
    });

    it("for closed objects told apart by a required tag, when the branches say nothing of other types", () => {
      // Every string, number or array matches all branches (so oneOf refuses them); excluding
      // them needs no complement of the branches' additionalProperties, which has no grammar.
      const tagged = (tag: string, extra: string) => ({ properties: { type: { enum: [tag] }, [extra]: { type: "number" } }, required: ["type"], additionalProperties: false });
      const schema = { oneOf: [tagged("solid", "r"), tagged("texture", "s")] };
      expectLanguage(schema, ['{"type":"solid"}', '{"type":"texture","s":1}'], ['"x"', "5", "[]", "null", '{"type":"solid","s":1}', '{"type":"other"}', "{}"], compact);
    });

    it("for closed objects whose keys exclude each other, leaving out the empty object both take", () => {
      const closed = (properties: Record<string, unknown>) => ({ type: "object", properties, additionalProperties: false });
      expectLanguage({ oneOf: [closed({ a: { type: "number" } }), closed({ b: { type: "string" }, c: {} })] }, ['{"a":1}', '{"b":"x"}', '{"c":null}'], ["{}", '{"a":1,"b":"x"}', '{"d":1}', "[]"], compact);
      // A name both declare, with values that exclude each other.
      expectLanguage({ oneOf: [closed({ a: { type: "number" } }), closed({ a: { type: "string" }, b: {} })] }, ['{"a":1}', '{"a":"x"}', '{"b":1}'], ["{}", '{"a":true}'], compact);
      // One side open: the objects both may take are those of the closed side's names.
      expectLanguage({ oneOf: [{ type: "object", properties: { b: { type: "number" } } }, closed({ b: { type: "string" } })] }, ['{"a":1}', '{"z":true}', '{"b":"x"}', '{"b":1}'], ["{}", '{"b":true}', '{"b":"x","z":1}'], compact);
      // A name both may hold with the same values: a complement of additionalProperties is needed.
      expect(() => jsonSchemaToGrammar({ oneOf: [closed({ a: { type: "number" } }), closed({ a: { type: "integer" } })] })).toThrow(UnsupportedSchemaError);
    });

    it("for arrays whose items exclude each other, leaving out the empty array both take", () => {
      // GeoJSON-style coordinates: a position or a list of positions.
      const numbers = { type: "array", items: { type: "number" } };
      const schema = { oneOf: [numbers, { type: "array", items: numbers }] };
      expectLanguage(schema, ["[1]", "[1,2.5]", "[[1,2],[3]]", "[[]]"], ["[]", "[1,[2]]", '["a"]', "{}"], compact);
      // A minimum on one branch keeps the empty array out of it: then [] matches one branch only.
      expectLanguage({ oneOf: [{ ...numbers, minItems: 1 }, { type: "array", items: numbers }] }, ["[]", "[1]", "[[1]]"], ["[1,[1]]"], compact);
      // Items that may overlap: exactly one branch means numbers with at least one item that is
      // not an integer (the complement of items counts such an item).
      expectLanguage({ oneOf: [numbers, { type: "array", items: { type: "integer" } }] }, ["[1.5]", "[1,2.5]", "[0.5,1,2]"], ["[]", "[1]", "[1,2]", '["a"]', "[1,[2]]"], compact);
    });

    it("while overlapping branches still exclude each other", () => {
      expectLanguage({ ...base, oneOf: [{ properties: { file: { pattern: "\\.js$" } } }, { properties: { file: { pattern: "^a" } } }] }, ['{"file":"b.js"}', '{"file":"a.css"}'], ['{"file":"a.js"}', '{"file":"b.css"}', "5"], compact);
    });
  });

  it("resolves local $ref through definitions and $defs, recursion included", () => {
    const tree = { $defs: { node: { type: "object", properties: { v: { type: "integer" }, kids: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["v"], additionalProperties: false } }, $ref: "#/$defs/node" };
    expectLanguage(tree, ['{"v":1}', '{"v":1,"kids":[{"v":2,"kids":[]}]}'], ['{"v":1,"kids":[{}]}'], compact);
    expectLanguage({ definitions: { s: { type: "string" } }, properties: { a: { $ref: "#/definitions/s" } } }, ['{"a":"x"}'], ['{"a":1}'], compact);
  });

  it("compiles not, if/then/else and dependencies where they have exact complements", () => {
    expectLanguage({ type: "string", not: { enum: ["a", "b"] } }, ['"c"', '"ab"', '""'], ['"a"', '"b"']);
    expectLanguage({ if: { type: "integer" }, then: { minimum: 10 }, else: { type: "string" } }, ["10", '"x"'], ["5", "1.5"]);
    expectLanguage({ type: "object", properties: { a: {}, b: {} }, dependentRequired: { a: ["b"] } }, ['{"a":1,"b":2}', '{"b":2}', "{}"], ['{"a":1}'], compact);
  });

  it("reads OpenAPI nullable", () => {
    expectLanguage({ type: "string", nullable: true }, ["null", '"x"'], ["1"]);
  });
});

describe("compileJsonSchema: errors", () => {
  it("refuses uniqueItems with the keyword's pointer, or warns and accepts a superset when lenient", () => {
    const schema = { type: "object", properties: { tags: { type: "array", items: { type: "string" }, uniqueItems: true } } };
    let error: unknown;
    try {
      compileJsonSchema(schema);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedSchemaError);
    expect(error).toMatchObject({ code: "unsupported_schema", pointer: "#/properties/tags/uniqueItems", keyword: "uniqueItems" });
    const { grammar, warnings } = compileJsonSchema(schema, { lenient: true, whitespace: "compact" });
    expect(warnings).toEqual([expect.objectContaining({ code: "unsupported_schema", pointer: "#/properties/tags/uniqueItems", keyword: "uniqueItems" })]);
    expect(new Recognizer(grammar).accepts('{"tags":["a","a"]}')).toBe(true);
  });

  it("enforces uniqueItems over an enum or booleans: distinct values in any order", () => {
    const colors = { type: "array", items: { enum: ["red", "green", "blue", { rgb: [0, 0, 0] }] }, uniqueItems: true, minItems: 1, maxItems: 3 };
    expectLanguage(colors, ['["red"]', '["blue","red"]', '["green",{"rgb":[0,0,0]},"red"]'], ["[]", '["red","red"]', '["red","blue","red"]', '["red","green","blue",{"rgb":[0,0,0]}]', '["pink"]'], compact);
    expectLanguage({ type: "array", items: { type: ["boolean", "null"] }, uniqueItems: true }, ["[]", "[true,null,false]", "[false]"], ["[true,true]", "[null,false,null]"], compact);
    // Each value is checked against its alternative's other keywords, as enums are.
    expectLanguage({ type: "array", items: { type: "string", enum: ["a", 1, "b"] }, uniqueItems: true }, ['["b","a"]'], ["[1]", '["a","a"]'], compact);
    // Nine values would need 512 rules: refused, as for items without an enumeration.
    expect(() => compileJsonSchema({ type: "array", items: { enum: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, uniqueItems: true })).toThrow(UnsupportedSchemaError);
  });

  it("rejects a schema that fails its meta-schema with the pointer and reason", () => {
    expect(() => compileJsonSchema({ type: "strin" })).toThrow(InvalidSchemaError);
    expect(() => compileJsonSchema({ properties: { a: { minLength: -1 } } })).toThrow(/#\/properties\/a\/minLength/);
  });

  it("refuses references outside the document", () => {
    expect(() => compileJsonSchema({ $ref: "https://example.com/schema.json" })).toThrow(UnsupportedSchemaError);
  });

  it("stops a schema that expands past the budget with a typed error", () => {
    const branches = Array.from({ length: 6 }, (_, i) => ({ anyOf: [{ required: [`a${i}`] }, { required: [`b${i}`] }, { required: [`c${i}`] }] }));
    expect(() => compileJsonSchema({ type: "object", allOf: branches })).toThrow(SchemaBudgetError);
  });

  it("refuses values JSON cannot spell and malformed options with InvalidSchemaError naming them", () => {
    const refused: [JsonSchema, JsonSchemaOptions, string][] = [
      [{ type: "number", minimum: Infinity }, {}, "#/minimum"],
      [{ type: "number", exclusiveMaximum: -Infinity }, {}, "#/exclusiveMaximum"],
      [{ type: "number", multipleOf: NaN }, { validateSchema: false }, "#/multipleOf"],
      [{ properties: { a: { enum: ["x", NaN] } } }, {}, "#/properties/a/enum"],
      [{ const: { a: [Infinity] } }, {}, "#/const"],
      [{ enum: [undefined] } as unknown as JsonSchema, { validateSchema: false }, "#/enum"],
      [{ const: 10n } as unknown as JsonSchema, {}, "#"],
      [{ type: "string" }, { whitespace: "pretty", indent: -1 }, "#"],
      [{ type: "string" }, { indent: 1e9 }, "#"],
      [{ type: "string" }, { draft: "draft-03" as "draft-07" }, "#"],
      [{ type: "string" }, { maxPrettyDepth: 1.5 }, "#"],
      [{ type: "string" }, { budget: { work: NaN } }, "#"],
    ];
    for (const [schema, options, pointer] of refused) {
      expect(() => compileJsonSchema(schema, options), JSON.stringify(options) + pointer).toThrow(expect.objectContaining({ code: "invalid_schema", pointer }));
    }
    // What JSON can spell still compiles, unbounded maxItems included.
    expect(() => compileJsonSchema({ type: "array", maxItems: Infinity }, { validateSchema: false })).not.toThrow();
  });

  it("validateArguments answers invalid, not a stack overflow, for a schema that refers to itself without end", () => {
    for (const parameters of [{ $ref: "#" }, { not: { $ref: "#" } }]) {
      expect(validateArguments({ parameters }, {})).toEqual({ valid: false, errors: [expect.objectContaining({ keyword: "depth" })] });
    }
  });

  it("refuses subschemas nested past the depth budget with a typed error, never a stack overflow", () => {
    const nest = (levels: number, wrap: (s: JsonSchema) => JsonSchema) => Array.from({ length: levels }).reduce<JsonSchema>((s) => wrap(s), { type: "integer" });
    const object = (s: JsonSchema) => ({ type: "object", properties: { a: s }, required: ["a"] });
    const branch = (s: JsonSchema) => ({ anyOf: [s, { type: "string" }] });
    // Well inside the budget: compiles, and the recognizer reads the nested value.
    const deep = compileJsonSchema(nest(60, object), { whitespace: "compact" });
    expect(new Recognizer(deep.grammar).accepts('{"a":'.repeat(60) + "1" + "}".repeat(60))).toBe(true);
    // Past it: the error names the subschema where the budget ran out.
    expect(() => compileJsonSchema(nest(200, object), { validateSchema: false })).toThrow(
      expect.objectContaining({ code: "schema_budget_exceeded", limit: "depth 128", pointer: expect.stringMatching(/^#(\/properties\/a)+$/) }),
    );
    expect(() => compileJsonSchema(nest(200, branch), { validateSchema: false })).toThrow(expect.objectContaining({ code: "schema_budget_exceeded", limit: "depth 128" }));
    // The budget can be raised; far past anything the stack holds (the meta-schema check recurses
    // too), still a typed error.
    expect(compileJsonSchema(nest(200, object), { budget: { depth: 256 } }).grammar.rules.size).toBeGreaterThan(200);
    for (const wrap of [object, branch]) expect(() => compileJsonSchema(nest(20_000, wrap))).toThrow(SchemaBudgetError);
  });

  it("warns about unknown formats, which constrain nothing", () => {
    const { grammar, warnings } = compileJsonSchema({ type: "string", format: "x-custom" });
    expect(warnings).toEqual([expect.objectContaining({ code: "unknown_format", keyword: "format" })]);
    expect(new Recognizer(grammar).accepts('"anything"')).toBe(true);
  });

  it("says so when propertyOrder any keeps many required properties in declared order", () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const schema = { type: "object", properties: Object.fromEntries(names.map((n) => [n, { type: "integer" }])), required: names, additionalProperties: false };
    const { grammar, warnings } = compileJsonSchema(schema, { propertyOrder: "any", whitespace: "compact" });
    expect(warnings).toEqual([expect.objectContaining({ code: "declared_order", pointer: "#", keyword: "required" })]);
    const value = Object.fromEntries(names.map((n, i) => [n, i]));
    const reversed = Object.fromEntries(names.slice().reverse().map((n, i) => [n, i]));
    expect(new Recognizer(grammar).accepts(JSON.stringify(value))).toBe(true);
    expect(new Recognizer(grammar).accepts(JSON.stringify(reversed))).toBe(false);
    // A small object is tracked as a set: no warning.
    expect(compileJsonSchema({ type: "object", properties: { a: {}, b: {} }, required: ["a", "b"] }, { propertyOrder: "any" }).warnings).toEqual([]);
  });

  it("counts members up to a large maxProperties in any order without a rule per count", () => {
    // A map of up to 2,000 entries: counted by a repetition (a state per count used to recurse
    // 2,000 deep, and past about 10,000 overflowed the stack).
    const map = { type: "object", patternProperties: { "^k": { type: "integer" } }, additionalProperties: false, minProperties: 1, maxProperties: 2000 };
    const entries = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(",")}}`;
    const { grammar, warnings } = compileJsonSchema(map, { propertyOrder: "any", whitespace: "compact" });
    expect(warnings).toEqual([]);
    expect(grammar.rules.size).toBeLessThan(50);
    const r = new Recognizer(grammar);
    for (const n of [1, 3, 2000]) expect(r.accepts(entries(n)), `${n} entries`).toBe(true);
    for (const text of ["{}", entries(2001), '{"x":1}']) expect(r.accepts(text), text.slice(0, 20)).toBe(false);
    expect(() => compileJsonSchema({ ...map, maxProperties: 100_000 }, { propertyOrder: "any" })).not.toThrow();
    // With a required member too, the members keep their declared order (the grammar counts them with repetitions).
    const withId = { type: "object", properties: { id: { type: "integer" } }, required: ["id"], additionalProperties: { type: "string" }, maxProperties: 3000 };
    const ordered = compileJsonSchema(withId, { propertyOrder: "any", whitespace: "compact" });
    expect(ordered.warnings).toEqual([expect.objectContaining({ code: "declared_order", pointer: "#", keyword: "maxProperties" })]);
    const o = new Recognizer(ordered.grammar);
    expect(o.accepts('{"id":1,"a":"x"}')).toBe(true);
    expect(o.accepts('{"a":"x","id":1}')).toBe(false);
    expect(o.accepts(`{"id":1,${Array.from({ length: 2999 }, (_, i) => `"a${i}":"x"`).join(",")}}`)).toBe(true);
    expect(o.accepts(`{"id":1,${Array.from({ length: 3000 }, (_, i) => `"a${i}":"x"`).join(",")}}`)).toBe(false);
  });
});

describe("whitespace policies", () => {
  const schema = { type: "object", properties: { a: { type: "array", items: { type: "integer" } } } };
  const value = { a: [1, 2] };

  it("compact accepts exactly JSON.stringify's spelling", () => {
    expectLanguage(schema, [JSON.stringify(value), '{"a":[]}'], [JSON.stringify(value, null, 2), '{"a": [1]}'], compact);
  });

  it("pretty accepts exactly JSON.stringify(v, null, indent)", () => {
    expectLanguage(schema, [JSON.stringify(value, null, 2), '{\n  "a": []\n}'], [JSON.stringify(value), JSON.stringify(value, null, 4)], { whitespace: "pretty" });
    expectLanguage(schema, [JSON.stringify(value, null, 4)], [], { whitespace: "pretty", indent: 4 });
  });

  it("flexible accepts both and anything in between", () => {
    expectLanguage(schema, [JSON.stringify(value), JSON.stringify(value, null, 2), '{ "a" :[1 ,2]}'], [], {});
  });
});

describe("compileJsonSchema: string automata as grammar", () => {
  it("reaches every state of a pattern's automaton by a tail call, so an engine can build it as one", () => {
    // A pattern whose length limit does not fold into its repetitions: a product automaton.
    const schema: JsonSchema = { type: "string", pattern: "^([a-z0-9-]+):([a-z0-9.-]+):([a-z0-9-]+)?:([a-z0-9-]+)$", maxLength: 40 };
    const g = jsonSchemaToGrammar(schema);
    const stateRules = [...g.rules.keys()].filter((n) => n.includes("_str_s"));
    expect(stateRules.length).toBeGreaterThan(1);
    const tailOnly = (e: Expr, tail: boolean): boolean => {
      switch (e.kind) {
        case "ref":
          return tail || !stateRules.includes(e.name);
        case "sequence":
          return e.items.every((x, i) => tailOnly(x, tail && i === e.items.length - 1));
        case "choice":
          return e.items.every((x) => tailOnly(x, tail));
        case "repeat":
          return tailOnly(e.item, tail && e.max === 1);
        default:
          return true;
      }
    };
    for (const [name, body] of g.rules) expect(tailOnly(body, true), name).toBe(true);
    expectLanguage(schema, ['"a:b:c:d"', '"a:b::d"', '"x-1:y.z::w"'], ['"a:b:c"', '"a:b:c:d:e"', `"${"a".repeat(37)}:b::c"`, '"A:b:c:d"']);
  });

  it("cuts a long chain of automaton states into rules, so the grammar never nests past MAX_EXPR_DEPTH", () => {
    // A counted pattern is a chain of ~maxLength states; written inline it nested deeper than
    // the IR allows (validateGrammar and the engine refused the grammar the compiler produced).
    const schema: JsonSchema = { type: "string", maxLength: 600, pattern: "^a+\\.b+$" };
    const g = jsonSchemaToGrammar(schema);
    expect(validateGrammar(g)).toEqual([]);
    expectLanguage(schema, [JSON.stringify("a".repeat(598) + ".b"), JSON.stringify("a.b"), JSON.stringify("a".repeat(300) + "." + "b".repeat(299))], [JSON.stringify("a".repeat(599) + ".b"), JSON.stringify("a".repeat(300) + "." + "b".repeat(300)), '"a."']);
  });

  it("keeps the 'any other key' grammar of a very long property name within MAX_EXPR_DEPTH", () => {
    const long = "k".repeat(1000);
    const schema: JsonSchema = { type: "object", properties: { [long]: { type: "integer" } }, additionalProperties: { type: "boolean" } };
    const g = jsonSchemaToGrammar(schema, { whitespace: "compact" });
    expect(validateGrammar(g)).toEqual([]);
    const r = new Recognizer(g);
    expect(r.accepts(JSON.stringify({ [long]: 1, [long.slice(1)]: true, [long + "x"]: false }))).toBe(true);
    expect(r.accepts(JSON.stringify({ [long.slice(1)]: 1 }))).toBe(false);
    expect(r.accepts(`{"${long}":1,"${long}":true}`)).toBe(false);
  });

  it("writes a pattern of two unbounded parts under a long maxLength as one automaton, not one alternative per split", () => {
    // `\S` takes the `@` too; split on where the `@` falls this would be 253 alternatives.
    const schema: JsonSchema = { type: "string", pattern: "^\\S+@\\S+$", minLength: 5, maxLength: 255 };
    const g = jsonSchemaToGrammar(schema);
    expect([...g.rules.keys()].filter((n) => n.includes("_str_s")).length).toBeGreaterThan(1);
    const longest = `${"a".repeat(127)}@${"b".repeat(127)}`;
    expectLanguage(schema, ['"a@b.c"', '"a@b@c"', '"@@@@@"', `"${longest}"`], ['"a@bc"', '"a@b c"', '"@abcd"', '"abcd@"', `"${longest}x"`]);
  });
});
