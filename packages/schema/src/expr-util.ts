import { EMPTY, leafKey, literal, repeat, type Expr } from "@toolmask/grammar";

/**
 * A sequence with nested sequences flattened, empty literals dropped and adjacent literals
 * joined, so generated grammars read like hand-written ones.
 */
export function seqOf(...items: Expr[]): Expr {
  const out: Expr[] = [];
  for (const item of items) pushItem(out, item);
  return out.length === 0 ? EMPTY : out.length === 1 ? out[0]! : { kind: "sequence", items: out };
}

function pushItem(out: Expr[], e: Expr): void {
  if (e.kind === "sequence") {
    for (const x of e.items) pushItem(out, x);
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
}

/**
 * A choice without duplicate alternatives, nested choices flattened. Terminals and references
 * are compared by content, larger alternatives by identity (comparing them by content would
 * cost time quadratic in the grammar's size).
 */
export function choiceOf(items: readonly Expr[]): Expr {
  const out: Expr[] = [];
  for (const item of items) pushAlternative(out, item);
  if (out.length > SMALL_CHOICE) dedupeLarge(out);
  if (out.length === 0) throw new RangeError("choiceOf needs at least one alternative");
  // An empty alternative is better written as an optional: engines and printers like `x?`.
  const nonEmpty = out.filter((e) => !(e.kind === "literal" && e.text === ""));
  if (nonEmpty.length < out.length && nonEmpty.length > 0) return repeat(choiceNode(nonEmpty), 0, 1);
  return choiceNode(out);
}

/** A choice of `items` (at least one), built without spreading them: an enum may have a hundred thousand values. */
function choiceNode(items: Expr[]): Expr {
  return items.length === 1 ? items[0]! : { kind: "choice", items };
}

/**
 * Alternatives compared pairwise while the list is this short (no key strings or sets: most
 * choices a schema makes have a handful); past it, duplicates are found by key.
 */
const SMALL_CHOICE = 16;

/** Appends `e` (a choice's alternatives, flattened) to `out`, skipping duplicates while `out` is small. */
function pushAlternative(out: Expr[], e: Expr): void {
  if (e.kind === "choice") {
    for (const x of e.items) pushAlternative(out, x);
    return;
  }
  if (out.length <= SMALL_CHOICE) {
    for (const x of out) if (x === e || sameTerminal(x, e)) return;
  }
  out.push(e);
}

/** Drops the later copies of equal terminals and of repeated sequence or repeat objects. */
function dedupeLarge(out: Expr[]): void {
  const keys = new Set<string>();
  const seen = new Set<Expr>();
  let n = 0;
  for (const e of out) {
    if (e.kind === "sequence" || e.kind === "repeat") {
      if (seen.has(e)) continue;
      seen.add(e);
    } else {
      const k = leafKey(e);
      if (keys.has(k)) continue;
      keys.add(k);
    }
    out[n++] = e;
  }
  out.length = n;
}

/** Whether two expressions are equal terminals or references (larger expressions never are). */
function sameTerminal(a: Expr, b: Expr): boolean {
  switch (a.kind) {
    case "literal":
    case "token":
      return b.kind === a.kind && b.text === a.text;
    case "ref":
      return b.kind === "ref" && b.name === a.name;
    case "class": {
      if (b.kind !== "class" || b.negated !== a.negated || b.ranges.length !== a.ranges.length) return false;
      for (let i = 0; i < a.ranges.length; i++) if (a.ranges[i]![0] !== b.ranges[i]![0] || a.ranges[i]![1] !== b.ranges[i]![1]) return false;
      return true;
    }
    default:
      return false;
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
