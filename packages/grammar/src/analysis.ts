import { classCodepoints, forEachRef, type CharClass, type Expr, type Grammar } from "./ir.js";

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
      return classNonEmpty(e);
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
  forEachRef(e, (name) => out.add(name));
  return [...out];
}

/**
 * The least set of rules whose bodies satisfy `holds` given the set (`holds` is monotone in it).
 * Every rule is examined once; a rule is examined again only when a rule it refers to joins, so
 * the work is linear in the grammar's size times the references per rule.
 */
function fixpoint(g: Grammar, holds: (e: Expr, rules: ReadonlySet<string>) => boolean): Set<string> {
  const users = new Map<string, string[]>();
  for (const [name, body] of g.rules) {
    forEachRef(body, (r) => {
      const list = users.get(r);
      if (list === undefined) users.set(r, [name]);
      else if (list[list.length - 1] !== name) list.push(name);
    });
  }
  const set = new Set<string>();
  const queue = [...g.rules.keys()].reverse();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (set.has(name) || !holds(g.rules.get(name)!, set)) continue;
    set.add(name);
    for (const user of users.get(name) ?? []) if (!set.has(user)) queue.push(user);
  }
  return set;
}
