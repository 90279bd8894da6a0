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
 * DeepSeek-V3 / R1: a block of calls, each `<｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME` then
 * the arguments in a ```json fence, calls separated by a newline; R1 reasons in `<think>` first.
 */
export const deepseekV3: FormatDefinition = {
  name: "deepseek_v3",
  aliases: ["deepseekv3", "deepseek_r1", "deepseek-r1"],
  models: ["DeepSeek-V3", "DeepSeek-V3-0324", "DeepSeek-R1", "DeepSeek-R1-0528"],
  detect: [/deepseek[-_ ]?(v3|r1)/i],
  specialTokens: [CALLS_BEGIN, CALLS_END, CALL_BEGIN, CALL_END, SEP, "<think>", "</think>"],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [CALLS_BEGIN],
      calls: () => seq(ctx.marker(CALLS_BEGIN), ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("\n")), ctx.marker(CALLS_END)),
    });
  },
  render(calls) {
    const body = calls.map((c) => `${CALL_BEGIN}function${SEP}${c.name}\n\`\`\`json\n${argumentsText(c.arguments)}\n\`\`\`${CALL_END}`).join("\n");
    return `${CALLS_BEGIN}${body}${CALLS_END}`;
  },
  parse,
};

function call(ctx: GrammarContext, tool: Tool): Expr {
  return seq(ctx.marker(CALL_BEGIN), literal("function"), ctx.marker(SEP), literal(`${tool.name}\n\`\`\`json\n`), ctx.args(tool), literal("\n```"), ctx.marker(CALL_END));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([CALLS_BEGIN], (t) => c.out.text(t));
    if (opened === null) return;
    yield* callBlock(c, c.pos - CALLS_BEGIN.length, CALL_END, CALLS_END, (call) => one(c, call), CALL_BEGIN);
  }
}

const nameChar = (ch: number): boolean => ch > 0x20 && ch !== 0x3c && ch !== 0x60;

function* one(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.expect(CALL_BEGIN);
  yield* c.skipSpace();
  if (!(yield* c.accept(SEP))) {
    yield* c.word(nameChar, "the call type");
    yield* c.expect(SEP);
  }
  const name = yield* c.word(nameChar, "a function name");
  c.checkName(call, name);
  call.setName(name);
  yield* c.skipSpace();
  const fenced = (yield* c.accept("```json")) || (yield* c.accept("```"));
  yield* jsonArguments(c, call);
  yield* c.skipSpace();
  if (fenced) {
    yield* c.expect("```");
    yield* c.skipSpace();
  }
  yield* c.expect(CALL_END);
}
