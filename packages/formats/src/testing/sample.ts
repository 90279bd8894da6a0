// Random strings of a grammar's language, for properties of the form "whatever the grammar
// accepts, the parser reads so". A derivation is a random walk over the IR; past a depth budget
// each choice takes its cheapest alternative, so recursive grammars (JSON) still terminate.
import { classCodepoints, type Expr, type Grammar, type InputPiece } from "@toolmask/grammar";

/** A small deterministic PRNG (mulberry32), so a failing case replays from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleOptions {
  /** Derivation depth after which the cheapest alternatives are taken. Default 12. */
  readonly depth?: number;
  /** Extra copies a repeat takes beyond its minimum, at most. Default 3. */
  readonly extraRepeats?: number;
}

/** One random string of `g`'s language, as recognizer pieces (text and special tokens). */
export function sampleGrammar(g: Grammar, random: () => number, options: SampleOptions = {}): InputPiece[] {
  const cost = costs(g);
  const depthBudget = options.depth ?? 12;
  const extra = options.extraRepeats ?? 3;
  const out: InputPiece[] = [];
  let text = "";
  const flush = (): void => {
    if (text) out.push(text);
    text = "";
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const walk = (e: Expr, depth: number): void => {
    switch (e.kind) {
      case "literal":
        text += e.text;
        return;
      case "token":
        flush();
        out.push({ token: e.text });
        return;
      case "class": {
        const ranges = classCodepoints(e);
        // Mostly printable ASCII when the class allows it: readable failures, realistic text.
        const ascii = ranges.map(([lo, hi]) => [Math.max(lo, 0x20), Math.min(hi, 0x7e)] as const).filter(([lo, hi]) => lo <= hi);
        const pool = ascii.length > 0 && random() < 0.85 ? ascii : ranges;
        const [lo, hi] = pick(pool);
        text += String.fromCodePoint(lo + Math.floor(random() * (hi - lo + 1)));
        return;
      }
      case "sequence":
        for (const item of e.items) walk(item, depth + 1);
        return;
      case "choice": {
        const options = depth > depthBudget ? cheapest(e.items, cost) : e.items.filter((x) => exprCost(x, cost) < Infinity);
        walk(pick(options), depth + 1);
        return;
      }
      case "repeat": {
        const max = Math.min(e.max, e.min + (depth > depthBudget ? 0 : extra));
        const n = e.min + Math.floor(random() * (max - e.min + 1));
        for (let i = 0; i < n; i++) walk(e.item, depth + 1);
        return;
      }
      case "ref":
        walk(g.rules.get(e.name)!, depth + 1);
        return;
    }
  };
  walk(g.rules.get(g.start)!, 0);
  flush();
  return out;
}

/** The pieces as the text a model would have produced. */
export function piecesText(pieces: readonly InputPiece[]): string {
  return pieces.map((p) => (typeof p === "string" ? p : "token" in p ? p.token : new TextDecoder().decode(p))).join("");
}

function cheapest(items: readonly Expr[], cost: Map<string, number>): Expr[] {
  let best = Infinity;
  for (const x of items) best = Math.min(best, exprCost(x, cost));
  return items.filter((x) => exprCost(x, cost) === best);
}

/** Length of the shortest derivation of every rule (Infinity for unproductive ones). */
function costs(g: Grammar): Map<string, number> {
  const cost = new Map<string, number>();
  for (const name of g.rules.keys()) cost.set(name, Infinity);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, body] of g.rules) {
      const c = exprCost(body, cost);
      if (c < cost.get(name)!) {
        cost.set(name, c);
        changed = true;
      }
    }
  }
  return cost;
}

function exprCost(e: Expr, cost: Map<string, number>): number {
  switch (e.kind) {
    case "literal":
      return e.text.length;
    case "token":
    case "class":
      return 1;
    case "sequence":
      return e.items.reduce((s, x) => s + exprCost(x, cost), 0);
    case "choice":
      return Math.min(...e.items.map((x) => exprCost(x, cost)));
    case "repeat":
      return e.min === 0 ? 0 : e.min * exprCost(e.item, cost);
    case "ref":
      return cost.get(e.name) ?? Infinity;
  }
}
