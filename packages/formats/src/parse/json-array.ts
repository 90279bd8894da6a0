import { attempt, type Cursor, type Step } from "./cursor.js";
import { jsonCallObject, NAME_AND_ARGUMENTS, type CallKeys } from "./json-call.js";

/**
 * Reads `[call, call, …]` of JSON call objects, then `close` if given. `blockStart` is where the
 * block's markup starts: a failure in the first call hands the whole block to content, a failure
 * in a later one the text from its comma on (through `close`, or the end of the output).
 */
export function* jsonCallArray(c: Cursor, blockStart: number, close: string | null, keys: CallKeys = NAME_AND_ARGUMENTS): Step<void> {
  let start = blockStart;
  let first = true;
  for (;;) {
    const call = c.out.call(start);
    let next = -1;
    const ok = yield* attempt(
      c,
      call,
      (function* (): Step<void> {
        if (first) {
          yield* c.skipSpace();
          yield* c.expect("[", "a JSON array of calls");
        }
        yield* jsonCallObject(c, call, keys);
        yield* c.skipSpace();
        const comma = c.pos;
        if (yield* c.accept(",")) {
          next = comma;
          return;
        }
        yield* c.expect("]", '"," or "]"');
        if (close !== null) {
          yield* c.skipSpace();
          yield* c.expect(close);
        }
      })(),
      close === null ? [] : [close],
    );
    if (!ok || next < 0) return;
    start = next;
    first = false;
  }
}
