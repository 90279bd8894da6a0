import { charClass, literal, plus, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { callBlock } from "../parse/call-block.js";
import { reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsText, jsonArguments } from "../parse/json-call.js";
import type { Tool } from "../tools.js";

const SECTION_BEGIN = "<|tool_calls_section_begin|>";
const SECTION_END = "<|tool_calls_section_end|>";
const CALL_BEGIN = "<|tool_call_begin|>";
const ARGS_BEGIN = "<|tool_call_argument_begin|>";
const CALL_END = "<|tool_call_end|>";
const KIMI_ID = /^functions\.(.+):(\d+)$/;

/**
 * Kimi K2: a section of calls, each `<|tool_call_begin|>functions.NAME:IDX
 * <|tool_call_argument_begin|>{…}<|tool_call_end|>`. The id carries the name and a counter global
 * to the conversation; it is kept as the call's id, since the model reads it back from history.
 */
export const kimiK2: FormatDefinition = {
  name: "kimi_k2",
  aliases: ["kimi", "kimik2"],
  models: ["Kimi-K2-Instruct", "Kimi-K2-Instruct-0905", "Kimi-K2-Thinking", "Kimi-K2.5", "Kimi-K2.6"],
  detect: [/kimi[-_ ]?k2/i],
  specialTokens: [SECTION_BEGIN, SECTION_END, CALL_BEGIN, ARGS_BEGIN, CALL_END, "<think>", "</think>"],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [SECTION_BEGIN],
      calls: () => seq(ctx.marker(SECTION_BEGIN), ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("")), ctx.marker(SECTION_END)),
    });
  },
  render(calls) {
    const body = calls.map((c, i) => `${CALL_BEGIN}${c.id !== undefined && KIMI_ID.test(c.id) ? c.id : `functions.${c.name}:${i}`}${ARGS_BEGIN}${argumentsText(c.arguments)}${CALL_END}`);
    return `${SECTION_BEGIN}${body.join("")}${SECTION_END}`;
  },
  parse,
};

function call(ctx: GrammarContext, tool: Tool): Expr {
  return seq(ctx.marker(CALL_BEGIN), literal(`functions.${tool.name}:`), plus(charClass([[0x30, 0x39]])), ctx.marker(ARGS_BEGIN), ctx.args(tool), ctx.marker(CALL_END));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([SECTION_BEGIN], (t) => c.out.text(t));
    if (opened === null) return;
    yield* callBlock(c, c.pos - SECTION_BEGIN.length, CALL_END, SECTION_END, (call) => one(c, call), CALL_BEGIN);
  }
}

function* one(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.expect(CALL_BEGIN);
  yield* c.skipSpace();
  const id = yield* c.word((ch) => ch > 0x20 && ch !== 0x3c, "a call id");
  const m = KIMI_ID.exec(id);
  const name = m ? m[1]! : id.replace(/^functions\./, "").replace(/:\d+$/, "");
  c.checkName(call, name);
  call.setName(name, id);
  yield* c.skipSpace();
  yield* c.expect(ARGS_BEGIN);
  yield* jsonArguments(c, call);
  yield* c.skipSpace();
  yield* c.expect(CALL_END);
}
