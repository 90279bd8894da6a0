// Brute-force language enumeration: every string of a grammar up to a length, computed by a
// fixpoint over string sets. Independent of the Earley recognizer, so the two can check each other.
import { classCodepoints, type Expr, type Grammar } from "@toolmask/grammar";

/** All strings of `g`'s language with at most `maxLen` code points (grammars without special tokens). */
export function enumerateLanguage(g: Grammar, maxLen: number, alphabet: readonly number[]): Set<string> {
  const langs = new Map<string, Set<string>>();
  for (const name of g.rules.keys()) langs.set(name, new Set());
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, body] of g.rules) {
      const next = lang(body);
      const cur = langs.get(name)!;
      for (const s of next) {
        if (!cur.has(s)) {
          cur.add(s);
          changed = true;
        }
      }
    }
  }
  return langs.get(g.start)!;

  function lang(e: Expr): Set<string> {
    switch (e.kind) {
      case "literal":
        return [...e.text].length <= maxLen ? new Set([e.text]) : new Set();
      case "class": {
        const ranges = classCodepoints(e);
        return new Set(alphabet.filter((cp) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi)).map((cp) => String.fromCodePoint(cp)));
      }
      case "ref":
        return langs.get(e.name)!;
      case "token":
        throw new Error("enumerateLanguage does not handle special tokens");
      case "sequence":
        return e.items.reduce<Set<string>>((acc, item) => concat(acc, lang(item)), new Set([""]));
      case "choice":
        return new Set(e.items.flatMap((item) => [...lang(item)]));
      case "repeat": {
        const item = lang(e.item);
        const out = new Set<string>();
        let cur = new Set([""]);
        if (e.min === 0) out.add("");
        for (let k = 1; k <= e.max; k++) {
          const next = concat(cur, item);
          if (k >= e.min) for (const s of next) out.add(s);
          const stable = next.size === cur.size && [...next].every((s) => cur.has(s));
          cur = next;
          if (cur.size === 0 || (stable && k >= e.min)) break;
        }
        return out;
      }
    }
  }

  function concat(a: Set<string>, b: Set<string>): Set<string> {
    const out = new Set<string>();
    for (const x of a) for (const y of b) if ([...x].length + [...y].length <= maxLen) out.add(x + y);
    return out;
  }
}
