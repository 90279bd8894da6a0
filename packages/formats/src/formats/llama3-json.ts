import { choice, literal, optional, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { jsonCallExpr, jsonCallText } from "../grammar/json-call.js";
import { attempt, type Cursor, type Step } from "../parse/cursor.js";
import { argumentsText, jsonCallObject, NAME_AND_ARGUMENTS } from "../parse/json-call.js";

const TAG = "<|python_tag|>";

/**
 * Llama 3.1 / 3.2 / 3.3 JSON tool calls: the reply is `{"name": …, "parameters": …}` (calls
 * joined by `;`; calls separated only by space or a newline are read too), bare at the start of
 * the output or after `<|python_tag|>`. A reply that starts with anything else is text.
 */
export const llama3Json: FormatDefinition = {
  name: "llama3_json",
  aliases: ["llama3", "llama4_json", "llama"],
  models: ["Llama 3.1", "Llama 3.2", "Llama 3.3", "Llama 4 (JSON)"],
  detect: [/llama[-_ ]?3(\.[123])?/i],
  specialTokens: [TAG],
  grammar(ctx) {
    const calls = (): Expr => seq(callList(ctx), ctx.ws);
    const text = ctx.leadingText([TAG], "{");
    switch (ctx.choice.mode) {
      case "none":
        return text;
      case "auto":
        return choice(seq(ctx.ws, calls()), seq(text, optional(seq(ctx.marker(TAG), ctx.ws, calls()))));
      case "required":
        return seq(ctx.ws, optional(seq(ctx.marker(TAG), ctx.ws)), calls());
    }
  },
  render(calls) {
    return calls.map((c) => jsonCallText(c.name, argumentsText(c.arguments), "parameters")).join("; ");
  },
  parse,
};

function callList(ctx: GrammarContext): Expr {
  return ctx.repeatCalls(
    anyTool(ctx, (t) => jsonCallExpr(ctx, t, "parameters")),
    seq(ctx.ws, literal(";"), ctx.ws),
  );
}

function* parse(c: Cursor): Step<void> {
  yield* c.skipSpace();
  if ((yield* c.peek()) === "{") yield* calls(c, c.pos);
  for (;;) {
    const tagged = yield* c.until([TAG], (t) => c.out.text(t));
    if (tagged === null) return;
    yield* calls(c, c.pos - TAG.length);
  }
}

/** Calls separated by `;` (or only by space); what follows the last one is content. */
function* calls(c: Cursor, blockStart: number): Step<void> {
  let start = blockStart;
  for (;;) {
    const call = c.out.call(start);
    let next = -1;
    const ok = yield* attempt(
      c,
      call,
      (function* (): Step<void> {
        yield* jsonCallObject(c, call, NAME_AND_ARGUMENTS);
        const after = c.pos;
        yield* c.skipSpace();
        const sep = c.pos;
        if (yield* c.accept(";")) next = sep;
        else {
          // Models also put calls one per line without the `;`.
          if ((yield* c.peek()) === "{") next = after;
          c.pos = after;
        }
      })(),
      [],
    );
    if (!ok || next < 0) return;
    start = next;
  }
}
