import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { withoutRanges } from "./classify.js";

describe("withoutRanges", () => {
  it("keeps exactly the nodes outside every range, and returns the input itself when none is inside", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 })), { maxLength: 8 }), (values, spans) => {
        const nodes = Uint32Array.from(values.sort((a, b) => a - b));
        const ranges = spans.sort((a, b) => a[0] - b[0]).flatMap(([from, len]) => [from, from + len]);
        const expected = [...nodes].filter((n) => !spans.some(([from, len]) => from <= n && n < from + len));
        const kept = withoutRanges(nodes, ranges);
        expect([...kept]).toEqual(expected);
        if (expected.length === nodes.length) expect(kept).toBe(nodes);
      }),
    );
  });
});
