import { literal, seq } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { pythonCallExpr, pythonStringRule } from "../grammar/python.js";
import { callBlock } from "../parse/call-block.js";
import { reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import { pythonCall, pythonParameterNameProblem } from "../parse/pythonic.js";
import { renderPythonCall } from "./pythonic.js";

const OPEN = "<function_calls>";
const CLOSE = "</function_calls>";

/**
 * OLMo 3: pythonic calls one per line inside `<function_calls>` … `</function_calls>`, after an
 * optional `<think>` block; values may use JSON's true/false/null.
 */
export const olmo3: FormatDefinition = {
  name: "olmo3",
  aliases: ["olmo"],
  models: ["OLMo 3 Instruct", "OLMo 3 Think"],
  detect: [/olmo[-_ ]?3/i],
  specialTokens: [],
  reasoning: true,
  reasoningMarkers: ["<think>", "</think>"],
  grammar(ctx) {
    return ctx.shape({
      reasoning: ["<think>", "</think>"],
      openers: [OPEN],
      calls: () => {
        const str = pythonStringRule(ctx);
        return seq(literal(`${OPEN}\n`), ctx.repeatCalls(anyTool(ctx, (t) => pythonCallExpr(ctx, t, str)), literal("\n")), literal(`\n${CLOSE}`));
      },
    });
  },
  parameterNameProblem: pythonParameterNameProblem,
  render(calls) {
    return `${OPEN}\n${calls.map(renderPythonCall).join("\n")}\n${CLOSE}`;
  },
  parse,
};

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([OPEN], (t) => c.out.text(t));
    if (opened === null) return;
    // One call per line: a failed call's text runs to the end of its line, and the calls on the
    // lines after it are still read.
    yield* callBlock(c, c.pos - OPEN.length, "\n", CLOSE, (call) => pythonCall(c, call));
  }
}
