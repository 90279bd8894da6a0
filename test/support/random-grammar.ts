// fast-check arbitraries for random grammars, shared by the grammar, engine and schema tests.
import fc from "fast-check";
import { charClass, choice, grammar, literal, ref, repeat, seq, token, type Expr, type Grammar } from "@toolmask/grammar";

export interface RandomGrammarOptions {
  /** Literal texts to draw from. */
  readonly literals: readonly string[];
  /** Code point ranges classes are drawn from. */
  readonly classPoints: readonly number[];
  /** Special token names to draw from (none: no token terminals). */
  readonly tokens: readonly string[];
  readonly maxRules: number;
  readonly maxDepth: number;
  /** Largest finite repetition bound. */
  readonly maxRepeat: number;
}

export const SMALL_ALPHABET: RandomGrammarOptions = {
  literals: ["", "a", "b", "ab", "ba", "c", "é"],
  classPoints: [0x61, 0x62, 0x63, 0xe9],
  tokens: [],
  maxRules: 4,
  maxDepth: 3,
  maxRepeat: 3,
};

export const WIDE_ALPHABET: RandomGrammarOptions = {
  literals: ["", "a", "ab", '"', "\\", "\n", "\t", "\u0000", "é", "日本", "😀", "]", "^", "-", "[", "#", "|", "::=", "\u2028", "\u007f"],
  classPoints: [0, 9, 10, 0x20, 0x22, 0x2d, 0x5b, 0x5c, 0x5d, 0x5e, 0x61, 0x7a, 0x7f, 0xa0, 0xe9, 0x3042, 0xd7ff, 0xe000, 0xfffd, 0x1f600, 0x10ffff],
  tokens: ["<tool_call>", "<|im_end|>", "[TOOL_CALLS]", "<｜tool▁sep｜>"],
  maxRules: 5,
  maxDepth: 4,
  maxRepeat: 12,
};

/** A random grammar whose rules are named r0..rN (r0 is the start). */
export function arbGrammar(o: RandomGrammarOptions): fc.Arbitrary<Grammar> {
  return fc.integer({ min: 1, max: o.maxRules }).chain((n) =>
    fc.array(arbExpr(o, n, o.maxDepth), { minLength: n, maxLength: n }).map((bodies) => grammar(bodies.map((b, i) => [`r${i}`, b] as const))),
  );
}

function arbExpr(o: RandomGrammarOptions, rules: number, depth: number): fc.Arbitrary<Expr> {
  const leaves: fc.Arbitrary<Expr>[] = [
    fc.constantFrom(...o.literals).map(literal),
    arbClass(o),
    fc.integer({ min: 0, max: rules - 1 }).map((i) => ref(`r${i}`)),
  ];
  if (o.tokens.length > 0) leaves.push(fc.constantFrom(...o.tokens).map(token));
  const leaf = fc.oneof(...leaves);
  if (depth === 0) return leaf;
  const sub = arbExpr(o, rules, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(sub, { minLength: 2, maxLength: 3 }).map((xs) => seq(...xs)) },
    { weight: 2, arbitrary: fc.array(sub, { minLength: 2, maxLength: 3 }).map((xs) => choice(...xs)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(sub, fc.integer({ min: 0, max: o.maxRepeat }), fc.oneof(fc.integer({ min: 0, max: o.maxRepeat }), fc.constant(Infinity)))
        .map(([item, a, b]) => repeat(item, Math.min(a, b), Math.max(a, b))),
    },
  );
}

function arbClass(o: RandomGrammarOptions): fc.Arbitrary<Expr> {
  const point = fc.constantFrom(...o.classPoints);
  return fc
    .tuple(fc.array(fc.tuple(point, point), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([pairs, negated]) => charClass(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const), negated));
}
