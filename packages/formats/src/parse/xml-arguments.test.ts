import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sequentialIds } from "../testing/agreement.js";
import { Emitter } from "./emitter.js";
import { XmlArguments, type ValueTrim } from "./xml-arguments.js";

/** The arguments built from string values each fed in the given chunks. */
function build(trim: ValueTrim, values: readonly (readonly string[])[]): string {
  const call = new Emitter(undefined, sequentialIds).call(0);
  call.setName("f");
  const args = new XmlArguments(call, undefined, trim);
  values.forEach((chunks, i) => {
    args.begin(`k${i}`, true);
    for (const chunk of chunks) args.chunk(chunk);
    args.end();
  });
  args.finish();
  return call.finish().function.arguments;
}

describe("XmlArguments", () => {
  const value = fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "\t", "é", "😀"), maxLength: 40 });
  const chunked = value.chain((v) =>
    fc.array(fc.nat({ max: v.length }), { maxLength: 8 }).map((cuts) => {
      const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), v.length];
      return { v, chunks: at.slice(1).map((end, i) => v.slice(at[i], end)) };
    }),
  );

  it.each<[ValueTrim, (v: string) => string]>([
    ["space", (v) => v.trim()],
    ["newline", (v) => v.replace(/^\n/, "").replace(/\n$/, "")],
    ["none", (v) => v],
  ])("trims %s around string values the same however they are chunked", (trim, expected) => {
    fc.assert(
      fc.property(fc.array(chunked, { minLength: 1, maxLength: 3 }), (values) => {
        const text = build(trim, values.map((x) => x.chunks));
        expect(JSON.parse(text)).toEqual(Object.fromEntries(values.map((x, i) => [`k${i}`, expected(x.v)])));
        expect(text).toBe(build(trim, values.map((x) => [x.v])));
      }),
      { numRuns: 200 },
    );
  });
});
