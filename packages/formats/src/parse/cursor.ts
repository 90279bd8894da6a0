import type { Tool } from "../tools.js";
import type { ParseIssueCode, ReasoningMode, ToolCallStreamEvent } from "../types.js";
import type { CallBuilder, Emitter } from "./emitter.js";
import { JsonScanner } from "./json-scanner.js";
import { isSpace } from "../space.js";

/**
 * A format parser is a generator over the model text that yields whenever it needs text that has
 * not arrived yet. It only ever decides on text it has seen (waiting for more when a decision
 * needs lookahead), so feeding the text in any chunks gives the same events as feeding it whole:
 * streaming and non-streaming parsing are one code path.
 */
export type Step<T = void> = Generator<void, T, void>;

/** Thrown inside a parser when a call cannot be completed; the call is withdrawn. */
export class CallFailure {
  constructor(
    readonly code: ParseIssueCode,
    readonly message: string,
  ) {}
}

const truncated = (): CallFailure => new CallFailure("truncated_call", "the output ends inside a tool call");

/** The text seen so far and the parser's position in it. */
export class Cursor {
  text = "";
  pos = 0;
  /** True once the whole output has been seen. */
  done = false;

  constructor(
    readonly out: Emitter,
    /** Declared tools by name; undefined when the caller gave none (any name is accepted). */
    readonly tools: ReadonlyMap<string, Tool> | undefined,
    readonly reasoning: ReasoningMode,
  ) {}

  /** Waits until `n` characters follow the position or the output ends; says whether they do. */
  *has(n: number): Step<boolean> {
    while (this.text.length - this.pos < n) {
      if (this.done) return false;
      yield;
    }
    return true;
  }

  /** The next character, or null at the end of the output. */
  *peek(): Step<string | null> {
    return (yield* this.has(1)) ? this.text[this.pos]! : null;
  }

  /** Whether the text at the position starts with `s`; waits only as long as it could. */
  *at(s: string): Step<boolean> {
    for (;;) {
      const avail = Math.min(this.text.length - this.pos, s.length);
      for (let k = 0; k < avail; k++) if (this.text.charCodeAt(this.pos + k) !== s.charCodeAt(k)) return false;
      if (avail === s.length) return true;
      if (this.done) return false;
      yield;
    }
  }

  /** Consumes `s` or fails the call (truncated when the output stops partway through `s`). */
  *expect(s: string, what = JSON.stringify(s)): Step<void> {
    if (yield* this.at(s)) {
      this.pos += s.length;
      return;
    }
    const rest = this.text.slice(this.pos);
    if (this.done && s.startsWith(rest)) throw truncated();
    throw new CallFailure("malformed_call", `expected ${what} at offset ${this.pos}`);
  }

  /** Consumes `s` if it comes next. */
  *accept(s: string): Step<boolean> {
    if (!(yield* this.at(s))) return false;
    this.pos += s.length;
    return true;
  }

  /** Skips whitespace (any Unicode space). */
  *skipSpace(): Step<void> {
    for (;;) {
      while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
      if (this.pos < this.text.length || this.done) return;
      yield;
    }
  }

  /** Skips whitespace and returns it. */
  *space(): Step<string> {
    const start = this.pos;
    yield* this.skipSpace();
    return this.text.slice(start, this.pos);
  }

  /**
   * Moves to the first occurrence of any of `markers`, passing the text before it to `sink` as it
   * becomes certain that it is not the start of a marker, consumes the marker and returns it.
   * At the end of the output the rest goes to the sink and the result is null.
   */
  *until(markers: readonly string[], sink: ((text: string) => void) | null): Step<string | null> {
    for (;;) {
      const t = this.text;
      let best = -1;
      let found = "";
      for (const m of markers) {
        const i = t.indexOf(m, this.pos);
        if (i >= 0 && (best < 0 || i < best || (i === best && m.length > found.length))) {
          best = i;
          found = m;
        }
      }
      let safe: number;
      if (best >= 0) {
        // A longer marker that starts with the one found may still be arriving.
        const longer = !this.done && markers.some((m) => m.length > found.length && m.startsWith(found) && t.length - best < m.length && m.startsWith(t.slice(best)));
        if (!longer) {
          if (best > this.pos) sink?.(t.slice(this.pos, best));
          this.pos = best + found.length;
          return found;
        }
        safe = best;
      } else {
        safe = this.done ? t.length : partialMarkerStart(t, this.pos, markers);
      }
      if (safe > this.pos) {
        sink?.(t.slice(this.pos, safe));
        this.pos = safe;
      }
      if (this.done && best < 0) return null;
      yield;
    }
  }

  /**
   * Reads one JSON value (after optional whitespace), passing its characters to `sink` as they
   * arrive. Returns the value's start offset. Fails the call when the text is not JSON.
   */
  *jsonValue(sink: ((text: string) => void) | null): Step<number> {
    yield* this.skipSpace();
    const scanner = new JsonScanner();
    const start = this.pos;
    for (;;) {
      const end = scanner.scan(this.text, this.pos, this.text.length, this.done);
      if (end > this.pos) {
        sink?.(this.text.slice(this.pos, end));
        this.pos = end;
      }
      if (scanner.status === "done") return start;
      if (scanner.status === "error") throw new CallFailure("malformed_call", `invalid JSON at offset ${this.pos}: ${scanner.reason}`);
      if (this.done) throw truncated();
      yield;
    }
  }

  /** Reads a JSON string literal (after optional whitespace) and returns its value. */
  *jsonString(what: string): Step<string> {
    yield* this.skipSpace();
    if ((yield* this.peek()) !== '"') {
      if (this.done && this.pos >= this.text.length) throw truncated();
      throw new CallFailure("malformed_call", `expected ${what} as a JSON string at offset ${this.pos}`);
    }
    const start = yield* this.jsonValue(null);
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  /** Reads characters while `accept` says so (at least one). */
  *word(accept: (c: number) => boolean, what: string): Step<string> {
    const start = this.pos;
    for (;;) {
      while (this.pos < this.text.length && accept(this.text.charCodeAt(this.pos))) this.pos++;
      if (this.pos < this.text.length || this.done) break;
      yield;
    }
    if (this.pos === start) {
      if (this.done && this.pos >= this.text.length) throw truncated();
      throw new CallFailure("malformed_call", `expected ${what} at offset ${this.pos}`);
    }
    return this.text.slice(start, this.pos);
  }

  /** Consumes the rest of the output, passing it to `sink`. */
  *rest(sink: ((text: string) => void) | null): Step<void> {
    for (;;) {
      if (this.pos < this.text.length) {
        sink?.(this.text.slice(this.pos));
        this.pos = this.text.length;
      }
      if (this.done) return;
      yield;
    }
  }

  /** Fails the call unless `name` may be called. */
  checkName(call: CallBuilder, name: string): void {
    if (!call.known(name)) throw new CallFailure("unknown_tool", `"${name}" is not among the declared tools`);
  }

  /** The declared tool `name`, if tools were given. */
  tool(name: string): Tool | undefined {
    return this.tools?.get(name);
  }
}

/**
 * Runs `body` as one call that starts at `call.start`. On failure the call is withdrawn: its text,
 * through the first of `recoverAt` (or the end of the output), becomes content; with
 * `stopBefore`, up to that marker, which is left to open what follows. Returns whether the call
 * completed.
 */
export function* attempt(c: Cursor, call: CallBuilder, body: Step<void>, recoverAt: readonly string[] | null, stopBefore = false): Step<boolean> {
  try {
    yield* body;
    call.finish();
    return true;
  } catch (e) {
    if (!(e instanceof CallFailure)) throw e;
    if (e.code !== "truncated_call") {
      if (recoverAt && recoverAt.length > 0) {
        const found = yield* c.until(recoverAt, null);
        if (found !== null && stopBefore) c.pos -= found.length;
      } else yield* c.rest(null);
    } else {
      c.pos = c.text.length;
    }
    call.fail(e.code, e.message, c.text.slice(call.start, c.pos));
    return false;
  }
}

/**
 * Handles a reasoning block at the start of the output: with mode "started" the output begins
 * inside it; with `true` it is read when the output opens it; with "detect" also when a closing
 * marker comes with no opening one (the prompt opened the block), which is only known once the
 * closing marker or the end of the output arrives. Calls inside the block are not calls.
 */
export function* reasoningBlock(c: Cursor, open: string, close: string): Step<void> {
  if (c.reasoning === false) return;
  if (c.reasoning !== "started") {
    yield* c.skipSpace();
    const start = c.pos;
    if (!(yield* c.accept(open))) {
      if (c.reasoning !== "detect") return;
      // Nothing has been emitted yet, so without a closing marker the parser starts over here.
      const closed = yield* c.until([close], null);
      if (closed !== null) c.out.thought(c.text.slice(start, c.pos - close.length));
      else c.pos = start;
      return;
    }
  }
  yield* c.until([close], (t) => c.out.thought(t));
}

/** Drives a format parser over text pushed in pieces. */
export class ParseRun {
  private readonly gen: Step<void>;
  private finished = false;

  constructor(
    private readonly cursor: Cursor,
    parse: (c: Cursor) => Step<void>,
  ) {
    this.gen = parse(cursor);
  }

  push(delta: string): ToolCallStreamEvent[] {
    if (this.cursor.done) return [];
    this.cursor.text += delta;
    this.resume();
    return this.cursor.out.drain();
  }

  end(): ToolCallStreamEvent[] {
    if (!this.cursor.done) {
      this.cursor.done = true;
      this.resume();
    }
    return this.cursor.out.drain();
  }

  private resume(): void {
    if (this.finished) {
      this.finish();
      return;
    }
    try {
      const r = this.gen.next();
      if (r.done) this.finish();
    } catch (e) {
      // A parser bug must not take the caller down: what is left of the text becomes content.
      this.finished = true;
      const c = this.cursor;
      const rest = c.text.slice(c.pos);
      c.pos = c.text.length;
      c.out.events.push({
        type: "tool_call_error",
        index: null,
        issue: { code: "malformed_call", message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`, offset: c.pos, text: rest },
      });
      c.out.text(rest);
    }
  }

  private finish(): void {
    this.finished = true;
    // A parser that stops early leaves the remaining text as content.
    const c = this.cursor;
    if (c.pos < c.text.length) {
      c.out.text(c.text.slice(c.pos));
      c.pos = c.text.length;
    }
  }
}

/** The first index from which the rest of `t` is a proper prefix of a marker (or `t.length`). */
function partialMarkerStart(t: string, from: number, markers: readonly string[]): number {
  let longest = 0;
  for (const m of markers) longest = Math.max(longest, m.length);
  for (let i = Math.max(from, t.length - longest + 1); i < t.length; i++) {
    const tail = t.length - i;
    for (const m of markers) {
      if (m.length > tail && m.startsWith(t.slice(i))) return i;
    }
  }
  return t.length;
}
