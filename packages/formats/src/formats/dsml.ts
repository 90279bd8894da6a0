import { choice, literal, seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition, GrammarContext } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { paramSequence, paramValue, rawValueProblem, rawValueText } from "../grammar/params.js";
import { quotedAttributeProblem, tagAttributes } from "../parse/attributes.js";
import { callBlock } from "../parse/call-block.js";
import { CallFailure, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { argumentsObject } from "../parse/json-call.js";
import { rawValue, XmlArguments } from "../parse/xml-arguments.js";
import type { Tool } from "../tools.js";

const D = "｜DSML｜";
const INVOKE = `<${D}invoke`;
const INVOKE_END = `</${D}invoke>`;
const PARAM = `<${D}parameter`;
const PARAM_END = `</${D}parameter>`;
const VALUE_ENDS = [PARAM_END];

/** A DSML generation: which outer element wraps the calls. */
export interface DsmlSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly models: readonly string[];
  readonly detect: NonNullable<FormatDefinition["detect"]>;
  /** "function_calls" (V3.2) or "tool_calls" (V4). */
  readonly block: string;
  readonly specialTokens: readonly string[];
}

/**
 * Builds a DeepSeek DSML format: `<｜DSML｜BLOCK>` of `<｜DSML｜invoke name="NAME">` elements whose
 * `<｜DSML｜parameter name="KEY" string="true|false">` children hold a raw string (`true`) or JSON.
 */
export function dsmlFormat(spec: DsmlSpec): FormatDefinition {
  const open = `<${D}${spec.block}>`;
  const close = `</${D}${spec.block}>`;
  const invoke = (ctx: GrammarContext, tool: Tool): Expr => {
    const params = paramSequence(ctx, tool, VALUE_ENDS, (p, value, kind) => {
      const head = (s: boolean): Expr => seq(ctx.marker(PARAM), literal(` name="${p.name}" string="${s}">`));
      if (kind === "string") return seq(head(true), value, ctx.marker(PARAM_END), literal("\n"));
      if (kind === "json") return seq(head(false), value, ctx.marker(PARAM_END), literal("\n"));
      // A type that admits strings and more: a raw string, or JSON.
      const json = paramValue(ctx, tool, { ...p, schema: { ...p.schema, type: nonStringTypes(p.schema) } }, VALUE_ENDS).value;
      return seq(choice(seq(head(true), value), seq(head(false), json)), ctx.marker(PARAM_END), literal("\n"));
    });
    return seq(ctx.marker(INVOKE), literal(` name="${tool.name}">\n`), params, ctx.marker(INVOKE_END), literal("\n"));
  };

  function* parse(c: Cursor): Step<void> {
    yield* reasoningBlock(c, "<think>", "</think>");
    for (;;) {
      const opened = yield* c.until([open], (t) => c.out.text(t));
      if (opened === null) return;
      yield* callBlock(c, c.pos - open.length, INVOKE_END, close, (call) => one(c, call), INVOKE);
    }
  }

  return {
    name: spec.name,
    aliases: spec.aliases,
    models: spec.models,
    detect: spec.detect,
    specialTokens: spec.specialTokens,
    reasoning: true,
    reasoningMarkers: ["<think>", "</think>"],
    parameterNameProblem: quotedAttributeProblem,
    argumentValueProblem: (v) => rawValueProblem(v, VALUE_ENDS),
    grammar(ctx) {
      return ctx.shape({
        reasoning: ["<think>", "</think>"],
        openers: [open],
        calls: () => seq(ctx.marker(open), literal("\n"), ctx.repeatCalls(anyTool(ctx, (t) => invoke(ctx, t)), literal("")), ctx.marker(close)),
      });
    },
    render(calls) {
      const invokes = calls.map((c) => {
        const params = Object.entries(argumentsObject(c.arguments))
          .map(([k, v]) => `${PARAM} name="${k}" string="${typeof v === "string"}">${rawValueText(v, VALUE_ENDS)}${PARAM_END}\n`)
          .join("");
        return `${INVOKE} name="${c.name}">\n${params}${INVOKE_END}\n`;
      });
      return `${open}\n${invokes.join("")}${close}`;
    },
    parse,
  };
}

function nonStringTypes(schema: { readonly [k: string]: unknown }): string[] {
  const t = schema.type;
  const all = Array.isArray(t) ? (t as string[]) : typeof t === "string" ? [t] : ["number", "integer", "boolean", "null", "array", "object"];
  return all.filter((x) => x !== "string");
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
    const attrs = yield* tagAttributes(c);
    const key = attrs.get("name");
    if (key === undefined) throw new CallFailure("malformed_call", "a parameter without a name");
    const str = attrs.get("string");
    args.begin(key, str === undefined ? undefined : str === "true");
    yield* rawValue(c, args, PARAM_END);
  }
  args.finish();
}
