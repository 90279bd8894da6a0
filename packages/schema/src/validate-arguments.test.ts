import { describe, expect, it } from "vitest";
import { validateArguments, withPlainObjects } from "./validate-arguments.js";

const bare = <T extends object>(props: T): T => Object.assign(Object.create(null) as T, props);

describe("validateArguments with prototype-less objects", () => {
  const tool = { parameters: { type: "object", properties: { x: { enum: [bare({ a: 1 })] }, y: { const: bare({ b: [bare({ c: null })] }) } } } };

  it("accepts JSON arguments equal to a prototype-less enum or const value in the schema", () => {
    expect(validateArguments(tool, '{"x": {"a": 1}, "y": {"b": [{"c": null}]}}')).toEqual({ valid: true, errors: [] });
  });

  it("still refuses arguments that differ from them", () => {
    const r = validateArguments(tool, '{"x": {"a": 2}, "y": {"b": []}}');
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.keyword)).toEqual(["enum", "const"]);
  });

  it("accepts already parsed prototype-less arguments equal to plain schema values", () => {
    const plain = { parameters: { type: "object", properties: { x: { const: { a: [1] } } } } };
    expect(validateArguments(plain, bare({ x: bare({ a: [1] }) })).valid).toBe(true);
  });
});

describe("withPlainObjects", () => {
  it("returns a value without prototype-less objects as it is", () => {
    const v = { a: [1, { b: 2 }] };
    expect(withPlainObjects(v)).toBe(v);
  });

  it("copies prototype-less objects into plain ones, keeping a __proto__ key as data and cycles as cycles", () => {
    const v = bare({ ["__proto__"]: 1, list: [] as unknown[] });
    v.list.push(v);
    const c = withPlainObjects(v) as { list: unknown[] };
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(["__proto__", "list"]);
    expect(c.list[0]).toBe(c);
  });

  it("copies values nested 100,000 deep without recursion", () => {
    let v: unknown = bare({});
    for (let i = 0; i < 100_000; i++) v = [v];
    let c = withPlainObjects(v);
    for (let i = 0; i < 100_000; i++) c = (c as unknown[])[0];
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  });

  it("refuses an empty array where contains asks for a match, inside items too (ajv 8.20 alone accepts [[null], []])", () => {
    const tool = { parameters: { type: "array", items: { type: "array", contains: { type: "null" } } } };
    expect(validateArguments(tool, "[[null], []]").valid).toBe(false);
    expect(validateArguments(tool, "[[], [null]]").valid).toBe(false);
    expect(validateArguments(tool, "[[null], [1, null]]").valid).toBe(true);
    // minContains: 0 allows an empty array, and the guard leaves it so.
    expect(validateArguments({ parameters: { items: { contains: { type: "null" }, minContains: 0, maxContains: 1 } } }, "[[null], []]").valid).toBe(true);
  });
});
