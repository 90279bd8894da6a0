import { literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { paramSequence, rawValueProblem, rawValueText } from "../grammar/params.js";
import { attempt, CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { XmlArguments, type ValueTrim } from "../parse/xml-arguments.js";
import type { Tool } from "../tools.js";

const FUNCTION = "<function=";
const PARAM = "<parameter=";
const PARAM_END = "</parameter>";
const FUNCTION_END = "</function>";
/** What ends a raw value: its own end, or the function's (a value left unclosed). */
const VALUE_ENDS = [PARAM_END, FUNCTION_END];

/** Characters of the names in `<function=NAME>` and `<parameter=KEY>`: no space, `<` or `>`. */
const nameChar = (ch: number): boolean => ch !== 0x3e && ch !== 0x3c && ch > 0x20;

/** Why `name` cannot be written as `<parameter=KEY>` (the parser reads the key up to `>`, without spaces). */
function parameterNameProblem(name: string): string | undefined {
  if (name === "") return "the name in <parameter=…> cannot be empty";
  for (let i = 0; i < name.length; i++) {
    if (!nameChar(name.charCodeAt(i))) return "the name in <parameter=…> cannot contain whitespace, control characters, \"<\" or \">\"";
  }
  return undefined;
}

/** A format of `<function=NAME>` blocks with one `<parameter=KEY>` element per argument. */
export interface FunctionParamsSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly models: readonly string[];
  readonly detect?: FormatDefinition["detect"];
  /** Markers around each call. */
  readonly open: string;
  readonly close: string;
  readonly reasoning: readonly [string, string];
  readonly specialTokens: readonly string[];
  /** Written around a value inside its parameter element (Qwen: a newline each side). */
  readonly valuePad: string;
}

/**
 * Builds a `<function=…>` format (Qwen3-Coder, Seed-OSS): values are raw text, strings verbatim
 * and other types as JSON, typed back by the tool's schema. A bare `<function=…>` block without
 * the wrapper is read too, and a value left unclosed before `</function>` ends there.
 */
export function functionParamsFormat(spec: FunctionParamsSpec): FormatDefinition {
  const trim: ValueTrim = spec.valuePad === "\n" ? "newline" : "none";
  const call = (ctx: GrammarContext, tool: Tool): Expr => {
    const params = paramSequence(ctx, tool, VALUE_ENDS, (p, value) => seq(literal(`${PARAM}${p.name}>${spec.valuePad}`), value, literal(`${spec.valuePad}${PARAM_END}\n`)));
    return seq(ctx.marker(spec.open), literal(`\n${FUNCTION}${tool.name}>\n`), params, literal(`${FUNCTION_END}\n`), ctx.marker(spec.close));
  };

  function* parse(c: Cursor): Step<void> {
    yield* reasoningBlock(c, spec.reasoning[0], spec.reasoning[1]);
    for (;;) {
      const opened = yield* c.until([spec.open, FUNCTION], (t) => c.out.text(t));
      if (opened === null) return;
      const one = c.out.call(c.pos - opened.length);
      yield* attempt(c, one, body(c, one, opened === spec.open), [opened === spec.open ? spec.close : FUNCTION_END]);
    }
  }

  function* body(c: Cursor, call: CallBuilder, wrapped: boolean): Step<void> {
    if (wrapped) {
      yield* c.skipSpace();
      yield* c.expect(FUNCTION);
    }
    const name = yield* c.word(nameChar, "a function name");
    yield* c.expect(">");
    c.checkName(call, name);
    call.setName(name);
    const args = new XmlArguments(call, c.tool(name), trim);
    for (;;) {
      yield* c.skipSpace();
      if (yield* c.accept(FUNCTION_END)) break;
      yield* c.expect(PARAM, `"${PARAM}" or "${FUNCTION_END}"`);
      const key = yield* c.word(nameChar, "a parameter name");
      yield* c.expect(">");
      args.begin(key);
      const end = yield* c.until(VALUE_ENDS, args.chunk);
      if (end === null) throw new CallFailure("truncated_call", "the output ends inside a parameter value");
      args.end();
      // A value the model forgot to close with </parameter> ends at </function>.
      if (end === FUNCTION_END) break;
    }
    args.finish();
    if (wrapped) {
      yield* c.skipSpace();
      yield* c.expect(spec.close);
    } else {
      // A block the model opened without the wrapper may still close it: that marker is the call's.
      const space = yield* c.space();
      if (!(yield* c.accept(spec.close))) c.pos -= space.length;
    }
  }

  return {
    name: spec.name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    models: spec.models,
    ...(spec.detect ? { detect: spec.detect } : {}),
    specialTokens: spec.specialTokens,
    reasoning: true,
    reasoningMarkers: spec.reasoning,
    parameterNameProblem,
    argumentValueProblem: (v) => rawValueProblem(v, VALUE_ENDS),
    grammar(ctx) {
      return ctx.shape({
        reasoning: spec.reasoning,
        openers: [spec.open, FUNCTION],
        calls: () => ctx.repeatCalls(anyTool(ctx, (t) => call(ctx, t)), literal("\n")),
      });
    },
    render(calls) {
      return calls
        .map((c) => {
          const params = Object.entries(argumentsObject(c.arguments))
            .map(([k, v]) => `${PARAM}${k}>${spec.valuePad}${rawValueText(v, VALUE_ENDS)}${spec.valuePad}${PARAM_END}\n`)
            .join("");
          return `${spec.open}\n${FUNCTION}${c.name}>\n${params}${FUNCTION_END}\n${spec.close}`;
        })
        .join("\n");
    },
    parse,
  };
}
