import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thrown } from "../../../test/support/thrown.js";
import { FormatError } from "./errors.js";
import { pythonLiteralJson } from "./parse/python-literal.js";
import { jsonText, pythonText, stringifyArguments } from "./value-text.js";

/** Values of every kind JSON.stringify accepts: dates (toJSON), boxed primitives, sparse arrays, maps, typed arrays, undefined members. */
const anyJsonable = fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withObjectString: true, withUnicodeString: true });

function nested(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

describe("jsonText", () => {
  it("writes what JSON.stringify writes, for JSON data and for anything else JSON.stringify accepts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), anyJsonable), (v) => {
        expect(jsonText(v)).toBe(JSON.stringify(v) ?? "null");
      }),
      { numRuns: 2000 },
    );
  });

  it("calls toJSON with the member's key, as JSON.stringify does", () => {
    const keys: string[] = [];
    const spy = { toJSON: (key: string) => (keys.push(key), `at ${key}`) };
    expect(jsonText({ a: spy, list: [spy, spy] })).toBe(JSON.stringify({ a: spy, list: [spy, spy] }));
    expect(keys).toEqual(["a", "0", "1", "a", "0", "1"]);
  });

  it("writes values nested 100,000 deep, which JSON.stringify cannot", () => {
    const depth = 100_000;
    let v: unknown = [];
    for (let i = 0; i < depth; i++) v = [v];
    expect(() => JSON.stringify(v)).toThrow(RangeError);
    expect(jsonText(v)).toBe(`${"[".repeat(depth + 1)}${"]".repeat(depth + 1)}`);
  });
});

describe("pythonText", () => {
  it("writes JSON data as a Python literal that reads back as the same data", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const back = pythonLiteralJson(pythonText(v));
        expect(back).toBeDefined();
        expect(JSON.parse(back!)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 1000 },
    );
  });

  it("spells Python's constants and separators", () => {
    expect(pythonText({ a: [true, false, null, 1.5, "x\"y"], b: {} })).toBe('{"a": [True, False, None, 1.5, "x\\"y"], "b": {}}');
  });

  it("writes values nested 50,000 deep, which read back as the same data", () => {
    const v = nested(50_000);
    // Compared as compact JSON text: deep equality would recurse too deep.
    expect(pythonLiteralJson(pythonText(v))?.replace(/\s/g, "")).toBe(jsonText(v));
  });
});

describe("stringifyArguments", () => {
  it("refuses arguments with a cycle with a FormatError, near the top or below what JSON.stringify reaches", () => {
    const shallow: Record<string, unknown> = { a: 1 };
    shallow["self"] = shallow;
    const deepRoot: Record<string, unknown> = {};
    let at = deepRoot;
    for (let i = 0; i < 30_000; i++) at = (at["k"] = {}) as Record<string, unknown>;
    at["back"] = deepRoot;
    for (const args of [shallow, deepRoot]) {
      const e = thrown(() => stringifyArguments(args), FormatError);
      expect(e.code).toBe("invalid_arguments");
      expect(e.message).toMatch(/cannot be written as JSON/);
    }
  });

  it("refuses a BigInt with a FormatError, near the top or deep down", () => {
    for (const args of [{ n: 1n }, { deep: nested(30_000, 1n) }]) {
      const e = thrown(() => stringifyArguments(args), FormatError);
      expect(e.code).toBe("invalid_arguments");
      expect(e.message).toMatch(/BigInt/);
    }
  });

  it("writes deep arguments without a cycle", () => {
    const args = { deep: nested(30_000) };
    expect(stringifyArguments(args)).toBe(jsonText(args));
  });
});
