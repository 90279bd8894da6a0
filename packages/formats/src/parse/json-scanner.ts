/**
 * Incremental recognizer of one JSON value (RFC 8259): fed text in pieces, it says where the value
 * ends or where it stops being JSON. It never builds the value, so a call's arguments can be
 * streamed, and reported, as the exact bytes the model wrote.
 */

const enum Expect {
  Value,
  /** After `{`: a key or `}`. */
  KeyOrEnd,
  /** After `,` in an object. */
  Key,
  Colon,
  /** After a member or element: `,` or the closing bracket. */
  CommaOrEnd,
  /** After `[`: a value or `]`. */
  ValueOrEnd,
}

const enum Lex {
  None,
  String,
  /** After a backslash in a string. */
  Escape,
  /** Inside `\uXXXX`; `hexLeft` counts the digits still due. */
  Unicode,
  Literal,
  Number,
}

// Number sub-states: which part of `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` was read last.
const enum Num {
  Sign,
  Zero,
  Int,
  Dot,
  Frac,
  E,
  ESign,
  Exp,
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

export type ScanStatus = "more" | "done" | "error";

export class JsonScanner {
  status: ScanStatus = "more";
  /** Why the text stopped being JSON, when `status` is "error". */
  reason = "";
  private readonly stack: number[] = [];
  private expect = Expect.Value;
  private lex = Lex.None;
  private literal = "";
  private literalAt = 0;
  private num = Num.Sign;
  private hexLeft = 0;
  private started = false;
  /** The string being read is an object key. */
  private inKey = false;

  /**
   * Reads `text[from..to)` and returns the index where it stopped: just past the value's last
   * character ("done"), at the offending character ("error"), or `to` ("more"). Leading
   * whitespace is skipped; nothing after the value is consumed. With `final`, the input ends at
   * `to`, which completes a trailing top-level number.
   */
  scan(text: string, from: number, to: number, final = false): number {
    let i = from;
    while (i < to && this.status === "more") {
      const c = text.charCodeAt(i);
      switch (this.lex) {
        case Lex.String:
          if (c === 0x22) {
            this.lex = Lex.None;
            if (this.inKey) {
              this.inKey = false;
              this.expect = Expect.Colon;
            } else this.valueDone();
          } else if (c === 0x5c) this.lex = Lex.Escape;
          else if (c < 0x20) return this.fail(i, "a control character inside a string");
          i++;
          continue;
        case Lex.Escape:
          if (c === 0x75) {
            this.lex = Lex.Unicode;
            this.hexLeft = 4;
          } else if ('"\\/bfnrt'.includes(text[i]!)) this.lex = Lex.String;
          else return this.fail(i, "an invalid escape");
          i++;
          continue;
        case Lex.Unicode:
          if (!isHex(c)) return this.fail(i, "a \\u escape without four hex digits");
          if (--this.hexLeft === 0) this.lex = Lex.String;
          i++;
          continue;
        case Lex.Literal:
          if (c !== this.literal.charCodeAt(this.literalAt)) return this.fail(i, `a misspelled "${this.literal}"`);
          i++;
          if (++this.literalAt === this.literal.length) {
            this.lex = Lex.None;
            this.valueDone();
          }
          continue;
        case Lex.Number:
          if (this.numberStep(c)) {
            i++;
            continue;
          }
          if (!this.numberComplete()) return this.fail(i, "an incomplete number");
          this.lex = Lex.None;
          this.valueDone();
          continue;
        case Lex.None:
          break;
      }
      if (isWs(c)) {
        i++;
        continue;
      }
      i = this.structural(text, i, c);
    }
    if (final && this.status === "more" && this.lex === Lex.Number && this.numberComplete() && this.stack.length === 0) {
      this.lex = Lex.None;
      this.valueDone();
    }
    return i;
  }

  /** True once the first character of the value has been read. */
  get begun(): boolean {
    return this.started;
  }

  private structural(text: string, i: number, c: number): number {
    const ch = text[i]!;
    switch (this.expect) {
      case Expect.Colon:
        if (c !== 0x3a) return this.fail(i, 'a missing ":" after an object key');
        this.expect = Expect.Value;
        return i + 1;
      case Expect.CommaOrEnd: {
        const top = this.stack[this.stack.length - 1];
        if (c === 0x2c) {
          this.expect = top === 0x7b ? Expect.Key : Expect.Value;
          return i + 1;
        }
        if ((c === 0x7d && top === 0x7b) || (c === 0x5d && top === 0x5b)) {
          this.stack.pop();
          this.valueDone();
          return i + 1;
        }
        return this.fail(i, `"${ch}" where "," or a closing bracket belongs`);
      }
      case Expect.KeyOrEnd:
      case Expect.Key:
        if (c === 0x22) {
          this.lex = Lex.String;
          this.inKey = true;
          return i + 1;
        }
        if (c === 0x7d && this.expect === Expect.KeyOrEnd) {
          this.stack.pop();
          this.valueDone();
          return i + 1;
        }
        return this.fail(i, `"${ch}" where an object key belongs`);
      case Expect.ValueOrEnd:
        if (c === 0x5d) {
          this.stack.pop();
          this.valueDone();
          return i + 1;
        }
        return this.value(i, c, ch);
      case Expect.Value:
        return this.value(i, c, ch);
    }
  }

  private value(i: number, c: number, ch: string): number {
    this.started = true;
    if (c === 0x7b || c === 0x5b) {
      this.stack.push(c);
      this.expect = c === 0x7b ? Expect.KeyOrEnd : Expect.ValueOrEnd;
      return i + 1;
    }
    if (c === 0x22) {
      this.lex = Lex.String;
      return i + 1;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.lex = Lex.Literal;
      this.literal = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
      this.literalAt = 1;
      return i + 1;
    }
    if (c === 0x2d || isDigit(c)) {
      this.lex = Lex.Number;
      this.num = c === 0x2d ? Num.Sign : c === 0x30 ? Num.Zero : Num.Int;
      return i + 1;
    }
    return this.fail(i, `"${ch}" where a JSON value belongs`);
  }

  private valueDone(): void {
    if (this.stack.length === 0) this.status = "done";
    else this.expect = Expect.CommaOrEnd;
  }

  /** Advances the number automaton by `c`; false when `c` cannot continue the number. */
  private numberStep(c: number): boolean {
    const digit = isDigit(c);
    switch (this.num) {
      case Num.Sign:
        if (!digit) return false;
        this.num = c === 0x30 ? Num.Zero : Num.Int;
        return true;
      case Num.Zero:
      case Num.Int:
        if (digit && this.num === Num.Int) return true;
        if (c === 0x2e) this.num = Num.Dot;
        else if (c === 0x65 || c === 0x45) this.num = Num.E;
        else return false;
        return true;
      case Num.Dot:
        if (!digit) return false;
        this.num = Num.Frac;
        return true;
      case Num.Frac:
        if (digit) return true;
        if (c !== 0x65 && c !== 0x45) return false;
        this.num = Num.E;
        return true;
      case Num.E:
        if (c === 0x2b || c === 0x2d) this.num = Num.ESign;
        else if (digit) this.num = Num.Exp;
        else return false;
        return true;
      case Num.ESign:
        if (!digit) return false;
        this.num = Num.Exp;
        return true;
      case Num.Exp:
        return digit;
    }
  }

  private numberComplete(): boolean {
    return this.num === Num.Zero || this.num === Num.Int || this.num === Num.Frac || this.num === Num.Exp;
  }

  private fail(i: number, reason: string): number {
    this.status = "error";
    this.reason = reason;
    return i;
  }
}
