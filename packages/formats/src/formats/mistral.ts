import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { jsonCallArrayExpr, jsonCallText } from "../grammar/json-call.js";
import { attempt, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { jsonCallArray } from "../parse/json-array.js";
import { argumentsText, jsonArguments } from "../parse/json-call.js";
import type { Tool } from "../tools.js";

const CALLS = "[TOOL_CALLS]";
const ARGS = "[ARGS]";
const CALL_ID = "[CALL_ID]";

/** Mistral's spellings, by tokenizer version. */
export const MISTRAL_VARIANTS = [
  /** v3/v7 (Mistral-7B-Instruct-v0.3, Mixtral, Nemo): `[TOOL_CALLS][{"name": …, "arguments": …}, …]`. */
  "json_array",
  /** v13+ (Magistral, Ministral 3, Devstral 2, Small 3.2+): `[TOOL_CALLS]name[ARGS]{…}` per call. */
  "name_args",
  /** v11 without `[ARGS]`: `[TOOL_CALLS]name{…}` per call. */
  "name_json",
] as const;

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Mistral: calls after `[TOOL_CALLS]`, in three spellings. The grammar generates the one the
 * vocabulary calls for (`[ARGS]` in it: name_args, else json_array) unless a variant is given; the
 * parser reads all three, and v11's `[CALL_ID]id`, whatever the vocabulary. Ids are nine letters
 * and digits, the only shape Mistral's templates accept back in history.
 */
export const mistral: FormatDefinition = {
  name: "mistral",
  aliases: ["magistral", "ministral", "devstral"],
  models: ["Mistral-7B-Instruct-v0.3", "Mixtral 8x22B", "Mistral-Nemo", "Mistral Small 3.x", "Magistral", "Ministral 3", "Devstral"],
  detect: [/mistral/i, /mixtral/i, /magistral/i, /ministral/i, /devstral/i, /codestral/i],
  specialTokens: [CALLS, ARGS, CALL_ID, "[THINK]", "[/THINK]"],
  reasoning: true,
  reasoningMarkers: ["[THINK]", "[/THINK]"],
  variants: MISTRAL_VARIANTS,
  selectVariant: (vocabulary) => (vocabulary.has(ARGS) ? "name_args" : "json_array"),
  callId: () => {
    let id = "";
    for (let i = 0; i < 9; i++) id += ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)];
    return id;
  },
  grammar(ctx) {
    return ctx.shape({ reasoning: ["[THINK]", "[/THINK]"], openers: [CALLS], calls: () => calls(ctx) });
  },
  render(calls, _tools, variant) {
    if (variant === "json_array") return `${CALLS}[${calls.map((c) => jsonCallText(c.name, argumentsText(c.arguments))).join(", ")}]`;
    return calls.map((c) => `${CALLS}${c.name}${variant === "name_json" ? "" : ARGS}${argumentsText(c.arguments)}`).join("");
  },
  parse,
};

function calls(ctx: GrammarContext): Expr {
  if (ctx.variant === "json_array") return seq(ctx.marker(CALLS), ctx.ws, jsonCallArrayExpr(ctx));
  const one = (tool: Tool): Expr => seq(ctx.marker(CALLS), literal(tool.name), ctx.variant === "name_json" ? literal("") : ctx.marker(ARGS), ctx.args(tool));
  return ctx.repeatCalls(anyTool(ctx, one), literal(""));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "[THINK]", "[/THINK]");
  for (;;) {
    const opened = yield* c.until([CALLS], (t) => c.out.text(t));
    if (opened === null) return;
    const start = c.pos - CALLS.length;
    yield* c.skipSpace();
    if ((yield* c.peek()) === "[") {
      yield* jsonCallArray(c, start, null);
      continue;
    }
    const call = c.out.call(start);
    yield* attempt(c, call, named(c, call), [], [CALLS]);
  }
}

const nameChar = (ch: number): boolean => ch > 0x20 && ch !== 0x5b && ch !== 0x7b && ch !== 0x22;

function* named(c: Cursor, call: CallBuilder): Step<void> {
  const name = yield* c.word(nameChar, "a function name");
  c.checkName(call, name);
  let id: string | undefined;
  if (yield* c.accept(CALL_ID)) id = yield* c.word((ch) => ch > 0x20 && ch !== 0x5b && ch !== 0x7b, "a call id");
  call.setName(name, id);
  yield* c.accept(ARGS);
  yield* jsonArguments(c, call);
}

