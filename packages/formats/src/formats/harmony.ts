import { choice, EMPTY, literal, optional, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { attempt, CallFailure, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsText, jsonArguments } from "../parse/json-call.js";
import type { Tool } from "../tools.js";

const START = "<|start|>";
const END = "<|end|>";
const MESSAGE = "<|message|>";
const CHANNEL = "<|channel|>";
const CONSTRAIN = "<|constrain|>";
const CALL = "<|call|>";
const RETURN = "<|return|>";
/** Where a message's content stops. */
const STOPS = [END, CALL, RETURN, START];

// A header after `<|start|>`: role, recipient (in the role or the channel part), channel,
// content type (`<|constrain|>json` or a bare ` json`).
const HEADER = /^\s*(?:assistant)?\s*(?:to=([^\s<]+))?\s*(?:<\|channel\|>\s*([A-Za-z_]+))?\s*(?:to=([^\s<]+))?\s*(?:<\|constrain\|>\s*([^\s<]+)|([A-Za-z_]+))?\s*$/;
// The start of a header that names a recipient (the rest may be cut off).
const CALL_HEADER_START = /^\s*(?:assistant)?\s*(?:<\|channel\|>\s*[A-Za-z_]+\s*)?to=[^\s<]+/;

/**
 * OpenAI harmony (gpt-oss): messages `<|channel|>CHANNEL<|message|>…` separated by
 * `<|end|><|start|>assistant`. The analysis channel is reasoning; a message with recipient
 * `to=functions.NAME` is a call whose content is the JSON arguments, ended by `<|call|>`; final and
 * commentary messages without a recipient are content. `<|call|>` and `<|return|>` are stop tokens,
 * so one generation carries one call.
 */
export const harmony: FormatDefinition = {
  name: "harmony",
  aliases: ["openai", "gpt-oss", "gpt_oss", "openai_gptoss"],
  models: ["gpt-oss-20b", "gpt-oss-120b", "gpt-oss-safeguard"],
  detect: [/gpt[-_ ]?oss/i],
  specialTokens: [START, END, MESSAGE, CHANNEL, CONSTRAIN, CALL, RETURN],
  reasoning: true,
  parallel: false,
  grammar(ctx) {
    const text = ctx.text(STOPS);
    const analysis = ctx.reasoning === false ? EMPTY : optional(seq(ctx.marker(CHANNEL), literal("analysis"), ctx.marker(MESSAGE), text, ctx.marker(END), ctx.marker(START), literal("assistant")));
    const final = seq(ctx.marker(CHANNEL), literal("final"), ctx.marker(MESSAGE), text, optional(ctx.marker(RETURN)));
    if (ctx.choice.mode === "none") return seq(analysis, final);
    const call = anyTool(ctx, (t) => callMessage(ctx, t));
    return seq(analysis, ctx.choice.mode === "auto" ? choice(final, call) : call);
  },
  render(calls) {
    return calls.map((c) => `${CHANNEL}commentary to=functions.${c.name} ${CONSTRAIN}json${MESSAGE}${argumentsText(c.arguments)}${CALL}`).join(`${START}assistant`);
  },
  parse,
};

function callMessage(ctx: GrammarContext, tool: Tool): Expr {
  return seq(ctx.marker(CHANNEL), literal(`commentary to=functions.${tool.name} `), ctx.marker(CONSTRAIN), literal("json"), ctx.marker(MESSAGE), ctx.args(tool), optional(ctx.marker(CALL)));
}

function* parse(c: Cursor): Step<void> {
  for (;;) {
    const start = c.pos;
    yield* c.skipSpace();
    if ((yield* c.peek()) === null) return;
    const started = yield* c.accept(START);
    let header = "";
    const found = yield* c.until([MESSAGE, END, CALL, RETURN, START], (t) => (header += t));
    const m = found === MESSAGE ? HEADER.exec(header) : null;
    if (found === null && (started || header.includes(CHANNEL)) && CALL_HEADER_START.test(header)) {
      // The output ends inside the header of a message to a recipient: a call cut off before its
      // arguments is a truncated call, as one cut off inside them is.
      c.out.call(start).fail("truncated_call", "the output ends inside the header of a tool call", c.slice(start, c.pos));
      return;
    }
    if (!m) {
      // Not a harmony message: its text, through a stray end marker, is content.
      const end = found === START ? c.pos - START.length : c.pos;
      c.out.text(c.slice(start, end));
      c.pos = end;
      if (found === null) return;
      continue;
    }
    const recipient = m[1] ?? m[3];
    if (recipient !== undefined) {
      const call = c.out.call(start);
      yield* attempt(c, call, callBody(c, call, recipient), [CALL, END]);
      continue;
    }
    const sink = m[2] === "analysis" ? (t: string) => c.out.thought(t) : (t: string) => c.out.text(t);
    const stop = yield* c.until(STOPS, sink);
    if (stop === null) return;
    if (stop === START) c.pos -= START.length;
  }
}

function* callBody(c: Cursor, call: CallBuilder, recipient: string): Step<void> {
  const name = recipient.replace(/^functions\./, "");
  c.checkName(call, name);
  call.setName(name);
  yield* jsonArguments(c, call);
  yield* c.skipSpace();
  if ((yield* c.peek()) === null) return;
  if ((yield* c.accept(CALL)) || (yield* c.accept(END))) return;
  if (yield* c.at(START)) return;
  throw new CallFailure("malformed_call", `expected ${CALL} after the arguments (offset ${c.pos})`);
}
