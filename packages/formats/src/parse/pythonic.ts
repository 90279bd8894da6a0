import { CallFailure, type Cursor, type Step } from "./cursor.js";
import type { CallBuilder } from "./emitter.js";
import { PyIncomplete, PyInvalid, readPythonLiteral } from "./python-literal.js";

const identChar = (ch: number): boolean => (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a) || ch === 0x5f;
/** Function names as tools spell them: ASCII identifiers, plus dots and hyphens. */
const nameChar = (ch: number): boolean => identChar(ch) || ch === 0x2e || ch === 0x2d;

const XID_CONTINUE = /^\p{XID_Continue}+$/u;
/**
 * Characters of an argument name as the parser reads it: Python's identifier characters, Unicode
 * letters included (`城市=`); a surrogate is taken and the whole name checked once read.
 */
const argChar = (ch: number): boolean => identChar(ch) || (ch >= 0x80 && ((ch >= 0xd800 && ch <= 0xdfff) || XID_CONTINUE.test(String.fromCharCode(ch))));

const PYTHON_IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/**
 * Why `name` cannot be a keyword argument of a pythonic call, or undefined. A keyword argument is
 * a Python identifier (Unicode letters included); Python reads its NFKC form, so other spellings
 * would name another parameter. Python keywords are allowed: models write `from=` and the parser
 * reads it.
 */
export function pythonParameterNameProblem(name: string): string | undefined {
  if (!PYTHON_IDENTIFIER.test(name)) return "a keyword argument must be a Python identifier (letters, digits and \"_\", not starting with a digit)";
  if (name.normalize("NFKC") !== name) return `Python reads the identifier as ${JSON.stringify(name.normalize("NFKC"))} (its NFKC form)`;
  return undefined;
}

/**
 * Reads one Python literal at the cursor, as JSON text, waiting for as much text as it needs. The
 * reader keeps its place between pushes, so a long literal costs its length, not its length for
 * every push. On failure the position goes back to where the literal (and its leading space)
 * started, where the call's recovery looks for what follows.
 */
export function* pythonValue(c: Cursor): Step<string> {
  const from = c.pos;
  try {
    return yield* readPythonLiteral(c);
  } catch (e) {
    if (e instanceof PyInvalid) {
      c.pos = from;
      throw new CallFailure("malformed_call", `not a Python literal at offset ${e.at}: ${e.reason}`);
    }
    if (e instanceof PyIncomplete) {
      c.pos = from;
      throw new CallFailure("truncated_call", "the output ends inside a tool call");
    }
    throw e;
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
    const key = yield* c.word(argChar, "an argument name");
    if (!XID_CONTINUE.test(key)) throw new CallFailure("malformed_call", `${JSON.stringify(key)} is not an argument name (offset ${c.pos - key.length})`);
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
