import { attempt, type Cursor, type Step } from "./cursor.js";
import type { CallBuilder } from "./emitter.js";

/**
 * Reads the calls of a block (`<｜tool▁calls▁begin｜>` … `<｜tool▁calls▁end｜>` and the like) after
 * its opening marker: each call by `one`, whitespace between them, until `blockEnd`. A failed
 * call's text, through its `callEnd`, becomes content and the block goes on; the first call's text
 * includes the block's opening marker, and a block with no valid call gives its end marker to
 * content too. With `callStart` (the marker each call opens with), a failed call that has no
 * `callEnd` of its own — text between two calls, a call missing its end marker — ends before the
 * next call's opening marker, so that call is still read. A block cut off after complete calls
 * keeps them.
 */
export function* callBlock(c: Cursor, blockStart: number, callEnd: string, blockEnd: string, one: (call: CallBuilder) => Step<void>, callStart?: string): Step<void> {
  let start = blockStart;
  let calls = 0;
  let valid = 0;
  for (;;) {
    const space = yield* c.space();
    if (yield* c.accept(blockEnd)) {
      // A block without one valid call is all content, its end marker too (and its opening
      // marker when no call was tried, as no failed call's text holds it).
      if (valid === 0) c.out.text(calls === 0 ? c.slice(blockStart, c.pos) : space + blockEnd);
      return;
    }
    if (calls > 0 && c.done && c.pos >= c.text.length) return;
    const call = c.out.call(start);
    const ok = yield* attempt(c, call, one(call), [callEnd, blockEnd], callStart ? [callStart] : []);
    calls++;
    if (ok) valid++;
    else if (c.startsWith(blockEnd, c.pos - blockEnd.length)) return;
    start = c.pos;
  }
}
