import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { callBlock } from "../parse/call-block.js";
import { reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsText, jsonArguments } from "../parse/json-call.js";
import type { Tool } from "../tools.js";

const CALLS_BEGIN = "<｜tool▁calls▁begin｜>";
const CALLS_END = "<｜tool▁calls▁end｜>";
const CALL_BEGIN = "<｜tool▁call▁begin｜>";
const CALL_END = "<｜tool▁call▁end｜>";
const SEP = "<｜tool▁sep｜>";

/**
 * DeepSeek-V3.1: calls chained without separators, each `<｜tool▁call▁begin｜>NAME<｜tool▁sep｜>`
 * and bare JSON arguments. In thinking mode the prompt opens `<think>` (reasoning "started").
 */
export const deepseekV31: FormatDefinition = {
  name: "deepseek_v3_1",
  aliases: ["deepseek_v31", "deepseekv31"],
  models: ["DeepSeek-V3.1", "DeepSeek-V3.1-Terminus"],
  detect: [/deepseek[-_ ]?v3\.1/i],
  specialTokens: [CALLS_BEGIN, CALLS_END, CALL_BEGIN, CALL_END, SEP, "<think>", "</think>"],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [CALLS_BEGIN],
      calls: () => seq(ctx.marker(CALLS_BEGIN), ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("")), ctx.marker(CALLS_END)),
    });
  },
  render(calls) {
    return `${CALLS_BEGIN}${calls.map((c) => `${CALL_BEGIN}${c.name}${SEP}${argumentsText(c.arguments)}${CALL_END}`).join("")}${CALLS_END}`;
  },
  parse,
};

function call(ctx: GrammarContext, tool: Tool): Expr {
  return seq(ctx.marker(CALL_BEGIN), literal(tool.name), ctx.marker(SEP), ctx.args(tool), ctx.marker(CALL_END));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([CALLS_BEGIN], (t) => c.out.text(t));
    if (opened === null) return;
    yield* callBlock(c, c.pos - CALLS_BEGIN.length, CALL_END, CALLS_END, (call) => one(c, call), CALL_BEGIN);
  }
}

const nameChar = (ch: number): boolean => ch > 0x20 && ch !== 0x3c;

function* one(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.expect(CALL_BEGIN);
  yield* c.skipSpace();
  const name = yield* c.word(nameChar, "a function name");
  c.checkName(call, name);
  call.setName(name);
  yield* c.skipSpace();
  yield* c.expect(SEP);
  yield* jsonArguments(c, call);
  yield* c.skipSpace();
  yield* c.expect(CALL_END);
}
