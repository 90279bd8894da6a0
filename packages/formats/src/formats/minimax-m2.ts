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

const OPEN = "<minimax:tool_call>";
const CLOSE = "</minimax:tool_call>";
const INVOKE = "<invoke";
const INVOKE_END = "</invoke>";
const PARAM = "<parameter";
const PARAM_END = "</parameter>";
const VALUE_ENDS = [PARAM_END];

/**
 * MiniMax-M2: a `<minimax:tool_call>` block of `<invoke name="NAME">` elements, each with
 * `<parameter name="KEY">VALUE</parameter>` children; values raw (strings verbatim, others JSON),
 * typed by the schema. Reasoning comes first in `<think>`.
 */
export const minimaxM2: FormatDefinition = {
  name: "minimax_m2",
  aliases: ["minimax-m2", "minimax"],
  models: ["MiniMax-M2", "MiniMax-M2.1"],
  detect: [/minimax[-_ ]?m2/i],
  specialTokens: [OPEN, CLOSE, "<think>", "</think>"],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  parameterNameProblem: quotedAttributeProblem,
  argumentValueProblem: (v) => rawValueProblem(v, VALUE_ENDS),
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [OPEN],
      calls: () => seq(ctx.marker(OPEN), literal("\n"), ctx.repeatCalls(anyTool(ctx, (t) => invoke(ctx, t)), literal("")), ctx.marker(CLOSE)),
    });
  },
  render(calls) {
    const invokes = calls.map((c) => {
      const params = Object.entries(argumentsObject(c.arguments))
        .map(([k, v]) => `${PARAM} name="${k}">${rawValueText(v, VALUE_ENDS)}${PARAM_END}\n`)
        .join("");
      return `${INVOKE} name="${c.name}">\n${params}${INVOKE_END}\n`;
    });
    return `${OPEN}\n${invokes.join("")}${CLOSE}`;
  },
  parse,
};

function invoke(ctx: GrammarContext, tool: Tool): Expr {
  const params = paramSequence(ctx, tool, VALUE_ENDS, (p, value) => seq(literal(`${PARAM} name="${p.name}">`), value, literal(`${PARAM_END}\n`)));
  return seq(literal(`${INVOKE} name="${tool.name}">\n`), params, literal(`${INVOKE_END}\n`));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([OPEN], (t) => c.out.text(t));
    if (opened === null) return;
    yield* callBlock(c, c.pos - OPEN.length, INVOKE_END, CLOSE, (call) => one(c, call), INVOKE);
  }
}

function* one(c: Cursor, call: CallBuilder): Step<void> {
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
}
