import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEbnf, Recognizer, validateGrammar, type Expr, type Grammar } from "@toolmask/grammar";
import { arbGrammar, type RandomGrammarOptions } from "../../../test/support/random-grammar.js";
import { byteTokens, smallVocabulary, type SmallVocab } from "../../../test/support/small-vocab.js";
import { allocateTokenBitmask, allowedTokens, isTokenAllowed } from "./bitmask.js";
import { compileGrammar, type CompiledGrammar } from "./compiled.js";
import { MatcherError } from "./errors.js";
import { GrammarMatcher } from "./matcher.js";

const OPTIONS: RandomGrammarOptions = {
  literals: ["", "a", "b", "ab", "ba", "c", "é", "aé"],
  classPoints: [0x61, 0x62, 0x63, 0xe9, 0x3042],
  tokens: ["<tool_call>", "[TOOL_CALLS]"],
  maxRules: 4,
  maxDepth: 3,
  maxRepeat: 4,
};

const SMALL = smallVocabulary(
  ["a", "b", "c", "ab", "ba", "abc", "cab", "aa", "bb", "é", "aé", "éa", "ab\u00e9", "あ", "aあ", Uint8Array.of(0xc3), Uint8Array.of(0xa9), Uint8Array.of(0xe3), Uint8Array.of(0x81, 0x82), "<tool_call>", "x"],
  ["<tool_call>", "[TOOL_CALLS]"],
);

/** The mask by brute force: each token's bytes (or special token) pushed onto the oracle. */
function bruteMask(v: SmallVocab, rec: Recognizer, prefix: ({ token: string } | Uint8Array)[]): Set<number> {
  const session = rec.session();
  const allowed = new Set<number>();
  for (const piece of prefix) if (!session.push(piece instanceof Uint8Array ? [...piece] : [piece])) throw new Error("prefix not viable");
  const len = session.length;
  v.tokens.forEach((t, id) => {
    if (id === v.eos) {
      if (session.accepting()) allowed.add(id);
      return;
    }
    const ok = session.push("bytes" in t ? [...t.bytes] : [{ token: t.special }]);
    if (ok) allowed.add(id);
    session.rewind(len);
  });
  return allowed;
}

/** Every string of 1 to `maxLength` characters over `alphabet`, shorter ones first within each prefix. */
function allStrings(alphabet: readonly string[], maxLength: number): string[] {
  const out: string[] = [];
  const grow = (prefix: string, depth: number): void => {
    for (const c of alphabet) {
      out.push(prefix + c);
      if (depth > 1) grow(prefix + c, depth - 1);
    }
  };
  grow("", maxLength);
  return out;
}

/**
 * Follows the token path `choices` picks among the allowed tokens on a fresh matcher of
 * `compiled`, checking before each token that the engine's mask equals brute force (a typed
 * error where no token can continue), that a refused token leaves the state unchanged, and
 * `check`, if given.
 */
function followAgainstBruteForce(v: SmallVocab, rec: Recognizer, compiled: CompiledGrammar, choices: readonly number[], check?: () => void): void {
  const m = new GrammarMatcher(compiled);
  const prefix: ({ token: string } | Uint8Array)[] = [];
  for (const choice of choices) {
    const expected = bruteMask(v, rec, prefix);
    if (expected.size === 0) {
      // The tiny vocabulary cannot spell any continuation: a typed error, never an empty mask.
      expect(() => engineMask(m, v.vocab.vocabSize)).toThrow(MatcherError);
      return;
    }
    expect(engineMask(m, v.vocab.vocabSize)).toEqual(expected);
    check?.();
    // A rejected token leaves the state unchanged.
    const rejected = v.tokens.findIndex((_, id) => !expected.has(id));
    if (rejected >= 0) expect(m.acceptToken(rejected)).toBe(false);
    const options = [...expected].filter((id) => id !== v.eos);
    if (options.length === 0) return;
    const id = options[choice % options.length]!;
    expect(m.acceptToken(id)).toBe(true);
    const t = v.tokens[id]!;
    prefix.push("bytes" in t ? t.bytes : { token: t.special });
  }
}

/** Compiles `g` for `v` and follows one token path against brute force (see followAgainstBruteForce). */
function walkAgainstBruteForce(v: SmallVocab, g: Grammar, choices: readonly number[], check?: () => void): void {
  followAgainstBruteForce(v, new Recognizer(g), compileGrammar(v.vocab, g, { cache: false }), choices, check);
}

function usable(g: Grammar): boolean {
  try {
    validateGrammar(g);
    return true;
  } catch {
    return false;
  }
}

function engineMask(m: GrammarMatcher, size: number): Set<number> {
  const mask = allocateTokenBitmask(size);
  m.fillNextTokenBitmask(mask);
  return new Set(allowedTokens(mask));
}

describe("GrammarMatcher agrees with the reference recognizer", () => {
  it("on random grammars and random token paths, mask = brute force at every step", () => {
    fc.assert(
      fc.property(arbGrammar(OPTIONS).filter(usable), fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (g, choices) => {
        const rec = new Recognizer(g);
        const compiled = compileGrammar(SMALL.vocab, g, { cache: false });
        // Two paths through one compiled grammar: the second reuses masks cached by the first,
        // so a state key that confused two different states would show here.
        for (const path of [choices, choices.map((c) => c >>> 1)]) followAgainstBruteForce(SMALL, rec, compiled, path);
      }),
      { numRuns: 250 },
    );
  });

  it("on invalid paths, rejects exactly where the oracle stops being viable", () => {
    fc.assert(
      fc.property(arbGrammar(OPTIONS).filter(usable), fc.array(fc.nat({ max: SMALL.tokens.length - 2 }), { minLength: 1, maxLength: 10 }), (g, ids) => {
        const rec = new Recognizer(g);
        const session = rec.session();
        const m = new GrammarMatcher(compileGrammar(SMALL.vocab, g, { cache: false }));
        for (const id of ids) {
          const t = SMALL.tokens[id]!;
          const len = session.length;
          const viable = session.push("bytes" in t ? [...t.bytes] : [{ token: t.special }]);
          if (!viable) session.rewind(len);
          expect(m.acceptToken(id)).toBe(viable);
        }
      }),
      { numRuns: 250 },
    );
  });
});

/**
 * Every string of up to three characters over an alphabet mixing byte classes (letters, quote,
 * backslash, space, a two-byte character): trie levels then have many siblings of different
 * kinds, which is where the trie walk's shortcuts (table-lookup states, reused sets) must agree
 * with plain parsing.
 */
const RICH = smallVocabulary(allStrings(["a", "b", '"', "\\", " ", "é", "n", "u", "1"], 3), ["<tool_call>"]);

const RICH_OPTIONS: RandomGrammarOptions = {
  literals: ["", '"', "a", "ab", "\\", '\\"', "n", "nu", " ", "é", "1"],
  classPoints: [0x20, 0x22, 0x31, 0x5c, 0x61, 0x62, 0x6e, 0x75, 0xe9],
  tokens: ["<tool_call>"],
  maxRules: 5,
  maxDepth: 3,
  maxRepeat: 5,
};

/** A JSON-ish object grammar whose extra keys are "any string but the declared keys", as the schema compiler writes them. */
const OBJECT_WITH_OTHER_KEYS = parseEbnf(String.raw`root ::= "{" ws "\"ab\"" ws ":" ws str (ws "," ws other)* ws "}"
other ::= "\"" ("\"" | "a" ("\"" | "b" (ch tail) | ([^"\\a-b] | "\\" ["\\]) tail) | ([^"\\a] | "\\" ["\\]) tail) ws ":" ws (str | "1"+ | "null")
tail ::= ch* "\""
ch ::= [^"\\] | "\\" ["\\nu]
str ::= "\"" ch* "\""
ws ::= " "{0,2}`);

/**
 * Optional members the way the schema compiler writes them: each rule "this member then the rest,
 * or the rest", ending in tail calls, which the engine splices into one automaton.
 */
const OBJECT_WITH_OPTIONAL_MEMBERS = parseEbnf(String.raw`root ::= "{" ws s0 ws "}" | "{" ws "}"
s0 ::= "\"a\"" ws ":" ws v t1 | s1
s1 ::= "\"ab\"" ws ":" ws v t2 | s2
s2 ::= "\"b\"" ws ":" ws v t3 | "\"b\"" ws ":" ws v
t1 ::= ws "," ws "\"ab\"" ws ":" ws v t2 | t2
t2 ::= ws "," ws "\"b\"" ws ":" ws v t3 | t3
t3 ::= (ws "," ws str ws ":" ws v)*
v ::= str | "1"+ | "null" | "[" ws "]"
ch ::= [^"\\] | "\\" ["\\nu]
str ::= "\"" ch* "\""
ws ::= " "{0,2}`);

describe("GrammarMatcher agrees with the reference recognizer on a vocabulary with many siblings", () => {
  function walkAndCompare(g: Grammar, choices: readonly number[]): void {
    const rec = new Recognizer(g);
    const compiled = compileGrammar(RICH.vocab, g, { cache: false });
    // Random grammars can be hugely ambiguous (nullable repeats inside recursive rules): the
    // matcher then stops at its work budget with a typed error, and the walk ends there (the
    // oracle, which has no budget, would take minutes on the same prefix).
    const m = new GrammarMatcher(compiled, { workBudget: 2_000_000 });
    const prefix: ({ token: string } | Uint8Array)[] = [];
    for (const choice of choices) {
      let actual: Set<number> | MatcherError;
      try {
        actual = engineMask(m, RICH.vocab.vocabSize);
      } catch (e) {
        if (!(e instanceof MatcherError)) throw e;
        actual = e;
      }
      if (actual instanceof MatcherError && actual.code === "work_budget_exceeded") return;
      const expected = bruteMask(RICH, rec, prefix);
      if (expected.size === 0) {
        expect(actual).toBeInstanceOf(MatcherError);
        return;
      }
      expect(actual).toEqual(expected);
      const options = [...expected].filter((id) => id !== RICH.eos);
      if (options.length === 0) return;
      const id = options[choice % options.length]!;
      expect(m.acceptToken(id)).toBe(true);
      const t = RICH.tokens[id]!;
      prefix.push("bytes" in t ? t.bytes : { token: t.special });
    }
  }

  // 80 random grammars, some hugely ambiguous: alone 7–35 s by seed on 2 cores, more beside other
  // test files. Each step is bounded by the work budget; the timeout only guards against a hang.
  it("on random grammars", { timeout: 240_000 }, () => {
    fc.assert(fc.property(arbGrammar(RICH_OPTIONS).filter(usable), fc.array(fc.nat(), { minLength: 10, maxLength: 10 }), walkAndCompare), { numRuns: 80 });
  });

  it("on objects whose optional members are chains of tail calls", () => {
    fc.assert(fc.property(fc.constant(OBJECT_WITH_OPTIONAL_MEMBERS), fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), walkAndCompare), { numRuns: 30 });
  });

  it("on objects whose extra keys exclude the declared ones", () => {
    fc.assert(fc.property(fc.constant(OBJECT_WITH_OTHER_KEYS), fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), walkAndCompare), { numRuns: 30 });
  });
});

/**
 * Whitespace runs (a counted repeat of one-byte characters, too long to be unrolled) and numbers
 * followed by optional whitespace (a state that takes bytes and calls a rule): the trie walk
 * counts a run's bytes on the set where the run began, and steps such a state alone until a byte
 * its callees take. Tokens hold runs shorter and longer than the repeat allows, and runs that go
 * on into what follows.
 */
const spaces = (n: number): string => " ".repeat(n);
const SPACED = smallVocabulary([
  ...allStrings([" ", "\n", "1", ",", "{", "}", '"', "k", ":"], 3),
  ...[4, 5, 39, 40, 41, 79, 80, 81].map(spaces),
  `\n${spaces(39)}`,
  `\n${spaces(39)},`,
  `1${spaces(40)}`,
  `11${spaces(4)},`,
  `:${spaces(40)}1`,
  `${spaces(40)}}`,
  "{  }",
  "{  ,",
  "{1  1",
  "{1 ,",
]);

describe("whitespace runs and numbers before optional whitespace, checked against brute force", () => {
  const cases: [string, string][] = [
    ["members separated by at most 80 bytes of whitespace", String.raw`root ::= "{" ws "\"k\"" ws ":" ws num (ws "," ws "\"k\"" ws ":" ws num)* ws "}"
num ::= "1"+ | "-" "1"
ws ::= [ \n]{0,80}`],
    ["whitespace that must be there (a minimum)", String.raw`root ::= "{" ws "\"k\"" ws ":" ws num ws "}"
num ::= "1"+
ws ::= [ \n]{2,80}`],
    ["whitespace followed by more whitespace (two runs take the same bytes)", String.raw`root ::= "1"+ ws ws2 ("," | "}") ws2 "1"
ws ::= " "{0,80}
ws2 ::= [ \n]{0,81}`],
    ["a number whose optional whitespace may end the grammar", String.raw`root ::= "1"+ ws | "{" "1"+ ws "," ws "1" "}"
ws ::= [ \n]{0,80}`],
    // The long alternatives keep rules of their own, so that parsing walks into them from their
    // caller's classification.
    ["whitespace followed by a literal space (one more byte of the run, or the literal)", String.raw`root ::= "{" item "}"
item ::= "1" ws (" " "1" | ",") | "${"x".repeat(200)}"
ws ::= " "{1,80}`],
    ["a copy of the repeat's item that another rule waits for too", String.raw`root ::= "{" (ws "," | sp "}") "1"?
ws ::= sp{0,80}
sp ::= [ \n]`],
    // After "1" the optional whitespace may finish `item`; then the caller's "," or "}" come next.
    ["a number whose optional whitespace may finish its rule inside another", String.raw`root ::= "{" item ("," | "}") "1"?
item ::= "1"+ ws | "${"x".repeat(200)}"
ws ::= [ \n]{0,80}`],
  ];
  const ids = (texts: string[]): number[] => texts.map((t) => SPACED.tokens.findIndex((x) => "bytes" in x && new TextDecoder().decode(x.bytes) === t));

  it.each(cases)("%s", (_name, ebnf) => {
    const g = parseEbnf(ebnf);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 14, maxLength: 14 }), (choices) => walkAgainstBruteForce(SPACED, g, choices)),
      { numRuns: 30 },
    );
  });

  it("counts whitespace across tokens up to the maximum exactly", () => {
    const g = parseEbnf(cases[0]![1]);
    const rec = new Recognizer(g);
    const m = new GrammarMatcher(compileGrammar(SPACED.vocab, g, { cache: false }));
    const path = ids(["{", spaces(40), spaces(39), "\"", "k", "\"", ":", "1", spaces(40), spaces(40), ",", spaces(79), "\n", "\""]);
    const prefix: Uint8Array[] = [];
    expect(path).not.toContain(-1);
    for (const id of path) {
      const expected = bruteMask(SPACED, rec, prefix);
      expect(engineMask(m, SPACED.vocab.vocabSize)).toEqual(expected);
      expect(m.acceptToken(id)).toBe(true);
      prefix.push((SPACED.tokens[id] as { bytes: Uint8Array }).bytes);
    }
    // 79 spaces and a newline: the 80 the repeat allows, and no more.
    expect(isTokenAllowed(fill(m), ids([" "])[0]!)).toBe(false);
  });
});

function fill(m: GrammarMatcher): Uint32Array {
  const mask = allocateTokenBitmask(SPACED.vocab.vocabSize);
  m.fillNextTokenBitmask(mask);
  return mask;
}

/** Like real vocabularies, mostly tokens without quotes or backslashes: string slices apply. */
function contentTokens(): string[] {
  return allStrings(["a", "b", "c", "d", "e", "1", "é", " ", '"', "\\"], 3);
}

const CONTENT = smallVocabulary(contentTokens());

describe("slices: whole classes of tokens at once, checked against brute force", () => {
  const slicesUsed = (): number => [...((CONTENT.vocab.caches.get("slices") as Map<string, unknown> | undefined) ?? new Map()).values()].filter((x) => x !== null).length;
  const cases: [string, string][] = [
    ["a string's inside loops on its characters", String.raw`root ::= "\"" ([^"\\] | "\\" ["\\nu])* "\"" " "?`],
    ["a counted repeat of one-character items", String.raw`root ::= "\"" ch{2,7} "\"" ("1" | "a")?
ch ::= [^"\\] | "\\" ["\\]`],
    ["a counted repeat followed by more of the same characters (splits inside slice tokens)", String.raw`root ::= ch{0,3} [ab]{2,6} "1"
ch ::= [^"\\]`],
    ["a counted repeat with no upper bound", String.raw`root ::= "\"" ch{3,} "\""
ch ::= [^"\\] | "\\" ["\\]`],
    ["free text that may end anywhere before something outside its class", String.raw`root ::= t ("\"" "1")?
t ::= [^"]*`],
    ["free text that may end anywhere before more of its own characters (splits inside slice tokens)", String.raw`root ::= t "a" "1"?
t ::= [^"]*`],
    ["keys that must not be a declared key: most first characters enter a string's inside", String.raw`root ::= "1" (key " " "1")* "e"
key ::= "\"" ("\"" | "a" ("\"" | "b" (ch tail) | ([^"\\b] | "\\" ["\\]) tail) | ([^"\\a] | "\\" ["\\]) tail)
tail ::= ch* "\""
ch ::= [^"\\] | "\\" ["\\]`],
    // After the lead byte of "é", the key's first position and the string's inside are different
    // states: here they also behave differently ("éb" is declared), so the walk in lockstep must
    // go on below the lead byte rather than take the two as the same.
    ["keys that must not be a declared key starting with a multi-byte character", String.raw`root ::= "1" (key " " "1")* "e"
key ::= "\"" ("\"" | "é" ("\"" | "b" (ch tail) | ([^"\\b] | "\\" ["\\]) tail) | ([^"\\é] | "\\" ["\\]) tail)
tail ::= ch* "\""
ch ::= [^"\\] | "\\" ["\\]`],
    // The long alternative keeps `k` a rule of its own (too big to inline into its caller).
    ["a key's text: the first character enters a loop that may end anywhere, then a quote", String.raw`root ::= "\"" k "\"" (" " "\"" k "\"")?
k ::= [^"\\a] ch* | "a" ([^"\\b] ch*)? | "${"x".repeat(200)}"
ch ::= [^"\\] | "\\" ["\\]`],
    ["a key's text followed by more of its own characters (splits inside slice tokens)", String.raw`root ::= k "a" "1"?
k ::= [^"\\a] ch* | "a" ([^"\\b] ch*)? | "${"x".repeat(200)}"
ch ::= [^"\\] | "\\" ["\\]`],
    ["a state looping on a rare character while most characters enter a string's inside", String.raw`root ::= "\"" k "\"" "1"?
k ::= "é"* ([^"\\é] | "\\" ["\\]) ch* | ""
ch ::= [^"\\] | "\\" ["\\]`],
    ["a string of even length: no state loops, yet no string character can go wrong", String.raw`root ::= "\"" (ch ch)* "\"" "1"?
ch ::= [^"\\] | "\\" ["\\]`],
    // "Contains ab" as a minimized automaton written a rule per state: recursion through tail
    // calls only, which the builder splices into one automaton, cycle and all.
    ["a pattern's automaton written as a rule per state (cycles of tail calls)", String.raw`root ::= "\"" s0 "\"" ("1" | " " "\"" s0 "\"")?
s0 ::= ([^"\\a] | "\\" ["\\]) s0 | "a" s1
s1 ::= "a" s1 | "b" ch* | ([^"\\ab] | "\\" ["\\]) s0
ch ::= [^"\\] | "\\" ["\\]`],
  ];
  it.each(cases)("%s", (_name, ebnf) => {
    const g = parseEbnf(ebnf);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (choices) => walkAgainstBruteForce(CONTENT, g, choices)),
      { numRuns: 25 },
    );
    expect(slicesUsed()).toBeGreaterThan(0);
  });
});

describe("token classifications within a memory budget", () => {
  it("keep the vocabulary's cache under its budget, dropping the oldest, with masks still exact", () => {
    const v = smallVocabulary(contentTokens());
    v.vocab.classificationCacheBytes = 512;
    // Keys (some declared, the others any text) and values, spelled with the vocabulary's characters.
    const g = parseEbnf(String.raw`root ::= "1" (" " member)* "e"
member ::= "\"" ("ab" | "abc" | [^"\\a] [^"\\]*) "\"" ("1"+ | " " [a-e]{0,5} "1")`);
    const cache = (): { bytes: number; dropped: number } => v.vocab.caches.get("classifications") as { bytes: number; dropped: number };
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 14, maxLength: 14 }), (choices) =>
        walkAgainstBruteForce(v, g, choices, () => expect(cache().bytes).toBeLessThanOrEqual(512)),
      ),
      { numRuns: 10 },
    );
    // The budget was small enough that classifications were dropped along the way.
    expect(cache().dropped).toBeGreaterThan(0);
  });
});

describe("GrammarMatcher behaviour users rely on", () => {
  const v = smallVocabulary(byteTokens(["ab", "abc", '"}', '",', "yes", "no"]), ["<tool_call>"]);
  const compile = (ebnf: string) => compileGrammar(v.vocab, { ebnf });

  it("allows stop tokens only where the grammar can end", () => {
    const m = new GrammarMatcher(compile('root ::= "ab" "c"?'));
    const mask = allocateTokenBitmask(v.vocab.vocabSize);
    m.fillNextTokenBitmask(mask);
    expect(isTokenAllowed(mask, v.eos)).toBe(false);
    expect(m.acceptToken(v.tokens.findIndex((t) => "bytes" in t && new TextDecoder().decode(t.bytes) === "ab"))).toBe(true);
    m.fillNextTokenBitmask(mask);
    expect(isTokenAllowed(mask, v.eos)).toBe(true);
    expect(m.acceptToken(v.eos)).toBe(true);
    expect(m.isTerminated()).toBe(true);
    expect(m.acceptToken(0x61)).toBe(false);
  });

  it("never allows ids past the tokenizer (logits longer than the vocabulary)", () => {
    const m = new GrammarMatcher(compile("root ::= [\\x00-\\xff]*"));
    const mask = allocateTokenBitmask(v.vocab.vocabSize);
    m.fillNextTokenBitmask(mask);
    for (let id = v.tokens.length; id < v.vocab.vocabSize; id++) expect(isTokenAllowed(mask, id)).toBe(false);
  });

  it("matches a special token only as that token, never its spelling", () => {
    const m = new GrammarMatcher(compile('root ::= <tool_call> "x"'));
    const special = v.tokens.findIndex((t) => "special" in t && t.special === "<tool_call>");
    const mask = allocateTokenBitmask(v.vocab.vocabSize);
    m.fillNextTokenBitmask(mask);
    expect(allowedTokens(mask)).toEqual([special]);
    expect(m.acceptToken(0x3c)).toBe(false);
  });

  it("builds a rule only when parsing first reaches it, and checks every special token at compile time", () => {
    // `one` and `two` recurse outside tail position: rules of their own, called from root. A
    // rule is built once a token could reach it: `one` after "x", when "=" is the next token.
    const c = compileGrammar(v.vocab, { ebnf: 'root ::= "x=" one ";" | "y=" two ";"\none ::= "c" one "d" | "c"\ntwo ::= "n" two "o" | "n"' }, { cache: false });
    const m = new GrammarMatcher(c);
    const mask = allocateTokenBitmask(v.vocab.vocabSize);
    m.fillNextTokenBitmask(mask);
    expect(allowedTokens(mask)).toEqual([0x78, 0x79]);
    expect(c.tables.builtRules).toBe(1);
    expect(m.acceptToken(0x78)).toBe(true);
    m.fillNextTokenBitmask(mask);
    expect(allowedTokens(mask)).toEqual([0x3d]);
    expect(c.tables.builtRules).toBe(2);
    // A special token the vocabulary lacks fails the compile, even in a rule parsing may never reach.
    expect(() => compileGrammar(v.vocab, { ebnf: 'root ::= "ab" | "yes" two\ntwo ::= <missing> two | "n"' }, { cache: false })).toThrow(
      expect.objectContaining({ code: "token_not_in_vocabulary" }),
    );
  });

  it("refuses malformed IR with the error validateGrammar gives, naming the rule", () => {
    // IR built by hand skips the EBNF parser's checks: the engine checks each node itself.
    const lit = (text: string) => ({ kind: "literal", text }) as const;
    const bad: [string, Grammar][] = [
      ["missing_start_rule", { start: "root", rules: new Map([["other", lit("a")]]) }],
      ["invalid_rule_name", { start: "root", rules: new Map([["root", lit("a")], ["bad name", lit("b")]]) }],
      ["undefined_rule", { start: "root", rules: new Map([["root", { kind: "sequence", items: [lit("a"), { kind: "ref", name: "nowhere" }] }]]) }],
      ["empty_choice", { start: "root", rules: new Map([["root", { kind: "sequence", items: [lit("a"), { kind: "choice", items: [] }] }]]) }],
      ["invalid_repeat", { start: "root", rules: new Map([["root", { kind: "repeat", item: lit("a"), min: 5, max: 2 }]]) }],
      ["invalid_codepoint", { start: "root", rules: new Map([["root", { kind: "class", ranges: [[0x61, 0xd800]], negated: false }]]) }],
      ["invalid_token", { start: "root", rules: new Map([["root", { kind: "choice", items: [lit("a"), { kind: "token", text: "" }] }]]) }],
      ["invalid_codepoint", { start: "root", rules: new Map([["root", { kind: "sequence", items: [lit("a"), lit("\ud800")] }]]) }],
      ["expression_too_deep", { start: "root", rules: new Map([["root", Array.from({ length: 20_000 }).reduce<Expr>((e) => ({ kind: "sequence", items: [lit("x"), e] }), lit("a"))]]) }],
    ];
    for (const [code, g] of bad) {
      let expected: unknown;
      try {
        validateGrammar(g, { structureOnly: true });
      } catch (e) {
        expected = e;
      }
      expect(expected, code).toMatchObject({ code });
      expect(() => compileGrammar(v.vocab, g, { cache: false }), code).toThrow(expect.objectContaining({ code, rule: (expected as { rule: string }).rule }));
    }
  });

  it("reads repeat bounds past 32 bits as written for any output a model can write", () => {
    // Counts are 32-bit: the bounds used to wrap around ({0,2^31} allowed nothing).
    const cases: [string, string, boolean, boolean][] = [
      ['root ::= "a"{0,2147483648}', "aaa", true, true],
      ['root ::= "a"{0,4294967297}', "aaa", true, true],
      ['root ::= "a"{2147483648}', "aaa", true, false],
      ['root ::= "a"{4294967296,}', "aa", true, false],
      ['root ::= "a"{2,9007199254740991} "b"', "aaab", true, true],
    ];
    for (const [ebnf, text, accepted, canEnd] of cases) {
      const m = new GrammarMatcher(compile(ebnf));
      expect(m.acceptString(text), ebnf).toBe(accepted);
      expect(m.canTerminate(), ebnf).toBe(canEnd);
      expect(new Recognizer(parseEbnf(ebnf)).accepts(text), ebnf).toBe(canEnd);
    }
  });

  it("rejects a token that would run past the end of the grammar", () => {
    const m = new GrammarMatcher(compile('root ::= "ab"'));
    expect(m.acceptToken(v.tokens.findIndex((t) => "bytes" in t && new TextDecoder().decode(t.bytes) === "abc"))).toBe(false);
    expect(m.acceptedCount).toBe(0);
  });

  it("rolls back accepted tokens, including a stop token", () => {
    const m = new GrammarMatcher(compile('root ::= "a" "b"'));
    expect(m.acceptToken(0x61)).toBe(true);
    expect(m.acceptToken(0x62)).toBe(true);
    expect(m.acceptToken(v.eos)).toBe(true);
    m.rollback(2);
    expect(m.isTerminated()).toBe(false);
    expect(m.acceptToken(0x62)).toBe(true);
    expect(() => m.rollback(5)).toThrow(MatcherError);
  });

  it("reports the text the grammar forces next, in whole characters", () => {
    const m = new GrammarMatcher(compile('root ::= "{\\"name\\": \\"" ("get_weather" | "get_time") "\\"}"'));
    expect(m.forcedText()).toBe('{"name": "get_');
    expect(m.acceptString('{"name": "get_w')).toBe(true);
    expect(m.forcedText()).toBe('eather"}');
    const e = new GrammarMatcher(compile('root ::= "é" [a-z]'));
    expect(e.forcedText()).toBe("é");
  });

  it("clones are independent", () => {
    const m = new GrammarMatcher(compile('root ::= "a"+'));
    m.acceptToken(0x61);
    const c = m.clone();
    c.acceptToken(0x61);
    expect(c.acceptedCount).toBe(2);
    expect(m.acceptedCount).toBe(1);
  });

  it("rejects a bitmask of the wrong size and token ids outside the vocabulary with typed errors", () => {
    const m = new GrammarMatcher(compile('root ::= "a"'));
    expect(() => m.fillNextTokenBitmask(new Uint32Array(1))).toThrow(MatcherError);
    expect(() => m.acceptToken(v.vocab.vocabSize)).toThrow(MatcherError);
  });

  it("stops a pathological grammar at its work budget instead of hanging", () => {
    const g = parseEbnf('root ::= x+\nx ::= "a" | x x | ""');
    const m = new GrammarMatcher(compileGrammar(v.vocab, g), { workBudget: 2000 });
    const a = v.tokens.findIndex((t) => "bytes" in t && t.bytes.length === 1 && t.bytes[0] === 0x61);
    expect(() => {
      for (let i = 0; i < 200; i++) m.acceptToken(a);
    }).toThrow(MatcherError);
  });
});
