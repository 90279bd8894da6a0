import { ANY_CHAR, intersect, isEmpty, subtract, union, type CharSet } from "./charset.js";
import { AutomatonLimit, complementDfa, exploreDfa, minimizeDfa, productDfa, reportWork, trimDfa, type Dfa } from "./dfa.js";
import { rxKey, type Rx } from "./regex.js";

/** Automata of regular expressions over their own alphabets, by expression. */
const RX_CACHE_SIZE = 200;
const rxCache = new Map<string, { blocks: CharSet[]; dfa: Dfa | null }>();

/**
 * Deterministic automata over decoded string characters, for what regular expressions cannot
 * say structurally: intersections (two patterns, a pattern and a format), complements (`not`
 * a pattern, keys no pattern matches, names other than the declared ones) and length limits
 * that do not fold into a pattern's repetitions. The alphabet is the coarsest partition of the
 * code points that every character set involved is a union of, so a symbol is a block of
 * characters that all behave alike.
 */
export class StringAutomata {
  readonly blocks: CharSet[];

  constructor(
    sets: readonly CharSet[],
    private readonly limit: number,
  ) {
    let blocks: CharSet[] = [ANY_CHAR];
    for (const s of sets) {
      const next: CharSet[] = [];
      for (const b of blocks) {
        const inside = intersect(b, s);
        const outside = subtract(b, s);
        if (!isEmpty(inside)) next.push(inside);
        if (!isEmpty(outside)) next.push(outside);
      }
      blocks = next;
      if (blocks.length > this.limit) throw new AutomatonLimit(this.limit);
    }
    this.blocks = blocks;
  }

  /** The character sets of every `chars` node in `rx`, for building the alphabet. */
  static setsOf(rx: Rx, out: CharSet[] = []): CharSet[] {
    switch (rx.t) {
      case "chars":
        out.push(rx.set);
        break;
      case "seq":
      case "alt":
        for (const x of rx.items) StringAutomata.setsOf(x, out);
        break;
      case "rep":
        StringAutomata.setsOf(rx.item, out);
        break;
    }
    return out;
  }

  /** Indices of the blocks inside `set` (a union of blocks by construction of the alphabet). */
  private symbolsOf(set: CharSet): number[] {
    const out: number[] = [];
    this.blocks.forEach((b, i) => {
      if (!isEmpty(intersect(b, set))) out.push(i);
    });
    return out;
  }

  /** The characters a set of symbols stands for. */
  charsOf(symbols: readonly number[]): CharSet {
    return union(...symbols.map((s) => this.blocks[s]!));
  }

  /**
   * The minimal automaton of a regular expression. It is built once per expression over the
   * expression's own alphabet (and cached), then lifted to this alphabet, which refines it.
   */
  fromRx(rx: Rx): Dfa | undefined {
    const key = rxKey(rx);
    let own = rxCache.get(key);
    if (own === undefined) {
      const A = new StringAutomata(StringAutomata.setsOf(rx), this.limit);
      own = { blocks: A.blocks, dfa: A.build(rx) ?? null };
      if (rxCache.size >= RX_CACHE_SIZE) rxCache.delete(rxCache.keys().next().value!);
      rxCache.set(key, own);
    }
    if (!own.dfa) return undefined;
    // Each block here lies inside one block of the expression's own alphabet.
    const map = this.blocks.map((b) => own.blocks.findIndex((ob) => !isEmpty(intersect(ob, b))));
    const d = own.dfa;
    const n = this.blocks.length;
    const size = d.accept.length;
    const trans = new Int32Array(size * n);
    for (let s = 0; s < size; s++) for (let c = 0; c < n; c++) trans[s * n + c] = d.trans[s * d.symbols + map[c]!]!;
    reportWork(trans.length);
    return { symbols: n, start: d.start, trans, accept: d.accept };
  }

  /** Thompson construction, then subsets, over this alphabet. */
  private build(rx: Rx): Dfa | undefined {
    const eps: number[][] = [];
    const edges: [number[], number][][] = [];
    const state = (): number => {
      if (eps.length >= this.limit) throw new AutomatonLimit(this.limit);
      eps.push([]);
      edges.push([]);
      return eps.length - 1;
    };
    const symbolCache = new Map<CharSet, number[]>();
    const build = (r: Rx, from: number): number => {
      switch (r.t) {
        case "chars": {
          const to = state();
          let syms = symbolCache.get(r.set);
          if (!syms) symbolCache.set(r.set, (syms = this.symbolsOf(r.set)));
          edges[from]!.push([syms, to]);
          return to;
        }
        case "seq": {
          let cur = from;
          for (const x of r.items) cur = build(x, cur);
          return cur;
        }
        case "alt": {
          const to = state();
          for (const x of r.items) eps[build(x, from)]!.push(to);
          return to;
        }
        case "rep": {
          let cur = from;
          for (let i = 0; i < r.min; i++) cur = build(r.item, cur);
          if (r.max === Infinity) {
            const loop = state();
            eps[cur]!.push(loop);
            eps[build(r.item, loop)]!.push(loop);
            return loop;
          }
          const to = state();
          for (let i = r.min; i < r.max; i++) {
            eps[cur]!.push(to);
            cur = build(r.item, cur);
          }
          eps[cur]!.push(to);
          return to;
        }
      }
    };
    const start = state();
    const accept = build(rx, start);
    // Subset construction. A DFA state is the set of "important" NFA states (those with
    // character edges, and the accepting one) in the epsilon closure: closures that agree on
    // them behave alike.
    const N = eps.length;
    const mark = new Int32Array(N);
    let generation = 0;
    const closure = (seeds: readonly number[]): number[] => {
      generation++;
      const out: number[] = [];
      const stack = [...seeds];
      for (const s of seeds) mark[s] = generation;
      while (stack.length > 0) {
        const s = stack.pop()!;
        if (edges[s]!.length > 0 || s === accept) out.push(s);
        for (const t of eps[s]!) {
          if (mark[t] !== generation) {
            mark[t] = generation;
            stack.push(t);
          }
        }
      }
      return out.sort((x, y) => x - y);
    };
    const n = this.blocks.length;
    const ids = new Map<string, number>();
    const sets: number[][] = [];
    const trans: number[] = [];
    const intern = (set: number[]): number => {
      const key = set.join(",");
      let id = ids.get(key);
      if (id === undefined) {
        id = sets.length;
        if (id >= this.limit) throw new AutomatonLimit(this.limit);
        ids.set(key, id);
        sets.push(set);
      }
      return id;
    };
    intern(closure([start]));
    const buckets: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < sets.length; i++) {
      for (const st of sets[i]!) for (const [syms, to] of edges[st]!) for (const c of syms) buckets[c]!.push(to);
      for (let c = 0; c < n; c++) {
        const targets = buckets[c]!;
        trans[i * n + c] = targets.length === 0 ? -1 : intern(closure(targets));
        targets.length = 0;
      }
    }
    const dfa: Dfa = { symbols: n, start: 0, trans: Int32Array.from(trans), accept: Uint8Array.from(sets, (set) => (set.includes(accept) ? 1 : 0)) };
    reportWork(trans.length);
    return minimizeDfa(dfa);
  }

  /**
   * Exactly the listed strings. Each of their characters must be a block of its own (build the
   * alphabet with {@link singletons} of them), or the automaton would accept look-alikes.
   */
  finite(strings: readonly string[]): Dfa | undefined {
    const children: Map<number, number>[] = [new Map()];
    const end: boolean[] = [false];
    const singleton = new Map<number, number>();
    this.blocks.forEach((b, i) => {
      if (b.length === 1 && b[0]![0] === b[0]![1]) singleton.set(b[0]![0], i);
    });
    for (const s of strings) {
      let node = 0;
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        const sym = singleton.get(cp);
        if (sym === undefined) throw new RangeError(`U+${cp.toString(16)} is not a block of its own`);
        let next = children[node]!.get(sym);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          end.push(false);
          children[node]!.set(sym, next);
        }
        node = next;
      }
      end[node] = true;
    }
    return minimizeDfa(exploreDfa<number>(this.blocks.length, 0, String, (s, c) => children[s]!.get(c), (s) => end[s]!, this.limit));
  }

  /** One-character sets for every character of `strings`, to add to the alphabet for {@link finite}. */
  static singletons(strings: readonly string[]): CharSet[] {
    const cps = new Set<number>();
    for (const s of strings) for (const ch of s) cps.add(ch.codePointAt(0)!);
    return [...cps].filter((cp) => cp < 0xd800 || cp > 0xdfff).map((cp) => [[cp, cp]] as CharSet);
  }

  /** Strings of `min` to `max` characters. */
  lengths(min: number, max: number): Dfa | undefined {
    const top = max === Infinity ? min : max;
    return minimizeDfa(
      exploreDfa<number>(
        this.blocks.length,
        0,
        String,
        (s) => (max === Infinity ? Math.min(s + 1, top) : s + 1 <= top ? s + 1 : undefined),
        (s) => s >= min,
        this.limit,
      ),
    );
  }

  /** Intersection; trimmed, not minimized (callers minimize the final automaton once). */
  and(a: Dfa | undefined, b: Dfa | undefined): Dfa | undefined {
    if (!a || !b) return undefined;
    return trimDfa(productDfa(a, b, "and", this.limit));
  }

  /** Everything `a` rejects (every string, when `a` is empty). */
  not(a: Dfa | undefined): Dfa | undefined {
    if (!a) return this.lengths(0, Infinity);
    return trimDfa(complementDfa(a));
  }
}
