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

/**
 * Work counters, for tests that check parsing stays linear in the text: `searched` counts the
 * characters marker searches look at, `copied` the characters the cursor copies into new strings
 * (its scanning window, slices spanning several pushed pieces, the whole text on request), `read`
 * the characters value readers step over (the Python literal reader, which resumes where it
 * stopped rather than reading a literal again from its start on every push).
 * @internal
 */
export const cursorWork = { searched: 0, copied: 0, read: 0 };

/** Small pushed pieces are joined into one string per this many. */
const GROUP = 64;
/** A piece at least this long is kept as it is, never joined with others. */
const LARGE = 256;
/** Characters the scanning window keeps before the position, for parsers that step back a little. */
const SLACK = 64;
/** The window drops its head only once at least this much of it is behind the slack. */
const MIN_TRIM = 64;

/**
 * The text seen so far and the parser's position in it.
 *
 * The text arrives in pieces. It is kept as those pieces (small ones joined in groups), and
 * scanned through a window: one flat string from a little before the position to the end, which
 * drops what the parser has passed. So a push costs about the text the parser still has to decide
 * on, not the whole text seen so far, and strings handed out (`slice`, and the text passed to
 * sinks) are cut from the pieces, so they hold no copy of the whole text. Read the text through
 * `length`, `charCodeAt`, `slice` and `startsWith`: `text` is the whole text as one string,
 * which costs a copy of it after each push.
 */
export class Cursor {
  pos = 0;
  /** True once the whole output has been seen. */
  done = false;

  private len = 0;
  private readonly pieces: string[] = [];
  /** Offset of each piece in the text. */
  private readonly starts: number[] = [];
  /** Index of the first piece not yet joined with its neighbours. */
  private group = 0;
  /** The text from `winStart` to the end. */
  private win = "";
  private winStart = 0;
  private whole: string | undefined = "";
  /**
   * Per marker, its last search: the first occurrence at or after `from` is at `at`, or with
   * `at` -1 there was none in the `len` characters seen then. The text only grows, so a result
   * stays true; searches resume from it instead of scanning the same text again.
   */
  private readonly found = new Map<string, { from: number; at: number; len: number }>();

  constructor(
    readonly out: Emitter,
    /** Declared tools by name; undefined when the caller gave none (any name is accepted). */
    readonly tools: ReadonlyMap<string, Tool> | undefined,
    readonly reasoning: ReasoningMode,
  ) {}

  /** The whole text seen so far, as one string (a copy after each push: prefer the methods below). */
  get text(): string {
    if (this.whole === undefined) {
      this.whole = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join("");
      cursorWork.copied += this.len;
    }
    return this.whole;
  }

  /** The number of characters seen so far. */
  get length(): number {
    return this.len;
  }

  /** The UTF-16 code unit at offset `i` of the text (NaN outside it). */
  charCodeAt(i: number): number {
    if (!(i >= 0 && i < this.len)) return NaN;
    if (i >= this.winStart) return this.win.charCodeAt(i - this.winStart);
    const k = this.pieceAt(i);
    return this.pieces[k]!.charCodeAt(i - this.starts[k]!);
  }

  /** The text from `start` to `end` (default: the end), offsets as `String.prototype.slice` takes them. */
  slice(start: number, end = this.len): string {
    const a = clampOffset(start, this.len);
    const b = clampOffset(end, this.len);
    if (b <= a) return "";
    let k = this.pieceAt(a);
    const first = this.pieces[k]!;
    const at = this.starts[k]!;
    if (b <= at + first.length) return first.slice(a - at, b - at);
    const parts = [first.slice(a - at)];
    for (k++; this.starts[k]! + this.pieces[k]!.length < b; k++) parts.push(this.pieces[k]!);
    parts.push(this.pieces[k]!.slice(0, b - this.starts[k]!));
    cursorWork.copied += b - a;
    return parts.join("");
  }

  /** Whether `s` occurs in the text at offset `at`, as `String.prototype.startsWith` says. */
  startsWith(s: string, at = 0): boolean {
    const i = Math.min(Math.max(Math.trunc(at) || 0, 0), this.len);
    if (this.len - i < s.length) return false;
    // Before the window: compare a slice rather than widen the window back to `i`.
    return i < this.winStart ? this.slice(i, i + s.length) === s : this.matches(i, s, s.length);
  }

  /** Adds text that arrived. @internal */
  append(delta: string): void {
    if (delta === "") return;
    const pieces = this.pieces;
    if (delta.length >= LARGE) {
      this.join();
      this.group++;
    } else if (pieces.length - this.group >= GROUP) {
      this.join();
    }
    pieces.push(delta);
    this.starts.push(this.len);
    this.len += delta.length;
    this.whole = undefined;
    // The window drops what lies well behind the position, once that is at least half of it, so
    // keeping it flat costs about the text still ahead of the parser.
    const keep = Math.min(this.pos, this.len) - SLACK;
    const drop = keep - this.winStart;
    if (drop >= MIN_TRIM && 2 * drop >= this.win.length) {
      this.win = this.win.slice(drop);
      this.winStart = keep;
    }
    this.win += delta;
    cursorWork.copied += this.win.length;
  }

  /** Joins the pieces after the last joined one into one. */
  private join(): void {
    const from = this.group;
    if (this.pieces.length - from > 1) {
      const joined = this.pieces.slice(from).join("");
      cursorWork.copied += joined.length;
      this.pieces.length = from;
      this.starts.length = from + 1;
      this.pieces.push(joined);
    }
    this.group = this.pieces.length;
  }

  /** Index of the piece holding offset `i` (0 <= i < length). */
  private pieceAt(i: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    if (i >= starts[hi]!) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Extends the window back to offset `i`: the parser stepped back before it, and scans from there. */
  private widen(i: number): void {
    this.win = this.slice(i, this.len);
    this.winStart = i;
    cursorWork.copied += this.win.length;
  }

  /** The window, made to cover offset `i` (at most the end of the text). */
  private window(i: number): string {
    if (i < this.winStart) this.widen(i);
    return this.win;
  }

  /** Waits until `n` characters follow the position or the output ends; says whether they do. */
  *has(n: number): Step<boolean> {
    while (this.len - this.pos < n) {
      if (this.done) return false;
      yield;
    }
    return true;
  }

  /** The next character, or null at the end of the output. */
  *peek(): Step<string | null> {
    return (yield* this.has(1)) ? this.window(this.pos)[this.pos - this.winStart]! : null;
  }

  /** Whether the text at the position starts with `s`; waits only as long as it could. */
  *at(s: string): Step<boolean> {
    for (;;) {
      const avail = Math.min(this.len - this.pos, s.length);
      if (!this.matches(this.pos, s, avail)) return false;
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
    if (this.done && this.len - this.pos <= s.length && s.startsWith(this.slice(this.pos))) throw truncated();
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
      const w = this.window(this.pos);
      while (this.pos < this.len && isSpace(w.charCodeAt(this.pos - this.winStart))) this.pos++;
      if (this.pos < this.len || this.done) return;
      yield;
    }
  }

  /** Skips whitespace and returns it. */
  *space(): Step<string> {
    const start = this.pos;
    yield* this.skipSpace();
    return this.slice(start, this.pos);
  }

  /**
   * Moves to the first occurrence of any of `markers`, passing the text before it to `sink` as it
   * becomes certain that it is not the start of a marker, consumes the marker and returns it.
   * At the end of the output the rest goes to the sink and the result is null.
   */
  *until(markers: readonly string[], sink: ((text: string) => void) | null): Step<string | null> {
    for (;;) {
      const len = this.len;
      let best = -1;
      let found = "";
      for (const m of markers) {
        const i = this.next(m, this.pos);
        if (i >= 0 && (best < 0 || i < best || (i === best && m.length > found.length))) {
          best = i;
          found = m;
        }
      }
      let safe: number;
      if (best >= 0) {
        // A longer marker that starts with the one found may still be arriving.
        const longer = !this.done && markers.some((m) => m.length > found.length && m.startsWith(found) && len - best < m.length && this.endIsPrefixOf(m, best));
        if (!longer) {
          if (best > this.pos) sink?.(this.slice(this.pos, best));
          this.pos = best + found.length;
          return found;
        }
        safe = best;
      } else {
        safe = this.done ? len : this.partialMarkerStart(this.pos, markers);
      }
      if (safe > this.pos) {
        sink?.(this.slice(this.pos, safe));
        this.pos = safe;
      }
      if (this.done && best < 0) return null;
      yield;
    }
  }

  /** The first occurrence of `m` at or after `from`, or -1; resumes the marker's last search. */
  private next(m: string, from: number): number {
    if (m === "") return from;
    let entry = this.found.get(m);
    let q = from;
    if (entry !== undefined && entry.from <= from) {
      // No occurrence in [entry.from, entry.at), or none in the text entry.len covered.
      if (entry.at >= from) return entry.at;
      if (entry.at < 0) q = Math.max(from, entry.len - m.length + 1);
    }
    let at = -1;
    if (q < this.len) {
      const w = this.window(q);
      const i = w.indexOf(m, q - this.winStart);
      at = i < 0 ? -1 : i + this.winStart;
      cursorWork.searched += (at < 0 ? this.len : at + m.length) - q;
    }
    if (entry === undefined) {
      entry = { from, at, len: this.len };
      this.found.set(m, entry);
    } else {
      entry.from = from;
      entry.at = at;
      entry.len = this.len;
    }
    return at;
  }

  /** Whether the `n` characters of the text at offset `i` (all there) are the first `n` of `s`. */
  private matches(i: number, s: string, n: number): boolean {
    const w = this.window(i);
    const base = i - this.winStart;
    for (let k = 0; k < n; k++) if (w.charCodeAt(base + k) !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Whether the text from offset `i` to the end is a prefix of `m`. */
  private endIsPrefixOf(m: string, i: number): boolean {
    return this.matches(i, m, this.len - i);
  }

  /** The first offset from `from` on where the rest of the text is a proper prefix of a marker (or the length). */
  private partialMarkerStart(from: number, markers: readonly string[]): number {
    let longest = 0;
    for (const m of markers) longest = Math.max(longest, m.length);
    for (let i = Math.max(from, this.len - longest + 1); i < this.len; i++) {
      const tail = this.len - i;
      for (const m of markers) {
        if (m.length > tail && this.endIsPrefixOf(m, i)) return i;
      }
    }
    return this.len;
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
      const w = this.window(this.pos);
      const end = scanner.scan(w, this.pos - this.winStart, this.len - this.winStart, this.done) + this.winStart;
      if (end > this.pos) {
        sink?.(this.slice(this.pos, end));
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
      if (this.done && this.pos >= this.len) throw truncated();
      throw new CallFailure("malformed_call", `expected ${what} as a JSON string at offset ${this.pos}`);
    }
    const start = yield* this.jsonValue(null);
    return JSON.parse(this.slice(start, this.pos)) as string;
  }

  /** Reads characters while `accept` says so (at least one). */
  *word(accept: (c: number) => boolean, what: string): Step<string> {
    const start = this.pos;
    for (;;) {
      const w = this.window(this.pos);
      while (this.pos < this.len && accept(w.charCodeAt(this.pos - this.winStart))) this.pos++;
      if (this.pos < this.len || this.done) break;
      yield;
    }
    if (this.pos === start) {
      if (this.done && this.pos >= this.len) throw truncated();
      throw new CallFailure("malformed_call", `expected ${what} at offset ${this.pos}`);
    }
    return this.slice(start, this.pos);
  }

  /** Consumes the rest of the output, passing it to `sink`. */
  *rest(sink: ((text: string) => void) | null): Step<void> {
    for (;;) {
      if (this.pos < this.len) {
        sink?.(this.slice(this.pos));
        this.pos = this.len;
      }
      if (this.done) return;
      yield;
    }
  }

  /** Fails the call unless `name` may be called. */
  checkName(call: CallBuilder, name: string): void {
    // No function is named "" (OpenAI names are 1-64 characters), tools given or not.
    if (name.trim() === "") throw new CallFailure("malformed_call", "a tool call without a function name");
    if (!call.known(name)) throw new CallFailure("unknown_tool", `"${name}" is not among the declared tools`);
  }

  /** The declared tool `name`, if tools were given. */
  tool(name: string): Tool | undefined {
    return this.tools?.get(name);
  }
}

/** An offset as `String.prototype.slice` reads it, in a text of `len` characters. */
function clampOffset(i: number, len: number): number {
  const n = Math.trunc(i) || 0;
  return n < 0 ? Math.max(len + n, 0) : Math.min(n, len);
}

/**
 * Runs `body` as one call that starts at `call.start`. On failure the call is withdrawn: its text,
 * through the first of `recoverAt` that comes, or up to the first of `stopAt` (a marker left to
 * open what follows), becomes content; with neither, everything to the end of the output does.
 * Returns whether the call completed.
 */
export function* attempt(c: Cursor, call: CallBuilder, body: Step<void>, recoverAt: readonly string[], stopAt: readonly string[] = []): Step<boolean> {
  try {
    yield* body;
    call.finish();
    return true;
  } catch (e) {
    if (!(e instanceof CallFailure)) throw e;
    if (e.code !== "truncated_call") {
      if (recoverAt.length + stopAt.length > 0) {
        const found = yield* c.until([...recoverAt, ...stopAt], null);
        if (found !== null && stopAt.includes(found)) c.pos -= found.length;
      } else yield* c.rest(null);
    } else {
      c.pos = c.length;
    }
    call.fail(e.code, e.message, c.slice(call.start, c.pos));
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
      if (closed !== null) c.out.thought(c.slice(start, c.pos - close.length));
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
    this.cursor.append(delta);
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
      const rest = c.slice(c.pos);
      c.pos = c.length;
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
    if (c.pos < c.length) {
      c.out.text(c.slice(c.pos));
      c.pos = c.length;
    }
  }
}
