import moo from "moo";
import { type CodepointRange, complementRanges, normalizeRanges } from "./codepoint-set.js";
import { GrammarSyntaxError, positionOf } from "./errors.js";
import { isSurrogate, MAX_CODEPOINT } from "./utf8.js";

/** A lexer token after decoding: literals carry their text, classes their ranges. */
export interface LexToken extends moo.Token {
  decoded?: DecodedValue;
}

export type DecodedValue =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "class"; readonly ranges: CodepointRange[]; readonly negated: boolean }
  | { readonly kind: "range"; readonly min: number; readonly max: number }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "tokenId"; readonly id: number };

/** How escapes read inside one kind of quoted text. */
export interface EscapeSyntax {
  /** Single-character escapes and the code point each stands for. */
  readonly simple: ReadonlyMap<string, number>;
  /** Whether `\x{...}` / `\u{...}` brace forms are allowed (Rust regex). */
  readonly braces: boolean;
  /** Whether `\d \w \s` and their negations are allowed (classes only). */
  readonly classShorthands: boolean;
}

/**
 * A moo lexer that skips whitespace and comments, decodes escapes, and turns malformed tokens
 * into {@link GrammarSyntaxError}s with the exact position.
 */
export abstract class DecodingLexer {
  private readonly lexer: moo.Lexer;
  private source = "";

  constructor(
    private readonly rules: moo.Rules,
    private readonly skipped: ReadonlySet<string>,
  ) {
    this.lexer = moo.compile(rules);
  }

  /** Token types this lexer produces (nearley asks when it loads a grammar). */
  has(type: string): boolean {
    return type in this.rules;
  }

  /**
   * The lexer object a nearleyc-generated module needs when it loads (it asks `has` for each
   * token type); parsing itself feeds pre-lexed tokens through another object.
   */
  nearleyStub(): { reset(): void; next(): undefined; save(): undefined; formatError(): string; has(type: string): boolean } {
    return { reset: () => undefined, next: () => undefined, save: () => undefined, formatError: () => "", has: (type) => this.has(type) };
  }

  /** All tokens of `source`, decoded. */
  tokenize(source: string): LexToken[] {
    this.source = source;
    this.lexer.reset(source);
    const out: LexToken[] = [];
    for (let tok = this.next(); tok; tok = this.next()) out.push(tok);
    return out;
  }

  private next(): LexToken | undefined {
    for (;;) {
      const tok = this.lexer.next() as LexToken | undefined;
      if (!tok) return undefined;
      if (this.skipped.has(tok.type!)) continue;
      this.decode(tok);
      return tok;
    }
  }

  fail(reason: string, offset: number): never {
    throw new GrammarSyntaxError(reason, this.source, positionOf(this.source, offset));
  }

  protected abstract decode(tok: LexToken): void;

  /** Decodes quoted text; `base` is the source offset of its first character. */
  protected decodeText(body: string, base: number, syntax: EscapeSyntax): string {
    let out = "";
    for (let i = 0; i < body.length; ) {
      const { cp, next } = this.readChar(body, i, base, syntax);
      out += String.fromCodePoint(cp);
      i = next;
    }
    return out;
  }

  /** Decodes a bracket expression `[...]` whose `[` is at `start` in `text`. */
  protected decodeClass(text: string, start: number, end: number, base: number, syntax: EscapeSyntax): { ranges: CodepointRange[]; negated: boolean } {
    let i = start + 1;
    let negated = false;
    if (text[i] === "^") {
      negated = true;
      i++;
    }
    const ranges: CodepointRange[] = [];
    while (i < end) {
      if (syntax.classShorthands && text[i] === "\\" && "dDwWsS".includes(text[i + 1] ?? "")) {
        ranges.push(...classShorthand(text[i + 1]!));
        i += 2;
        continue;
      }
      const first = i;
      const lo = this.readChar(text, i, base, syntax);
      i = lo.next;
      if (text[i] === "-" && i + 1 < end) {
        const hi = this.readChar(text, i + 1, base, syntax);
        if (hi.cp < lo.cp) this.fail(`character class range ${text.slice(first, hi.next)} is reversed`, base + first);
        ranges.push([lo.cp, hi.cp]);
        i = hi.next;
      } else {
        ranges.push([lo.cp, lo.cp]);
      }
    }
    return { ranges: normalizeRanges(ranges), negated };
  }

  /**
   * Reads one character or escape at `i`. Raw characters are taken by code point, so a
   * character outside the BMP is one class member, not two surrogates.
   */
  protected readChar(text: string, i: number, base: number, syntax: EscapeSyntax): { cp: number; next: number } {
    if (text[i] !== "\\") {
      const cp = text.codePointAt(i)!;
      if (isSurrogate(cp)) this.fail(`lone surrogate U+${hex(cp)} is not valid UTF-8`, base + i);
      return { cp, next: i + (cp > 0xffff ? 2 : 1) };
    }
    const e = text[i + 1];
    if (e === undefined) this.fail("dangling backslash", base + i);
    const mapped = syntax.simple.get(e);
    if (mapped !== undefined) return { cp: mapped, next: i + 2 };
    const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (width === 0) this.fail(`unknown escape \\${e}`, base + i);
    let digits: string;
    let next: number;
    if (syntax.braces && text[i + 2] === "{") {
      const close = text.indexOf("}", i + 3);
      if (close < 0) this.fail(`unterminated \\${e}{...} escape`, base + i);
      digits = text.slice(i + 3, close);
      next = close + 1;
    } else {
      digits = text.slice(i + 2, i + 2 + width);
      next = i + 2 + width;
      if (digits.length !== width) this.fail(`escape \\${e} needs ${width} hex digits`, base + i);
    }
    if (!/^[0-9A-Fa-f]{1,8}$/.test(digits)) this.fail(`escape \\${e} needs hex digits`, base + i);
    const cp = parseInt(digits, 16);
    if (cp > MAX_CODEPOINT) this.fail(`escape \\${e}${digits} is beyond U+10FFFF`, base + i);
    if (isSurrogate(cp)) this.fail(`escape \\${e}${digits} is a surrogate code point, which is not valid UTF-8`, base + i);
    return { cp, next };
  }

  /** Reads `{m}`, `{m,}`, `{m,n}` (and `{,n}` when allowed) from a range token. */
  protected decodeRange(tok: LexToken, allowOpenLower: boolean): DecodedValue {
    const m = /^\{[ \t]*([0-9]*)[ \t]*(,[ \t]*([0-9]*)[ \t]*)?\}$/.exec(tok.text);
    if (!m || (m[1] === "" && (!allowOpenLower || m[2] === undefined))) {
      this.fail(`malformed repetition range ${JSON.stringify(tok.text)}; expected {m}, {m,} or {m,n}`, tok.offset);
    }
    const min = m[1] === "" ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    if (!Number.isSafeInteger(min) || (max !== Infinity && !Number.isSafeInteger(max))) {
      this.fail(`repetition bound in ${tok.text} is too large`, tok.offset);
    }
    if (max < min) this.fail(`repetition ${tok.text} has its upper bound below its lower bound`, tok.offset);
    return { kind: "range", min, max };
  }
}

export const C_ESCAPES: ReadonlyMap<string, number> = new Map([
  ["n", 10],
  ["t", 9],
  ["r", 13],
  ["\\", 92],
  ['"', 34],
  ["'", 39],
  ["?", 63],
  ["a", 7],
  ["b", 8],
  ["f", 12],
  ["v", 11],
  ["0", 0],
  ["/", 47],
]);

const DIGITS: CodepointRange[] = [[0x30, 0x39]];
const WORD: CodepointRange[] = normalizeRanges([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const SPACE: CodepointRange[] = normalizeRanges([[0x09, 0x0d], [0x20, 0x20]]);

/** ASCII meanings of `\d \w \s`, as XGrammar and GBNF users expect; upper case negates. */
function classShorthand(e: string): CodepointRange[] {
  const base = e.toLowerCase() === "d" ? DIGITS : e.toLowerCase() === "w" ? WORD : SPACE;
  return e === e.toLowerCase() ? base : complementRanges(base);
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, "0");
}
