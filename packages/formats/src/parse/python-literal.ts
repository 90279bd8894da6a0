/**
 * Python literals as models write tool arguments in pythonic formats: strings (either quote,
 * triple quotes, r/u/b prefixes, Python escapes), numbers, True/False/None (and JSON's
 * true/false/null, which models mix in), lists, tuples and dicts. Read straight into JSON text, so
 * numbers keep their digits (no rounding through floating point).
 */

export type PyRead =
  | { readonly ok: true; readonly json: string; readonly end: number }
  /** The text stops before the literal does. */
  | { readonly ok: false; readonly incomplete: true; readonly at: number }
  | { readonly ok: false; readonly incomplete: false; readonly at: number; readonly reason: string };

class Incomplete {
  constructor(readonly at: number) {}
}
class Invalid {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

const KEYWORDS: Readonly<Record<string, string>> = { True: "true", False: "false", None: "null", true: "true", false: "false", null: "null" };
const NUMBER = /^([-+]?)(?:(\d[\d_]*)(?:\.([\d_]*))?|\.(\d[\d_]*))(?:([eE])([-+]?\d+))?/;

/** The whole of `text` as a Python literal, as JSON text; undefined when it is not one. */
export function pythonLiteralJson(text: string): string | undefined {
  const r = readPython(text, 0, true);
  if (!r.ok) return undefined;
  let end = r.end;
  while (end < text.length && isPySpace(text.charCodeAt(end))) end++;
  return end === text.length ? r.json : undefined;
}

/**
 * Reads one literal from `text` at `from` (after spaces). A literal cut off by the end of `text` is
 * incomplete; with `final` false, so is one that could still go on (a number, a word).
 */
export function readPython(text: string, from: number, final: boolean): PyRead {
  const p = new Reader(text, final);
  try {
    p.i = from;
    p.space();
    const json = p.value();
    return { ok: true, json, end: p.i };
  } catch (e) {
    if (e instanceof Incomplete) return { ok: false, incomplete: true, at: e.at };
    if (e instanceof Invalid) return { ok: false, incomplete: false, at: e.at, reason: e.reason };
    throw e;
  }
}

class Reader {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly final: boolean,
  ) {}

  private end(): never {
    throw new Incomplete(this.i);
  }

  space(): void {
    while (this.i < this.s.length && isPySpace(this.s.charCodeAt(this.i))) this.i++;
  }

  value(): string {
    if (this.i >= this.s.length) this.end();
    const ch = this.s[this.i]!;
    if (ch === "[") return this.sequence("]");
    if (ch === "(") return this.sequence(")");
    if (ch === "{") return this.dict();
    if (ch === "'" || ch === '"') return JSON.stringify(this.string());
    if (/[rRuUbB]/.test(ch) && (this.s[this.i + 1] === "'" || this.s[this.i + 1] === '"')) {
      const raw = ch === "r" || ch === "R";
      this.i++;
      return JSON.stringify(this.string(raw));
    }
    if (/[-+.\d]/.test(ch)) return this.number();
    if (/[A-Za-z_]/.test(ch)) return this.keyword();
    throw new Invalid(this.i, `"${ch}" cannot start a literal`);
  }

  private keyword(): string {
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z0-9_]/.test(this.s[this.i]!)) this.i++;
    // A word at the end of the text may go on; it is judged once it is whole.
    if (this.i >= this.s.length && !this.final) throw new Incomplete(start);
    const word = this.s.slice(start, this.i);
    if (word in KEYWORDS) return KEYWORDS[word]!;
    if (this.i >= this.s.length && Object.keys(KEYWORDS).some((k) => k.startsWith(word))) throw new Incomplete(start);
    throw new Invalid(start, `"${word}" is not a literal`);
  }

  private number(): string {
    const start = this.i;
    const m = NUMBER.exec(this.s.slice(start));
    if (!m) {
      if (/^[-+]?\.?$/.test(this.s.slice(start))) this.end();
      throw new Invalid(start, "a malformed number");
    }
    this.i = start + m[0].length;
    const rest = this.s.slice(this.i);
    // Without the whole text, a number at the end of it may still grow.
    if (!this.final && (rest === "" || /^[eE][-+]?$/.test(rest))) throw new Incomplete(start);
    const [, sign, int, frac, leadingFrac, e, exp] = m;
    const digits = (d: string | undefined): string => (d ?? "").replace(/_/g, "");
    const whole = digits(int).replace(/^0+(?=\d)/, "") || "0";
    const fraction = leadingFrac !== undefined ? digits(leadingFrac) : digits(frac);
    return `${sign === "-" ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}${e ? `e${exp}` : ""}`;
  }

  private string(raw = false): string {
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    if (!triple && this.i + 2 >= this.s.length && !this.final && this.s.slice(this.i) === q.repeat(this.s.length - this.i)) {
      // `''` at the end of the text may be an empty string or the start of `'''`.
      throw new Incomplete(this.i);
    }
    const delim = triple ? q.repeat(3) : q;
    this.i += delim.length;
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) this.end();
      if (this.s.startsWith(delim, this.i)) {
        this.i += delim.length;
        return out;
      }
      const ch = this.s[this.i]!;
      if (ch === "\n" && !triple) throw new Invalid(this.i, "a newline inside a one-line string");
      if (ch !== "\\") {
        out += ch;
        this.i++;
        continue;
      }
      if (this.i + 1 >= this.s.length) this.end();
      const e = this.s[this.i + 1]!;
      if (raw) {
        out += ch + e;
        this.i += 2;
        continue;
      }
      this.i += 2;
      out += this.escape(e);
    }
  }

  private escape(e: string): string {
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", a: "\u0007", "\\": "\\", "'": "'", '"': '"', "/": "/", "\n": "" };
    if (e in simple) return simple[e]!;
    const hex = (n: number): string => {
      const digits = this.s.slice(this.i, this.i + n);
      if (digits.length < n && this.i + digits.length >= this.s.length && /^[0-9a-fA-F]*$/.test(digits)) throw new Incomplete(this.i);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new Invalid(this.i, "a malformed escape");
      this.i += n;
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw new Invalid(this.i, "an escape beyond Unicode");
      return String.fromCodePoint(cp);
    };
    if (e === "x") return hex(2);
    if (e === "u") return hex(4);
    if (e === "U") return hex(8);
    if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(this.s[this.i] ?? "")) digits += this.s[this.i++];
      return String.fromCharCode(parseInt(digits, 8));
    }
    return `\\${e}`;
  }

  private sequence(close: string): string {
    this.i++;
    const out: string[] = [];
    for (;;) {
      this.space();
      if (this.i >= this.s.length) this.end();
      if (this.s[this.i] === close) {
        this.i++;
        return `[${out.join(",")}]`;
      }
      out.push(this.value());
      this.space();
      if (this.i >= this.s.length) this.end();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== close) throw new Invalid(this.i, `"," or "${close}" expected`);
    }
  }

  private dict(): string {
    this.i++;
    const out: string[] = [];
    for (;;) {
      this.space();
      if (this.i >= this.s.length) this.end();
      if (this.s[this.i] === "}") {
        this.i++;
        return `{${out.join(",")}}`;
      }
      const at = this.i;
      const key = this.value();
      if (key.startsWith("[") || key.startsWith("{")) throw new Invalid(at, "a dict key must be a string, number or constant");
      this.space();
      if (this.i >= this.s.length) this.end();
      if (this.s[this.i] !== ":") throw new Invalid(this.i, '":" expected');
      this.i++;
      this.space();
      const value = this.value();
      out.push(`${key.startsWith('"') ? key : JSON.stringify(key)}:${value}`);
      this.space();
      if (this.i >= this.s.length) this.end();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") throw new Invalid(this.i, '"," or "}" expected');
    }
  }
}

export function isPySpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** A JSON value as a Python literal: strings double-quoted (JSON escapes are Python escapes too), True/False/None. */
export function pythonLiteral(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "None";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${JSON.stringify(k)}: ${pythonLiteral(x)}`)
    .join(", ")}}`;
}
