import { EMPTY, choice, literal, ref, repeat, seq, type Expr } from "@toolmask/grammar";
import type { Conj } from "./constraints.js";
import type { CompileContext } from "./context.js";
import { AutomatonLimit, dfaToExpr, minimizeDfa, productDfa, reportWork, stateCount, trimDfa, type Dfa } from "./dfa.js";
import { choiceOf, seqOf } from "./expr-util.js";
import { formatLanguage } from "./formats.js";
import { classExpr, type JsonText } from "./json-text.js";
import { charSet, intersect, isEmpty, subtract, type CharSet } from "./charset.js";
import { PatternError, RX_ANY_STAR, constrainLength, patternLanguage, type Rx } from "./regex.js";
import type { Rules } from "./rule-store.js";
import { StringAutomata } from "./string-automaton.js";

/** Nodes {@link constrainLength} may build for one string schema. */
const LENGTH_SPLIT_NODES = 2_000;
/**
 * Most ways {@link constrainLength} splits a pattern's length at first. A split writes one
 * alternative per length of the pattern's first variable part, each with its own counters, and a
 * parser follows them all at once: `^\S+@\S+$` with `maxLength: 255` would be 253 alternatives
 * (a mask step past its work budget), a 12-character string containing a hex digit 78 nested
 * ones. Past the cap the pattern and the limits become one automaton (deterministic: one item
 * per step), and only when that is too large the split as far as its node budget allows.
 */
const LENGTH_SPLIT_WAYS = 4;

/** A language a string must (or must not) belong to, with where it comes from. */
export interface Language {
  readonly rx: Rx;
  readonly pointer: string;
  readonly keyword: string;
  /** The format's name, for a format's language. */
  readonly format?: string;
}

/** Everything a string value must satisfy, in terms the string compiler works with. */
export interface StringSpec {
  readonly min: number;
  readonly max: number;
  readonly languages: readonly Language[];
  readonly notLanguages: readonly Language[];
  /** Strings excluded exactly (from `not: {const}`, or declared names for additional keys). */
  readonly notIn: readonly string[];
  readonly pointer: string;
}

/**
 * Strings as grammar: structurally where possible (one shared character rule with a counted
 * length, a pattern's own structure with the length folded into its repetitions, a trie of
 * excluded names), and through character automata when languages must be intersected or
 * complemented.
 */
export class StringCompiler {
  constructor(
    private readonly ctx: CompileContext,
    private readonly text: JsonText,
    private readonly rules: Rules,
  ) {}

  /** The string constraints of `c`; `stillAllowed` tells whether an excluded string would otherwise be valid. */
  specOf(c: Conj, stillAllowed: (s: string) => boolean): StringSpec {
    return specOfConj(c, (source, pointer, keyword) => this.pattern(source, pointer, keyword), stillAllowed);
  }

  /** True if `rx` matches every string (shown by its complement's automaton being empty; false past the automaton budget). */
  private universal(rx: Rx): boolean {
    try {
      const A = new StringAutomata(StringAutomata.setsOf(rx), this.ctx.options.budget.automatonStates);
      return A.not(A.fromRx(rx)) === undefined;
    } catch (e) {
      if (!(e instanceof AutomatonLimit)) throw e;
      return false;
    }
  }

  /** A pattern's language, or undefined (reported) when it has no grammar. */
  pattern(source: string, pointer: string, keyword: string): Rx | undefined {
    try {
      return patternLanguage(source);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      this.ctx.unsupported(pointer, keyword, `the pattern ${JSON.stringify(source)} ${e.message}`);
      return undefined;
    }
  }

  /** A JSON string (quotes included) whose value satisfies `spec`; undefined if none does. */
  expr(spec: StringSpec, base: string): Expr | undefined {
    const { min, max, languages, notLanguages, notIn } = spec;
    if (languages.length === 0 && notLanguages.length === 0) {
      return notIn.length === 0 ? this.text.stringOfLength(min, max) : this.notIn(notIn, min, max);
    }
    const single = languages.length === 1 && notLanguages.length === 0 && notIn.length === 0;
    if (single && min === 0 && max === Infinity) return this.quotedLanguage(languages[0]!.rx, base, languages[0]!.pointer, languages[0]!.format);
    const written = single ? this.limited(spec, base, this.json) : this.viaAutomaton(spec, base, this.json);
    if (written !== false) return written;
    // A language holding every string (`.*`, an unanchored `\w*` or `x?`) constrains nothing;
    // without it, length limits are a counted repetition rather than an automaton of a state
    // per length.
    const kept = languages.filter((l) => !this.universal(l.rx));
    if (kept.length < languages.length) return this.expr({ ...spec, languages: kept }, base);
    const what = languages[0] ?? notLanguages[0];
    const keyword = max < Infinity ? "maxLength" : what?.keyword ?? "pattern";
    this.ctx.unsupported(what?.pointer ?? spec.pointer, keyword, `combining ${describe(spec)} needs an automaton of more than ${this.ctx.options.budget.automatonStates} states`);
    // Too large: keep what has a structural grammar, a superset.
    if (languages.length > 0) return this.written(languages[0]!.rx, this.json);
    return this.text.stringOfLength(min, max);
  }

  /**
   * One language under length limits (`spec` has exactly one), written with `spelling`: the
   * limits folded into the pattern where a split of at most {@link LENGTH_SPLIT_WAYS} ways does
   * it, else one automaton, else the split as far as its node budget allows. Undefined if no
   * string is allowed, false if every way is too large.
   */
  private limited(spec: StringSpec, base: string, spelling: Spelling): Expr | undefined | false {
    const language = spec.languages[0]!.rx;
    const folded = constrainLength(language, spec.min, spec.max, { nodes: LENGTH_SPLIT_NODES, split: LENGTH_SPLIT_WAYS });
    if (folded) return this.written(folded, spelling);
    const automaton = this.viaAutomaton(spec, base, spelling);
    if (automaton !== false) return automaton;
    const split = constrainLength(language, spec.min, spec.max, { nodes: LENGTH_SPLIT_NODES });
    return split ? this.written(split, spelling) : false;
  }

  /** `spec`'s automaton written with `spelling`, or false past `limit` states (default: the automaton budget). */
  private viaAutomaton(spec: StringSpec, base: string, spelling: Spelling, limit = this.ctx.options.budget.automatonStates): Expr | undefined | false {
    try {
      return this.automatonExpr(spec, base, limit, spelling);
    } catch (e) {
      if (!(e instanceof AutomatonLimit)) throw e;
      return false;
    }
  }

  /** A regular language written structurally with `spelling`, its quotes around it. */
  private written(rx: Rx, spelling: Spelling): Expr | undefined {
    const body = spelling === this.json ? this.rxExpr(rx) : rxGrammar(rx, spelling.spell);
    return body && seqOf(spelling.quote, body, spelling.quote);
  }

  /** `spec`'s minimized automaton as grammar; throws {@link AutomatonLimit} past `limit` states. */
  private automatonExpr(spec: StringSpec, base: string, limit: number, spelling: Spelling): Expr | undefined {
    const A = automataFor(spec, limit);
    const dfa = this.languageDfa(A, spec);
    if (!dfa) return undefined;
    this.ctx.spend(stateCount(dfa), spec.pointer);
    return this.dfaExpr(A, dfa, base, spelling);
  }

  /** The automaton of `spec` over `A`'s alphabet (which must include its character sets). */
  languageDfa(A: StringAutomata, spec: StringSpec): Dfa | undefined {
    return specDfa(A, spec, this.ctx.options.budget.automatonStates);
  }

  /** Union of two automata over the same alphabet. */
  or(a: Dfa | undefined, b: Dfa | undefined): Dfa | undefined {
    if (!a) return b;
    if (!b) return a;
    return trimDfa(productDfa(a, b, "or", this.ctx.options.budget.automatonStates));
  }

  /** An automaton's strings as grammar: a quoted JSON string, or as `spelling` writes them. */
  dfaExpr(A: StringAutomata, automaton: Dfa, base: string, spelling: Spelling = this.json): Expr | undefined {
    const dfa = minimizeDfa(automaton);
    if (!dfa) return undefined;
    // Transitions on the same symbols share one spelled expression.
    const spelled = new Map<string, Expr>();
    const render = (syms: readonly number[]): Expr => {
      const key = syms.join(",");
      let e = spelled.get(key);
      if (!e) spelled.set(key, (e = spelling.spell(A.charsOf(syms))!));
      return e;
    };
    return seqOf(spelling.quote, dfaToExpr(dfa, render, this.rules, `${base}_str`, spelling.quote));
  }

  /**
   * A JSON string whose value is in the language of `rx`. A pattern unanchored at a side (`.*`
   * there) written structurally is ambiguous: inside `.*[a-z]+.*`, after a letter a parser is in
   * three places at once, and the sets of places it goes through differ although every one
   * accepts the same rest — so a mask engine would meet a new state at every turn, none of them
   * a plain loop it could classify in one go. Such a pattern becomes its minimized automaton
   * when that is small (here two states: before a letter, and anything after one). Anything
   * else keeps its structure (counted repetitions stay counters).
   */
  quotedLanguage(rx: Rx, base: string, pointer: string, format?: string): Expr | undefined {
    if (unanchored(rx)) {
      const spec: StringSpec = { min: 0, max: Infinity, languages: [{ rx, pointer, keyword: "pattern" }], notLanguages: [], notIn: [], pointer };
      const small = this.viaAutomaton(spec, base, this.json, Math.min(SMALL_AUTOMATON, this.ctx.options.budget.automatonStates));
      if (small !== false) return small;
    }
    return this.text.quotedRule(rx, format === undefined ? "json_pattern" : `json_${format}`, () => this.written(rx, this.json));
  }

  /**
   * The raw text of the strings `spec` allows — characters as they are, no quotes, no escapes —
   * for formats that write string values unquoted and end them with a marker. Written only where
   * no allowed string can hold a character of `avoid` (the markers' first characters), so the
   * value cannot run into its end marker: one pattern or format, with length limits as a quoted
   * string's (see `limited`). Null for anything else (plain length limits, patterns that allow the
   * marker's characters, intersections): the caller keeps its own text without the markers.
   */
  rawText(spec: StringSpec, avoid: CharSet, base: string): Expr | null {
    if (spec.languages.length !== 1 || spec.notLanguages.length > 0 || spec.notIn.length > 0) return null;
    const language = spec.languages[0]!.rx;
    if (StringAutomata.setsOf(language).some((set) => !isEmpty(intersect(set, avoid)))) return null;
    const written = spec.min === 0 && spec.max === Infinity ? this.written(language, RAW) : this.limited(spec, base, RAW);
    return written || null;
  }

  /** A string value spelled as `JSON.stringify` spells it. */
  literal(s: string): Expr {
    return literal(JSON.stringify(s));
  }

  /** Characters as JSON text spells them (the lexical layer's rules), between quotes. */
  private readonly json: Spelling = { spell: (set) => this.text.spell(set), quote: literal('"') };

  /**
   * A regular language written structurally. Remembered per lexical layer (its output uses only
   * the layer's rules), so a format or pattern that recurs across a set's schemas — `date-time`
   * in every tool that takes a time — is written once.
   */
  rxExpr(rx: Rx): Expr | undefined {
    const memo = this.text.rxMemo;
    if (memo.has(rx)) return memo.get(rx);
    const e = rxGrammar(rx, this.json.spell);
    memo.set(rx, e);
    return e;
  }

  /**
   * A string of `min` to `max` characters that is none of `names`: a trie of the names where
   * every node may end the string (unless it spells a name) or leave the trie with any other
   * character, after which anything goes. Characters on trie paths are spelled canonically, so
   * an escaped spelling of a name cannot slip through.
   */
  notIn(names: readonly string[], min: number, max: number): Expr | undefined {
    const key = `${min},${max}:${[...names].sort().join("\u0000")}`;
    const known = this.notInMemo.get(key);
    if (known !== undefined) return known ?? undefined;
    // The names as code point lists in code point order: the names sharing a prefix of length k
    // are a run of the list, and their next code points come in ascending order — a trie read
    // off the sorted list, with no node objects.
    const words = [...new Set(names)].map(codePointsOf).sort(compareCodepoints);
    const quote = literal('"');
    // The rest of a string that already differs from every name, after k + 1 characters.
    const tails = new Map<number, Expr>();
    const tail = (k: number): Expr => {
      let t = tails.get(k);
      if (!t) tails.set(k, (t = this.text.stringTail(Math.max(0, min - k - 1), max - k - 1)));
      return t;
    };
    let visited = 0;
    // The names words[lo..hi) all start with the same k code points.
    const build = (lo: number, hi: number, k: number): Expr | undefined => {
      visited++;
      const alts: Expr[] = [];
      // A name that is the prefix itself sorts first.
      const isName = lo < hi && words[lo]!.length === k;
      if (!isName && k >= min && k <= max) alts.push(quote);
      if (k < max) {
        const cps: number[] = [];
        for (let i = isName ? lo + 1 : lo; i < hi; ) {
          const cp = words[i]![k]!;
          let j = i + 1;
          while (j < hi && words[j]![k] === cp) j++;
          cps.push(cp);
          const spelled = this.text.spellChar(cp);
          let rest = spelled && build(i, j, k + 1);
          // A long name's chain becomes a rule every so often: IR may not nest past MAX_EXPR_DEPTH.
          if (rest && (k + 1) % NAME_CHAIN_RULE === 0) {
            const name = this.rules.reserve("key_rest");
            this.rules.define(name, rest);
            rest = ref(name);
          }
          if (spelled && rest) alts.push(seq(spelled, rest));
          i = j;
        }
        const other = this.text.spellAllBut(cps);
        if (other) alts.push(seq(other, tail(k)));
      }
      // The alternatives are distinct by construction: the node is made without copying them.
      return alts.length === 0 ? undefined : alts.length === 1 ? alts[0]! : { kind: "choice", items: alts };
    };
    const body = build(0, words.length, 0);
    this.ctx.spend(visited, "#");
    const out = body ? seqOf(quote, body) : undefined;
    this.notInMemo.set(key, out ?? null);
    return out;
  }

  private readonly notInMemo = new Map<string, Expr | null>();
}

/**
 * The string constraints of `c` as a {@link StringSpec}: `language` gives a pattern's language
 * (undefined leaves the pattern out), `stillAllowed` whether an excluded string would
 * otherwise be valid.
 */
function specOfConj(c: Conj, language: (source: string, pointer: string, keyword: string) => Rx | undefined, stillAllowed: (s: string) => boolean): StringSpec {
  const languages: Language[] = [];
  for (const p of c.patterns) {
    const rx = language(p.value, p.pointer, "pattern");
    if (rx) languages.push({ rx, pointer: p.pointer, keyword: "pattern" });
  }
  for (const f of c.formats) languages.push({ rx: formatLanguage(f.value), pointer: f.pointer, keyword: "format", format: f.value });
  const notLanguages: Language[] = [];
  for (const p of c.notPatterns) {
    const rx = language(p.value, p.pointer, "not");
    if (rx) notLanguages.push({ rx, pointer: p.pointer, keyword: "not" });
  }
  const notIn = c.notValues.filter((v): v is string => typeof v === "string" && wellFormed(v) && stillAllowed(v));
  return { min: c.minLength, max: c.maxLength, languages, notLanguages, notIn, pointer: c.pointer };
}

/** Character automata over an alphabet that tells apart every character set of `spec`. */
function automataFor(spec: StringSpec, limit: number): StringAutomata {
  const sets = [...spec.languages, ...spec.notLanguages].flatMap((l) => StringAutomata.setsOf(l.rx));
  return new StringAutomata([...sets, ...StringAutomata.singletons(spec.notIn)], limit);
}

/** The automaton of `spec` over `A`'s alphabet (which must include its character sets); undefined if it accepts nothing. */
function specDfa(A: StringAutomata, spec: StringSpec, limit: number): Dfa | undefined {
  let dfa: Dfa | undefined = A.lengths(0, Infinity);
  for (const l of spec.languages) dfa = A.and(dfa, A.fromRx(l.rx));
  for (const l of spec.notLanguages) dfa = A.and(dfa, A.not(A.fromRx(l.rx)));
  if (spec.notIn.length > 0) dfa = A.and(dfa, A.not(A.finite(spec.notIn)));
  if (dfa && (spec.min > 0 || spec.max < Infinity)) dfa = withLengths(dfa, spec.min, spec.max, limit);
  return dfa;
}

/**
 * False when no string satisfies the string keywords of `c` (patterns, formats, `not`
 * patterns, length limits, excluded values): shown by their automaton, built within `limit`
 * states. True when some string does, or may: the automaton would be larger, or a pattern has
 * no grammar (left out, so the check sees a superset). Reports nothing; used to prove `oneOf`
 * branches disjoint (two patterns for the file name, `\.js$` and `\.css$`, exclude each other).
 */
export function stringsMayExist(c: Conj, limit: number): boolean {
  const spec = specOfConj(c, patternOrUndefined, () => true);
  if (spec.languages.length === 0 && spec.notLanguages.length === 0) return true;
  try {
    return specDfa(automataFor(spec, limit), spec, limit) !== undefined;
  } catch (e) {
    if (e instanceof AutomatonLimit) return true;
    throw e;
  }
}

function patternOrUndefined(source: string): Rx | undefined {
  try {
    return patternLanguage(source);
  } catch (e) {
    if (e instanceof PatternError) return undefined;
    throw e;
  }
}

/**
 * `dfa` restricted to strings of `min` to `max` characters: the product with a counter,
 * explored lazily so only reachable (state, count) pairs exist.
 */
function withLengths(dfa: Dfa, min: number, max: number, limit: number): Dfa | undefined {
  const n = dfa.symbols;
  // Counts past this are all alike (no upper limit, lower limit reached).
  const top = max === Infinity ? min : max;
  const states: [number, number][] = [[dfa.start, 0]];
  const ids = new Map<string, number>([[`${dfa.start},0`, 0]]);
  const trans: number[] = [];
  for (let i = 0; i < states.length; i++) {
    const [s, k] = states[i]!;
    for (let c = 0; c < n; c++) {
      const t = dfa.trans[s * n + c]!;
      const nk = max === Infinity ? Math.min(k + 1, top) : k + 1;
      if (t < 0 || nk > top) {
        trans[i * n + c] = -1;
        continue;
      }
      const key = `${t},${nk}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = states.length;
        if (id >= limit) throw new AutomatonLimit(limit);
        ids.set(key, id);
        states.push([t, nk]);
      }
      trans[i * n + c] = id;
    }
  }
  const accept = Uint8Array.from(states, ([s, k]) => (dfa.accept[s] && k >= min ? 1 : 0));
  // A counter product is near minimal already, and Moore's refinement would take one round per length.
  reportWork(trans.length);
  return trimDfa({ symbols: n, start: 0, trans: Int32Array.from(trans), accept });
}

function describe(spec: StringSpec): string {
  const parts = [...spec.languages.map((l) => `${l.keyword} (at ${l.pointer})`), ...spec.notLanguages.map((l) => `not ${l.keyword} (at ${l.pointer})`)];
  if (spec.notIn.length > 0) parts.push("excluded strings");
  if (spec.min > 0 || spec.max < Infinity) parts.push(`lengths ${spec.min}..${spec.max}`);
  return parts.join(" and ");
}

/** False for strings with lone surrogates, which no grammar string can contain anyway. */
export function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return false;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** States an unanchored pattern's automaton may have to be written as one (see `quotedLanguage`). */
const SMALL_AUTOMATON = 256;

/** Whether a pattern's language has an unanchored side: `.*` of any character at its start or end. */
function unanchored(rx: Rx): boolean {
  if (rx === RX_ANY_STAR) return false;
  if (rx.t === "alt") return rx.items.some(unanchored);
  return rx.t === "seq" && rx.items.length > 1 && (rx.items[0] === RX_ANY_STAR || rx.items[rx.items.length - 1] === RX_ANY_STAR);
}

/**
 * A regular language written structurally, each character set spelled by `spell` (undefined:
 * no character of the set can be written, so paths through it are dropped).
 */
function rxGrammar(rx: Rx, spell: (set: CharSet) => Expr | undefined): Expr | undefined {
  switch (rx.t) {
    case "chars":
      return spell(rx.set);
    case "seq": {
      const items: Expr[] = [];
      for (const x of rx.items) {
        const e = rxGrammar(x, spell);
        if (!e) return undefined;
        items.push(e);
      }
      return seqOf(...items);
    }
    case "alt": {
      const items = rx.items.map((x) => rxGrammar(x, spell)).filter((e): e is Expr => e !== undefined);
      return items.length === 0 ? undefined : choiceOf(items);
    }
    case "rep": {
      const item = rxGrammar(rx.item, spell);
      if (!item) return rx.min === 0 ? EMPTY : undefined;
      return repeat(item, rx.min, rx.max);
    }
  }
}

/** How a string's characters are written, and what stands before and after them. */
interface Spelling {
  /** A character set as grammar; undefined if none of its characters can be written. */
  readonly spell: (set: CharSet) => Expr | undefined;
  readonly quote: Expr;
}

const SURROGATES = charSet([[0xd800, 0xdfff]]);

/** Characters as they are, no quotes (see `StringCompiler.rawText`); surrogates, which text cannot hold, left out. */
const RAW: Spelling = {
  spell: (set) => {
    const chars = subtract(set, SURROGATES);
    return isEmpty(chars) ? undefined : classExpr(chars);
  },
  quote: EMPTY,
};

/** Characters of a name written inside one another (two levels each) before the rest becomes a rule (see `notIn`). */
const NAME_CHAIN_RULE = 128;

/** A string's code points (a well-formed string: surrogates only in pairs). */
function codePointsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    out.push(cp);
    if (cp > 0xffff) i++;
  }
  return out;
}

/** Code point lists in lexicographic order (a shorter list before the lists it starts). */
function compareCodepoints(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
