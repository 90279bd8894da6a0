import { classCodepoints, type Expr, type Grammar } from "./ir.js";

/**
 * Rules that derive at least one finite string, by fixpoint: a rule joins the set once its
 * body can be satisfied by rules already in it.
 */
export function productiveRules(g: Grammar): Set<string> {
  return fixpoint(g, exprProductive);
}

/** Rules that derive the empty string. */
export function nullableRules(g: Grammar): Set<string> {
  return fixpoint(g, exprNullable);
}

export function exprProductive(e: Expr, rules: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case "literal":
    case "token":
      return true;
    case "class":
      return classCodepoints(e).length > 0;
    case "ref":
      return rules.has(e.name);
    case "sequence":
      return e.items.every((x) => exprProductive(x, rules));
    case "choice":
      return e.items.some((x) => exprProductive(x, rules));
    case "repeat":
      return e.min === 0 || exprProductive(e.item, rules);
  }
}

export function exprNullable(e: Expr, rules: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case "literal":
      return e.text === "";
    case "token":
    case "class":
      return false;
    case "ref":
      return rules.has(e.name);
    case "sequence":
      return e.items.every((x) => exprNullable(x, rules));
    case "choice":
      return e.items.some((x) => exprNullable(x, rules));
    case "repeat":
      return e.min === 0 || exprNullable(e.item, rules);
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
  const visit = (x: Expr): void => {
    switch (x.kind) {
      case "ref":
        out.add(x.name);
        break;
      case "sequence":
      case "choice":
        for (const item of x.items) visit(item);
        break;
      case "repeat":
        visit(x.item);
        break;
      default:
        break;
    }
  };
  visit(e);
  return [...out];
}

function fixpoint(g: Grammar, holds: (e: Expr, rules: ReadonlySet<string>) => boolean): Set<string> {
  const set = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, body] of g.rules) {
      if (!set.has(name) && holds(body, set)) {
        set.add(name);
        changed = true;
      }
    }
  }
  return set;
}
