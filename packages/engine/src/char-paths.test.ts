import { describe, expect, it } from "vitest";
import { parseEbnf } from "@toolmask/grammar";
import { smallVocabulary } from "../../../test/support/small-vocab.js";
import { closedCharacters, loopCharacters } from "./char-paths.js";
import { compileGrammar } from "./compiled.js";

const vocab = smallVocabulary(["a", "b", "c", "é", '"', "\\"]).vocab;

/** The automaton state rule `rule` is in after reading `text` from its start. */
function stateAfter(ebnf: string, rule: string, text: string) {
  const g = compileGrammar(vocab, parseEbnf(ebnf), { cache: false }).tables;
  let s = g.startOf(g.ruleNames.indexOf(rule));
  for (const b of new TextEncoder().encode(text)) s = g.next(s, g.byteClass[b]!);
  return { g, s };
}

// "Contains ab" inside a JSON-like string, as a minimized automaton: before a match, after an
// "a", after the match. No state but the last loops on every character.
const CONTAINS_AB = String.raw`root ::= "\"" s0 "\""
s0 ::= ([^"\\a] | "\\" ["\\]) s0 | "a" s1
s1 ::= "a" s1 | "b" ch* | ([^"\\ab] | "\\" ["\\]) s0
ch ::= [^"\\] | "\\" ["\\]`;

describe("closedCharacters: characters a state can never go wrong with", () => {
  it("finds every plain character in a pattern's automaton where no state loops on them all", () => {
    const { g, s } = stateAfter(CONTAINS_AB, "s0", "xa");
    expect(loopCharacters(g, s, true)).toEqual([[0x61, 0x61]]);
    // Everything but the quote, the backslash (it leads to an escape's few characters) and
    // what is not a character.
    expect(closedCharacters(g, s)).toEqual([
      [0, 0x21],
      [0x23, 0x5b],
      [0x5d, 0xd7ff],
      [0xe000, 0x10ffff],
    ]);
  });

  it("is empty where every class of characters kills some state of the closure", () => {
    // After "a", only "b" may follow, then only "c".
    const { g, s } = stateAfter(String.raw`root ::= "\"" ([^"a] | "a" "b" "c")* "\""`, "root", '"a');
    expect(closedCharacters(g, s)).toEqual([]);
    // After "a" alone, tokens of "b"s are always fine ("b" then the loop, which takes "b").
    const { g: g2, s: s2 } = stateAfter(String.raw`root ::= "\"" ([^"a] | "a" "b")* "\""`, "root", '"a');
    expect(closedCharacters(g2, s2)).toEqual([[0x62, 0x62]]);
  });
});
