// A custom tool-call format, registered with toolmask so every API takes it by name.
//
// Llama 3.1 and Llama 4 can be prompted to call functions as
//   <function=get_weather>{"city": "Paris"}</function>
// (Meta's prompt-format docs show it as the "custom" tool format). No server ships a parser for
// it, so an app that prompts this way registers its own: a grammar builder (what the engine
// masks with), a renderer and an incremental parser, side by side.
import { literal, seq } from "@toolmask/grammar";
import {
  anyTool,
  argumentsText,
  attempt,
  CallFailure,
  jsonArguments,
  registerFormat,
  type CallBuilder,
  type Cursor,
  type FormatDefinition,
  type Step,
} from "@toolmask/formats";

const OPEN = "<function=";
const CLOSE = "</function>";

export const functionTags: FormatDefinition = {
  name: "function_tags",
  aliases: ["llama_function_tags"],
  models: ["Llama 3.1 (custom tool prompt)", "Llama 4 (custom tool prompt)"],
  // Plain text: these markers are ordinary tokens in Llama's vocabulary.
  specialTokens: [],

  // The grammar: free text without "<function=", then calls; the shape (what auto, required,
  // named, none and parallel_tool_calls allow) comes from the context.
  grammar(ctx) {
    return ctx.shape({
      openers: [OPEN],
      calls: () => ctx.repeatCalls(anyTool(ctx, (tool) => seq(literal(`${OPEN}${tool.name}>`), ctx.args(tool), literal(CLOSE))), ctx.ws),
    });
  },

  render(calls) {
    return calls.map((c) => `${OPEN}${c.name}>${argumentsText(c.arguments)}${CLOSE}`).join("\n");
  },

  // The parser is a generator over the text: it yields when it needs text that has not arrived,
  // so the same code serves parseToolCalls and streaming, whatever the chunking.
  *parse(c: Cursor): Step<void> {
    for (;;) {
      const opened = yield* c.until([OPEN], (text) => c.out.text(text));
      if (opened === null) return;
      const call = c.out.call(c.pos - OPEN.length);
      // On failure the call is withdrawn and its text, through </function>, stays content.
      yield* attempt(c, call, body(c, call), [CLOSE]);
    }
  },
};

function* body(c: Cursor, call: CallBuilder): Step<void> {
  let name = "";
  const end = yield* c.until([">"], (text) => (name += text));
  if (end === null) throw new CallFailure("truncated_call", "the output ends inside a function name");
  c.checkName(call, name);
  call.setName(name);
  // The arguments stream to the client as the exact bytes the model writes.
  yield* jsonArguments(c, call);
  yield* c.skipSpace();
  yield* c.expect(CLOSE);
}

/** Registers the format once; afterwards "function_tags" works in every toolmask API. */
export function registerFunctionTags(): void {
  try {
    registerFormat(functionTags);
  } catch (e) {
    if ((e as { code?: string }).code !== "duplicate_format") throw e;
  }
}
