/**
 * Python literals as models write tool arguments in pythonic formats: strings (either quote,
 * triple quotes, r/u/b prefixes, Python escapes), numbers, True/False/None (and JSON's
 * true/false/null, which models mix in), lists, tuples and dicts. Read straight into JSON text, so
 * numbers keep their digits (no rounding through floating point).
 */

import { cursorWork, type Step } from "./cursor.js";

/**
 * What the reader reads: the parser's cursor (text that is still arriving) or a whole string. The
 * reader moves `pos` over the literal as it reads it and waits only for text it needs to decide,
 * so a literal streamed in pieces is read once, not again from its start on every piece.
 */
export interface PySource {
  pos: number;
  /** True once the whole text has been seen. */
  readonly done: boolean;
  readonly length: number;
  charCodeAt(i: number): number;
  slice(start: number, end?: number): string;
}

/** The text is not a Python literal; `at` is the offset of the offending character. */
export class PyInvalid {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

/** The text ends inside the literal. */
export class PyIncomplete {
  constructor(readonly at: number) {}
}

const KEYWORDS: Readonly<Record<string, string>> = { True: "true", False: "false", None: "null", true: "true", false: "false", null: "null" };
const NUMBER = /^([-+]?)(?:(\d[\d_]*)(?:\.([\d_]*))?|\.(\d[\d_]*))(?:([eE])([-+]?[\d_]+))?/;
const RADIX = /^([-+]?)0([xob])_?([\da-f_]+)$/i;

/** The whole of `text` as a Python literal, as JSON text; undefined when it is not one. */
export function pythonLiteralJson(text: string): string | undefined {
  const src = new StringSource(text);
  let json: string;
  try {
    // A whole string never makes the reader wait.
    const r = readPythonLiteral(src).next();
    if (!r.done) return undefined;
    json = r.value;
  } catch (e) {
    if (e instanceof PyInvalid || e instanceof PyIncomplete) return undefined;
    throw e;
  }
  skipSpace(src);
  return src.pos === text.length ? json : undefined;
}

class StringSource implements PySource {
  pos = 0;
  readonly done = true;
  constructor(private readonly s: string) {}
  get length(): number {
    return this.s.length;
  }
  charCodeAt(i: number): number {
    return this.s.charCodeAt(i);
  }
  slice(start: number, end?: number): string {
    return this.s.slice(start, end);
  }
}

/** A list, tuple or dict being read. */
interface Open {
  /** The closing bracket's code. */
  readonly close: number;
  readonly items: string[];
  /** A dict's key whose value is being read (undefined: the key is being read). */
  key: string | undefined;
  /** Where the dict's key being read starts. */
  keyAt: number;
}

/**
 * Reads one literal at `src.pos` (after spaces) and returns it as JSON text, leaving `pos` just
 * past it. Throws {@link PyInvalid} when the text is not a literal, {@link PyIncomplete} when the
 * text ends inside it. While the text is arriving it waits where the end of the text leaves a
 * decision open (a number or a word that may go on, `''` that may open `'''`), so it decides
 * exactly as it would on the whole text. On failure `pos` is somewhere inside the literal.
 *
 * Lists, tuples and dicts are kept on a stack rather than read by recursion: a resumed read costs
 * no more at depth 10,000 than at depth 1, and no depth overflows the call stack.
 */
export function* readPythonLiteral(s: PySource): Step<string> {
  if (!skipSpace(s)) yield* space(s);
  const open: Open[] = [];
  for (;;) {
    // A value starts at the position: a container (its first item or its end follows), a string,
    // a number or a word.
    let value = valueNow(s);
    if (value === undefined) {
      if (!(available(s, 1) ?? (yield* has(s, 1)))) throw new PyIncomplete(s.pos);
      const c = s.charCodeAt(s.pos);
      const close = c === 0x5b ? 0x5d : c === 0x28 ? 0x29 : c === 0x7b ? 0x7d : 0;
      if (close !== 0) {
        s.pos++;
        let d = nextNow(s);
        if (d < 0) d = yield* next(s);
        if (d !== close) {
          open.push({ close, items: [], key: undefined, keyAt: s.pos });
          continue;
        }
        s.pos++;
        value = close === 0x7d ? "{}" : "[]";
      } else if (isQuote(c) || (isStringPrefix(c) && (yield* quoteAfterPrefix(s)))) {
        value = JSON.stringify(yield* strings(s));
      } else if (isNumberStart(c)) {
        value = yield* number(s);
      } else if (isLetter(c)) {
        value = yield* keyword(s);
      } else {
        throw new PyInvalid(s.pos, `"${s.slice(s.pos, s.pos + 1)}" cannot start a literal`);
      }
    }
    // The value completes an item of the innermost container, and maybe closes it, and so on out.
    for (;;) {
      const top = open[open.length - 1];
      if (top === undefined) return value;
      if (top.close === 0x7d && top.key === undefined) {
        if (value.startsWith("[") || value.startsWith("{")) throw new PyInvalid(top.keyAt, "a dict key must be a string, number or constant");
        top.key = value.startsWith('"') ? value : JSON.stringify(value);
        let c = nextNow(s);
        if (c < 0) c = yield* next(s);
        if (c !== 0x3a) throw new PyInvalid(s.pos, '":" expected');
        s.pos++;
        if (!skipSpace(s)) yield* space(s);
        break;
      }
      if (top.close === 0x7d) {
        top.items.push(`${top.key}:${value}`);
        top.key = undefined;
      } else top.items.push(value);
      let c = nextNow(s);
      if (c < 0) c = yield* next(s);
      if (c === 0x2c) {
        s.pos++;
        c = nextNow(s);
        if (c < 0) c = yield* next(s);
      } else if (c !== top.close) {
        throw new PyInvalid(s.pos, top.close === 0x7d ? '"," or "}" expected' : `"," or "${String.fromCharCode(top.close)}" expected`);
      }
      if (c !== top.close) {
        top.keyAt = s.pos;
        break;
      }
      s.pos++;
      open.pop();
      value = top.close === 0x7d ? `{${top.items.join(",")}}` : `[${top.items.join(",")}]`;
    }
  }
}

// Each step has a synchronous form that reads what is there and says when it must wait (a
// generator per number or space would cost more than reading it), and a generator that waits.

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isWordChar = (c: number): boolean => isDigit(c) || isLetter(c);
const isQuote = (c: number): boolean => c === 0x27 || c === 0x22;
/** r'…', u'…', b'…' (one letter: `rb'…'` is not read). */
const isStringPrefix = (c: number): boolean => c === 0x72 || c === 0x52 || c === 0x75 || c === 0x55 || c === 0x62 || c === 0x42;
const isNumberStart = (c: number): boolean => c === 0x2d || c === 0x2b || c === 0x2e || isDigit(c);

/** Whether `n` characters follow the position: undefined while that is not known yet. */
function available(s: PySource, n: number): boolean | undefined {
  if (s.length - s.pos >= n) return true;
  return s.done ? false : undefined;
}

function* has(s: PySource, n: number): Step<boolean> {
  for (;;) {
    const a = available(s, n);
    if (a !== undefined) return a;
    yield;
  }
}

/**
 * Moves over the characters `test` accepts that there are; true once another character follows
 * or the text has ended (a run at the end of the text so far may go on).
 */
function advanceWhile(s: PySource, test: (c: number) => boolean): boolean {
  const from = s.pos;
  const n = s.length;
  let i = from;
  while (i < n && test(s.charCodeAt(i))) i++;
  cursorWork.read += i - from;
  s.pos = i;
  return i < n || s.done;
}

/** Skips the spaces there are; true once a character other than a space follows, or at the end of the text. */
function skipSpace(s: PySource): boolean {
  return advanceWhile(s, isPySpace);
}

function* space(s: PySource): Step<void> {
  while (!skipSpace(s)) yield;
}

/** Skips spaces and returns the next character (-1: the text so far ends in spaces); the text may not end here. */
function nextNow(s: PySource): number {
  if (!skipSpace(s)) return -1;
  if (s.pos >= s.length) throw new PyIncomplete(s.pos);
  return s.charCodeAt(s.pos);
}

function* next(s: PySource): Step<number> {
  for (;;) {
    const c = nextNow(s);
    if (c >= 0) return c;
    yield;
  }
}

/**
 * The value at the position when it is a number or a word whose end is in the text, else
 * undefined with the position unchanged (strings and containers wait in the generators).
 */
function valueNow(s: PySource): string | undefined {
  if (s.pos >= s.length) return undefined;
  const c = s.charCodeAt(s.pos);
  if (isNumberStart(c)) return numberNow(s);
  if (!isLetter(c)) return undefined;
  if (isStringPrefix(c)) {
    const a = available(s, 2);
    if (a === undefined || (a && isQuote(s.charCodeAt(s.pos + 1)))) return undefined;
  }
  const start = s.pos;
  if (scanWord(s)) return keywordJson(s, start);
  s.pos = start;
  return undefined;
}

function* keyword(s: PySource): Step<string> {
  const start = s.pos;
  while (!scanWord(s)) yield;
  return keywordJson(s, start);
}

/** Moves over the word characters there are; true once the word is whole (a word at the end of the text may go on). */
function scanWord(s: PySource): boolean {
  return advanceWhile(s, isWordChar);
}

/** The word from `start` to the position (all of it there), as JSON. */
function keywordJson(s: PySource, start: number): string {
  const word = s.slice(start, s.pos);
  // Own keys only: `toString` or `constructor` is not a literal (`in` would find Object's).
  if (Object.hasOwn(KEYWORDS, word)) return KEYWORDS[word]!;
  if (s.pos >= s.length && Object.keys(KEYWORDS).some((k) => k.startsWith(word))) throw new PyIncomplete(start);
  throw new PyInvalid(start, `"${word}" is not a literal`);
}

// States of the number automaton, for Python's number literals (`NUMBER` reads the parts of a
// decimal one, `RADIX` of a hexadecimal, octal or binary integer): which part was read last. An
// underscore must stand between two digits of a part (`1_000`, `0x_ff`, not `1__0`, `1_`, `1._5`).
const enum Num {
  Dead,
  Start,
  Sign,
  /** A first digit 0, which may open `0x`, `0o` or `0b`: accepting. */
  Zero,
  /** Digits before any dot: accepting. */
  Int,
  /** The dot after digits (`5.`): accepting. */
  Dot,
  /** Digits after a dot: accepting. */
  Frac,
  /** A dot with no digits before it. */
  LeadDot,
  E,
  ESign,
  /** Exponent digits: accepting. */
  Exp,
  // After an underscore in the integer, fraction or exponent digits: a digit must follow.
  IntUnd,
  FracUnd,
  ExpUnd,
  // `0x`, `0o`, `0b`; their digits (accepting); an underscore among them.
  HexStart,
  Hex,
  HexUnd,
  OctStart,
  Oct,
  OctUnd,
  BinStart,
  Bin,
  BinUnd,
}

const isBinary = (c: number): boolean => c === 0x30 || c === 0x31;

/** The step of a radix integer's states (after the prefix, `run` in digits, `und` after an underscore). */
function radixStep(state: Num, c: number, run: Num, und: Num, digit: (c: number) => boolean): Num {
  if (digit(c)) return run;
  return c === 0x5f && state !== und ? und : Num.Dead;
}

function numberStep(state: Num, c: number): Num {
  const digit = isDigit(c);
  const e = c === 0x65 || c === 0x45;
  switch (state) {
    case Num.Start:
    case Num.Sign:
      if (c === 0x30) return Num.Zero;
      if (digit) return Num.Int;
      if (c === 0x2e) return Num.LeadDot;
      return state === Num.Start && (c === 0x2b || c === 0x2d) ? Num.Sign : Num.Dead;
    case Num.Zero:
    case Num.Int:
      if (digit) return Num.Int;
      if (c === 0x5f) return Num.IntUnd;
      if (c === 0x2e) return Num.Dot;
      if (e) return Num.E;
      if (state === Num.Int) return Num.Dead;
      if (c === 0x78 || c === 0x58) return Num.HexStart;
      if (c === 0x6f || c === 0x4f) return Num.OctStart;
      return c === 0x62 || c === 0x42 ? Num.BinStart : Num.Dead;
    case Num.Dot:
    case Num.Frac:
      if (digit) return Num.Frac;
      if (e) return Num.E;
      return state === Num.Frac && c === 0x5f ? Num.FracUnd : Num.Dead;
    case Num.LeadDot:
      return digit ? Num.Frac : Num.Dead;
    case Num.E:
      if (digit) return Num.Exp;
      return c === 0x2b || c === 0x2d ? Num.ESign : Num.Dead;
    case Num.ESign:
      return digit ? Num.Exp : Num.Dead;
    case Num.Exp:
      if (digit) return Num.Exp;
      return c === 0x5f ? Num.ExpUnd : Num.Dead;
    case Num.IntUnd:
      return digit ? Num.Int : Num.Dead;
    case Num.FracUnd:
      return digit ? Num.Frac : Num.Dead;
    case Num.ExpUnd:
      return digit ? Num.Exp : Num.Dead;
    case Num.HexStart:
    case Num.Hex:
    case Num.HexUnd:
      return radixStep(state, c, Num.Hex, Num.HexUnd, isHex);
    case Num.OctStart:
    case Num.Oct:
    case Num.OctUnd:
      return radixStep(state, c, Num.Oct, Num.OctUnd, isOctal);
    case Num.BinStart:
    case Num.Bin:
    case Num.BinUnd:
      return radixStep(state, c, Num.Bin, Num.BinUnd, isBinary);
    case Num.Dead:
      return Num.Dead;
  }
}

const accepting = (state: Num): boolean =>
  state === Num.Zero || state === Num.Int || state === Num.Dot || state === Num.Frac || state === Num.Exp || state === Num.Hex || state === Num.Oct || state === Num.Bin;

/** Where the number automaton is: its state, and the end of the longest number so far (-1: none). */
interface NumberScan {
  state: Num;
  end: number;
}

/**
 * Reads the longest number `NUMBER` matches at the position. While the text is arriving, a number
 * at its end may still grow (`1`, `1e`, `1e-`), so it waits until a character ends it.
 */
function* number(s: PySource): Step<string> {
  const start = s.pos;
  const scan: NumberScan = { state: Num.Start, end: -1 };
  while (!scanNumber(s, scan)) yield;
  return numberJson(s, start, scan.end);
}

/** {@link number} when the number's end is in the text, else undefined with the position unchanged. */
function numberNow(s: PySource): string | undefined {
  const start = s.pos;
  const scan: NumberScan = { state: Num.Start, end: -1 };
  if (scanNumber(s, scan)) return numberJson(s, start, scan.end);
  s.pos = start;
  return undefined;
}

/** Runs the automaton over the text there is; true once a character ends the number, or the whole text does. */
function scanNumber(s: PySource, scan: NumberScan): boolean {
  const from = s.pos;
  const n = s.length;
  let i = from;
  let state = scan.state;
  while (i < n) {
    const next = numberStep(state, s.charCodeAt(i));
    if (next === Num.Dead) break;
    state = next;
    i++;
    if (accepting(state)) scan.end = i;
  }
  scan.state = state;
  cursorWork.read += i - from;
  s.pos = i;
  return i < n || s.done;
}

/**
 * The number from `start`, read up to the position (where a character ended it, or the end of the
 * whole text), whose longest match ends at `end` (-1: none), as JSON.
 */
function numberJson(s: PySource, start: number, end: number): string {
  if (end < 0) {
    // Only a sign and a dot, or less, at the end of the text: a number cut off.
    if (s.pos >= s.length) throw new PyIncomplete(start);
    throw new PyInvalid(start, "a malformed number");
  }
  s.pos = end;
  const text = s.slice(start, end);
  const radix = RADIX.exec(text);
  // An integer in hexadecimal, octal or binary: JSON spells it in decimal (exactly, however long).
  if (radix) return `${radix[1] === "-" ? "-" : ""}${BigInt(`0${radix[2]!.toLowerCase()}${radix[3]!.replace(/_/g, "")}`)}`;
  const [, sign, int, frac, leadingFrac, e, exp] = NUMBER.exec(text)!;
  const digits = (d: string | undefined): string => (d ?? "").replace(/_/g, "");
  // Python refuses `007` (an integer, not all zeros); read as 7 it would lose a zip code's zero.
  if (frac === undefined && leadingFrac === undefined && !e && /^0+[1-9]/.test(digits(int))) throw new PyInvalid(start, "a decimal integer with leading zeros, which Python does not read");
  const whole = digits(int).replace(/^0+(?=\d)/, "") || "0";
  // `5.` is a float: written `5.0`, so that it stays one in JSON readers that tell them apart.
  const fraction = leadingFrac !== undefined ? digits(leadingFrac) : frac !== undefined ? digits(frac) || "0" : "";
  return `${sign === "-" ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}${e ? `e${digits(exp)}` : ""}`;
}

/**
 * Reads adjacent string literals at the position (`'a' "b"`, prefixes allowed), which Python
 * joins into one string; returns their value. The position ends just past the last one.
 */
function* strings(s: PySource): Step<string> {
  let value = "";
  for (;;) {
    const c = s.charCodeAt(s.pos);
    const raw = c === 0x72 || c === 0x52;
    if (!isQuote(c)) s.pos++;
    value += yield* string(s, raw);
    const end = s.pos;
    while (!skipSpace(s)) yield;
    const d = s.pos < s.length ? s.charCodeAt(s.pos) : -1;
    if (!(isQuote(d) || (isStringPrefix(d) && (yield* quoteAfterPrefix(s))))) {
      s.pos = end;
      return value;
    }
  }
}

/** Whether a quote follows the string prefix letter at the position (`r'…'`), waiting for it if need be. */
function* quoteAfterPrefix(s: PySource): Step<boolean> {
  return (available(s, 2) ?? (yield* has(s, 2))) && isQuote(s.charCodeAt(s.pos + 1));
}

/** Reads a quoted string at the position (its prefix letter already passed); returns its value. */
function* string(s: PySource, raw: boolean): Step<string> {
  const q = s.charCodeAt(s.pos);
  // `''` at the end of the text may be an empty string or the start of `'''`.
  let triple = false;
  for (;;) {
    const avail = Math.min(s.length - s.pos, 3);
    let quotes = 0;
    while (quotes < avail && s.charCodeAt(s.pos + quotes) === q) quotes++;
    if (quotes < avail || avail === 3 || s.done) {
      triple = quotes === 3;
      break;
    }
    yield;
  }
  s.pos += triple ? 3 : 1;
  const parts: string[] = [];
  for (;;) {
    // The run of characters that stand for themselves.
    const from = s.pos;
    const n = s.length;
    let i = from;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === q || c === BACKSLASH || (c === NEWLINE && !triple)) break;
    }
    cursorWork.read += i - from;
    if (i > from) parts.push(s.slice(from, i));
    s.pos = i;
    if (i >= n) {
      if (s.done) throw new PyIncomplete(i);
      yield;
      continue;
    }
    const c = s.charCodeAt(i);
    if (c === NEWLINE) throw new PyInvalid(i, "a newline inside a one-line string");
    if (c === q) {
      if (!triple) {
        s.pos = i + 1;
        return parts.join("");
      }
      if ((available(s, 3) ?? (yield* has(s, 3))) && s.charCodeAt(i + 1) === q && s.charCodeAt(i + 2) === q) {
        s.pos = i + 3;
        return parts.join("");
      }
      // A quote that does not close the string is part of it.
      parts.push(s.slice(i, i + 1));
      s.pos = i + 1;
      continue;
    }
    if (!(available(s, 2) ?? (yield* has(s, 2)))) throw new PyIncomplete(i);
    if (raw) {
      // A raw string keeps the backslash and the character after it, even a quote.
      parts.push(s.slice(i, i + 2));
      s.pos = i + 2;
      continue;
    }
    const e = s.slice(i + 1, i + 2);
    s.pos = i + 2;
    parts.push(Object.hasOwn(SIMPLE_ESCAPES, e) ? SIMPLE_ESCAPES[e]! : yield* escape(s, e));
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", a: "\u0007", "\\": "\\", "'": "'", '"': '"', "/": "/", "\n": "" };

/** The value of the escape `\e` (not one of the simple ones), at the position just past `e`. */
function* escape(s: PySource, e: string): Step<string> {
  if (e === "x") return yield* hexEscape(s, 2);
  if (e === "u") return yield* hexEscape(s, 4);
  if (e === "U") return yield* hexEscape(s, 8);
  if (isOctal(e.charCodeAt(0))) {
    let digits = e;
    while (digits.length < 3 && (available(s, 1) ?? (yield* has(s, 1))) && isOctal(s.charCodeAt(s.pos))) digits += s.slice(s.pos, ++s.pos);
    return String.fromCharCode(parseInt(digits, 8));
  }
  return `\\${e}`;
}

/** `n` hex digits at the position, as the character they spell. */
function* hexEscape(s: PySource, n: number): Step<string> {
  const at = s.pos;
  for (;;) {
    const avail = Math.min(s.length - at, n);
    let hex = 0;
    while (hex < avail && isHex(s.charCodeAt(at + hex))) hex++;
    if (hex < avail) throw new PyInvalid(at, "a malformed escape");
    if (avail === n) break;
    if (s.done) throw new PyIncomplete(at);
    yield;
  }
  s.pos = at + n;
  const cp = parseInt(s.slice(at, at + n), 16);
  if (cp > 0x10ffff) throw new PyInvalid(s.pos, "an escape beyond Unicode");
  return String.fromCodePoint(cp);
}

export function isPySpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
