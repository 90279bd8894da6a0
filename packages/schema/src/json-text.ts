import { EMPTY, charClass, charSet as irCharSet, choice, literal, ref, repeat, type Expr, type RuleRef } from "@toolmask/grammar";
import { ANY_CHAR, charSet, complement, contains, intersect, isEmpty, setKey, setsEqual, subtract, type CharSet } from "./charset.js";
import { choiceOf, exprSize, seqOf } from "./expr-util.js";
import type { ResolvedOptions } from "./options.js";
import type { Rx } from "./regex.js";
import type { RuleStore } from "./rule-store.js";

/** Quoted languages with at most this many nodes are written in place instead of as a shared rule. */
const SMALL_STRING = 6;
/** Character sets remembered per lexical layer by spellAllBut. */
const MAX_CACHED_SETS = 4096;

/** Characters a JSON string holds without an escape. */
const RAW: CharSet = subtract(ANY_CHAR, charSet([[0, 0x1f], [0x22, 0x22], [0x5c, 0x5c]]));
/** Characters JSON cannot hold unescaped. */
const ESCAPED: CharSet = subtract(ANY_CHAR, RAW);
/** The printable characters JSON escapes: `"` and `\\`. */
const QUOTE_BACKSLASH = [0x22, 0x5c] as const;
/** JSON's two-character escapes, as `JSON.stringify` writes them. */
const SHORT_ESCAPES = new Map<number, string>([
  [0x22, '\\"'],
  [0x5c, "\\\\"],
  [0x08, "\\b"],
  [0x0c, "\\f"],
  [0x0a, "\\n"],
  [0x0d, "\\r"],
  [0x09, "\\t"],
]);

const HEX = charClass([[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]]);
/** `json_char`'s body, built once: it refers to no rule. */
const CHAR_BODY: Expr = choice(
  { kind: "class", ranges: complement(RAW), negated: true },
  seqOf(
    literal("\\"),
    choice(
      irCharSet('"\\/bfnrt'),
      seqOf(
        literal("u"),
        choice(
          seqOf(charClass([[0x30, 0x39], [0x41, 0x43], [0x45, 0x46], [0x61, 0x63], [0x65, 0x66]]), HEX, HEX, HEX),
          seqOf(irCharSet("Dd"), charClass([[0x30, 0x37]]), HEX, HEX),
          seqOf(irCharSet("Dd"), irCharSet("89ABab"), HEX, HEX, literal("\\u"), irCharSet("Dd"), charClass([[0x43, 0x46], [0x63, 0x66]]), HEX, HEX),
        ),
      ),
    ),
  ),
);

/**
 * A class for a normalized set: a literal for one character, else whichever of the set and its
 * complement (negated) has fewer ranges, so "anything but a few letters" reads `[^...]`.
 */
export function classExpr(set: CharSet): Expr {
  if (set.length === 1 && set[0]![0] === set[0]![1]) return literal(String.fromCodePoint(set[0]![0]));
  const outside = complement(set);
  // Both are normalized already, so the IR object is built directly.
  return outside.length < set.length ? { kind: "class", ranges: outside, negated: true } : { kind: "class", ranges: set, negated: false };
}

/**
 * The lexical layer of JSON text: shared rules for string characters, numbers and whitespace,
 * and the punctuation of objects and arrays under the whitespace policy. Identical lexical
 * contexts use identical rules (one `json_char` rule for every unconstrained string), which lets
 * a mask engine share its precomputation between them.
 */
export class JsonText {
  private readonly shared = new Map<string, RuleRef>();
  /** `spellAllBut` by code points: one code point as itself, several joined by commas. */
  private readonly allBut = new Map<number | string, Expr | undefined>();
  /** Regular languages already written with this layer's rules (see `StringCompiler.rxExpr`). */
  readonly rxMemo = new WeakMap<Rx, Expr | undefined>();
  private readonly quotedRules = new WeakMap<Rx, Expr | null>();

  constructor(
    private readonly rules: RuleStore,
    /** Only the layout options: one lexical layer serves every schema of a set with the same layout. */
    readonly options: Pick<ResolvedOptions, "whitespace" | "maxWhitespace" | "indent" | "maxPrettyDepth">,
  ) {}

  private sharedRule(key: string, base: string, body: () => Expr): RuleRef {
    let r = this.shared.get(key);
    if (!r) {
      const name = this.rules.reserve(base);
      r = ref(name);
      this.shared.set(key, r);
      this.rules.define(name, body());
    }
    return r;
  }

  /**
   * A quoted string of a regular language written structurally (`body` builds it), as one rule
   * named after `base` for every schema of the set: a format such as `date-time` in every tool
   * that takes a time is then one rule, not a copy per tool under the tool's own name. Small
   * expressions stay in place.
   */
  quotedRule(rx: Rx, base: string, body: () => Expr | undefined): Expr | undefined {
    let r = this.quotedRules.get(rx);
    if (r === undefined) {
      const e = body();
      if (!e) r = null;
      else if (exprSize(e, SMALL_STRING) <= SMALL_STRING) r = e;
      else {
        const name = this.rules.reserve(base);
        this.rules.define(name, e);
        r = ref(name);
      }
      this.quotedRules.set(rx, r);
    }
    return r ?? undefined;
  }

  /**
   * One character of a JSON string in any spelling: unescaped, a two-character escape, or
   * `\uXXXX` (a surrogate only as a high-low pair, so it counts as one character the way ajv's
   * `minLength` counts).
   */
  char(): RuleRef {
    return this.sharedRule("char", "json_char", () => CHAR_BODY);
  }

  /** Any JSON string. */
  string(): RuleRef {
    return this.sharedRule("string", "json_string", () => seqOf(literal('"'), repeat(this.char(), 0, Infinity), literal('"')));
  }

  /** A string of `min` to `max` characters, any spelling. */
  stringOfLength(min: number, max: number): Expr {
    if (min === 0 && max === Infinity) return this.string();
    return seqOf(literal('"'), repeat(this.char(), min, max), literal('"'));
  }

  /**
   * Any integer: `-?(0|[1-9][0-9]*)`, or in exponent form with an exponent from 20 to 307 and
   * at most 20 fraction digits (how JSON.stringify writes integers from 1e21 up), which is
   * always a finite integer.
   */
  integer(): RuleRef {
    return this.sharedRule("integer", "json_integer", () => {
      const digit = charClass([[0x30, 0x39]]);
      const nonZero = charClass([[0x31, 0x39]]);
      const plain = choice(literal("0"), seqOf(nonZero, repeat(digit, 0, Infinity)));
      const bigExponent = choice(seqOf(charClass([[0x32, 0x39]]), digit), seqOf(charClass([[0x31, 0x32]]), digit, digit), seqOf(literal("30"), charClass([[0x30, 0x37]])));
      const exponent = seqOf(nonZero, repeat(seqOf(literal("."), repeat(digit, 1, 20)), 0, 1), irCharSet("eE"), repeat(literal("+"), 0, 1), bigExponent);
      return seqOf(repeat(literal("-"), 0, 1), choice(plain, exponent));
    });
  }

  /** `-?(0|[1-9][0-9]*)`, the integer part of a number. */
  private integerPart(): RuleRef {
    return this.sharedRule("integer part", "json_int", () => seqOf(repeat(literal("-"), 0, 1), choice(literal("0"), seqOf(charClass([[0x31, 0x39]]), repeat(charClass([[0x30, 0x39]]), 0, Infinity)))));
  }

  /** Any JSON number. */
  number(): RuleRef {
    return this.sharedRule("number", "json_number", () => {
      const digits = repeat(charClass([[0x30, 0x39]]), 1, Infinity);
      return seqOf(this.integerPart(), repeat(seqOf(literal("."), digits), 0, 1), repeat(seqOf(irCharSet("eE"), repeat(irCharSet("+-"), 0, 1), digits), 0, 1));
    });
  }

  /**
   * Characters of a decoded string spelled as `JSON.stringify` spells them: unescaped where
   * JSON allows, `\"` `\\` `\b` `\f` `\n` `\r` `\t`, and `\u00xx` for other control characters.
   * The set of every character uses {@link char} (any spelling). Sets with escapes become shared rules.
   */
  spell(set: CharSet): Expr | undefined {
    if (isEmpty(set)) return undefined;
    if (setsEqual(set, ANY_CHAR)) return this.char();
    const raw = intersect(set, RAW);
    const rawExpr = isEmpty(raw) ? undefined : classExpr(raw);
    const escaped = subtract(set, RAW);
    if (isEmpty(escaped)) return rawExpr;
    // Most sets with escapes are "everything but a few letters": they share one escape rule.
    const escapes = setsEqual(escaped, ESCAPED) ? this.canonicalEscape() : this.sharedRule(`escape:${setKey(escaped)}`, "json_escape", () => this.escapesOf(escaped));
    return rawExpr ? choice(rawExpr, escapes) : escapes;
  }

  /** One character spelled as `JSON.stringify` spells it. */
  spellChar(cp: number): Expr | undefined {
    if (cp >= 0x20 && cp !== 0x22 && cp !== 0x5c && (cp < 0xd800 || cp > 0xdfff)) return literal(String.fromCodePoint(cp));
    return this.spell(charSet([[cp, cp]]));
  }

  /** The end of a string after its first differing character: `min` to `max` more characters and the quote. */
  stringTail(min: number, max: number): Expr {
    if (min === 0 && max === Infinity) return this.sharedRule("tail", "json_string_tail", () => seqOf(repeat(this.char(), 0, Infinity), literal('"')));
    return seqOf(repeat(this.char(), min, max), literal('"'));
  }

  /**
   * Any character but the code points `cps` (ascending, no repeats), spelled canonically (the
   * fast path of {@link spell}). Property-name tries ask for the same few sets again and again
   * (one character below a branching point, the names' first characters at the top): each is
   * remembered per layer, a single code point under itself (no key string to build).
   */
  spellAllBut(cps: readonly number[]): Expr | undefined {
    if (cps.length === 0) return this.char();
    const key = cps.length === 1 ? cps[0]! : cps.join(",");
    let e = this.allBut.get(key);
    if (e === undefined && !this.allBut.has(key)) {
      if (this.allBut.size >= MAX_CACHED_SETS) this.allBut.clear();
      this.allBut.set(key, (e = this.spellAllButSlow(cps)));
    }
    return e;
  }

  private spellAllButSlow(cps: readonly number[]): Expr | undefined {
    if (!cps.every((cp) => cp >= 0x20 && cp !== 0x22 && cp !== 0x5c && (cp < 0xd800 || cp > 0xdfff))) {
      return this.spell(subtract(ANY_CHAR, charSet(cps.map((cp) => [cp, cp] as const))));
    }
    // [^\x00-\x1F"\\ and the code points], plus every escape: the class's ranges merge the
    // code points (ascending) into the ranges JSON escapes, without sorting.
    const ranges: [number, number][] = [[0, 0x1f]];
    const add = (cp: number): void => {
      const last = ranges[ranges.length - 1]!;
      if (cp === last[1] + 1) last[1] = cp;
      else ranges.push([cp, cp]);
    };
    let e = 0;
    for (const cp of cps) {
      while (e < QUOTE_BACKSLASH.length && QUOTE_BACKSLASH[e]! < cp) add(QUOTE_BACKSLASH[e++]!);
      add(cp);
    }
    while (e < QUOTE_BACKSLASH.length) add(QUOTE_BACKSLASH[e++]!);
    return { kind: "choice", items: [{ kind: "class", ranges, negated: true }, this.canonicalEscape()] };
  }

  /** Every character JSON must escape, spelled as `JSON.stringify` does. */
  private canonicalEscape(): RuleRef {
    return this.sharedRule("escape", "json_escape", () => this.escapesOf(ESCAPED));
  }

  private escapesOf(set: CharSet): Expr {
    const escapes: Expr[] = [];
    for (const [cp, text] of SHORT_ESCAPES) if (contains(set, cp)) escapes.push(literal(text));
    const controls: number[] = [];
    for (let cp = 0; cp < 0x20; cp++) if (!SHORT_ESCAPES.has(cp) && contains(set, cp)) controls.push(cp);
    if (controls.length > 0) {
      const byHigh = [0, 1]
        .map((high) => {
          const lows = controls.filter((cp) => cp >> 4 === high).map((cp) => (cp & 15).toString(16).charCodeAt(0));
          if (lows.length === 0) return undefined;
          const lowExpr = lows.length === 1 ? literal(String.fromCharCode(lows[0]!)) : charClass(lows.map((c) => [c, c] as const));
          return seqOf(literal(String(high)), lowExpr);
        })
        .filter((x): x is Expr => x !== undefined);
      escapes.push(seqOf(literal("\\u00"), byHigh.length === 1 ? byHigh[0]! : choice(...byHigh)));
    }
    return choiceOf(escapes);
  }

  /** A string literal as `JSON.stringify` writes it. */
  stringLiteral(s: string): Expr {
    return literal(JSON.stringify(s));
  }

  /** Whitespace slot between tokens (flexible mode), or nothing. */
  ws(): Expr {
    if (this.options.whitespace !== "flexible") return EMPTY;
    return this.sharedRule("ws", "ws", () => repeat(irCharSet(" \t\n\r"), 0, this.options.maxWhitespace));
  }

  /** Depth that matters for layout: pretty output is indented by depth, the other policies do not care. */
  depthKey(depth: number): number {
    return this.options.whitespace === "pretty" ? depth : 0;
  }

  /** True when a container at `depth` may not hold anything (pretty printing past its depth limit). */
  tooDeep(depth: number): boolean {
    return this.options.whitespace === "pretty" && depth >= this.options.maxPrettyDepth;
  }

  private indent(depth: number): string {
    return "\n" + this.options.indent.repeat(depth);
  }

  /** `[` or `{` before a non-empty container's first element at `depth`. */
  open(bracket: "[" | "{", depth: number): Expr {
    switch (this.options.whitespace) {
      case "flexible":
        return seqOf(literal(bracket), this.ws());
      case "compact":
        return literal(bracket);
      case "pretty":
        return literal(bracket + this.indent(depth + 1));
    }
  }

  /** Separator between elements of a container at `depth`. */
  sep(depth: number): Expr {
    switch (this.options.whitespace) {
      case "flexible":
        return seqOf(this.ws(), literal(","), this.ws());
      case "compact":
        return literal(",");
      case "pretty":
        return literal("," + this.indent(depth + 1));
    }
  }

  /** `]` or `}` after a non-empty container's last element at `depth`. */
  close(bracket: "]" | "}", depth: number): Expr {
    switch (this.options.whitespace) {
      case "flexible":
        return seqOf(this.ws(), literal(bracket));
      case "compact":
        return literal(bracket);
      case "pretty":
        return literal(this.indent(depth) + bracket);
    }
  }

  /** An empty container. */
  empty(brackets: "[]" | "{}"): Expr {
    return this.options.whitespace === "flexible" ? seqOf(literal(brackets[0]!), this.ws(), literal(brackets[1]!)) : literal(brackets);
  }

  /** Between a member's key and its value. */
  colon(): Expr {
    switch (this.options.whitespace) {
      case "flexible":
        return seqOf(this.ws(), literal(":"), this.ws());
      case "compact":
        return literal(":");
      case "pretty":
        return literal(": ");
    }
  }

  /** Any JSON value at `depth` (pretty printing keeps the indentation right, up to its depth limit). */
  anyValue(depth: number): RuleRef {
    const d = this.depthKey(depth);
    return this.sharedRule(`value@${d}`, d === 0 ? "json_value" : `json_value_d${d}`, () => {
      const scalars = [this.string(), this.number(), literal("true"), literal("false"), literal("null")];
      if (this.tooDeep(depth)) return choice(...scalars, this.empty("{}"), this.empty("[]"));
      const value = this.anyValue(depth + 1);
      const member = seqOf(this.string(), this.colon(), value);
      const object = choice(seqOf(this.open("{", depth), member, repeat(seqOf(this.sep(depth), member), 0, Infinity), this.close("}", depth)), this.empty("{}"));
      const array = choice(seqOf(this.open("[", depth), value, repeat(seqOf(this.sep(depth), value), 0, Infinity), this.close("]", depth)), this.empty("[]"));
      return choice(object, array, ...scalars);
    });
  }
}
