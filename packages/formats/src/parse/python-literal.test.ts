import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectStream, createToolCallStream, parseToolCalls } from "../api.js";
import { mergeEvents, sequentialIds, streamAt } from "../testing/agreement.js";
import { cursorWork } from "./cursor.js";
import { pythonLiteralJson } from "./python-literal.js";

// The Python literal reader reads a literal once however it arrives: these properties spell
// values in the many ways Python allows, and check the reader's JSON, and that a pythonic call
// streamed in pieces cut anywhere gives the events of the whole text.

interface Spelled {
  readonly text: string;
  readonly value: unknown;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

/** One character (a code point) of a string, spelled inside `quote` one of several ways. */
function spellChar(ch: string, quote: string, how: number): string {
  const cp = ch.codePointAt(0)!;
  const ways: string[] = [];
  if (ch !== "\\" && ch !== quote && ch !== "\n") ways.push(ch);
  if (ch === "\n") ways.push("\\n");
  if (ch === "\\") ways.push("\\\\");
  if (ch === quote) ways.push(`\\${quote}`);
  if (cp < 0x100) ways.push(`\\x${hex(cp, 2)}`, `\\${cp.toString(8).padStart(3, "0")}`);
  if (cp < 0x10000) ways.push(`\\u${hex(cp, 4)}`);
  ways.push(`\\U${hex(cp, 8)}`);
  return ways[how % ways.length]!;
}

const stringChar = fc.constantFrom(..."abcZ ,=)]}'\"\\\n\téü中😀\u0007".split(/(?:)/u));

/** A string spelled in single, double or triple quotes (escapes chosen at random), or raw. */
const pyString: fc.Arbitrary<Spelled> = fc
  .tuple(fc.array(fc.tuple(stringChar, fc.nat()), { maxLength: 24 }), fc.constantFrom("'", '"', "'''", '"""', "r'", "u'", 'b"'))
  .map(([chars, style]) => {
    const value = chars.map(([ch]) => ch).join("");
    if (style === "r'") {
      // A raw string can hold neither its quote nor a backslash at its end; spell it plainly then.
      if (/['\\\n]/.test(value)) return { text: JSON.stringify(value), value };
      return { text: `r'${value}'`, value };
    }
    const quote = style.replace(/^[ub]/, "");
    const q = quote[0]!;
    const body = chars.map(([ch, how]) => spellChar(ch, q, how)).join("");
    return { text: `${style}${body}${quote}`, value };
  });

/**
 * A number as Python writes it (underscores, leading zeros — in floats, or an integer of zeros
 * only, as Python allows —, a bare dot, an exponent), and its value.
 */
const pyNumber: fc.Arbitrary<Spelled> = fc
  .tuple(fc.constantFrom("", "-", "+"), fc.nat({ max: 99999 }), fc.constantFrom("", "_"), fc.constantFrom("", "0", "00"), fc.option(fc.nat({ max: 999 })), fc.option(fc.integer({ min: -20, max: 20 })), fc.boolean())
  .map(([sign, int, sep, leading, frac, exp, bareDot]) => {
    const integer = frac === null && exp === null && !bareDot;
    const zeros = integer && int !== 0 ? "" : leading;
    let digits = `${zeros}${int}`;
    if (sep && digits.length > 1) digits = `${digits[0]}_${digits.slice(1)}`;
    let text = sign + digits;
    let plain = sign + `${zeros}${int}`;
    if (frac !== null) {
      text += `.${frac}`;
      plain += `.${frac}`;
    } else if (bareDot) {
      text += ".";
      plain += ".";
    }
    if (exp !== null) {
      text += `e${exp}`;
      plain += `e${exp}`;
    }
    return { text, value: Number(plain) };
  });

/**
 * An integer in hexadecimal, octal or binary (`0x1F`, `-0o_17`, `0B1_0`), the prefix in either
 * case, single underscores between digits or after the prefix, as Python allows.
 */
const pyRadixInt: fc.Arbitrary<Spelled> = fc
  .tuple(fc.constantFrom("", "-", "+"), fc.nat({ max: 2 ** 40 }), fc.constantFrom(["x", 16], ["X", 16], ["o", 8], ["O", 8], ["b", 2], ["B", 2]), fc.array(fc.boolean(), { maxLength: 48 }), fc.boolean())
  .map(([sign, n, [prefix, radix], unders, afterPrefix]) => {
    const digits = [...n.toString(radix)].map((d, i) => (i > 0 && unders[i] ? `_${d}` : d)).join("");
    return { text: `${sign}0${prefix}${afterPrefix ? "_" : ""}${digits}`, value: sign === "-" ? -n : n };
  });

const pyKeyword: fc.Arbitrary<Spelled> = fc.constantFrom<Spelled>(
  { text: "True", value: true },
  { text: "False", value: false },
  { text: "None", value: null },
  { text: "true", value: true },
  { text: "false", value: false },
  { text: "null", value: null },
);

const gap = fc.constantFrom("", " ", "\n  ", "\t");

const { literal: pyLiteral } = fc.letrec<{ literal: Spelled; list: Spelled; dict: Spelled }>((tie) => ({
  literal: fc.oneof({ depthSize: "small", withCrossShrink: true }, pyString, pyNumber, pyRadixInt, pyKeyword, tie("list"), tie("dict")),
  list: fc.tuple(fc.array(fc.tuple(tie("literal"), gap), { maxLength: 4 }), fc.constantFrom("[]", "()"), fc.boolean()).map(([items, brackets, trailing]) => ({
    text: `${brackets[0]}${items.map(([v, g]) => `${g}${v.text}`).join(",")}${trailing && items.length > 0 ? "," : ""}${brackets[1]}`,
    value: items.map(([v]) => v.value),
  })),
  dict: fc.tuple(fc.uniqueArray(fc.tuple(pyString, tie("literal"), gap), { maxLength: 4, selector: ([k]) => k.value })).map(([members]) => ({
    text: `{${members.map(([k, v, g]) => `${g}${k.text}${g}:${g}${v.text}`).join(",")}}`,
    value: Object.fromEntries(members.map(([k, v]) => [k.value, v.value])),
  })),
}));

// Split points as fractions of the text, in millionths (fast-check's doubles in [0, 1] are mostly
// tiny, which would cut almost always at the start).
const splitsArb = fc.array(fc.noBias(fc.nat({ max: 1_000_000 })), { maxLength: 30 });
const cutsOf = (splits: readonly number[], length: number): number[] => [...new Set(splits.map((x) => Math.floor((x / 1_000_000) * length)))].sort((a, b) => a - b);

/** Streams `text` (pythonic) cut at `splits` and checks the events against the whole text's. */
function expectStreamsAsWhole(text: string, splits: readonly number[]): ReturnType<typeof parseToolCalls> {
  const options = { format: "pythonic", idGenerator: sequentialIds };
  const whole = createToolCallStream(options);
  const batch = [...whole.push(text), ...whole.end()];
  expect(mergeEvents(streamAt(text, cutsOf(splits, text.length), options))).toEqual(mergeEvents(batch));
  return parseToolCalls(text, options);
}

describe("Python literals", () => {
  it("reads every spelling of a value as that value", () => {
    fc.assert(
      fc.property(pyLiteral, (lit) => {
        const json = pythonLiteralJson(lit.text);
        expect(json, lit.text).toBeDefined();
        expect(JSON.parse(json!)).toEqual(lit.value);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an integer with leading zeros, as Python does, and keeps them in floats", () => {
    expect(pythonLiteralJson("02139")).toBeUndefined();
    expect(pythonLiteralJson("-0_7")).toBeUndefined();
    expect(pythonLiteralJson("000")).toBe("0");
    expect(pythonLiteralJson("007.5")).toBe("7.5");
    expect(pythonLiteralJson("007e1")).toBe("7e1");
    const r = parseToolCalls("[ship(zip=02139)]", { format: "pythonic" });
    expect(r.toolCalls).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(["malformed_call"]);
  });

  it("reads hexadecimal, octal and binary integers in decimal, exactly however long", () => {
    expect(pythonLiteralJson("[0x1F, -0o17, +0b101, 0X_ff_ff]")).toBe("[31,-15,5,65535]");
    expect(pythonLiteralJson("0xffffffffffffffffffff")).toBe("1208925819614629174706175");
    const r = parseToolCalls("[set_color(rgb=0xFF8800, mode=0o644)]", { format: "pythonic" });
    expect(r.errors).toEqual([]);
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ rgb: 0xff8800, mode: 0o644 });
  });

  it("refuses underscores Python refuses: doubled, trailing, or beside a dot, an exponent or a prefix's letter alone", () => {
    for (const text of ["1__0", "1_", "1_.5", "1._5", "1e_5", "1_e5", "0x", "0x_", "0x1__f", "0x1_", "0b2", "0o8", "0_x1"]) {
      expect(pythonLiteralJson(text), text).toBeUndefined();
    }
    expect(pythonLiteralJson("[1_000, 1_0.2_5, 1e1_0, 0_0]")).toBe("[1000,10.25,1e10,0]");
  });

  it("reads no name but the keywords, not even Object's (toString, constructor)", () => {
    for (const word of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(pythonLiteralJson(word)).toBeUndefined();
      expect(pythonLiteralJson(`{${word}: 1}`)).toBeUndefined();
      expect(pythonLiteralJson(`[1, ${word}]`)).toBeUndefined();
      const r = parseToolCalls(`[f(a=${word}), g(b={${word}: 1})]`, { format: "pythonic" });
      expect(r.toolCalls).toEqual([]);
      expect(r.errors.map((e) => [e.code, e.message])).toEqual([["malformed_call", `not a Python literal at offset 5: "${word}" is not a literal`]]);
    }
  });

  it("streams a call's literals cut anywhere to the events of the whole text", () => {
    fc.assert(
      fc.property(pyLiteral, pyLiteral, splitsArb, (a, b, splits) => {
        const r = expectStreamsAsWhole(`[f(a=${a.text}, b= ${b.text})]`, splits);
        expect(r.errors).toEqual([]);
        expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ a: a.value, b: b.value });
      }),
      { numRuns: 200 },
    );
  });

  it("streams long strings, many numbers and cut-off or broken literals as the whole text", () => {
    const longString = fc.array(fc.tuple(stringChar, fc.nat()), { minLength: 200, maxLength: 3000 }).map((chars) => ({
      text: `'''${chars.map(([ch, how]) => spellChar(ch, "'", how)).join("")}'''`,
      value: chars.map(([ch]) => ch).join(""),
    }));
    const numbers = fc.array(pyNumber, { minLength: 50, maxLength: 400 });
    fc.assert(
      fc.property(longString, numbers, splitsArb, fc.noBias(fc.nat({ max: 1_000_000 })), (str, nums, splits, cut) => {
        const text = `[f(s=${str.text}, n=[${nums.map((n) => n.text).join(", ")}])]`;
        const r = expectStreamsAsWhole(text, splits);
        expect(r.errors).toEqual([]);
        expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ s: str.value, n: nums.map((n) => n.value) });
        // The same text cut off, and broken in the middle: still the events of the whole text.
        const at = Math.floor((cut / 1_000_000) * text.length);
        expectStreamsAsWhole(text.slice(0, at), splits);
        expectStreamsAsWhole(`${text.slice(0, at)}\n'"\\${text.slice(at)}`, splits);
      }),
      { numRuns: 60 },
    );
  });

  it("reads lists and dicts nested 20,000 deep, whole and streamed, in bounded work per character", () => {
    const depth = 20_000;
    for (const [open, close, json] of [
      ["[", "]", (d: number) => `${"[".repeat(d)}${"]".repeat(d)}`],
      ["{'k': ", "}", (d: number) => `${'{"k":'.repeat(d)}{}${"}".repeat(d)}`],
    ] as const) {
      const literal = `${open.repeat(depth)}${open === "[" ? "" : "{}"}${close.repeat(depth)}`;
      expect(pythonLiteralJson(literal)).toBe(json(depth));
      const text = `[f(a=${literal})]`;
      const before = { ...cursorWork };
      const stream = createToolCallStream({ format: "pythonic", idGenerator: sequentialIds, reasoning: false });
      const events = [];
      for (let i = 0; i < text.length; i += 4) events.push(...stream.push(text.slice(i, i + 4)));
      events.push(...stream.end());
      expect(collectStream(events).toolCalls.map((c) => c.function.arguments)).toEqual([`{"a": ${json(depth)}}`]);
      expect((cursorWork.read - before.read) / text.length).toBeLessThanOrEqual(4);
      expect((cursorWork.copied - before.copied) / text.length).toBeLessThanOrEqual(64);
    }
  });

  it("streams arbitrary fragments of literals as the whole text", () => {
    const fragment = fc.constantFrom("[", "]", "(", ")", "{", "}", ",", ":", "=", " ", "\n", "'", '"', "'''", "\\", "\\x4", "\\u00e9", "\\U00110000", "\\12", "r'", "b", "True", "Tru", "None", "1", "1e", "1e-", "-", ".", "_", "0x1", "f(", "a=", "é", "😀");
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), splitsArb, (parts, splits) => {
        expectStreamsAsWhole(`[f(a=${parts.join("")}`, splits);
      }),
      { numRuns: 400 },
    );
  });
});
