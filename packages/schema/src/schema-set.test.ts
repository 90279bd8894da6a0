import { describe, expect, it } from "vitest";
import { Recognizer, type Grammar } from "@toolmask/grammar";
import { JsonSchemaGrammarSet, UnsatisfiableSchemaError, UnsupportedSchemaError, jsonSchemaToGrammar, type JsonSchema } from "@toolmask/schema";

const weather: JsonSchema = { type: "object", properties: { city: { type: "string", minLength: 1 }, unit: { enum: ["c", "f"] } }, required: ["city"] };
const search: JsonSchema = { type: "object", properties: { query: { type: "string" }, limit: { type: "integer", minimum: 1, maximum: 50 } }, required: ["query"] };
const tree: JsonSchema = { $defs: { node: { type: "object", properties: { value: { type: "number" }, children: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["value"] } }, $ref: "#/$defs/node" };

const samples = [
  '{"city": "Paris"}',
  '{"city": "", "unit": "c"}',
  '{"city": "Oslo", "unit": "k"}',
  '{"city": "Oslo", "extra": [1, {"a": null}]}',
  '{"query": "x"}',
  '{"query": "x", "limit": 50}',
  '{"query": "x", "limit": 51}',
  '{"value": 1, "children": [{"value": 2, "children": []}]}',
  '{"value": 1, "children": [{"children": []}]}',
  "{}",
];

function sameLanguage(a: Grammar, b: Grammar): void {
  const ra = new Recognizer(a);
  const rb = new Recognizer(b);
  for (const s of samples) expect(ra.accepts(s), s).toBe(rb.accepts(s));
}

describe("JsonSchemaGrammarSet", () => {
  it("compiles each schema to the language compileJsonSchema gives it", () => {
    const set = new JsonSchemaGrammarSet();
    const rules = [weather, search, tree].map((s, i) => set.add(s, { name: `tool${i}` }).rule);
    [weather, search, tree].forEach((s, i) => sameLanguage(set.grammar(rules[i]!), jsonSchemaToGrammar(s)));
  });

  it("holds the lexical rules once for every schema with the same layout", () => {
    const set = new JsonSchemaGrammarSet();
    const a = set.add(weather, { name: "weather" });
    const b = set.add(search, { name: "search" });
    const all = set.rules([a.rule, b.rule]);
    const names = [...all.keys()];
    expect(names.filter((n) => n.startsWith("json_string")).length).toBeLessThanOrEqual(2);
    expect(names.filter((n) => n === "ws" || n.startsWith("ws_"))).toEqual(["ws"]);
    // Rules one schema alone uses carry its name.
    for (const n of set.grammar(b.rule).rules.keys()) if (!set.grammar(a.rule).rules.has(n)) expect(n.startsWith("search_")).toBe(true);
    // Ten more schemas with strings add no lexical rule.
    const before = set.rules([a.rule, b.rule]).size;
    const more = Array.from({ length: 10 }, (_, i) => set.add({ type: "object", properties: { [`p${i}`]: { type: "string" } } }, { name: `t${i}` }).rule);
    const after = set.rules([a.rule, b.rule, ...more]);
    const lexical = [...after.keys()].filter((n) => !/^t\d+_/.test(n));
    expect(lexical.length).toBe(before);
  });

  it("writes a string format once for every schema that uses it", () => {
    const set = new JsonSchemaGrammarSet();
    const meeting = (n: number): JsonSchema => ({ type: "object", properties: { [`start${n}`]: { type: "string", format: "date-time" }, [`who${n}`]: { type: "array", items: { type: "string", format: "email" } } } });
    const rules = [1, 2, 3].map((n) => set.add(meeting(n), { name: `m${n}` }).rule);
    const names = [...set.rules(rules).keys()];
    expect(names.filter((n) => n.startsWith("json_date_time"))).toEqual(["json_date_time"]);
    expect(names.filter((n) => n.startsWith("json_email"))).toEqual(["json_email"]);
    const r = new Recognizer(set.grammar(rules[2]!));
    expect(r.accepts('{"start3": "2026-11-22T09:30:00Z", "who3": ["ada@example.com"]}')).toBe(true);
    expect(r.accepts('{"start3": "2026-11-22T25:30:00Z"}')).toBe(false);
    expect(r.accepts('{"who3": ["not an address"]}')).toBe(false);
  });

  it("writes raw string text (no quotes, no escapes) where no allowed value can hold an avoided character", () => {
    const set = new JsonSchemaGrammarSet();
    const raw = (schema: JsonSchema) => {
      const r = set.addRawString(schema, { name: "p", avoid: "<" });
      return r && new Recognizer(set.grammar(r.rule));
    };
    const currency = raw({ type: "string", pattern: "^[A-Z]{3}$" })!;
    expect(["USD", "usd", "USDX", '"USD"'].map((x) => currency.accepts(x))).toEqual([true, false, false, false]);
    const day = raw({ type: "string", format: "date" })!;
    expect(["2026-11-22", "2026-13-01"].map((x) => day.accepts(x))).toEqual([true, false]);
    const short = raw({ type: "string", pattern: "^[a-z]+$", maxLength: 4 })!;
    expect(["abcd", "abcde", ""].map((x) => short.accepts(x))).toEqual([true, false, false]);
    // Two unbounded parts under a long limit: one automaton (rules per state), as for quoted strings.
    const address = set.addRawString({ type: "string", pattern: "^[a-z]+@[a-z]+$", maxLength: 255 }, { name: "a", avoid: "<" })!;
    const addressGrammar = set.grammar(address.rule);
    expect([...addressGrammar.rules.keys()].filter((n) => n.includes("_str_s")).length).toBeGreaterThan(1);
    const longest = `${"a".repeat(127)}@${"b".repeat(127)}`;
    expect(["ab@cd", "a@b", longest, `${longest}b`, "ab@", "a@b@c"].map((x) => new Recognizer(addressGrammar).accepts(x))).toEqual([true, true, true, false, false, false]);
    const either = raw({ anyOf: [{ type: "string", pattern: "^a+$" }, { type: "string", format: "date" }] })!;
    expect(["aaa", "2026-01-01", "b"].map((x) => either.accepts(x))).toEqual([true, true, false]);
    // Not written: a value could hold "<", plain length limits, enums, other types.
    for (const schema of [{ type: "string", pattern: "^<.*>$" }, { type: "string", pattern: "x" }, { type: "string", maxLength: 3 }, { type: "string", enum: ["a"] }, { type: ["string", "null"], format: "date" }, {}] as JsonSchema[]) {
      expect(raw(schema), JSON.stringify(schema)).toBeUndefined();
    }
  });

  it("keeps layouts apart: compact and flexible schemas in one set get their own punctuation", () => {
    const set = new JsonSchemaGrammarSet();
    const flexible = set.add(search, { name: "f" });
    const compact = set.add(search, { name: "c", whitespace: "compact" });
    const rf = new Recognizer(set.grammar(flexible.rule));
    const rc = new Recognizer(set.grammar(compact.rule));
    expect(rf.accepts('{ "query": "x" }')).toBe(true);
    expect(rc.accepts('{ "query": "x" }')).toBe(false);
    expect(rc.accepts('{"query":"x"}')).toBe(true);
  });

  it("applies each schema's own options (strict closes objects for that schema only)", () => {
    const set = new JsonSchemaGrammarSet();
    const strict = set.add(weather, { name: "s", strict: true });
    const open = set.add(weather, { name: "o" });
    expect(new Recognizer(set.grammar(strict.rule)).accepts('{"city": "a", "unit": "c", "x": 1}')).toBe(false);
    expect(new Recognizer(set.grammar(strict.rule)).accepts('{"city": "a", "unit": "c"}')).toBe(true);
    expect(new Recognizer(set.grammar(open.rule)).accepts('{"city": "a", "x": 1}')).toBe(true);
  });

  it("throws the single-schema errors and stays usable after one", () => {
    const set = new JsonSchemaGrammarSet();
    const a = set.add(weather, { name: "a" });
    expect(() => set.add({ type: "string", minLength: 3, maxLength: 2 }, { name: "bad" })).toThrow(UnsatisfiableSchemaError);
    expect(() => set.add({ type: "array", uniqueItems: true }, { name: "bad" })).toThrow(UnsupportedSchemaError);
    const b = set.add(search, { name: "b" });
    sameLanguage(set.grammar(a.rule), jsonSchemaToGrammar(weather));
    sameLanguage(set.grammar(b.rule), jsonSchemaToGrammar(search));
    expect([...set.rules([a.rule, b.rule]).keys()].some((n) => n.startsWith("bad"))).toBe(false);
  });

  it("prunes a recursive schema's dead rules without touching the shared ones", () => {
    // `b` requires itself: only objects without it... none, so `a` may not hold b.
    const schema: JsonSchema = { $defs: { loop: { type: "object", properties: { b: { $ref: "#/$defs/loop" } }, required: ["b"] } }, type: "object", properties: { a: { $ref: "#/$defs/loop" }, s: { type: "string" } } };
    const set = new JsonSchemaGrammarSet();
    const before = set.add(search, { name: "before" });
    const r = set.add(schema, { name: "loop" });
    const after = set.add(search, { name: "after" });
    const g = new Recognizer(set.grammar(r.rule));
    expect(g.accepts('{"s": "x"}')).toBe(true);
    expect(g.accepts('{"a": {"b": {}}}')).toBe(false);
    sameLanguage(set.grammar(before.rule), jsonSchemaToGrammar(search));
    sameLanguage(set.grammar(after.rule), jsonSchemaToGrammar(search));
  });
});
