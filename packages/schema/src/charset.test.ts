import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANY_CHAR, MAX_CP, charSet, complement, contains, intersect, subtract, type CharSet } from "./charset.js";

/** Sets built from a few random ranges, spread over ASCII, the surrogate block's edges and the top of Unicode. */
const point = fc.oneof(fc.integer({ min: 0, max: 0x80 }), fc.integer({ min: 0xd7f0, max: 0xe010 }), fc.integer({ min: MAX_CP - 16, max: MAX_CP }), fc.integer({ min: 0, max: MAX_CP }));
const set = fc.array(fc.tuple(point, point), { maxLength: 6 }).map((pairs) => charSet(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)));

/** Every range boundary of the sets, and their neighbours: where membership can change. */
function probes(...sets: CharSet[]): number[] {
  const out = [0, MAX_CP, 0xd7ff, 0xd800, 0xdfff, 0xe000];
  for (const s of sets) for (const [lo, hi] of s) out.push(lo - 1, lo, lo + 1, hi - 1, hi, hi + 1);
  return out.filter((cp) => cp >= 0 && cp <= MAX_CP);
}

describe("character sets", () => {
  it("subtract keeps exactly the members of the first set outside the second, normalized", () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const d = subtract(a, b);
        // Same ranges as the definition (the intersection with the complement), so normalized too.
        expect(d).toEqual(intersect(a, complement(b)));
        for (const cp of probes(a, b)) expect(contains(d, cp)).toBe(contains(a, cp) && !contains(b, cp));
      }),
      { numRuns: 500 },
    );
  });

  it("subtract of everything leaves nothing, of nothing leaves the set", () => {
    const letters = charSet([[0x41, 0x5a], [0x61, 0x7a]]);
    expect(subtract(letters, ANY_CHAR)).toEqual([]);
    expect(subtract(letters, [])).toEqual(letters);
    expect(subtract(ANY_CHAR, letters)).toEqual(complement(letters));
  });
});
