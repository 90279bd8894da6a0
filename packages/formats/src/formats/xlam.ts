import { choice, seq } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { jsonCallArrayExpr, jsonCallText } from "../grammar/json-call.js";
import { reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import { jsonCallArray } from "../parse/json-array.js";
import { argumentsText } from "../parse/json-call.js";

/**
 * Salesforce xLAM: the reply is a JSON array of `{"name": …, "arguments": …}` calls at the start of
 * the output (after reasoning); a reply that starts with anything else is text.
 */
export const xlam: FormatDefinition = {
  name: "xlam",
  models: ["xLAM-2", "Llama-xLAM-2", "xLAM-1b-fc", "xLAM-7b-fc"],
  detect: [[/xlam/i, 1]],
  specialTokens: [],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  grammar(ctx) {
    const reasoning = ctx.reasoningBlock("<think>", "</think>");
    const calls = () => seq(ctx.ws, jsonCallArrayExpr(ctx), ctx.ws);
    const text = ctx.leadingText(["<think>", "</think>"], "[");
    switch (ctx.choice.mode) {
      case "none":
        return seq(reasoning, text);
      case "auto":
        return seq(reasoning, choice(calls(), text));
      case "required":
        return seq(reasoning, calls());
    }
  },
  render(calls) {
    return `[${calls.map((c) => jsonCallText(c.name, argumentsText(c.arguments))).join(", ")}]`;
  },
  parse,
};

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  yield* c.skipSpace();
  if ((yield* c.peek()) === "[") yield* jsonCallArray(c, c.pos, null);
  yield* c.rest((t) => c.out.text(t));
}
