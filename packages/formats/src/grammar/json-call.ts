import { literal, seq, type Expr } from "@toolmask/grammar";
import type { GrammarContext } from "../format.js";
import type { Tool } from "../tools.js";
import { anyTool } from "./context.js";

/** `{"name": "NAME", "<argsKey>": ARGS}` with JSON whitespace between the parts. */
export function jsonCallExpr(ctx: GrammarContext, tool: Tool, argsKey = "arguments"): Expr {
  const { ws } = ctx;
  return seq(
    literal("{"),
    ws,
    literal('"name"'),
    ws,
    literal(":"),
    ws,
    literal(JSON.stringify(tool.name)),
    ws,
    literal(","),
    ws,
    literal(JSON.stringify(argsKey)),
    ws,
    literal(":"),
    ws,
    ctx.args(tool),
    ws,
    literal("}"),
  );
}

/** `[call, call, …]` of JSON call objects (one element when parallel calls are off). */
export function jsonCallArrayExpr(ctx: GrammarContext, argsKey = "arguments"): Expr {
  const { ws } = ctx;
  return seq(literal("["), ws, ctx.repeatCalls(anyTool(ctx, (t) => jsonCallExpr(ctx, t, argsKey)), seq(ws, literal(","), ws)), ws, literal("]"));
}

/** How JSON formats render one call object. */
export function jsonCallText(name: string, args: string, argsKey = "arguments"): string {
  return `{"name": ${JSON.stringify(name)}, ${JSON.stringify(argsKey)}: ${args}}`;
}
