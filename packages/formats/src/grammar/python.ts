import { charClass, choice, literal, repeat, seq, star, type Expr } from "@toolmask/grammar";
import type { GrammarContext } from "../format.js";
import { valueKind } from "../parse/typed-values.js";
import type { Tool } from "../tools.js";
import { anyTool } from "./context.js";
import { literalChoice, separatedItems, stringEnum } from "./params.js";

const HEX = charClass([
  [0x30, 0x39],
  [0x41, 0x46],
  [0x61, 0x66],
]);

/** A one-line Python string literal in either quote, with the escapes the parser reads. */
function pythonString(quote: string): Expr {
  const q = quote.codePointAt(0)!;
  const plain = charClass([[q, q], [0x5c, 0x5c], [0x0a, 0x0a]], true);
  const escape = seq(literal("\\"), choice(charClass([[0x0a, 0x0a], [0x55, 0x55], [0x75, 0x75], [0x78, 0x78]], true), seq(literal("x"), repeat(HEX, 2)), seq(literal("u"), repeat(HEX, 4))));
  return seq(literal(quote), star(choice(plain, escape)), literal(quote));
}

/** One rule shared by every string argument. */
export function pythonStringRule(ctx: GrammarContext): Expr {
  return ctx.builder.rule("py_string", choice(pythonString('"'), pythonString("'")));
}

/** `name(key=value, …)`: keyword arguments in declaration order, values as Python literals. */
export function pythonCallExpr(ctx: GrammarContext, tool: Tool, str: Expr): Expr {
  const items = tool.properties.map((p) => {
    const fixed = stringEnum(p.schema);
    const value = fixed ? literalChoice(fixed.flatMap((v) => [JSON.stringify(v), `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`])) : valueKind(p.schema) === "string" ? str : ctx.value(tool, p, "python");
    return { expr: seq(literal(`${p.name}=`), value), required: p.required };
  });
  return seq(literal(`${tool.name}(`), separatedItems(ctx, items, literal(", ")), literal(")"));
}

/** `[call, call, …]` (one call when parallel calls are off). */
export function pythonListExpr(ctx: GrammarContext): Expr {
  const str = pythonStringRule(ctx);
  return seq(literal("["), ctx.repeatCalls(anyTool(ctx, (t) => pythonCallExpr(ctx, t, str)), literal(", ")), literal("]"));
}
