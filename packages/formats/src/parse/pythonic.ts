import { CallFailure, type Cursor, type Step } from "./cursor.js";
import type { CallBuilder } from "./emitter.js";
import { readPython } from "./python-literal.js";

const identChar = (ch: number): boolean => (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a) || ch === 0x5f;
/** Function names as tools spell them: identifiers, plus dots and hyphens. */
const nameChar = (ch: number): boolean => identChar(ch) || ch === 0x2e || ch === 0x2d;

/** Reads one Python literal at the cursor, as JSON text, waiting for as much text as it needs. */
export function* pythonValue(c: Cursor): Step<string> {
  for (;;) {
    const r = readPython(c.text, c.pos, c.done);
    if (r.ok) {
      c.pos = r.end;
      return r.json;
    }
    if (!r.incomplete) throw new CallFailure("malformed_call", `not a Python literal at offset ${r.at}: ${r.reason}`);
    if (c.done) throw new CallFailure("truncated_call", "the output ends inside a tool call");
    yield;
  }
}

/**
 * Reads `name(key=value, …)` with keyword arguments given as Python literals; the arguments
 * stream as JSON, one member per argument as it completes.
 */
export function* pythonCall(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.skipSpace();
  const name = yield* c.word(nameChar, "a function name");
  c.checkName(call, name);
  call.setName(name);
  yield* c.skipSpace();
  yield* c.expect("(");
  let count = 0;
  for (;;) {
    yield* c.skipSpace();
    if (yield* c.accept(")")) break;
    const key = yield* c.word(identChar, "an argument name");
    yield* c.skipSpace();
    yield* c.expect("=");
    const value = yield* pythonValue(c);
    call.arg(`${count++ === 0 ? "{" : ", "}${JSON.stringify(key)}: ${value}`);
    yield* c.skipSpace();
    if (yield* c.accept(",")) continue;
    yield* c.expect(")", '"," or ")"');
    break;
  }
  call.arg(count === 0 ? "{}" : "}");
}

/** Reads `[call, call, …]` after its `[`; `blockStart` is where the list's markup starts. */
export function* pythonCallList(c: Cursor, blockStart: number, attempt: (call: CallBuilder, body: Step<void>) => Step<boolean>): Step<void> {
  let start = blockStart;
  let first = true;
  for (;;) {
    const call = c.out.call(start);
    let next = -1;
    const ok = yield* attempt(
      call,
      (function* (): Step<void> {
        if (first) yield* c.expect("[");
        yield* pythonCall(c, call);
        yield* c.skipSpace();
        const comma = c.pos;
        if (yield* c.accept(",")) {
          next = comma;
          return;
        }
        yield* c.expect("]", '"," or "]"');
      })(),
    );
    if (!ok || next < 0) return;
    start = next;
    first = false;
  }
}
