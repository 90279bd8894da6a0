import { charClass, choice, literal, optional, seq, star, type Expr } from "@toolmask/grammar";
import { FormatError } from "../errors.js";
import { SPACE_RANGES } from "../space.js";

interface TrieNode {
  readonly children: Map<number, TrieNode>;
  /** A whole marker ends here. */
  terminal: boolean;
}

/**
 * Text in which none of `markers` occurs, as a regular expression built from counted repeats (no
 * right recursion, so recognizers stay linear). With M0 the set of the markers' first characters,
 * the language is `( [^M0] | A* B )* A*`, where A is any proper prefix of a marker and B a proper
 * prefix followed by a character that neither continues it nor starts a marker. That holds when no
 * marker contains a character of M0 after its first position, which every format's markers meet.
 */
export function textWithout(markers: readonly string[]): Expr {
  const parts = textParts(markers);
  if (!parts.a) return star(parts.plain);
  return seq(star(choice(parts.plain, seq(star(parts.a), parts.b!))), star(parts.a));
}

/**
 * Text in which none of `markers` occurs and whose first character other than whitespace is not
 * one of `notFirst` (for formats whose calls are recognized only at the start of the output).
 * `rest` must reference `textWithout(markers)`.
 */
export function leadingTextWithout(markers: readonly string[], notFirst: string, rest: Expr): Expr {
  const parts = textParts(markers);
  const space = charClass(SPACE_RANGES);
  const excluded = [...[...parts.firsts, ...Array.from(notFirst, (ch) => ch.codePointAt(0)!)].map((cp) => [cp, cp] as const), ...SPACE_RANGES];
  const starts: Expr[] = [seq(charClass(excluded, true), rest)];
  for (const root of parts.roots) {
    if (notFirst.includes(String.fromCodePoint(root.cp)) || root.node.terminal) continue;
    const a = prefixExpr(root.cp, root.node);
    const b = deviationExpr(root.cp, root.node, parts.restart);
    starts.push(seq(a, star(parts.a!), parts.b!, rest), seq(b, rest), seq(a, star(parts.a!)));
  }
  return seq(star(space), optional(choice(...starts)));
}

interface TextParts {
  /** Characters that start no marker. */
  readonly plain: Expr;
  /** Any proper prefix of a marker (undefined when every marker is one character). */
  readonly a: Expr | undefined;
  /** A proper prefix followed by a character that leaves every marker. */
  readonly b: Expr | undefined;
  readonly firsts: readonly number[];
  readonly roots: readonly { readonly cp: number; readonly node: TrieNode }[];
  readonly restart: readonly (readonly [number, number])[];
}

function textParts(markers: readonly string[]): TextParts {
  const all = [...new Set(markers)].filter((m) => m.length > 0);
  const root: TrieNode = { children: new Map(), terminal: false };
  const firsts = new Set<number>();
  for (const m of all) {
    const cps = Array.from(m, (ch) => ch.codePointAt(0)!);
    firsts.add(cps[0]!);
    let node = root;
    for (const cp of cps) {
      let next = node.children.get(cp);
      if (!next) {
        next = { children: new Map(), terminal: false };
        node.children.set(cp, next);
      }
      node = next;
    }
    node.terminal = true;
  }
  for (const m of all) {
    const cps = Array.from(m, (ch) => ch.codePointAt(0)!);
    if (cps.slice(1).some((cp) => firsts.has(cp))) {
      throw new FormatError("invalid_format", `marker ${JSON.stringify(m)} repeats a marker's first character after its start; free text around it cannot be expressed without lookahead`);
    }
  }
  const restart = [...firsts].map((cp) => [cp, cp] as const);
  const prefixes: Expr[] = [];
  const deviations: Expr[] = [];
  const roots = [...root.children].map(([cp, node]) => ({ cp, node }));
  for (const { cp, node } of roots) {
    if (node.terminal) continue;
    prefixes.push(prefixExpr(cp, node));
    deviations.push(deviationExpr(cp, node, restart));
  }
  return {
    plain: charClass(restart, true),
    a: prefixes.length > 0 ? choice(...prefixes) : undefined,
    b: deviations.length > 0 ? choice(...deviations) : undefined,
    firsts: [...firsts],
    roots,
    restart,
  };
}

/** `cp` followed by a path to any non-terminal node below (or none). */
function prefixExpr(cp: number, node: TrieNode): Expr {
  const below: Expr[] = [];
  for (const [c, child] of node.children) if (!child.terminal) below.push(prefixExpr(c, child));
  const head = literal(String.fromCodePoint(cp));
  return below.length === 0 ? head : seq(head, optional(choice(...below)));
}

/** `cp`, a path to a non-terminal node, then a character that leaves every marker. */
function deviationExpr(cp: number, node: TrieNode, restart: readonly (readonly [number, number])[]): Expr {
  const excluded = [...restart, ...[...node.children.keys()].map((c) => [c, c] as const)];
  const alternatives: Expr[] = [charClass(excluded, true)];
  for (const [c, child] of node.children) if (!child.terminal) alternatives.push(deviationExpr(c, child, restart));
  return seq(literal(String.fromCodePoint(cp)), choice(...alternatives));
}
