import { choice, EMPTY, literal, optional, seq, type Expr } from "@toolmask/grammar";
import type { GrammarContext } from "../format.js";
import { valueKind, type ValueKind } from "../parse/typed-values.js";
import type { Tool, ToolProperty } from "../tools.js";
import { jsonText } from "../value-text.js";

/** How one parameter is written, given the grammar of its value and how the value is spelled. */
export type ParamWriter = (property: ToolProperty, value: Expr, kind: ValueKind) => Expr;

/**
 * The grammar of a property's value in formats that write values as raw text: a string is raw
 * text without `rawEnd` (one of its `enum` values; its `pattern` or `format` where that keeps
 * the end markers out), anything else is JSON by its schema.
 */
export function paramValue(ctx: GrammarContext, tool: Tool, property: ToolProperty, rawEnd: readonly string[]): { value: Expr; kind: ValueKind } {
  const kind = valueKind(property.schema);
  if (kind === "json") return { value: ctx.value(tool, property), kind };
  const fixed = stringEnum(property.schema);
  if (fixed) return { value: literalChoice(fixed), kind: "string" };
  const constrained = kind === "string" ? ctx.rawString(tool, property, rawEnd) : undefined;
  return { value: constrained ?? ctx.text(rawEnd), kind };
}

/**
 * Any one of `texts` (at least one), each once. Built without spreading them into `choice`: an
 * enum of a hundred thousand values would overflow the call stack.
 */
export function literalChoice(texts: readonly string[]): Expr {
  const items = [...new Set(texts)].map((t) => literal(t));
  return items.length === 1 ? items[0]! : { kind: "choice", items };
}

/** The string values an `enum`/`const` allows, when all are strings. */
export function stringEnum(schema: { readonly [k: string]: unknown }): string[] | undefined {
  const values = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (!values || values.length === 0 || !values.every((v) => typeof v === "string")) return undefined;
  return values as string[];
}

/**
 * A tool's parameters in declaration order: required ones always, optional ones optionally. Only
 * declared parameters are allowed (formats that write parameters one by one carry no others).
 */
export function paramSequence(ctx: GrammarContext, tool: Tool, rawEnd: readonly string[], write: ParamWriter): Expr {
  const items = tool.properties.map((p) => {
    const { value, kind } = paramValue(ctx, tool, p, rawEnd);
    const one = write(p, value, kind);
    return p.required ? one : optional(one);
  });
  return items.length === 0 ? EMPTY : seq(...items);
}

/**
 * A value as XML formats render it: strings raw, anything else as JSON. JSON text that would hold
 * one of `ends` (the markers that end a raw value) has its `<` written `\u003c`, which JSON reads
 * back as the same character (JSON text has `<` only inside strings).
 */
export function rawValueText(v: unknown, ends: readonly string[]): string {
  if (typeof v === "string") return v;
  const json = jsonText(v);
  return ends.some((m) => json.includes(m)) ? json.replaceAll("<", "\\u003c") : json;
}

/**
 * Why a value cannot be written raw before one of `ends` (see `rawValueText`), or undefined: a
 * string is written verbatim, so one holding an end marker would end there.
 */
export function rawValueProblem(v: unknown, ends: readonly string[]): string | undefined {
  const text = rawValueText(v, ends);
  const end = ends.find((m) => text.includes(m));
  if (end === undefined) return undefined;
  return typeof v === "string" ? `a string value is written verbatim, and ${JSON.stringify(end)} in it would end the value` : `its JSON text holds ${JSON.stringify(end)}, which would end the value`;
}

/**
 * Items in order, required ones always and optional ones optionally, with `sep` between the
 * written ones (never before the first): one rule per position, so the size stays linear.
 */
export function separatedItems(ctx: GrammarContext, items: readonly { readonly expr: Expr; readonly required: boolean }[], sep: Expr): Expr {
  const n = items.length;
  if (n === 0) return EMPTY;
  // after[k]: items k.. when something was written before them; from[k]: items k.. written first.
  const after: Expr[] = Array(n + 1);
  after[n] = EMPTY;
  for (let k = n - 1; k >= 0; k--) {
    const one = seq(sep, items[k]!.expr);
    after[k] = ctx.builder.rule("after", seq(items[k]!.required ? one : optional(one), after[k + 1]!));
  }
  // Written first, item k needs every earlier item optional; nothing at all needs all optional.
  let from: Expr | undefined;
  for (let k = n - 1; k >= 0; k--) {
    const here = seq(items[k]!.expr, after[k + 1]!);
    from = items[k]!.required || from === undefined ? here : choice(here, from);
  }
  return items.every((i) => !i.required) ? optional(from!) : from!;
}
