import { GrammarError } from "./errors.js";

/**
 * Expressions nested deeper than this inside one rule are refused (`expression_too_deep`): every
 * walk over the IR recurses into its parts, and the call stack is finite. Deeper structure is
 * written with rules, which any depth of nesting can use (the parsers keep their own stacks).
 */
export const MAX_EXPR_DEPTH = 1000;

/**
 * Throws `expression_too_deep` for an expression nested `depth` levels inside rule `rule` (the
 * rule's body is level 0; `undefined` for an expression outside any rule). Every recursive walk
 * over the IR calls it per node, so IR nested past MAX_EXPR_DEPTH is a GrammarError, never a
 * stack overflow.
 */
export function checkDepth(rule: string | undefined, depth: number): void {
  if (depth > MAX_EXPR_DEPTH) {
    const what = rule === undefined ? "an expression nests" : `rule "${rule}": expressions nest`;
    throw new GrammarError("expression_too_deep", `${what} more than ${MAX_EXPR_DEPTH} levels deep; split ${rule === undefined ? "it" : "the rule"} into rules`, rule);
  }
}
