// Length folding of regular languages (how `minLength`/`maxLength` combine with a pattern or a
// format without an automaton): on random expressions over {a, b}, `constrainLength` must keep
// exactly the strings of the expression whose length is in range, and `rxLengthSet` must list
// exactly the lengths its strings have. Languages are compared on every string up to 8 characters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { charSet } from "./charset.js";
import { alt, constrainLength, rep, rxLengthSet, seq, type Rx } from "./regex.js";
import "../../../test/support/fast-check-seed.js";

const A: Rx = { t: "chars", set: charSet([[0x61, 0x61]]) };
const B: Rx = { t: "chars", set: charSet([[0x62, 0x62]]) };
const AB: Rx = { t: "chars", set: charSet([[0x61, 0x62]]) };

const rx: fc.Arbitrary<Rx> = fc.letrec<{ rx: Rx }>((tie) => ({
  rx: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(A, B, AB),
    fc.array(tie("rx"), { minLength: 2, maxLength: 4 }).map(seq),
    fc.array(tie("rx"), { minLength: 2, maxLength: 3 }).map(alt),
    fc.tuple(tie("rx"), fc.nat(2), fc.oneof(fc.nat(3), fc.constant(Infinity))).map(([item, min, extra]) => rep(item, min, min + extra)),
  ),
})).rx;

/** The end positions of `r` matched from `i` in `s`. */
function ends(r: Rx, s: string, i: number): Set<number> {
  switch (r.t) {
    case "chars": {
      const c = s.codePointAt(i);
      return c !== undefined && r.set.some(([lo, hi]) => c >= lo && c <= hi) ? new Set([i + 1]) : new Set();
    }
    case "seq": {
      let at = new Set([i]);
      for (const item of r.items) at = new Set([...at].flatMap((j) => [...ends(item, s, j)]));
      return at;
    }
    case "alt":
      return new Set(r.items.flatMap((item) => [...ends(item, s, i)]));
    case "rep": {
      const out = new Set<number>();
      let at = new Set([i]);
      for (let k = 0; at.size > 0 && k <= Math.min(r.max, s.length - i + r.min); k++) {
        if (k >= r.min) for (const j of at) out.add(j);
        const next = new Set<number>();
        for (const j of at) for (const e of ends(r.item, s, j)) if (e > j || k < r.min) next.add(e);
        at = next;
      }
      return out;
    }
  }
}

const matches = (r: Rx, s: string): boolean => ends(r, s, 0).has(s.length);
const STRINGS = [""];
for (let n = 1; n <= 8; n++) for (let k = 0; k < 1 << n; k++) STRINGS.push(Array.from({ length: n }, (_, i) => ((k >> i) & 1 ? "b" : "a")).join(""));

describe("length folding of regular languages", () => {
  it("constrainLength keeps exactly the strings with a length in range", () => {
    fc.assert(
      fc.property(rx, fc.nat(5), fc.oneof(fc.nat(6), fc.constant(Infinity)), fc.constantFrom(2, 4, undefined), (r, lo, extra, split) => {
        const hi = lo + extra;
        const folded = constrainLength(r, lo, hi, { nodes: 2000, split });
        if (!folded) return;
        for (const s of STRINGS) expect(matches(folded, s), `"${s}"`).toBe(matches(r, s) && s.length >= lo && s.length <= hi);
      }),
      { numRuns: 400 },
    );
  });

  it("rxLengthSet lists exactly the lengths of the strings (when few and bounded)", () => {
    fc.assert(
      fc.property(rx, (r) => {
        const set = rxLengthSet(r, 16);
        if (!set || set.some((n) => n > 8)) return;
        const seen = new Set(STRINGS.filter((s) => matches(r, s)).map((s) => s.length));
        expect([...set].sort((x, y) => x - y)).toEqual([...seen].sort((x, y) => x - y));
      }),
      { numRuns: 400 },
    );
  });

  it("splits on the parts with few lengths when the first variable part is unbounded", () => {
    // A date-time's shape: digits, an optional unbounded fraction, then `Z` or a 3-character offset.
    const shape = seq([A, rep(seq([B, rep(A, 1, Infinity)]), 0, 1), alt([B, seq([A, B, A])])]);
    const folded = constrainLength(shape, 0, 6, { nodes: 2000, split: 4 });
    expect(folded).toBeDefined();
    for (const s of STRINGS) expect(matches(folded!, s), `"${s}"`).toBe(matches(shape, s) && s.length <= 6);
  });
});
