import { checkDepth } from "./depth.js";
import { stronglyConnectedComponents } from "./graph.js";
import { classCodepoints, forEachRef, type CharClass, type Expr, type Grammar } from "./ir.js";

/**
 * A grammar's call graph: its rules by number, the rules each body refers to (by number, -1
 * for an undefined rule, repeats allowed), and the strongly connected components in Tarjan's
 * order (callees first; see `stronglyConnectedComponents`).
 */
export interface RuleGraph {
  readonly names: readonly string[];
  readonly callees: readonly (readonly number[])[];
  readonly order: readonly (readonly number[])[];
}

export function ruleGraph(g: Grammar): RuleGraph {
  const names = [...g.rules.keys()];
  const index = new Map(names.map((name, i) => [name, i]));
  const callees = names.map((name) => {
    const out: number[] = [];
    forEachRef(g.rules.get(name)!, (r) => out.push(index.get(r) ?? -1));
    return out;
  });
  const { order } = stronglyConnectedComponents(names.length, (r) => callees[r]!.length, (r, i) => callees[r]![i]!);
  return { names, callees, order };
}

/** Rules that derive at least one finite string. `graph`: the grammar's call graph, if the caller has it. */
export function productiveRules(g: Grammar, graph: RuleGraph = ruleGraph(g)): Set<string> {
  return leastRules(g, graph, productiveAt);
}

/** Rules that derive the empty string. `graph`: the grammar's call graph, if the caller has it. */
export function nullableRules(g: Grammar, graph: RuleGraph = ruleGraph(g)): Set<string> {
  return leastRules(g, graph, nullableAt);
}

/**
 * Whether `e` derives a finite string, given the rules that do. IR nested past MAX_EXPR_DEPTH is
 * `GrammarError("expression_too_deep")`, not a stack overflow (as for {@link exprNullable}).
 */
export function exprProductive(e: Expr, rules: ReadonlySet<string>): boolean {
  return productiveAt(e, rules, 0);
}

function productiveAt(e: Expr, rules: ReadonlySet<string>, depth: number, rule?: string): boolean {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "literal":
    case "token":
      return true;
    case "class":
      return classNonEmpty(e);
    case "ref":
      return rules.has(e.name);
    case "sequence":
      return e.items.every((x) => productiveAt(x, rules, depth + 1, rule));
    case "choice":
      return e.items.some((x) => productiveAt(x, rules, depth + 1, rule));
    case "repeat":
      return e.min === 0 || productiveAt(e.item, rules, depth + 1, rule);
  }
}

/**
 * Whether a class holds a character, without listing its code points where a glance tells: a
 * range reaching outside the surrogates, or a negated class leaving out U+0000 or U+10FFFF.
 */
function classNonEmpty(e: CharClass): boolean {
  if (!e.negated) {
    for (const [lo, hi] of e.ranges) if (lo <= hi && (lo < 0xd800 || hi > 0xdfff)) return true;
    return false;
  }
  let low = false;
  let high = false;
  for (const [lo, hi] of e.ranges) {
    if (lo <= 0 && hi >= 0) low = true;
    if (lo <= 0x10ffff && hi >= 0x10ffff) high = true;
  }
  return !(low && high) || classCodepoints(e).length > 0;
}

/** Whether `e` derives the empty string, given the rules that do; IR nested past MAX_EXPR_DEPTH is `expression_too_deep`. */
export function exprNullable(e: Expr, rules: ReadonlySet<string>): boolean {
  return nullableAt(e, rules, 0);
}

function nullableAt(e: Expr, rules: ReadonlySet<string>, depth: number, rule?: string): boolean {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "literal":
      return e.text === "";
    case "token":
    case "class":
      return false;
    case "ref":
      return rules.has(e.name);
    case "sequence":
      return e.items.every((x) => nullableAt(x, rules, depth + 1, rule));
    case "choice":
      return e.items.some((x) => nullableAt(x, rules, depth + 1, rule));
    case "repeat":
      return e.min === 0 || nullableAt(e.item, rules, depth + 1, rule);
  }
}

/** Rules reachable from the start rule through references. */
export function reachableRules(g: Grammar): Set<string> {
  const seen = new Set<string>();
  const stack = [g.start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const body = g.rules.get(name);
    if (body) for (const r of referencedRules(body)) if (!seen.has(r)) stack.push(r);
  }
  return seen;
}

/** Names of the rules `e` refers to, in order of first appearance. */
export function referencedRules(e: Expr): string[] {
  const out = new Set<string>();
  forEachRef(e, (name) => out.add(name));
  return [...out];
}

/**
 * The least set of rules whose bodies satisfy `holds` given the set (`holds` is monotone in it),
 * settled one component of the call graph at a time, callees first: a rule outside recursion in
 * one look (everything it calls is settled), a recursive component in rounds over its own rules
 * until none joins. Linear in the grammar outside recursion.
 */
function leastRules(g: Grammar, graph: RuleGraph, holds: (e: Expr, rules: ReadonlySet<string>, depth: number, rule: string) => boolean): Set<string> {
  const set = new Set<string>();
  for (const members of graph.order) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of members) {
        const name = graph.names[r]!;
        if (!set.has(name) && holds(g.rules.get(name)!, set, 0, name)) {
          set.add(name);
          // A rule alone is settled by one look (joining cannot change what it already holds).
          changed = members.length > 1;
        }
      }
    }
  }
  return set;
}
