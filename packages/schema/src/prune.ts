import { EMPTY, classCodepoints, repeat, type Expr, type Grammar } from "@toolmask/grammar";
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
    walkRefs(body, visit);
  };
  visit(g.start);
  return { start: g.start, rules: reachable };
}

/**
 * Rules that derive some finite string. Rules are first examined in depth-first post-order
 * (what a rule refers to comes before it, except around cycles), which settles almost all of
 * them in one pass; a worklist then re-examines the users of rules that become productive.
 */
function productiveRules(g: Grammar): Set<string> {
  const refs = new Map<string, string[]>();
  for (const [name, body] of g.rules) {
    const list: string[] = [];
    walkRefs(body, (r) => list.push(r));
    refs.set(name, list);
  }
  const order: string[] = [];
  const seen = new Set<string>([g.start]);
  const stack: [string, number][] = [[g.start, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const list = refs.get(top[0]) ?? [];
    if (top[1] < list.length) {
      const next = list[top[1]++]!;
      if (!seen.has(next) && g.rules.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  const productive = new Set<string>();
  const pending: string[] = [];
  for (const name of order) {
    if (derives(g.rules.get(name)!, productive)) productive.add(name);
    else pending.push(name);
  }
  if (pending.length === 0) return productive;
  const users = new Map<string, string[]>();
  for (const name of pending) {
    for (const r of refs.get(name)!) {
      let list = users.get(r);
      if (!list) users.set(r, (list = []));
      list.push(name);
    }
  }
  const queue = [...pending];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (productive.has(name) || !derives(g.rules.get(name)!, productive)) continue;
    productive.add(name);
    for (const user of users.get(name) ?? []) if (!productive.has(user)) queue.push(user);
  }
  return productive;
}

function derives(e: Expr, productive: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case "literal":
    case "token":
      return true;
    case "class":
      return classCodepoints(e).length > 0;
    case "ref":
      return productive.has(e.name);
    case "sequence":
      return e.items.every((x) => derives(x, productive));
    case "choice":
      return e.items.some((x) => derives(x, productive));
    case "repeat":
      return e.min === 0 || derives(e.item, productive);
  }
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

function walkRefs(e: Expr, visit: (name: string) => void): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "ref") visit(x.name);
    else if (x.kind === "sequence" || x.kind === "choice") for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
    else if (x.kind === "repeat") stack.push(x.item);
  }
}
