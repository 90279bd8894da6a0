import { EMPTY, choice, literal, repeat, seq, type Expr } from "@toolmask/grammar";

/**
 * A sequence with nested sequences flattened, empty literals dropped and adjacent literals
 * joined, so generated grammars read like hand-written ones.
 */
export function seqOf(...items: Expr[]): Expr {
  const out: Expr[] = [];
  const push = (e: Expr): void => {
    if (e.kind === "sequence") {
      for (const x of e.items) push(x);
      return;
    }
    if (e.kind === "literal") {
      if (e.text === "") return;
      const last = out[out.length - 1];
      if (last?.kind === "literal") {
        out[out.length - 1] = literal(last.text + e.text);
        return;
      }
    }
    out.push(e);
  };
  for (const item of items) push(item);
  return out.length === 0 ? EMPTY : seq(...out);
}

/**
 * A choice without duplicate alternatives, nested choices flattened. Terminals and references
 * are compared by content, larger alternatives by identity (comparing them by content would
 * cost time quadratic in the grammar's size).
 */
export function choiceOf(items: readonly Expr[]): Expr {
  const out: Expr[] = [];
  const keys = new Set<string>();
  const seen = new Set<Expr>();
  const push = (e: Expr): void => {
    if (e.kind === "choice") {
      for (const x of e.items) push(x);
      return;
    }
    if (e.kind === "sequence" || e.kind === "repeat") {
      if (seen.has(e)) return;
      seen.add(e);
    } else {
      const k = leafKey(e);
      if (keys.has(k)) return;
      keys.add(k);
    }
    out.push(e);
  };
  for (const item of items) push(item);
  if (out.length === 0) throw new RangeError("choiceOf needs at least one alternative");
  // An empty alternative is better written as an optional: engines and printers like `x?`.
  const nonEmpty = out.filter((e) => !(e.kind === "literal" && e.text === ""));
  if (nonEmpty.length < out.length && nonEmpty.length > 0) return repeat(nonEmpty.length === 1 ? nonEmpty[0]! : choice(...nonEmpty), 0, 1);
  return choice(...out);
}

/** A string equal for equal terminals and references. */
export function leafKey(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return `L${e.text}`;
    case "token":
      return `T${e.text}`;
    case "ref":
      return `R${e.name}`;
    case "class":
      return `C${e.negated ? "^" : ""}${e.ranges.map((r) => `${r[0]}-${r[1]}`).join(",")}`;
    default:
      throw new TypeError(`${e.kind} is not a terminal`);
  }
}

/** Number of nodes in `e`, counting stops past `limit`. */
export function exprSize(e: Expr, limit: number): number {
  let n = 0;
  const walk = (x: Expr): void => {
    if (++n > limit) return;
    if (x.kind === "sequence" || x.kind === "choice") for (const i of x.items) walk(i);
    else if (x.kind === "repeat") walk(x.item);
  };
  walk(e);
  return n;
}
