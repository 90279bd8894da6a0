import { EMPTY, choice, leafKey, seq, type Expr } from "./ir.js";

/**
 * The choice of `alternatives` with their common leading parts written once: `a b c | a b d | e`
 * becomes `a b (c | d) | e`. The language is the same (a(b|c) and ab|ac derive the same
 * strings); an engine building an automaton from it has one path through the shared part
 * instead of one per alternative, as a tool set's calls share everything up to the tool's name.
 *
 * Alternatives are read as flat lists of parts (nested sequences opened, empty literals
 * dropped). Parts are equal when they are equal terminals or references (`leafKey`), or the same
 * expression object; other structurally equal parts are left apart (never wrong, only less
 * sharing). Groups keep the order of their first alternative; a run of parts every
 * alternative of a group shares becomes one sequence, so nesting grows only where alternatives
 * part ways.
 *
 * @example
 * factorChoice([seq(literal("<a>"), literal("x")), seq(literal("<a>"), literal("y"))])
 * // seq(literal("<a>"), choice(literal("x"), literal("y")))
 */
export function factorChoice(alternatives: readonly Expr[]): Expr {
  if (alternatives.length === 0) throw new RangeError("choice needs at least one alternative");
  const ids = new Map<Expr, string>();
  const keyOf = (e: Expr): string => {
    if (e.kind !== "sequence" && e.kind !== "choice" && e.kind !== "repeat") return leafKey(e);
    let id = ids.get(e);
    if (id === undefined) ids.set(e, (id = `#${ids.size}`));
    return id;
  };
  return factorLists(alternatives.map(parts), 0, keyOf);
}

/** `lists[i]` from position `at` on, factored. */
function factorLists(lists: readonly (readonly Expr[])[], at: number, keyOf: (e: Expr) => string): Expr {
  // Alternatives grouped by their part at `at`; those that have ended are one group (keyed
  // by the empty string, which no part's key is), the empty string once.
  const groups = new Map<string, (readonly Expr[])[]>();
  for (const list of lists) {
    const key = at < list.length ? keyOf(list[at]!) : "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(list);
  }
  const out: Expr[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    if (key === "") {
      out.push(EMPTY);
      continue;
    }
    if (group.length === 1) {
      out.push(seq(...first.slice(at)));
      continue;
    }
    // The run of parts the whole group shares, then the factored rest.
    let end = at + 1;
    while (group.every((list) => end < list.length && keyOf(list[end]!) === keyOf(first[end]!))) end++;
    const rest = factorLists(group, end, keyOf);
    out.push(rest === EMPTY ? seq(...first.slice(at, end)) : seq(...first.slice(at, end), rest));
  }
  return choice(...out);
}

/** An alternative as its flat list of parts. */
function parts(e: Expr): Expr[] {
  const out: Expr[] = [];
  const add = (x: Expr): void => {
    if (x.kind === "sequence") for (const item of x.items) add(item);
    else if (!(x.kind === "literal" && x.text === "")) out.push(x);
  };
  add(e);
  return out;
}
