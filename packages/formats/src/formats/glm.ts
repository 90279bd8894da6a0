import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { paramSequence, rawValueProblem, rawValueText } from "../grammar/params.js";
import { attempt, CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { rawValue, XmlArguments } from "../parse/xml-arguments.js";
import type { Tool } from "../tools.js";

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";
const KEY = "<arg_key>";
const KEY_END = "</arg_key>";
const VALUE = "<arg_value>";
const VALUE_END = "</arg_value>";
const VALUE_ENDS = [VALUE_END];

/** GLM's two whitespace conventions: 4.5/4.6 put each element on its own line, 4.7+ none. */
export interface GlmSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly models: readonly string[];
  readonly detect: NonNullable<FormatDefinition["detect"]>;
  /** What the template writes between elements: "\n" (4.5/4.6) or "" (4.7, 5.x). */
  readonly gap: string;
}

/**
 * Builds a GLM format: `<tool_call>NAME` then `<arg_key>K</arg_key><arg_value>V</arg_value>`
 * pairs and `</tool_call>`; values are raw text (strings verbatim, whitespace included, others as
 * JSON) typed back by the schema. The parser reads either whitespace convention.
 */
export function glmFormat(spec: GlmSpec): FormatDefinition {
  const g = spec.gap;
  const call = (ctx: GrammarContext, tool: Tool): Expr => {
    const params = paramSequence(ctx, tool, VALUE_ENDS, (p, value) => seq(ctx.marker(KEY), literal(p.name), ctx.marker(KEY_END), literal(g), ctx.marker(VALUE), value, ctx.marker(VALUE_END), literal(g)));
    return seq(ctx.marker(OPEN), literal(`${tool.name}${g}`), params, ctx.marker(CLOSE));
  };
  return {
    name: spec.name,
    aliases: spec.aliases,
    models: spec.models,
    detect: spec.detect,
    specialTokens: [OPEN, CLOSE, KEY, KEY_END, VALUE, VALUE_END, "<think>", "</think>"],
    reasoning: true,
    reasoningMarkers: ["<think>", "</think>"],
    parameterNameProblem,
    argumentValueProblem: (v) => rawValueProblem(v, VALUE_ENDS),
    grammar(ctx) {
      return ctx.shape({
        reasoning: ["<think>", "</think>"],
        openers: [OPEN],
        calls: () => ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal(g)),
      });
    },
    render(calls) {
      return calls
        .map((c) => {
          const args = Object.entries(argumentsObject(c.arguments))
            .map(([k, v]) => `${KEY}${k}${KEY_END}${g}${VALUE}${rawValueText(v, VALUE_ENDS)}${VALUE_END}${g}`)
            .join("");
          return `${OPEN}${c.name}${g}${args}${CLOSE}`;
        })
        .join(g);
    },
    parse,
  };
}

/** Why `name` cannot be written between `<arg_key>` and `</arg_key>` (the parser trims the key). */
function parameterNameProblem(name: string): string | undefined {
  if (name.includes(KEY_END)) return `the name cannot contain ${KEY_END}`;
  if (name.includes(CLOSE)) return `the name cannot contain ${CLOSE}`;
  if (name.trim() !== name) return "the parser trims whitespace at the ends of <arg_key>";
  return undefined;
}

function* parse(c: Cursor): Step<void> {
  yield* reasoningBlock(c, "<think>", "</think>");
  for (;;) {
    const opened = yield* c.until([OPEN], (t) => c.out.text(t));
    if (opened === null) return;
    const call = c.out.call(c.pos - OPEN.length);
    yield* attempt(c, call, body(c, call), [CLOSE]);
  }
}

const nameChar = (ch: number): boolean => ch > 0x20 && ch !== 0x3c;

function* body(c: Cursor, call: CallBuilder): Step<void> {
  yield* c.skipSpace();
  const name = yield* c.word(nameChar, "a function name");
  c.checkName(call, name);
  call.setName(name);
  const args = new XmlArguments(call, c.tool(name), "none");
  for (;;) {
    yield* c.skipSpace();
    if (yield* c.accept(CLOSE)) break;
    yield* c.expect(KEY, `"${KEY}" or "${CLOSE}"`);
    let key = "";
    // A key left unclosed ends the call where </tool_call> comes, not at a later call's </arg_key>.
    const closed = yield* c.until([KEY_END, CLOSE], (t) => (key += t));
    if (closed === null) yield* c.expect(KEY_END);
    if (closed === CLOSE) {
      c.pos -= CLOSE.length;
      throw new CallFailure("malformed_call", `expected "${KEY_END}" before "${CLOSE}" at offset ${c.pos}`);
    }
    yield* c.skipSpace();
    yield* c.expect(VALUE);
    args.begin(key.trim());
    yield* rawValue(c, args, VALUE_END);
  }
  args.finish();
}
