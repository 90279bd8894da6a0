import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { paramSequence, rawValueText } from "../grammar/params.js";
import { attempt, CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { XmlArguments } from "../parse/xml-arguments.js";
import type { Tool } from "../tools.js";

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";
const FUNCTION = "<function=";
const PARAM = "<parameter=";
const PARAM_END = "</parameter>";
const FUNCTION_END = "</function>";

/**
 * Qwen3-Coder, Qwen3.5 and later: `<tool_call>` then `<function=NAME>` and one
 * `<parameter=KEY>` block per argument, each value on its own lines as raw text (strings
 * verbatim, other types as JSON), typed back by the tool's schema.
 */
export const qwen3Coder: FormatDefinition = {
  name: "qwen3_coder",
  aliases: ["qwen3_xml"],
  models: ["Qwen3-Coder", "Qwen3-Coder-Next", "Qwen3.5", "Qwen3.6"],
  detect: [/qwen[-_ ]?3[-_ ]?coder/i, /qwen[-_ ]?3\.[5-9]/i],
  specialTokens: [OPEN, CLOSE, "<think>", "</think>"],
  reasoning: true,
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [OPEN, FUNCTION],
      calls: () => ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("\n")),
    });
  },
  render(calls) {
    return calls
      .map((c) => {
        const params = Object.entries(argumentsObject(c.arguments))
          .map(([k, v]) => `${PARAM}${k}>\n${rawValueText(v)}\n${PARAM_END}\n`)
          .join("");
        return `${OPEN}\n${FUNCTION}${c.name}>\n${params}${FUNCTION_END}\n${CLOSE}`;
      })
      .join("\n");
  },
  parse,
};

function call(ctx: GrammarContext, tool: Tool): Expr {
  const params = paramSequence(ctx, tool, [PARAM_END, FUNCTION_END], (p, value) => seq(literal(`${PARAM}${p.name}>\n`), value, literal(`\n${PARAM_END}\n`)));
  return seq(ctx.marker(OPEN), literal(`\n${FUNCTION}${tool.name}>\n`), params, literal(`${FUNCTION_END}\n`), ctx.marker(CLOSE));
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([OPEN, FUNCTION], (t) => c.out.text(t));
    if (opened === null) return;
    const call = c.out.call(c.pos - opened.length);
    yield* attempt(c, call, body(c, call, opened === OPEN), [opened === OPEN ? CLOSE : FUNCTION_END]);
  }
}

const nameChar = (ch: number): boolean => ch !== 0x3e && ch !== 0x3c && ch > 0x20;

function* body(c: Cursor, call: CallBuilder, wrapped: boolean): Step<void> {
  if (wrapped) {
    yield* c.skipSpace();
    yield* c.expect(FUNCTION);
  }
  const name = yield* c.word(nameChar, "a function name");
  yield* c.expect(">");
  c.checkName(call, name);
  call.setName(name);
  const args = new XmlArguments(call, c.tool(name), "newline");
  for (;;) {
    yield* c.skipSpace();
    if (yield* c.accept(FUNCTION_END)) break;
    yield* c.expect(PARAM, `"${PARAM}" or "${FUNCTION_END}"`);
    const key = yield* c.word(nameChar, "a parameter name");
    yield* c.expect(">");
    args.begin(key);
    const end = yield* c.until([PARAM_END, FUNCTION_END], args.chunk);
    if (end === null) throw new CallFailure("truncated_call", "the output ends inside a parameter value");
    args.end();
    // A value the model forgot to close with </parameter> ends at </function>.
    if (end === FUNCTION_END) break;
  }
  args.finish();
  if (wrapped) {
    yield* c.skipSpace();
    yield* c.expect(CLOSE);
  }
}
