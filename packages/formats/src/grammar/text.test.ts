import { accepts } from "@toolmask/grammar";
import { grammar } from "@toolmask/grammar";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leadingTextWithout, textWithout } from "./text.js";
import { ref } from "@toolmask/grammar";

const markerSets = [["<tool_call>"], ["[TOOL_CALLS]"], ["<|tool_call|>", "<tool_call>"], ["<｜tool▁calls▁begin｜>"], ["<a>", "[b]"], ["functools["], ["<"]];

describe("textWithout", () => {
  it.each(markerSets)("accepts exactly the strings that do not contain %s", (...markers) => {
    const g = grammar([["root", textWithout(markers)]]);
    // Strings drawn from the markers' own characters hit the interesting prefixes and restarts.
    const alphabet = [...new Set([...markers.join(""), "x", "\n"])];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...markers)), { maxLength: 14 }), (parts) => {
        const s = parts.join("");
        expect(accepts(g, s)).toBe(!markers.some((m) => s.includes(m)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [["<|python_tag|>"], "{"],
    [["functools["], "["],
    [[], "[<"],
  ])("accepts text without %j whose first non-space character is none of %j", (markers, notFirst) => {
    const g = grammar([
      ["root", leadingTextWithout(markers, notFirst, ref("rest"))],
      ["rest", textWithout(markers)],
    ]);
    const alphabet = [...new Set([...markers.join(""), ...notFirst, "x", " ", "\n", "\u00a0"])];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...markers, "x")), { maxLength: 12 }), (parts) => {
        const s = parts.join("");
        const first = s.trimStart()[0];
        expect(accepts(g, s)).toBe(!markers.some((m) => s.includes(m)) && (first === undefined || !notFirst.includes(first)));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects marker sets whose first characters recur inside a marker", () => {
    expect(() => textWithout(["<a<b>"])).toThrow(/first character/);
  });

  it("accepts any text when there are no markers", () => {
    const g = grammar([["root", textWithout([])]]);
    expect(accepts(g, "anything <tool_call> at all")).toBe(true);
  });
});
