import { choice, optional, seq } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { pythonListExpr } from "../grammar/python.js";
import { attempt, type Cursor, type Step } from "../parse/cursor.js";
import { pythonCallList, pythonParameterNameProblem } from "../parse/pythonic.js";
import { renderPythonList } from "./pythonic.js";

const START = "<|python_start|>";
const END = "<|python_end|>";

/**
 * Llama 4: pythonic calls, `[get_weather(city="SF")]`, optionally between `<|python_start|>` and
 * `<|python_end|>`; a reply that starts with anything else is text.
 */
export const llama4Pythonic: FormatDefinition = {
  name: "llama4_pythonic",
  models: ["Llama 4 Scout", "Llama 4 Maverick"],
  detect: [/llama[-_ ]?4/i],
  specialTokens: [START, END],
  grammar(ctx) {
    const text = ctx.leadingText([START], "[");
    if (ctx.choice.mode === "none") return text;
    const list = pythonListExpr(ctx);
    const calls = seq(ctx.ws, choice(list, seq(ctx.marker(START), list, optional(ctx.marker(END)))), ctx.ws);
    return ctx.choice.mode === "auto" ? choice(calls, text) : calls;
  },
  parameterNameProblem: pythonParameterNameProblem,
  render: renderPythonList,
  parse,
};

function* parse(c: Cursor): Step<void> {
  yield* c.skipSpace();
  if ((yield* c.peek()) === "[") yield* list(c, c.pos, false);
  // `<|python_start|>` opens a list wherever it comes, after text too; followed by anything
  // else it is text.
  for (;;) {
    const opened = yield* c.until([START], (t) => c.out.text(t));
    if (opened === null) return;
    const start = c.pos - START.length;
    yield* c.skipSpace();
    if ((yield* c.peek()) === "[") yield* list(c, start, true);
    else c.out.text(c.slice(start, c.pos));
  }
}

/** A list of calls at the position, `<|python_end|>` after it when `wrapped`. */
function* list(c: Cursor, start: number, wrapped: boolean): Step<void> {
  yield* pythonCallList(c, start, (call, body) => attempt(c, call, body, wrapped ? [END] : []));
  if (wrapped) {
    const after = c.pos;
    yield* c.skipSpace();
    if (!(yield* c.accept(END))) c.pos = after;
  }
}
