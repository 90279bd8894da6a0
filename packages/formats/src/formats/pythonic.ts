import { choice, seq } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { pythonListExpr } from "../grammar/python.js";
import { argumentsObject } from "../parse/json-call.js";
import { attempt, type Cursor, type Step } from "../parse/cursor.js";
import { pythonCallList, pythonParameterNameProblem } from "../parse/pythonic.js";
import type { RenderCall } from "../format.js";
import { pythonText } from "../value-text.js";

/**
 * Pythonic calls (Llama 3.2 lightweight models, ToolACE, Gemma 3 through vLLM's template): the
 * reply is a Python list of keyword-argument calls, `[get_weather(city="SF"), now()]`. A reply
 * that does not start with `[` is text. Arguments become JSON from the literals.
 */
export const pythonic: FormatDefinition = {
  name: "pythonic",
  models: ["Llama 3.2 (pythonic prompt)", "ToolACE", "Gemma 3 (pythonic prompt)"],
  detect: [[/toolace/i, 1], /gemma[-_ ]?3(?!n)/i],
  specialTokens: [],
  grammar(ctx) {
    const text = ctx.leadingText([], "[");
    if (ctx.choice.mode === "none") return text;
    const calls = seq(ctx.ws, pythonListExpr(ctx), ctx.ws);
    return ctx.choice.mode === "auto" ? choice(calls, text) : calls;
  },
  parameterNameProblem: pythonParameterNameProblem,
  render: renderPythonList,
  parse,
};

/** `[name(key=value, …), …]` with values as Python literals. */
export function renderPythonList(calls: readonly RenderCall[]): string {
  return `[${calls.map(renderPythonCall).join(", ")}]`;
}

export function renderPythonCall(c: RenderCall): string {
  const args = Object.entries(argumentsObject(c.arguments)).map(([k, v]) => `${k}=${pythonText(v)}`);
  return `${c.name}(${args.join(", ")})`;
}

function* parse(c: Cursor): Step<void> {
  yield* c.skipSpace();
  if ((yield* c.peek()) === "[") yield* pythonCallList(c, c.pos, (call, body) => attempt(c, call, body, []));
  yield* c.rest((t) => c.out.text(t));
}
