import { RegExpParser, type AST } from "@eslint-community/regexpp";
import { ANY_CHAR, BMP, DIGIT, LINE_TERMINATORS, SPACE, WORD, charSet, complement, intersect, isEmpty, setKey, union, type CharSet } from "./charset.js";

/**
 * A regular expression over decoded string characters, without anchors: the language a JSON
 * Schema `pattern` (or a format) allows for a string's value. `chars` matches one character of
 * its set; `seq []` is the empty string and `alt []` the empty language.
 */
export type Rx =
  | { readonly t: "chars"; readonly set: CharSet }
  | { readonly t: "seq"; readonly items: readonly Rx[] }
  | { readonly t: "alt"; readonly items: readonly Rx[] }
  | { readonly t: "rep"; readonly item: Rx; readonly min: number; readonly max: number };

export const RX_EMPTY: Rx = { t: "seq", items: [] };
export const RX_NEVER: Rx = { t: "alt", items: [] };
export const RX_ANY_STAR: Rx = { t: "rep", item: { t: "chars", set: ANY_CHAR }, min: 0, max: Infinity };

/** A pattern the compiler cannot turn into a grammar, with the reason in words. */
export class PatternError extends Error {}

type Anchored = Rx | { readonly t: "start" } | { readonly t: "end" } | { readonly t: "aseq"; readonly items: readonly Anchored[] } | { readonly t: "aalt"; readonly items: readonly Anchored[] };

interface Variant {
  readonly start: boolean;
  readonly end: boolean;
  readonly body: Rx;
}

const MAX_VARIANTS = 64;

/**
 * The strings a JSON Schema `pattern` accepts, as {@link Rx}. The pattern is an ECMAScript
 * regular expression with the `u` flag (what ajv uses), or without it when it is only valid
 * that way (patterns such as `\:` written for other engines); it matches anywhere in the
 * string unless anchored, so unanchored sides get `.*` of any character.
 * Throws {@link PatternError} for syntax errors and for lookarounds, backreferences, word
 * boundaries and Unicode property escapes, which have no grammar here.
 */
export function patternLanguage(source: string): Rx {
  let pattern: AST.Pattern;
  let unicode = true;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    try {
      pattern = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: false });
      unicode = false;
    } catch (e) {
      throw new PatternError(`is not an ECMAScript regular expression (${(e as Error).message})`);
    }
  }
  const anchored = fromAlternatives(pattern.alternatives, unicode);
  const variants = split(anchored);
  return alt(variants.map((v) => seq([v.start ? RX_EMPTY : RX_ANY_STAR, v.body, v.end ? RX_EMPTY : RX_ANY_STAR])));
}

/** Like {@link patternLanguage} for a pattern that must match the whole string (formats are written anchored). */
export function fullMatchLanguage(source: string): Rx {
  return patternLanguage(`^(?:${source})$`);
}

function fromAlternatives(alts: readonly AST.Alternative[], unicode: boolean): Anchored {
  const items = alts.map((a) => fromElements(a.elements, unicode));
  if (items.length === 1) return items[0]!;
  return items.every(isPlain) ? alt(items) : { t: "aalt", items };
}

function fromElements(elements: readonly AST.Element[], unicode: boolean): Anchored {
  const items = elements.map((e) => fromElement(e, unicode));
  if (items.length === 1) return items[0]!;
  return items.every(isPlain) ? seq(items) : { t: "aseq", items };
}

function fromElement(e: AST.Element, unicode: boolean): Anchored {
  switch (e.type) {
    case "Character":
      return { t: "chars", set: charSet([[e.value, e.value]]) };
    case "CharacterClass":
      return { t: "chars", set: classSet(e, unicode) };
    case "CharacterSet":
      return { t: "chars", set: characterSet(e, unicode) };
    case "Group":
      if (e.modifiers) throw new PatternError(`uses regular expression modifiers "${e.modifiers.raw}"`);
      return fromAlternatives(e.alternatives, unicode);
    case "CapturingGroup":
      return fromAlternatives(e.alternatives, unicode);
    case "Quantifier": {
      const item = fromElement(e.element, unicode);
      if (!isPlain(item)) throw new PatternError(`repeats an anchor ("${e.raw}")`);
      return { t: "rep", item, min: e.min, max: e.max };
    }
    case "Assertion":
      if (e.kind === "start") return { t: "start" };
      if (e.kind === "end") return { t: "end" };
      if (e.kind === "word") throw new PatternError(`uses a word boundary assertion ("${e.raw}")`);
      throw new PatternError(`uses a ${e.kind} assertion ("${e.raw}")`);
    case "Backreference":
      throw new PatternError(`uses a backreference ("${e.raw}")`);
    case "ExpressionCharacterClass":
      throw new PatternError(`uses a set-notation class ("${e.raw}")`);
  }
}

function isPlain(a: Anchored): a is Rx {
  switch (a.t) {
    case "start":
    case "end":
      return false;
    case "aseq":
    case "aalt":
      return false;
    default:
      return true;
  }
}

function classSet(c: AST.CharacterClass, unicode: boolean): CharSet {
  const parts: CharSet[] = [];
  for (const el of c.elements) {
    switch (el.type) {
      case "Character":
        parts.push(charSet([[el.value, el.value]]));
        break;
      case "CharacterClassRange":
        parts.push(charSet([[el.min.value, el.max.value]]));
        break;
      case "CharacterSet":
        parts.push(characterSet(el, unicode));
        break;
      default:
        throw new PatternError(`uses an unsupported class element ("${el.raw}")`);
    }
  }
  const set = union(...parts);
  return c.negate ? universe(unicode, complement(set)) : set;
}

function characterSet(s: AST.CharacterSet, unicode: boolean): CharSet {
  if (s.kind === "any") return universe(unicode, complement(LINE_TERMINATORS));
  if (s.kind === "property") throw new PatternError(`uses a Unicode property escape ("${s.raw}")`);
  const base = s.kind === "digit" ? DIGIT : s.kind === "word" ? WORD : SPACE;
  return s.negate ? universe(unicode, complement(base)) : base;
}

/**
 * Without the `u` flag a class matches one UTF-16 unit, so a character outside the BMP (two
 * units) would not match where the grammar matched it as one character: keep such sets to the BMP.
 */
function universe(unicode: boolean, set: CharSet): CharSet {
  return unicode ? set : intersect(set, BMP);
}

/** Pushes anchors to the edges: the variants of an anchored expression, each anchored or not at either end. */
function split(a: Anchored): Variant[] {
  switch (a.t) {
    case "start":
      return [{ start: true, end: false, body: RX_EMPTY }];
    case "end":
      return [{ start: false, end: true, body: RX_EMPTY }];
    case "aalt":
      return a.items.flatMap(split);
    case "aseq": {
      let combos: Variant[][] = [[]];
      for (const item of a.items) {
        const vs = split(item);
        const next: Variant[][] = [];
        for (const c of combos) for (const v of vs) next.push([...c, v]);
        if (next.length > MAX_VARIANTS) throw new PatternError("has too many anchored alternatives");
        combos = next;
      }
      return combos.flatMap((c) => joinVariants(c));
    }
    default:
      return [{ start: false, end: false, body: a }];
  }
}

function joinVariants(parts: readonly Variant[]): Variant[] {
  let sIdx = -1;
  let eIdx = parts.length;
  parts.forEach((p, i) => {
    if (p.start) sIdx = i;
    if (p.end && eIdx === parts.length) eIdx = i;
  });
  const items: Rx[] = [];
  for (let i = 0; i < parts.length; i++) {
    const body = parts[i]!.body;
    // Text before a start anchor or after an end anchor must be empty.
    const mustBeEmpty = i < sIdx || i > eIdx || (sIdx > eIdx && (i === sIdx || i === eIdx));
    if (mustBeEmpty) {
      if (!rxNullable(body)) return [];
      continue;
    }
    items.push(body);
  }
  return [{ start: sIdx >= 0, end: eIdx < parts.length, body: seq(items) }];
}

export function seq(items: readonly Rx[]): Rx {
  const out: Rx[] = [];
  for (const i of items) {
    if (i.t === "alt" && i.items.length === 0) return RX_NEVER;
    if (i.t === "seq") out.push(...i.items);
    else out.push(i);
  }
  return out.length === 1 ? out[0]! : { t: "seq", items: out };
}

export function alt(items: readonly Rx[]): Rx {
  const out: Rx[] = [];
  const keys = new Set<string>();
  for (const i of items) {
    for (const x of i.t === "alt" ? i.items : [i]) {
      const k = rxKey(x);
      if (!keys.has(k)) {
        keys.add(k);
        out.push(x);
      }
    }
  }
  return out.length === 1 ? out[0]! : { t: "alt", items: out };
}

export function rep(item: Rx, min: number, max: number): Rx {
  if (max === 0) return RX_EMPTY;
  if (item.t === "alt" && item.items.length === 0) return min === 0 ? RX_EMPTY : RX_NEVER;
  if (min === 1 && max === 1) return item;
  return { t: "rep", item, min, max };
}

export function rxKey(r: Rx): string {
  switch (r.t) {
    case "chars":
      return `[${setKey(r.set)}]`;
    case "seq":
      return `(${r.items.map(rxKey).join(" ")})`;
    case "alt":
      return `(${r.items.map(rxKey).join("|")})`;
    case "rep":
      return `${rxKey(r.item)}{${r.min},${r.max}}`;
  }
}

export function rxNullable(r: Rx): boolean {
  switch (r.t) {
    case "chars":
      return false;
    case "seq":
      return r.items.every(rxNullable);
    case "alt":
      return r.items.some(rxNullable);
    case "rep":
      return r.min === 0 || rxNullable(r.item);
  }
}

/** Shortest and longest string lengths in characters (longest may be Infinity); undefined for the empty language. */
export function rxLength(r: Rx): readonly [number, number] | undefined {
  switch (r.t) {
    case "chars":
      return isEmpty(r.set) ? undefined : [1, 1];
    case "seq": {
      let lo = 0;
      let hi = 0;
      for (const i of r.items) {
        const l = rxLength(i);
        if (!l) return undefined;
        lo += l[0];
        hi += l[1];
      }
      return [lo, hi];
    }
    case "alt": {
      let lo = Infinity;
      let hi = -1;
      for (const i of r.items) {
        const l = rxLength(i);
        if (!l) continue;
        lo = Math.min(lo, l[0]);
        hi = Math.max(hi, l[1]);
      }
      return hi < 0 ? undefined : [lo, hi];
    }
    case "rep": {
      const l = rxLength(r.item);
      if (!l) return r.min === 0 ? [0, 0] : undefined;
      return [l[0] * r.min, r.max === Infinity ? (l[1] === 0 ? 0 : Infinity) : l[1] * r.max];
    }
  }
}

/** Counts the nodes {@link constrainLength} builds so a hostile pattern cannot make it run away. */
export interface LengthBudget {
  nodes: number;
  /**
   * Most alternatives one split may write (default: as many as `nodes` allows). Each is a
   * separate way to read the string: a parser follows all of them at once, one counter each.
   */
  readonly split?: number;
}

/**
 * The strings of `r` whose length lies in [lo, hi], written as an {@link Rx} by adjusting
 * repetition counts (and, for sequences with several variable parts, by splitting on the length
 * of the first). Returns undefined when that cannot be done exactly within the budget.
 */
export function constrainLength(r: Rx, lo: number, hi: number, budget: LengthBudget): Rx | undefined {
  if (--budget.nodes < 0) return undefined;
  // A part after fixed text gets what is left of the range, which may start below zero: no
  // length is shorter than zero, and the empty string must stay in (`^x(ya+)?$`: "x").
  lo = Math.max(lo, 0);
  const len = rxLength(r);
  if (!len) return RX_NEVER;
  if (len[0] >= lo && len[1] <= hi) return r;
  if (len[1] < lo || len[0] > hi) return RX_NEVER;
  switch (r.t) {
    case "chars":
      return r;
    case "alt": {
      const items: Rx[] = [];
      for (const i of r.items) {
        const c = constrainLength(i, lo, hi, budget);
        if (!c) return undefined;
        items.push(c);
      }
      return alt(items);
    }
    case "rep": {
      const l = rxLength(r.item)!;
      if (l[0] === l[1] && l[0] > 0) {
        const k = l[0];
        const min = Math.max(r.min, Math.ceil(lo / k));
        const max = Math.min(r.max, Math.floor(hi / k));
        return min > max ? RX_NEVER : rep(r.item, min, max);
      }
      // A repeated variable-length item: unroll the first copy and constrain the rest.
      if (r.max === 0) return RX_EMPTY;
      if (r.min === 0 && lo > 0) return constrainLength(rep(r.item, 1, r.max), lo, hi, budget);
      if (hi === Infinity) return undefined;
      const first = r.item;
      const restMin = Math.max(0, r.min - 1);
      const restMax = r.max === Infinity ? Infinity : r.max - 1;
      const body = constrainLength(seq([first, rep(r.item, restMin, restMax)]), lo, hi, budget);
      if (!body) return undefined;
      return r.min === 0 && lo === 0 ? alt([RX_EMPTY, body]) : body;
    }
    case "seq": {
      const items = r.items;
      const lens = items.map((i) => rxLength(i)!);
      const variable = lens.map((l, i) => (l[0] !== l[1] ? i : -1)).filter((i) => i >= 0);
      const fixed = lens.reduce((s, l) => s + (l[0] === l[1] ? l[0] : 0), 0);
      if (variable.length === 1) {
        const v = variable[0]!;
        const c = constrainLength(items[v]!, lo - fixed, hi - fixed, budget);
        if (!c) return undefined;
        return seq(items.map((x, i) => (i === v ? c : x)));
      }
      // Several variable parts: split on the length of the first variable one.
      const v = variable[0]!;
      const head = items.slice(0, v);
      const tail = seq(items.slice(v + 1));
      const tailLen = rxLength(tail)!;
      const vLen = lens[v]!;
      const headLen = head.reduce((s, x) => s + rxLength(x)![0], 0);
      const from = Math.max(vLen[0], lo - headLen - tailLen[1]);
      const to = Math.min(vLen[1], hi - headLen - tailLen[0]);
      if (to === Infinity || to - from + 1 > (budget.split ?? Infinity)) return splitOnShortParts(items, variable, fixed, lo, hi, budget);
      const out: Rx[] = [];
      for (let n = from; n <= to; n++) {
        const part = constrainLength(items[v]!, n, n, budget);
        const rest = constrainLength(tail, lo - headLen - n, hi - headLen - n, budget);
        if (!part || !rest) return undefined;
        out.push(seq([...head, part, rest]));
      }
      return alt(out);
    }
  }
}

/** Distinct lengths {@link splitOnShortParts} enumerates for one part, and combinations for a sequence. */
const SHORT_PART_LENGTHS = 16;

/**
 * The lengths the strings of `r` can have, when there are at most `limit` of them (a time zone:
 * 1 or 6 characters); undefined when unbounded or more.
 */
export function rxLengthSet(r: Rx, limit: number): readonly number[] | undefined {
  const sums = (a: readonly number[], b: readonly number[]): number[] | undefined => {
    const out = new Set<number>();
    for (const x of a) for (const y of b) out.add(x + y);
    return out.size > limit ? undefined : [...out];
  };
  switch (r.t) {
    case "chars":
      return isEmpty(r.set) ? [] : [1];
    case "seq": {
      let acc: readonly number[] | undefined = [0];
      for (const i of r.items) {
        const l = rxLengthSet(i, limit);
        acc = l && sums(acc, l);
        if (!acc) return undefined;
      }
      return acc;
    }
    case "alt": {
      const out = new Set<number>();
      for (const i of r.items) {
        const l = rxLengthSet(i, limit);
        if (!l) return undefined;
        for (const n of l) out.add(n);
      }
      return out.size > limit ? undefined : [...out];
    }
    case "rep": {
      if (r.max === 0) return [0];
      const l = rxLengthSet(r.item, limit);
      if (!l) return undefined;
      if (r.max === Infinity) return l.every((n) => n === 0) ? [0] : undefined;
      if (l.length === 0) return r.min === 0 ? [0] : [];
      const out = new Set<number>();
      let acc: readonly number[] | undefined = [0];
      for (let k = 1; k <= r.max; k++) {
        if (k - 1 >= r.min) for (const n of acc) out.add(n);
        acc = sums(acc, l);
        if (!acc || out.size > limit) return undefined;
      }
      for (const n of acc) out.add(n);
      return out.size > limit ? undefined : [...out];
    }
  }
}

/**
 * A sequence with several variable parts whose first one varies too much to split on (a
 * date-time's fraction digits): when every variable part but one has few possible lengths (the
 * time zone: `Z` or `+hh:mm`), split on those lengths instead, so the remaining part takes what
 * is left of [lo, hi]. Undefined past the split or node budget.
 */
function splitOnShortParts(items: readonly Rx[], variable: readonly number[], fixed: number, lo: number, hi: number, budget: LengthBudget): Rx | undefined {
  const parts = variable.map((index) => ({ index, lengths: rxLengthSet(items[index]!, SHORT_PART_LENGTHS) }));
  const long = parts.filter((p) => !p.lengths);
  if (long.length > 1) return undefined;
  // The part left free: the one without a short length set, else the one with the most lengths.
  const free = long[0] ?? parts.reduce((best, p) => (p.lengths!.length > best.lengths!.length ? p : best));
  let combos: { lengths: Map<number, number>; total: number }[] = [{ lengths: new Map(), total: 0 }];
  for (const p of parts) {
    if (p === free) continue;
    combos = combos.flatMap((c) => p.lengths!.map((n) => ({ lengths: new Map(c.lengths).set(p.index, n), total: c.total + n })));
    if (combos.length > (budget.split ?? SHORT_PART_LENGTHS)) return undefined;
  }
  const out: Rx[] = [];
  for (const c of combos) {
    const rest = constrainLength(items[free.index]!, lo - fixed - c.total, hi - fixed - c.total, budget);
    if (!rest) return undefined;
    if (rest === RX_NEVER) continue;
    const written: Rx[] = [];
    for (let i = 0; i < items.length; i++) {
      const n = c.lengths.get(i);
      const part = i === free.index ? rest : n !== undefined ? constrainLength(items[i]!, n, n, budget) : items[i]!;
      if (!part) return undefined;
      written.push(part);
    }
    out.push(seq(written));
  }
  return alt(out);
}
