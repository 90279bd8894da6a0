// Random strings of a grammar's language, by walking its IR: every choice, repetition count
// and character is drawn from a seeded generator. Once the string is long or the walk deep, the
// walk steers to the cheapest way to finish (shortest derivations, fewest repetitions), so
// recursive grammars terminate. Used to check that everything a compiled schema's grammar can
// produce is valid for the schema.
import { classCodepoints, type Expr, type Grammar } from "@toolmask/grammar";

/** A small, fast, seeded PRNG (mulberry32): the one the format tests' samplers use. */
export { rng as seededRandom } from "../../packages/formats/src/testing/sample.js";

export interface WalkOptions {
  /** Soft limit on output length in characters, past which the walk finishes as cheaply as it can. */
  readonly softLength: number;
  /** Soft limit on rule nesting. */
  readonly softDepth: number;
  /** Mean number of extra repetitions past a repeat's minimum. */
  readonly meanExtra: number;
}

const DEFAULTS: WalkOptions = { softLength: 400, softDepth: 40, meanExtra: 1.5 };

/** Characters drawn preferentially from classes, so strings exercise escapes and multi-byte UTF-8. */
const INTERESTING = [0x41, 0x7a, 0x30, 0x39, 0x20, 0x22, 0x5c, 0x2f, 0x0a, 0x09, 0x00, 0x1f, 0x7f, 0xe9, 0x2028, 0x3042, 0xfffd, 0x1f600, 0x10ffff];

export class RandomWalk {
  private readonly cost = new Map<string, number>();
  private readonly opts: WalkOptions;

  constructor(
    private readonly g: Grammar,
    options: Partial<WalkOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...options };
    // Shortest output length of each rule, by fixpoint (Infinity: derives nothing).
    for (const name of g.rules.keys()) this.cost.set(name, Infinity);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, body] of g.rules) {
        const c = this.exprCost(body);
        if (c < this.cost.get(name)!) {
          this.cost.set(name, c);
          changed = true;
        }
      }
    }
  }

  /** One random string of the language. */
  sample(random: () => number): string {
    const out: string[] = [];
    let length = 0;
    const walk = (e: Expr, depth: number): void => {
      const tight = length > this.opts.softLength || depth > this.opts.softDepth;
      switch (e.kind) {
        case "literal":
          out.push(e.text);
          length += e.text.length;
          return;
        case "token":
          throw new Error("random walks do not produce special tokens");
        case "class": {
          out.push(String.fromCodePoint(pickCodepoint(classCodepoints(e), random)));
          length++;
          return;
        }
        case "ref":
          walk(this.g.rules.get(e.name)!, depth + 1);
          return;
        case "sequence":
          for (const item of e.items) walk(item, depth);
          return;
        case "choice": {
          const finite = e.items.filter((x) => this.exprCost(x) < Infinity);
          let pick: Expr;
          if (tight) pick = finite.reduce((best, x) => (this.exprCost(x) < this.exprCost(best) ? x : best));
          else pick = finite[Math.floor(random() * finite.length)]!;
          walk(pick, depth);
          return;
        }
        case "repeat": {
          const max = this.exprCost(e.item) === Infinity ? 0 : e.max;
          let n = e.min;
          if (!tight) while (n < max && random() < this.opts.meanExtra / (this.opts.meanExtra + 1)) n++;
          // Occasionally go all the way to a finite bound, where off-by-one errors live.
          if (!tight && max !== Infinity && max - e.min <= 64 && random() < 0.1) n = max;
          for (let i = 0; i < n; i++) walk(e.item, depth);
          return;
        }
      }
    };
    walk(this.g.rules.get(this.g.start)!, 0);
    return out.join("");
  }

  private exprCost(e: Expr): number {
    switch (e.kind) {
      case "literal":
        return e.text.length;
      case "token":
      case "class":
        return e.kind === "class" && classCodepoints(e).length === 0 ? Infinity : 1;
      case "ref":
        return this.cost.get(e.name) ?? Infinity;
      case "sequence":
        return e.items.reduce((s, x) => s + this.exprCost(x), 0);
      case "choice":
        return Math.min(...e.items.map((x) => this.exprCost(x)));
      case "repeat":
        return e.min === 0 ? 0 : e.min * this.exprCost(e.item);
    }
  }
}

function pickCodepoint(ranges: readonly (readonly [number, number])[], random: () => number): number {
  const inSet = INTERESTING.filter((cp) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
  if (inSet.length > 0 && random() < 0.3) return inSet[Math.floor(random() * inSet.length)]!;
  // Prefer printable ASCII when the class has some, else any range uniformly.
  const ascii = ranges.filter(([lo]) => lo < 0x7f).map(([lo, hi]) => [Math.max(lo, 0x20), Math.min(hi, 0x7e)] as const).filter(([lo, hi]) => lo <= hi);
  const pool = ascii.length > 0 && random() < 0.8 ? ascii : ranges;
  const [lo, hi] = pool[Math.floor(random() * pool.length)]!;
  return lo + Math.floor(random() * (hi - lo + 1));
}
