import { EMPTY, forEachRef, productiveRules, repeat, type Expr, type Grammar } from "@toolmask/grammar";
import { choiceOf, seqOf } from "./expr-util.js";

/**
 * Removes what can never complete: references to rules that derive no finite string (a
 * required property that recursively requires itself, a subschema no value satisfies) and the
 * alternatives that use them. Returns undefined when the start rule itself derives nothing.
 */
export function pruneGrammar(g: Grammar): Grammar | undefined {
  const productive = productiveRules(g);
  if (!productive.has(g.start)) return undefined;
  if (productive.size === g.rules.size) return g;
  const rules = new Map<string, Expr>();
  for (const [name, body] of g.rules) {
    if (!productive.has(name)) continue;
    rules.set(name, prune(body, productive) ?? body);
  }
  const reachable = new Map<string, Expr>();
  const visit = (name: string): void => {
    if (reachable.has(name)) return;
    const body = rules.get(name)!;
    reachable.set(name, body);
    forEachRef(body, visit);
  };
  visit(g.start);
  return { start: g.start, rules: reachable };
}

function prune(e: Expr, productive: ReadonlySet<string>): Expr | undefined {
  switch (e.kind) {
    case "ref":
      return productive.has(e.name) ? e : undefined;
    case "sequence": {
      const items: Expr[] = [];
      for (const x of e.items) {
        const p = prune(x, productive);
        if (!p) return undefined;
        items.push(p);
      }
      return seqOf(...items);
    }
    case "choice": {
      const items = e.items.map((x) => prune(x, productive)).filter((x): x is Expr => x !== undefined);
      return items.length === 0 ? undefined : choiceOf(items);
    }
    case "repeat": {
      const item = prune(e.item, productive);
      if (!item) return e.min === 0 ? EMPTY : undefined;
      return repeat(item, e.min, e.max);
    }
    default:
      return e;
  }
}
