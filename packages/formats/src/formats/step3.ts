import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { paramSequence, rawValueProblem, rawValueText } from "../grammar/params.js";
import { quotedAttributeProblem, tagAttributes } from "../parse/attributes.js";
import { callBlock } from "../parse/call-block.js";
import { CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { rawValue, XmlArguments } from "../parse/xml-arguments.js";
import type { Tool } from "../tools.js";

const CALLS_BEGIN = "<｜tool_calls_begin｜>";
const CALLS_END = "<｜tool_calls_end｜>";
const CALL_BEGIN = "<｜tool_call_begin｜>";
const CALL_END = "<｜tool_call_end｜>";
const SEP = "<｜tool_sep｜>";
const INVOKE = "<steptml:invoke";
const INVOKE_END = "</steptml:invoke>";
const PARAM = "<steptml:parameter";
const PARAM_END = "</steptml:parameter>";
const VALUE_ENDS = [PARAM_END];

/**
 * StepFun Step3: a block of calls, each `<｜tool_call_begin｜>function<｜tool_sep｜>` and a
 * `<steptml:invoke name="NAME">` element with `<steptml:parameter name="KEY">` children (raw
 * values typed by the schema), after `<think>` reasoning.
 */
export const step3: FormatDefinition = {
  name: "step3",
  aliases: ["step"],
  models: ["Step3"],
  detect: [/step[-_ ]?3/i],
  specialTokens: [CALLS_BEGIN, CALLS_END, CALL_BEGIN, CALL_END, SEP, "<think>", "</think>"],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  parameterNameProblem: quotedAttributeProblem,
  argumentValueProblem: (v) => rawValueProblem(v, VALUE_ENDS),
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [CALLS_BEGIN],
      calls: () => seq(ctx.marker(CALLS_BEGIN), ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("")), ctx.marker(CALLS_END)),
    });
  },
  render(calls) {
    const body = calls.map((c) => {
      const params = Object.entries(argumentsObject(c.arguments))
        .map(([k, v]) => `${PARAM} name="${k}">${rawValueText(v, VALUE_ENDS)}${PARAM_END}`)
        .join("");
      return `${CALL_BEGIN}function${SEP}${INVOKE} name="${c.name}">${params}${INVOKE_END}${CALL_END}`;
    });
    return `${CALLS_BEGIN}${body.join("")}${CALLS_END}`;
  },
  parse,
};

function call(ctx: GrammarContext, tool: Tool): Expr {
  const params = paramSequence(ctx, tool, VALUE_ENDS, (p, value) => seq(literal(`${PARAM} name="${p.name}">`), value, literal(PARAM_END)));
  return seq(ctx.marker(CALL_BEGIN), literal("function"), ctx.marker(SEP), literal(`${INVOKE} name="${tool.name}">`), params, literal(INVOKE_END), ctx.marker(CALL_END));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([CALLS_BEGIN], (t) => c.out.text(t));
    if (opened === null) return;
    yield* callBlock(c, c.pos - CALLS_BEGIN.length, CALL_END, CALLS_END, (call) => one(c, call), CALL_BEGIN);
  }
}

function* one(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.expect(CALL_BEGIN);
  yield* c.skipSpace();
  if (!(yield* c.accept(SEP))) {
    yield* c.word((ch) => ch > 0x20 && ch !== 0x3c, "the call type");
    yield* c.expect(SEP);
  }
  yield* c.skipSpace();
  yield* c.expect(INVOKE);
  const name = (yield* tagAttributes(c)).get("name");
  if (name === undefined) throw new CallFailure("malformed_call", "an invoke without a name");
  c.checkName(call, name);
  call.setName(name);
  const args = new XmlArguments(call, c.tool(name), "none");
  for (;;) {
    yield* c.skipSpace();
    if (yield* c.accept(INVOKE_END)) break;
    yield* c.expect(PARAM, `"${PARAM}" or "${INVOKE_END}"`);
    const key = (yield* tagAttributes(c)).get("name");
    if (key === undefined) throw new CallFailure("malformed_call", "a parameter without a name");
    args.begin(key);
    yield* rawValue(c, args, PARAM_END);
  }
  args.finish();
  yield* c.skipSpace();
  yield* c.expect(CALL_END);
}
