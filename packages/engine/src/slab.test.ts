import { describe, expect, it } from "vitest";
import { Slab } from "./slab.js";

describe("Slab", () => {
  it("carves zeroed, disjoint arrays of the requested lengths from one buffer", () => {
    const slab = new Slab(3 * 10 + 4, 7);
    const a = slab.i32(10);
    const b = slab.u32(10);
    const c = slab.i32(14);
    const flags = slab.u8(7);
    expect([a.length, b.length, c.length, flags.length]).toEqual([10, 10, 14, 7]);
    expect(a.buffer).toBe(flags.buffer);
    for (const x of [a, b, c, flags]) expect(Array.from(x).every((v) => v === 0)).toBe(true);
    // Writing every element of one array leaves the others untouched.
    a.fill(-1);
    b.fill(0xffffffff);
    flags.fill(255);
    expect(Array.from(c).every((v) => v === 0)).toBe(true);
    expect(a[9]).toBe(-1);
    expect(b[0]).toBe(0xffffffff);
  });

  it("throws a RangeError instead of carving past its end", () => {
    const slab = new Slab(4);
    slab.i32(3);
    expect(() => slab.i32(2)).toThrow(RangeError);
  });
});
