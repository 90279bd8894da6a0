import { charClass, literal, type Expr } from "@toolmask/grammar";
import { isZero, type Decimal } from "./decimal.js";
import { complementDfa, dfaToExpr, exploreDfa, minimizeDfa, productDfa, type Dfa, type RuleSink } from "./dfa.js";

/** The constraints on a JSON number that the number automaton enforces. */
export interface NumberConstraint {
  readonly integer: boolean;
  readonly lower?: Bound;
  readonly upper?: Bound;
  /** The value must be an integer multiple of each (positive) step. */
  readonly multipleOf: readonly Decimal[];
  /** The value must not be a multiple of any of these steps (from `not: {multipleOf}`). */
  readonly notMultipleOf: readonly Decimal[];
  /** Values excluded exactly (from `not: {const}` and friends). */
  readonly notEqual: readonly Decimal[];
}

export interface Bound {
  readonly value: Decimal;
  readonly exclusive: boolean;
}

/**
 * Significant digits allowed where a validator working on parsed doubles could disagree with
 * the exact decimal arithmetic of the grammar: divisibility, non-integers, exclusive bounds and
 * excluded values. A decimal of at most 15 significant digits survives the trip through a
 * double: it stays on the same side of every bound and keeps its fractional part.
 */
export const MAX_EXACT_DIGITS = 15;

// Alphabet: digits 0-9 are symbols 0-9, then "-" and ".". Exponents are only generated for
// unconstrained numbers, where any spelling of a finite number is valid.
const MINUS = 10;
const DOT = 11;
const SYMBOLS = 12;

/** True if the constraint is no constraint at all beyond the JSON type. */
export function isUnconstrained(c: NumberConstraint): boolean {
  return !c.lower && !c.upper && c.multipleOf.length === 0 && c.notMultipleOf.length === 0 && c.notEqual.length === 0;
}

/** The largest mantissa a `multipleOf` step may have: the automaton has one state per remainder. */
export const MAX_STEP_MANTISSA = 10_000;

/**
 * An expression for exactly the canonical decimal spellings (`-?(0|[1-9][0-9]*)(\.[0-9]+)?`, no
 * exponent) of the numbers that satisfy `c`, or undefined if there are none. Throws
 * {@link AutomatonLimit} past `limit` states.
 */
export function numberExpr(c: NumberConstraint, rules: RuleSink, base: string, limit: number): Expr | undefined {
  const known = cachedDfa(c, limit);
  if (!known.dfa) return undefined;
  if (known.expr) return known.expr;
  // Written without rules of its own (no cycles or large shared states: most ranges), the
  // expression depends only on the automaton too, and is kept with it.
  let ownRules = false;
  const sink: RuleSink = {
    reserve: (name) => {
      ownRules = true;
      return rules.reserve(name);
    },
    define: (name, body) => rules.define(name, body),
  };
  const expr = dfaToExpr(known.dfa, renderSymbols, sink, base);
  if (!ownRules) known.expr = expr;
  return expr;
}

/**
 * The canonical spellings of the numbers that satisfy any of `cs`, as one automaton (the union of
 * theirs, minimized), or undefined if there are none. Throws {@link AutomatonLimit} past `limit`
 * states.
 */
export function numberUnionExpr(cs: readonly NumberConstraint[], rules: RuleSink, base: string, limit: number): Expr | undefined {
  let dfa: Dfa | undefined;
  for (const c of cs) {
    const d = cachedDfa(c, limit).dfa;
    if (d) dfa = dfa ? minimizeDfa(productDfa(dfa, d, "or", limit)) : d;
  }
  return dfa && dfaToExpr(dfa, renderSymbols, rules, base);
}

const CACHE_SIZE = 500;
const cache = new Map<string, { readonly dfa: Dfa | null; expr: Expr | undefined }>();

/** The automaton of `c`, kept by constraint with its expression once written (see {@link numberExpr}). */
function cachedDfa(c: NumberConstraint, limit: number): { readonly dfa: Dfa | null; expr: Expr | undefined } {
  const key = `${limit}|${JSON.stringify(c)}`;
  let known = cache.get(key);
  if (known === undefined) {
    known = { dfa: numberDfa(c, limit) ?? null, expr: undefined };
    // The automaton depends only on the constraint: keep the common ones (minimum 0, 1..100...).
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, known);
  }
  return known;
}

function numberDfa(c: NumberConstraint, limit: number): Dfa | undefined {
  let dfa: Dfa | undefined = syntaxDfa(c.integer, limit);
  const and = (other: Dfa): void => {
    if (dfa) dfa = minimizeDfa(productDfa(dfa, other, "and", limit));
  };
  if (c.lower) and(comparatorDfa(c.lower.value, (neg, r) => lowerHolds(c.lower!, neg, r), limit));
  if (c.upper) and(comparatorDfa(c.upper.value, (neg, r) => upperHolds(c.upper!, neg, r), limit));
  if (needsExactDigits(c)) and(maxSignificantDigitsDfa(MAX_EXACT_DIGITS, limit));
  for (const step of c.multipleOf) and(multipleDfa(step, limit));
  for (const step of c.notMultipleOf) and(complementDfa(multipleDfa(step, limit)));
  for (const v of c.notEqual) and(complementDfa(comparatorDfa(v, (neg, r) => r === 0 && (isZero(v) || neg === v.negative), limit)));
  return dfa;
}

function renderSymbols(symbols: readonly number[]): Expr {
  const cps = symbols.map((s) => (s < 10 ? 0x30 + s : s === MINUS ? 0x2d : 0x2e));
  if (cps.length === 1) return literal(String.fromCodePoint(cps[0]!));
  return charClass(cps.map((cp) => [cp, cp] as const));
}

function syntaxDfa(integer: boolean, limit: number): Dfa {
  // States: 0 start, 1 after "-", 2 int "0", 3 int digits, 4 after ".", 5 fraction digits,
  // 6 "-0", 7 "-0." and zeros. Negative zero ("-0", "-0.00") is left out: JSON.stringify never
  // writes it and a model has no reason to.
  const T: Record<number, (c: number) => number | undefined> = {
    0: (c) => (c === MINUS ? 1 : c === 0 ? 2 : c < 10 ? 3 : undefined),
    1: (c) => (c === 0 ? 6 : c > 0 && c < 10 ? 3 : undefined),
    2: (c) => (c === DOT && !integer ? 4 : undefined),
    3: (c) => (c < 10 ? 3 : c === DOT && !integer ? 4 : undefined),
    4: (c) => (c < 10 ? 5 : undefined),
    5: (c) => (c < 10 ? 5 : undefined),
    6: (c) => (c === DOT && !integer ? 7 : undefined),
    7: (c) => (c === 0 ? 7 : c > 0 && c < 10 ? 5 : undefined),
  };
  return exploreDfa<number>(SYMBOLS, 0, String, (s, c) => T[s]!(c), (s) => s === 2 || s === 3 || s === 5, limit);
}

/** True when the constraint asks something a double might answer differently from exact decimals. */
function needsExactDigits(c: NumberConstraint): boolean {
  return c.multipleOf.length > 0 || c.notMultipleOf.length > 0 || c.notEqual.length > 0 || c.lower?.exclusive === true || c.upper?.exclusive === true;
}

function maxSignificantDigitsDfa(max: number, limit: number): Dfa {
  // State: digits counted since the first non-zero digit (0 while only zeros were read).
  return exploreDfa<number>(
    SYMBOLS,
    0,
    String,
    (s, c) => {
      if (c === MINUS || c === DOT) return s;
      if (s === 0 && c === 0) return 0;
      return s + 1 <= max ? s + 1 : undefined;
    },
    () => true,
    limit,
  );
}

/** Magnitude comparator state against a bound's magnitude. */
interface CmpState {
  readonly neg: boolean;
  /** 0 before the first digit, 1 integer digits, 2 fraction digits. */
  readonly phase: 0 | 1 | 2;
  /** Integer digits read, capped at the bound's integer length + 1. */
  readonly len: number;
  /** Comparison of what was read with the bound's digits at the same places (-1, 0, 1). */
  readonly cmp: number;
  /** Fraction digits compared so far, capped at the bound's fraction length. */
  readonly j: number;
}

/**
 * An automaton that reads a canonical decimal spelling and accepts when `holds(negative, r)`,
 * where r is the comparison (-1, 0, 1) of the number's magnitude with `bound`'s magnitude.
 */
function comparatorDfa(bound: Decimal, holds: (neg: boolean, r: number) => boolean, limit: number): Dfa {
  const bi = bound.int;
  const bf = bound.frac;
  const L = bi.length;
  const result = (s: CmpState): number => {
    if (s.phase === 1 || s.phase === 0) {
      const r = s.len < L ? -1 : s.len > L ? 1 : s.cmp;
      return r === 0 && bf.length > 0 ? -1 : r;
    }
    return s.cmp === 0 && s.j < bf.length ? -1 : s.cmp;
  };
  return exploreDfa<CmpState>(
    SYMBOLS,
    { neg: false, phase: 0, len: 0, cmp: 0, j: 0 },
    (s) => `${s.neg ? 1 : 0}${s.phase}|${s.len}|${s.cmp}|${s.j}`,
    (s, c) => {
      if (c === MINUS) return s.phase === 0 && !s.neg && s.len === 0 ? { ...s, neg: true } : undefined;
      if (c === DOT) {
        if (s.phase !== 1) return undefined;
        const r = s.len < L ? -1 : s.len > L ? 1 : s.cmp;
        return { ...s, phase: 2, cmp: r, j: 0 };
      }
      if (s.phase === 0 || s.phase === 1) {
        if (s.len >= L) return { ...s, phase: 1, len: L + 1, cmp: 1 };
        const cmp = s.cmp !== 0 ? s.cmp : Math.sign(c - (bi.charCodeAt(s.len) - 0x30));
        return { ...s, phase: 1, len: s.len + 1, cmp };
      }
      if (s.cmp !== 0) return s;
      const bd = s.j < bf.length ? bf.charCodeAt(s.j) - 0x30 : 0;
      return { ...s, cmp: Math.sign(c - bd), j: Math.min(s.j + 1, bf.length) };
    },
    (s) => s.phase !== 0 && holds(s.neg, result(s)),
    limit,
  );
}

function lowerHolds(b: Bound, neg: boolean, r: number): boolean {
  if (!b.value.negative) {
    if (!neg) return b.exclusive ? r > 0 : r >= 0;
    return !b.exclusive && r === 0 && isZero(b.value);
  }
  if (!neg) return true;
  return b.exclusive ? r < 0 : r <= 0;
}

function upperHolds(b: Bound, neg: boolean, r: number): boolean {
  if (!b.value.negative) {
    if (!neg) return b.exclusive ? r < 0 : r <= 0;
    return b.exclusive && isZero(b.value) ? r > 0 : true;
  }
  if (!neg) return false;
  return b.exclusive ? r > 0 : r >= 0;
}

/**
 * Accepts decimal spellings of multiples of `step` = p·10^-k: the value times 10^k must be an
 * integer (fraction digits past k are zero) divisible by p. One state per remainder.
 */
function multipleDfa(step: Decimal, limit: number): Dfa {
  const k = step.frac.length;
  const p = Number(step.int + step.frac);
  // 10^(k-j) mod p, for the fraction digits a shorter spelling leaves implicit.
  const pow = (e: number): number => {
    let v = 1 % p;
    for (let i = 0; i < e; i++) v = (v * 10) % p;
    return v;
  };
  interface S {
    readonly frac: boolean;
    readonly r: number;
    readonly j: number;
  }
  return exploreDfa<S>(
    SYMBOLS,
    { frac: false, r: 0, j: 0 },
    (s) => `${s.frac ? 1 : 0}|${s.r}|${s.j}`,
    (s, c) => {
      if (c === MINUS) return s.frac ? undefined : s;
      if (c === DOT) return s.frac ? undefined : { frac: true, r: s.r, j: 0 };
      if (!s.frac) return { frac: false, r: (s.r * 10 + c) % p, j: 0 };
      if (s.j < k) return { frac: true, r: (s.r * 10 + c) % p, j: s.j + 1 };
      return c === 0 ? s : undefined;
    },
    (s) => (s.r * pow(k - s.j)) % p === 0,
    limit,
  );
}
