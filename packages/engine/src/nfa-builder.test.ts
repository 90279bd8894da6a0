import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nullableRules, parseEbnf, productiveRules } from "@toolmask/grammar";
import { WIDE_ALPHABET, arbGrammar } from "../../../test/support/random-grammar.js";
import { smallVocabulary } from "../../../test/support/small-vocab.js";
import { compileGrammar } from "./compiled.js";
import { Edge, NfaBuilder, analyzeRules } from "./nfa-builder.js";

/** The representative each rule is built as (itself when it has none). */
function representatives(ebnf: string): Record<string, string> {
  const g = parseEbnf(ebnf);
  const rep = analyzeRules(g).representative;
  return Object.fromEntries([...g.rules.keys()].map((name) => [name, rep.get(name) ?? name]));
}

describe("analyzeRules: rules built once when their structure is the same", () => {
  it("merges copies of a rule under different names, and the rules that call them", () => {
    const r = representatives(String.raw`root ::= a1 b1 a2 b2
a1 ::= "{" s1 "}"
a2 ::= "{" s2 "}"
s1 ::= "\"" [a-z]* "\""
s2 ::= "\"" [a-z]* "\""
b1 ::= "x"
b2 ::= "y"`);
    expect(r.s2).toBe(r.s1);
    expect(r.a2).toBe(r.a1);
    expect(r.b2).not.toBe(r.b1);
  });

  it("keeps apart rules whose callees differ deep down", () => {
    const r = representatives(String.raw`root ::= a1 a2
a1 ::= "[" b1 "]"
a2 ::= "[" b2 "]"
b1 ::= "(" c1 ")"
b2 ::= "(" c2 ")"
c1 ::= "1"
c2 ::= "2"`);
    expect(r.a2).toBe("a2");
    expect(r.b2).toBe("b2");
  });

  it("merges two copies of the same recursive structure, and not a recursive rule with a different one", () => {
    const r = representatives(String.raw`root ::= v1 v2 w
v1 ::= "[" (v1 ("," v1)*)? "]" | n1
n1 ::= [0-9]+
v2 ::= "[" (v2 ("," v2)*)? "]" | n2
n2 ::= [0-9]+
w ::= "[" (w ("," w)*)? "]" | m
m ::= [a-z]+`);
    expect(r.v2).toBe(r.v1);
    expect(r.n2).toBe(r.n1);
    expect(r.w).toBe("w");
  });

  it("merges mutually recursive pairs and handles long call chains without recursion limits", () => {
    const chain = (prefix: string, n: number): string =>
      Array.from({ length: n }, (_, i) => `${prefix}${i} ::= "a" ${i + 1 < n ? `${prefix}${i + 1}` : `"end"`} | "b"`).join("\n");
    const r = representatives(String.raw`root ::= p q x0 y0
p ::= "(" q2 ")" | "p"
q2 ::= "[" p "]"
q ::= "(" p2 ")" | "p"
p2 ::= "[" q "]"
${chain("x", 20000)}
${chain("y", 20000)}`);
    expect(r.q).toBe(r.p);
    expect(r.p2).toBe(r.q2);
    expect(r.y0).toBe(r.x0);
    expect(r.y19999).toBe(r.x19999);
  });
});

describe("analyzeRules: which rules derive anything, and the empty string", () => {
  it("settles mutual recursion the way the grammar package's fixpoints do", () => {
    const g = parseEbnf(String.raw`root ::= a | u | n
a ::= b "x"
b ::= c | "y" a
c ::= a "z" | e
e ::= "e"
u ::= "u" v
v ::= u "v"
n ::= m? "q" | m
m ::= n n | ""`);
    const { productive, nullable } = analyzeRules(g);
    expect([...productive].sort()).toEqual(["a", "b", "c", "e", "m", "n", "root"]);
    expect([...nullable].sort()).toEqual(["m", "n", "root"]);
  });

  it("agrees with the fixpoints on random grammars", () => {
    fc.assert(
      fc.property(arbGrammar({ ...WIDE_ALPHABET, maxRules: 8 }), (g) => {
        const { productive, nullable } = analyzeRules(g);
        expect([...productive].sort()).toEqual([...productiveRules(g)].sort());
        expect([...nullable].sort()).toEqual([...nullableRules(g)].sort());
      }),
      { numRuns: 500 },
    );
  });
});

describe("right-linear recursion: rules calling each other only in tail position", () => {
  it("is told apart from recursion that needs a stack", () => {
    const g = parseEbnf(String.raw`root ::= "\"" s0 "\"" p w
s0 ::= [^a"] s0 | "a" s1
s1 ::= "a" s1 | "b" [^"]* | [^ab"] s0
p ::= "(" p ")" | "x"
w ::= ("[" w)* "]"`);
    const { recursive, rightLinear } = analyzeRules(g);
    expect([...recursive].sort()).toEqual(["p", "s0", "s1", "w"]);
    expect([...rightLinear].sort()).toEqual(["s0", "s1"]);
  });

  it("is spliced into one automaton, cycle and all, instead of a rule call per character", () => {
    const g = parseEbnf(String.raw`root ::= "\"" s0 "\"" "1"?
s0 ::= [^a"] s0 | "a" s1
s1 ::= "a" s1 | "b" [^"]* | [^ab"] s0`);
    const builder = new NfaBuilder(g, smallVocabulary(["a", "b", "c", '"', "1"]).vocab);
    // Every rule reachable from the start, built (the automata build them as parsing reaches them).
    builder.build();
    for (let r = 0; r < builder.rules.length; r++) builder.buildRule(r);
    // s0 is called from root (not a tail call) and holds s1 spliced in, with the cycle back to s0.
    expect(builder.rules.map((r) => r.name).sort()).toEqual(["root", "s0"]);
    const s0 = builder.rules.find((r) => r.name === "s0")!.nfa!;
    expect([...s0.kind].filter((k) => k === Edge.Call)).toEqual([]);
  });
});

describe("rule signatures: token classes are shared only between rules built alike", () => {
  /** Each built rule's automaton as text, its calls named by the callee's signature. */
  function automata(builder: NfaBuilder): { name: string; signature: number; text: string }[] {
    return builder.rules.flatMap((d, r) => {
      if (!d.nfa) return [];
      const nfa = d.nfa;
      const states: string[] = [];
      for (let n = 0; n < nfa.size; n++) {
        const edges: string[] = [];
        for (let e = nfa.edgeStart[n]!; e < nfa.edgeStart[n + 1]!; e++) edges.push(`${nfa.kind[e]}:${nfa.kind[e] === Edge.Call ? `sig${builder.signature(nfa.a[e]!)}` : `${nfa.a[e]}-${nfa.b[e]}`}>${nfa.to[e]}`);
        states.push(edges.join(","));
      }
      return [{ name: d.name, signature: builder.signature(r), text: `${states.join("|")}#${nfa.final}` }];
    });
  }

  it("tells apart two rules of the same structure when only one is on a recursion cycle", () => {
    // r5 and t5 read alike, and so do r2 and t2 (both call s). But t2 is on the cycle
    // s → t5 → t2 → s, which needs a stack: t5 calls it, while r5 has r2 spliced in.
    const g = parseEbnf(String.raw`root ::= "[" r5 "]"
r5 ::= "a" ("xs" | "ys") r2 | "b"
r2 ::= "," s | "."
s ::= "(" t5 ")"
t5 ::= "a" ("xs" | "ys") t2 | "b"
t2 ::= "," s | "."`);
    const builder = new NfaBuilder(g, smallVocabulary(["a", "b", "x", "y", "s", ",", ".", "(", ")", "[", "]"]).vocab);
    builder.build();
    for (let r = 0; r < builder.rules.length; r++) builder.buildRule(r);
    // Signatures are worked out from the start rule down (as classifying its states does).
    const built = automata(builder);
    const r5 = built.find((x) => x.name === "r5")!;
    const t5 = built.find((x) => x.name === "t5")!;
    expect(r5.text).not.toBe(t5.text);
    expect(r5.signature).not.toBe(t5.signature);
    // And in general: one signature, one automaton.
    const bySignature = new Map<number, string>();
    for (const x of built) {
      const known = bySignature.get(x.signature);
      if (known !== undefined) expect(x.text).toBe(known);
      bySignature.set(x.signature, x.text);
    }
  });
});

describe("literals: built from shared suffix states", () => {
  it("reach one automaton state after the same text, wherever it began, when they end at the same place", () => {
    // As "any key but these" writes an escape at every position of every declared key, before
    // the shared rest of the string.
    const g = parseEbnf(String.raw`root ::= ("q" ("\\u00" | "x") | "r" ("\\u00" | "y") | "s" "\\u00") "!"`);
    const v = smallVocabulary(["q", "r", "s", "\\", "u", "0", "!", "x", "y"]);
    const a = compileGrammar(v.vocab, g, { cache: false }).tables;
    const after = (text: string): number => {
      let s = a.startOf(a.startRule);
      for (const ch of text) s = a.next(s, a.byteClass[ch.charCodeAt(0)]!);
      return s;
    };
    expect(after("q\\")).toBeGreaterThanOrEqual(0);
    expect(after("r\\")).toBe(after("q\\"));
    expect(after("s\\u")).toBe(after("q\\u"));
    expect(after("q")).not.toBe(after("r"));
  });
});

describe("continuation signatures: states of any rule or grammar that accept the same rest", () => {
  /** The strings of up to `max` bytes of `alphabet` that NFA state `n` leads to the rule's end with (byte and epsilon edges only). */
  function language(builder: NfaBuilder, r: number, n: number, alphabet: string, max: number): string[] {
    const nfa = builder.rules[r]!.nfa!;
    const close = (states: Set<number>): Set<number> => {
      const stack = [...states];
      while (stack.length > 0) {
        const s = stack.pop()!;
        for (let e = nfa.edgeStart[s]!; e < nfa.edgeStart[s + 1]!; e++) {
          if (nfa.kind[e] === Edge.Epsilon && !states.has(nfa.to[e]!)) {
            states.add(nfa.to[e]!);
            stack.push(nfa.to[e]!);
          }
        }
      }
      return states;
    };
    const out: string[] = [];
    let level: [string, Set<number>][] = [["", close(new Set([n]))]];
    for (let len = 0; len <= max; len++) {
      const next: [string, Set<number>][] = [];
      for (const [text, states] of level) {
        if (states.has(nfa.final)) out.push(text);
        if (len === max) continue;
        for (const ch of alphabet) {
          const to = new Set<number>();
          for (const s of states) {
            for (let e = nfa.edgeStart[s]!; e < nfa.edgeStart[s + 1]!; e++) {
              if (nfa.kind[e] === Edge.Bytes && nfa.a[e]! <= ch.charCodeAt(0) && ch.charCodeAt(0) <= nfa.b[e]!) to.add(nfa.to[e]!);
            }
          }
          if (to.size > 0) next.push([text + ch, close(to)]);
        }
      }
      level = next;
    }
    return out.sort();
  }

  it("are equal only for equal languages, and equal for the same rest after different beginnings", () => {
    // Keys as "any key but these" writes them (a trie of the names, then any other text), then
    // the same value: in both grammars the rest after `"n` is "any key but 'ame', then :1".
    const v = smallVocabulary(["a", "m", "e", "n", "x", "y", "1", ":", '"']);
    const grammars = [
      String.raw`root ::= "\"" ("n" ("a" ("m" ("e" tail | other) | other) | other) | "x" ("y" tail | other) | other) ":1"
tail ::= [a-z]+ "\"" | "\""
other ::= [a-z]* "\""`,
      String.raw`root ::= "\"" ("n" ("a" ("m" ("e" tail | other) | other) | other) | other) ":1"
tail ::= [a-z]+ "\"" | "\""
other ::= [a-z]* "\""`,
      String.raw`root ::= "\"" ("n" ("a" ("m" ("e" tail | other) | other) | other) | other) ":2"
tail ::= [a-z]+ "\"" | "\""
other ::= [a-z]* "\""`,
    ];
    const states: { grammar: number; signature: number; language: string }[] = [];
    for (const [i, ebnf] of grammars.entries()) {
      const builder = new NfaBuilder(parseEbnf(ebnf), v.vocab);
      const root = builder.build();
      builder.buildRule(root);
      for (let n = 0; n < builder.rules[root]!.nfa!.size; n++) {
        const signature = builder.continuationSignature(root, n);
        if (signature >= 0) states.push({ grammar: i, signature, language: language(builder, root, n, 'amenxy12:"', 6).join(" ") });
      }
    }
    const bySignature = new Map<number, string>();
    for (const s of states) {
      const known = bySignature.get(s.signature);
      if (known !== undefined) expect(s.language).toBe(known);
      bySignature.set(s.signature, s.language);
    }
    // The rest after `"n` (and after `"na`, and inside other) is shared by the first two grammars.
    const signatures = (i: number): Set<number> => new Set(states.filter((s) => s.grammar === i).map((s) => s.signature));
    const shared = (a: number, b: number): number => [...signatures(a)].filter((x) => signatures(b).has(x)).length;
    expect(shared(0, 1)).toBeGreaterThanOrEqual(3);
    // Nothing is shared with the grammar that ends differently, but the end itself.
    expect(shared(0, 2)).toBe(1);
  });
});
