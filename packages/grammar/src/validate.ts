import { exprProductive, productiveRules, reachableRules } from "./analysis.js";
import { checkDepth } from "./depth.js";
import { GrammarError } from "./errors.js";
import { type Expr, type Grammar } from "./ir.js";
import { isSurrogate, loneSurrogateAt, MAX_CODEPOINT } from "./utf8.js";

/** A problem that does not stop a grammar from being used. */
export interface GrammarWarning {
  readonly code: "unreachable_rule" | "unproductive_rule";
  readonly rule: string;
  readonly message: string;
}

/** Rule names every printer can spell (after its own renaming). */
export const RULE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Checks that a grammar can be used: the start rule exists, every referenced rule is defined,
 * repetition bounds are sane, code points are encodable, and the start rule derives at least
 * one string. Throws a {@link GrammarError} naming the rule; returns warnings for rules that are
 * unreachable or can never complete.
 */
export interface ValidateOptions {
  /**
   * Skip the language analyses (empty language, unreachable and unproductive rules) and check
   * structure only. For callers that analyse the grammar themselves, as the engine does.
   */
  readonly structureOnly?: boolean;
}

export function validateGrammar(g: Grammar, options: ValidateOptions = {}): GrammarWarning[] {
  checkRuleNames(g);
  for (const [name, body] of g.rules) checkExpr(g, name, body);
  if (options.structureOnly) return [];
  const productive = productiveRules(g);
  if (!productive.has(g.start)) {
    throw new GrammarError("empty_language", `start rule "${g.start}" derives no finite string: the grammar's language is empty`, g.start);
  }
  const warnings: GrammarWarning[] = [];
  const reachable = reachableRules(g);
  for (const [name, body] of g.rules) {
    if (!reachable.has(name)) {
      warnings.push({ code: "unreachable_rule", rule: name, message: `rule "${name}" is not reachable from "${g.start}"` });
    } else if (!exprProductive(body, productive)) {
      warnings.push({ code: "unproductive_rule", rule: name, message: `rule "${name}" derives no finite string, so no output can use it` });
    }
  }
  return warnings;
}

/**
 * The part of {@link validateGrammar}'s structure check that is not per expression: the start
 * rule exists and every rule name can be printed. A caller walking the rules itself (as the
 * engine does, once, for its own analysis) pairs it with {@link checkNode} at every node.
 */
export function checkRuleNames(g: Grammar): void {
  if (!g.rules.has(g.start)) {
    throw new GrammarError("missing_start_rule", `start rule "${g.start}" is not defined`, g.start);
  }
  for (const name of g.rules.keys()) {
    if (!RULE_NAME.test(name)) {
      throw new GrammarError("invalid_rule_name", `rule name "${name}" must match ${RULE_NAME.source}`, name);
    }
  }
}

/**
 * Checks one expression node of rule `rule`, nested `depth` levels inside the rule's body (the
 * body is level 0), not its children: the depth is within MAX_EXPR_DEPTH, text is well-formed,
 * class bounds are code points, a referenced rule is in `rules`, a choice has alternatives,
 * repetition bounds are sane. Throws the {@link GrammarError} {@link validateGrammar} would.
 */
export function checkNode(rule: string, e: Expr, rules: { has(name: string): boolean }, depth: number): void {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "literal":
      checkText(rule, e.text, "literal");
      break;
    case "token":
      if (e.text === "") throw new GrammarError("invalid_token", `rule "${rule}": a special token needs a non-empty name`, rule);
      checkText(rule, e.text, "token");
      break;
    case "class":
      for (let i = 0; i < e.ranges.length; i++) {
        const lo = e.ranges[i]![0];
        const hi = e.ranges[i]![1];
        checkBound(rule, lo);
        checkBound(rule, hi);
        if (lo > hi) throw new GrammarError("invalid_codepoint", `rule "${rule}": character class range U+${hex(lo)}-U+${hex(hi)} is reversed`, rule);
      }
      break;
    case "ref":
      if (!rules.has(e.name)) throw new GrammarError("undefined_rule", `rule "${rule}" refers to undefined rule "${e.name}"`, e.name);
      break;
    case "choice":
      if (e.items.length === 0) throw new GrammarError("empty_choice", `rule "${rule}": a choice needs at least one alternative`, rule);
      break;
    case "repeat":
      checkRepeat(rule, e.min, e.max);
      break;
    case "sequence":
      break;
  }
}

function checkExpr(g: Grammar, rule: string, e: Expr, depth = 0): void {
  checkNode(rule, e, g.rules, depth);
  switch (e.kind) {
    case "sequence":
    case "choice":
      for (const item of e.items) checkExpr(g, rule, item, depth + 1);
      break;
    case "repeat":
      checkExpr(g, rule, e.item, depth + 1);
      break;
    default:
      break;
  }
}

function checkBound(rule: string, cp: number): void {
  if (!Number.isInteger(cp) || cp < 0 || cp > MAX_CODEPOINT) {
    throw new GrammarError("invalid_codepoint", `rule "${rule}": character class bound ${cp} is not a Unicode code point`, rule);
  }
  if (isSurrogate(cp)) {
    throw new GrammarError("invalid_codepoint", `rule "${rule}": character class bound U+${hex(cp)} is a surrogate, which has no UTF-8 encoding`, rule);
  }
}

export function checkRepeat(rule: string, min: number, max: number): void {
  if (!Number.isInteger(min) || min < 0) {
    throw new GrammarError("invalid_repeat", `rule "${rule}": repetition lower bound ${min} must be a non-negative integer`, rule);
  }
  if (max !== Infinity && (!Number.isInteger(max) || max < min)) {
    throw new GrammarError("invalid_repeat", `rule "${rule}": repetition {${min},${max}} has its upper bound below the lower bound`, rule);
  }
}

function checkText(rule: string, text: string, what: string): void {
  const at = loneSurrogateAt(text);
  if (at >= 0) {
    throw new GrammarError("invalid_codepoint", `rule "${rule}": ${what} contains lone surrogate U+${hex(text.charCodeAt(at))}, which has no UTF-8 encoding`, rule);
  }
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, "0");
}
