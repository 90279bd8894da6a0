import { describe, expect, it } from "vitest";
import { collectStream, createToolCallStream, parseToolCalls, renderToolCalls } from "../api.js";
import { listFormats } from "../registry.js";
import { sequentialIds } from "../testing/agreement.js";
import { rng } from "../testing/sample.js";
import { Cursor, cursorWork } from "./cursor.js";
import { Emitter } from "./emitter.js";

// Parsing must stay linear in the text. These tests count the cursor's work (characters marker
// searches look at, characters copied into new strings) for an input and for the same input four
// times as long, and require about four times the work, not sixteen. No timing.

type Work = keyof typeof cursorWork;

function workOf(kind: Work, run: () => void): number {
  const before = cursorWork[kind];
  run();
  return cursorWork[kind] - before;
}

/** Work for `make(n)` and `make(4n)`; linear work grows about 4x (a quadratic one 16x). */
function expectLinear(kind: Work, make: (n: number) => string, n: number, parse: (text: string) => void, label: string): void {
  const small = make(n);
  const large = make(4 * n);
  const w1 = workOf(kind, () => parse(small));
  const w4 = workOf(kind, () => parse(large));
  // The slack of one unit per character keeps tiny counts from failing on noise.
  expect(w4, `${label}: ${kind} ${w1} for ${small.length} characters, ${w4} for ${large.length}`).toBeLessThanOrEqual(5 * w1 + large.length);
}

const whole = (format: string) => (text: string) => {
  parseToolCalls(text, { format, idGenerator: sequentialIds });
};

/** Streams `text` in pieces of `size` characters, keeping every event as a consumer would. */
const pushed = (format: string, size: number) => (text: string) => {
  const stream = createToolCallStream({ format, idGenerator: sequentialIds, reasoning: false });
  const events = [];
  for (let i = 0; i < text.length; i += size) events.push(...stream.push(text.slice(i, i + size)));
  events.push(...stream.end());
};

const call = (i: number) => ({ name: "search", arguments: { query: `q${i}`, n: i } });
const calls = (n: number) => Array.from({ length: n }, (_, i) => call(i));
const words = (n: number) => "the quick brown fox jumps over the lazy dog; ".repeat(Math.ceil(n / 45)).slice(0, n);

describe("Cursor", () => {
  it("reads text pushed in pieces of any size as the whole text", () => {
    const random = rng(7);
    for (let run = 0; run < 40; run++) {
      const c = new Cursor(new Emitter(undefined, sequentialIds), undefined, false);
      let text = "";
      const pieces = 1 + Math.floor(random() * 400);
      for (let p = 0; p < pieces; p++) {
        const size = random() < 0.1 ? 300 + Math.floor(random() * 300) : 1 + Math.floor(random() * 6);
        const piece = Array.from({ length: size }, () => "ab<|>é😀\n "[Math.floor(random() * 10)]).join("");
        text += piece;
        c.append(piece);
        // The parser moves on, and sometimes back.
        c.pos = Math.floor(random() * (text.length + 1));
        const a = Math.floor(random() * (text.length + 20)) - 10;
        const b = Math.floor(random() * (text.length + 20)) - 10;
        expect(c.slice(a, b)).toBe(text.slice(a, b));
        expect(c.slice(a)).toBe(text.slice(a));
        expect(c.charCodeAt(a)).toEqual(text.charCodeAt(a));
        const s = text.slice(b, b + 3);
        expect(c.startsWith(s, b)).toBe(text.startsWith(s, b));
        expect(c.startsWith("<|", a)).toBe(text.startsWith("<|", a));
      }
      expect(c.length).toBe(text.length);
      expect(c.text).toBe(text);
    }
  });
});

describe("parsing work grows linearly with the text", () => {
  it("marker searches: harmony messages, calls and blocks in ernie45, gemma4, granite", () => {
    expectLinear("searched", (n) => "<|start|> ".repeat(n), 2000, whole("harmony"), "harmony <|start|> flood");
    expectLinear("searched", (n) => renderToolCalls("harmony", calls(n)), 1000, whole("harmony"), "harmony calls");
    for (const format of ["ernie45", "gemma4", "granite"]) {
      expectLinear("searched", (n) => renderToolCalls(format, calls(n)), 1000, whole(format), `${format} calls`);
      expectLinear("searched", (n) => `${renderToolCalls(format, calls(1))}\n`.repeat(n), 1000, whole(format), `${format} blocks`);
    }
  });

  it("marker searches: every format over its calls, its markers and text between them", () => {
    for (const info of listFormats()) {
      const format = info.name;
      const one = renderToolCalls(format, calls(1));
      expectLinear("searched", (n) => `${one}\n`.repeat(n), 500, whole(format), `${format} blocks`);
      expectLinear("searched", (n) => `Some text. ${one}\n`.repeat(n), 500, whole(format), `${format} text and calls`);
      for (const marker of info.specialTokens) {
        expectLinear("searched", (n) => `${marker} `.repeat(n), 500, whole(format), `${format} ${marker} flood`);
      }
    }
  });

  it("copies: every format streaming plain text in 4-character pushes", () => {
    for (const info of listFormats()) {
      expectLinear("copied", words, 10_000, pushed(info.name, 4), `${info.name} plain text`);
      expectLinear("searched", words, 10_000, pushed(info.name, 4), `${info.name} plain text`);
    }
  });

  it("copies: every format streaming its calls in 4- and 100-character pushes", () => {
    for (const info of listFormats()) {
      const one = `Let me look. ${renderToolCalls(info.name, calls(1))}\n`;
      for (const size of [4, 100]) {
        expectLinear("copied", (n) => one.repeat(n), 200, pushed(info.name, size), `${info.name} calls in ${size}-character pushes`);
        expectLinear("searched", (n) => one.repeat(n), 200, pushed(info.name, size), `${info.name} calls in ${size}-character pushes`);
      }
    }
  });

  it("copies: hermes text full of calls, failed calls and partial markers in 100-character pushes", () => {
    const unit = 'Let me look.\n<tool_call>\n{"name": "search", "arguments": {"query": "weather in Paris"}}\n</tool_call>\n<tool_call>{"name": bad}</tool_call> and <tool_';
    expectLinear("copied", (n) => unit.repeat(n), 500, pushed("hermes", 100), "hermes marker-heavy");
    expectLinear("copied", (n) => unit.repeat(n), 500, pushed("hermes", 4), "hermes marker-heavy");
  });
});

describe("streaming one long argument costs a bounded amount of work per character", () => {
  // Every format, a call whose one argument is long (a string, an array of many numbers, an
  // object of many keys), streamed in 4-character pushes: the cursor's work (and the Python
  // literal reader's) per character of the text stays below a constant, at two sizes. A reader
  // that goes back to the start of a value on every push does work in proportion to the value's
  // length per push, thousands per character at these sizes.
  const tools = [{ type: "function" as const, function: { name: "f", parameters: { type: "object", properties: { s: { type: "string" }, arr: { type: "array", items: { type: "number" } }, obj: { type: "object" } } } } }];
  const args: Record<string, (n: number) => Record<string, unknown>> = {
    string: (n) => ({ s: words(n) }),
    numbers: (n) => ({ arr: Array.from({ length: n / 8 }, (_, i) => i * 1.5) }),
    keys: (n) => ({ obj: Object.fromEntries(Array.from({ length: n / 10 }, (_, i) => [`k${i}`, i])) }),
  };
  // Per character, for 4-character pushes: the window the cursor keeps flat is about a hundred
  // characters, copied once per push; searches and reads look at each character a few times.
  const bound: Record<Work, number> = { copied: 64, searched: 16, read: 4 };

  function work(format: string, text: string): Record<Work, number> {
    const before = { ...cursorWork };
    const stream = createToolCallStream({ format, tools, idGenerator: sequentialIds, reasoning: false });
    const events = [];
    for (let i = 0; i < text.length; i += 4) events.push(...stream.push(text.slice(i, i + 4)));
    events.push(...stream.end());
    const r = collectStream(events);
    expect(r.errors, `${format}: ${text.slice(0, 80)}`).toEqual([]);
    expect(r.toolCalls).toHaveLength(1);
    return { copied: cursorWork.copied - before.copied, searched: cursorWork.searched - before.searched, read: cursorWork.read - before.read };
  }

  it.each(listFormats().map((f) => f.name))("%s", (format) => {
    for (const [kind, make] of Object.entries(args)) {
      for (const n of [8_000, 32_000]) {
        const text = renderToolCalls(format, [{ name: "f", arguments: make(n) }], { tools });
        const w = work(format, text);
        for (const k of Object.keys(bound) as Work[]) {
          expect(w[k] / text.length, `${format}, ${kind} of ${text.length} characters: ${k} ${w[k]}`).toBeLessThanOrEqual(bound[k]);
        }
      }
    }
  });
});
